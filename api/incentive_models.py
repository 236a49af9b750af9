"""Request and response shapes of incentives: programmes, kickoffs, boards and awards.

A programme's form defaults to a recognition award: the seed's incentives are
not money. A material reward is allowed, but has to be asked for and described.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from api.models import Body, Fact, Ident, Name, Text
from api.target_models import PeriodKeyIn
from domain.awards import MAX_MEANING, AwardLevel, GrantedBy, Level
from domain.incentives import MAX_ELIGIBLE, Form, Group, Terms
from domain.measure_catalogue import FAMILIES, MeasureName
from domain.nominations import Verdict
from domain.standings import MAX_LOOKBACK, MAX_TOP, Rule, RuleKind
from projections.incentives import rule_of
from projections.tables import Row, from_json

MeasureText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=80, pattern=r"^[a-z_]+(:[A-Za-z0-9._-]{1,64})?$"),
    Field(description="A measure of GET /incentive-measures: visits, attainment:cash, cash:CNY"),
]
Threshold = Annotated[Decimal, Field(max_digits=20, decimal_places=4, allow_inf_nan=False)]
Ids = Annotated[list[Ident], Field(max_length=MAX_ELIGIBLE)]


# --- requests ---------------------------------------------------------------------------


class RuleIn(Body):
    kind: RuleKind
    threshold: Threshold | None = Field(default=None, description="threshold: the figure to reach")
    count: int | None = Field(default=None, ge=1, le=MAX_TOP, description="top / most_improved: N")
    lookback: int | None = Field(
        default=None, ge=1, le=MAX_LOOKBACK, description="most_improved: earlier periods (3)"
    )

    def rule(self) -> Rule:
        return Rule.of(self.kind.value, self.threshold, self.count, self.lookback)


class GroupIn(Body):
    name: Name
    members: Ids


class EligibleIn(Body):
    teams: Ids = Field(default_factory=list, description="their members, or the teams themselves")
    people: Ids = Field(default_factory=list)
    groups: list[GroupIn] = Field(
        default_factory=list, max_length=100, description="a PK's pairs or groups"
    )


class TermsIn(Body):
    name: Name
    level: Level = Level.INDIVIDUAL
    form: Form = Field(default=Form.RECOGNITION, description="recognition unless asked otherwise")
    measure: MeasureText
    rule: RuleIn | None = Field(default=None, description="a draft may lack it; a kickoff not")
    eligible: EligibleIn = Field(default_factory=EligibleIn)
    award_code: Ident | None = Field(default=None, description="an award of GET /awards")
    reward: Text | None = Field(default=None, description="what winners receive; a PK's stakes")

    def terms(self) -> Terms:
        return Terms(
            name=self.name,
            level=self.level.value,
            form=self.form.value,
            measure=self.measure,
            rule=None if self.rule is None else self.rule.rule(),
            teams=tuple(self.eligible.teams),
            people=tuple(self.eligible.people),
            groups=tuple(Group(g.name, tuple(g.members)) for g in self.eligible.groups),
            award_code=self.award_code,
            reward=self.reward,
        )


class ProgrammeIn(TermsIn):
    period: PeriodKeyIn


class AmendmentIn(TermsIn):
    reason: Text = Field(description="why the announced terms change; everyone eligible sees it")


class KickoffIn(Fact):
    """``occurred_at`` is when the kickoff was held (default: now)."""

    period: PeriodKeyIn
    programme_ids: list[UUID] = Field(min_length=1, max_length=50)


class AwardIn(Body):
    code: Ident
    name: Name
    meaning: Annotated[str, StringConstraints(min_length=1, max_length=MAX_MEANING)]
    level: AwardLevel = AwardLevel.INDIVIDUAL
    granted_by: GrantedBy = GrantedBy.EITHER


class NominationIn(Body):
    nominee_id: Ident
    award_code: Ident
    period: PeriodKeyIn
    citation: Text = Field(description="what the nominee did")


class NominationDecisionIn(Body):
    decision: Verdict
    reason: Text


# --- responses --------------------------------------------------------------------------


class MeasureOut(BaseModel):
    family: str
    kind: str
    unit: str
    better: str
    qualifier: str
    team: bool
    source: str
    meaning: str


class RuleOut(BaseModel):
    kind: str
    threshold: Decimal | None
    count: int | None
    lookback: int | None
    text: str


class GroupOut(BaseModel):
    name: str
    members: list[str]


class TermsOut(BaseModel):
    name: str
    level: str
    form: str
    measure: str
    measure_kind: str
    better: str
    rule: RuleOut | None
    teams: list[str]
    people: list[str]
    groups: list[GroupOut]
    award_code: str | None
    reward: str | None


class StandingOut(BaseModel):
    subject_id: str
    group: str | None
    value: Decimal | None
    baseline: Decimal | None
    score: Decimal | None
    rank: int | None
    top: bool
    won: bool


class DecisionOut(BaseModel):
    measure: str
    better: str
    rule: RuleOut
    as_of_position: int
    standings: list[StandingOut]
    winners: list[str]
    award_code: str | None
    members: list[GroupOut]


class ChangeOut(BaseModel):
    position: int
    kind: str
    terms: TermsOut | None
    reason: str | None
    kickoff_id: str | None
    recorded_by: str
    recorded_at: str
    occurred_at: str


class ProgrammeOut(BaseModel):
    programme_id: str
    period_key: str
    starts_on: str
    ends_on: str
    status: str
    organiser_id: str
    drafted_at: str
    kickoff_id: str | None
    kickoff_at: str | None
    announced_at: str | None
    amendments: int
    terms: TermsOut
    changes: list[ChangeOut]
    decision: DecisionOut | None


class ScoreboardOut(BaseModel):
    programme_id: str
    period_key: str
    status: str
    final: bool
    measure: str
    better: str
    rule: RuleOut | None
    standings: list[StandingOut]


class BoardRowOut(BaseModel):
    person_id: str
    value: Decimal | None
    baseline: Decimal | None
    improvement: Decimal | None
    rank: int | None
    top: bool


class LeaderboardOut(BaseModel):
    team_id: str
    period_key: str
    measure: str
    better: str
    board: str
    lookback: int | None
    rows: list[BoardRowOut]


class AwardOut(BaseModel):
    code: str
    name: str
    meaning: str
    level: str
    granted_by: str
    defined_by: str | None
    defined_at: str | None


class NominationOut(BaseModel):
    nomination_id: str
    nominee_id: str
    award_code: str
    period_key: str
    nominated_on: str
    citation: str
    nominated_by: str
    nominated_at: str
    status: str
    decided_by: str | None
    decided_at: str | None
    reason: str | None


class AwardReceivedOut(BaseModel):
    period_key: str
    starts_on: str
    ends_on: str
    award_code: str | None
    award_name: str
    source: str
    source_id: str
    title: str
    measure: str | None
    figure: Decimal | None
    via_team: str | None
    granted_at: str


# --- shaping ----------------------------------------------------------------------------


def rule_out(rule: Rule | None, measure: str) -> RuleOut | None:
    if rule is None:
        return None
    better = MeasureName.parse(measure).better
    return RuleOut(
        kind=rule.kind,
        threshold=rule.threshold,
        count=rule.count,
        lookback=rule.lookback,
        text=rule.describe(better),
    )


def terms_out(terms: Terms) -> TermsOut:
    family = FAMILIES[MeasureName.parse(terms.measure).family]
    return TermsOut(
        name=terms.name,
        level=terms.level,
        form=terms.form,
        measure=terms.measure,
        measure_kind=family.kind.value,
        better=family.better.value,
        rule=rule_out(terms.rule, terms.measure),
        teams=list(terms.teams),
        people=list(terms.people),
        groups=[GroupOut(name=g.name, members=list(g.members)) for g in terms.groups],
        award_code=terms.award_code,
        reward=terms.reward,
    )


def standing_out(s: dict[str, Any]) -> StandingOut:
    return StandingOut(**s, top=s["rank"] == 1)


def decision_out(text: str | None) -> DecisionOut | None:
    if text is None:
        return None
    d = from_json(text)
    rule = rule_out(rule_of(d["rule"]), d["measure"])
    assert rule is not None
    return DecisionOut(
        measure=d["measure"],
        better=d["better"],
        rule=rule,
        as_of_position=d["as_of_position"],
        standings=[standing_out(s) for s in d["standings"]],
        winners=d["winners"],
        award_code=d["award_code"],
        members=[GroupOut(**g) for g in d["members"]],
    )


def nomination_out(row: Row) -> NominationOut:
    return NominationOut.model_validate(row)
