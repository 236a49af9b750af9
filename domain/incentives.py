"""Incentive programmes (激励): drafted, announced at a kickoff, decided at close.

A programme is for one period: what it rewards (a measure of the target, the
process or the result), at which level (people or teams), in which form (the
default is recognition, not money), by which rule, and who is eligible. While
it is a draft its organiser may change anything. Once announced at a kickoff
its terms are what everyone eligible was told: they change only by an
amendment that gives its reason and stays on the record beside the original.
At the period's close the rule decides the winners from the figures, and the
decision names the rule and every figure it used; it is taken once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Self, TypeVar
from uuid import UUID

from domain.awards import Level
from domain.base import LedgerAggregate
from domain.errors import InvalidInput, RuleBroken, StateConflict
from domain.measure_catalogue import MeasureName
from domain.periods import PeriodKey
from domain.standings import Rule, RuleKind, Standing
from domain.values import MAX_NAME, MAX_TEXT, Stamp, check_ident, check_text

MAX_ELIGIBLE = 500
E = TypeVar("E", bound=StrEnum)


class Form(StrEnum):
    RECOGNITION = "recognition_award"
    EMOTIONAL = "emotional_reward"
    STANDING = "standing"
    PK = "pk_competition"
    MATERIAL = "material"


class Status(StrEnum):
    DRAFTED = "drafted"
    ANNOUNCED = "announced"
    DECIDED = "decided"


@dataclass(frozen=True)
class Group:
    """A pair or group that competes in a PK (people, or teams for a team PK)."""

    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Terms:
    """What a programme rewards, how, and for whom: the part announced to everyone."""

    name: str
    level: str
    form: str
    measure: str
    rule: Rule | None = None
    teams: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    groups: tuple[Group, ...] = ()
    award_code: str | None = None
    reward: str | None = None  # what winners receive; for a PK, the stakes

    def check(self) -> Self:
        """Each part is well formed; a draft may still lack its rule or its eligible."""
        check_text("name", self.name, limit=MAX_NAME)
        level = _enum("level", self.level, Level)
        form = _enum("form", self.form, Form)
        measure = MeasureName.parse(self.measure)
        if level is Level.TEAM and not measure.definition.team:
            raise RuleBroken(f"{measure} has no team figure", field="measure")
        if self.rule is not None:
            self.rule.check()
        self._check_eligible(level)
        self._check_pk(form)
        if self.award_code is not None:
            check_ident("award_code", self.award_code)
        if self.reward is not None:
            check_text("reward", self.reward, limit=MAX_TEXT)
        elif form is Form.MATERIAL:
            raise InvalidInput("reward", "a material reward says what it is")
        return self

    def check_complete(self) -> None:
        """What an announcement needs: a rule, and someone to be eligible."""
        if self.rule is None:
            raise RuleBroken("a programme is announced with its rule", field="rule")
        if not self.subjects:
            raise RuleBroken("a programme is announced with who is eligible", field="eligible")

    @property
    def subjects(self) -> tuple[str, ...]:
        """Who is named: teams, people, or the members of the PK's groups."""
        return (*self.teams, *self.people, *(m for g in self.groups for m in g.members))

    @property
    def measure_name(self) -> MeasureName:
        return MeasureName.parse(self.measure)

    def _check_eligible(self, level: Level) -> None:
        for field, ids in (("eligible.teams", self.teams), ("eligible.people", self.people)):
            _check_ids(field, ids)
        if level is Level.TEAM and self.people:
            raise InvalidInput("eligible.people", "a team programme names teams")
        _check_ids("eligible", self.subjects)  # no one named twice, in any list

    def _check_pk(self, form: Form) -> None:
        by_groups = self.rule is not None and self.rule.kind == RuleKind.BEST_IN_GROUP
        if form is not Form.PK:
            if self.groups or by_groups:
                raise InvalidInput("form", "groups and best_in_group belong to a PK competition")
            return
        if self.rule is not None and not by_groups:
            raise InvalidInput("rule.kind", "a PK competition is decided by best_in_group")
        if self.teams or self.people:
            raise InvalidInput("eligible", "a PK competition names its pairs or groups")
        for i, group in enumerate(self.groups):
            check_text(f"eligible.groups.{i}.name", group.name, limit=MAX_NAME)
            if len(group.members) < 2:
                raise InvalidInput(f"eligible.groups.{i}.members", "a PK needs two sides or more")


def _enum(field: str, value: str, kind: type[E]) -> E:
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(k.value for k in kind)
        raise InvalidInput(field, f"must be one of {known}") from None


def _check_ids(field: str, ids: tuple[str, ...]) -> None:
    if len(ids) > MAX_ELIGIBLE:
        raise InvalidInput(field, f"at most {MAX_ELIGIBLE}")
    seen: set[str] = set()
    for i, subject in enumerate(ids):
        check_ident(f"{field}.{i}", subject)
        if subject in seen:
            raise InvalidInput(field, f"{subject} is named twice")
        seen.add(subject)


@dataclass(frozen=True)
class Decision:
    """What the rule decided at close, and every figure it decided from."""

    name: str
    level: str
    measure: str
    better: str
    rule: Rule
    as_of_position: int
    standings: tuple[Standing, ...]
    winners: tuple[str, ...]
    award_code: str | None
    # For team winners: who sat in each team during the period (their awards list it).
    members: tuple[Group, ...] = ()


class Programme(LedgerAggregate):
    """One incentive programme of one period, from draft to decision."""

    period_key: str
    starts_on: date
    ends_on: date
    terms: Terms
    status: Status
    organiser_id: str
    kickoff_id: str | None

    def __init__(self) -> None:
        """State is set by the events (the annotations above are not constructor fields)."""

    class Drafted(LedgerAggregate.Created):
        period_key: str
        starts_on: date
        ends_on: date
        terms: Terms

        def apply(self, aggregate: Programme) -> None:
            aggregate.period_key, aggregate.terms = self.period_key, self.terms
            aggregate.starts_on, aggregate.ends_on = self.starts_on, self.ends_on
            aggregate.status, aggregate.organiser_id = Status.DRAFTED, self.recorded_by
            aggregate.kickoff_id = None

    class Redrafted(LedgerAggregate.Event):
        terms: Terms

        def apply(self, aggregate: Programme) -> None:
            aggregate.terms = self.terms

    class Announced(LedgerAggregate.Event):
        """Announced at a kickoff: the event's ``occurred_at`` is when the kickoff was held."""

        kickoff_id: str

        def apply(self, aggregate: Programme) -> None:
            aggregate.status, aggregate.kickoff_id = Status.ANNOUNCED, self.kickoff_id

    class Amended(LedgerAggregate.Event):
        terms: Terms
        reason: str

        def apply(self, aggregate: Programme) -> None:
            aggregate.terms = self.terms

    class Decided(LedgerAggregate.Event):
        decision: Decision

        def apply(self, aggregate: Programme) -> None:
            aggregate.status = Status.DECIDED

    @classmethod
    def draft(cls, stamp: Stamp, programme_id: UUID, period: PeriodKey, terms: Terms) -> Self:
        return cls._begin(
            cls.Drafted,
            stamp,
            programme_id,
            period_key=period.key,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            terms=terms.check(),
        )

    def redraft(self, stamp: Stamp, terms: Terms) -> None:
        """A draft changes freely; announced terms change only by an amendment."""
        if self.status is not Status.DRAFTED:
            raise StateConflict(
                f"programme {self.id} was announced: its terms change only by an amendment "
                f"with a reason (POST /programmes/{self.id}/amendments)"
            )
        self._record(self.Redrafted, stamp, terms=terms.check())

    def announce(self, stamp: Stamp, kickoff_id: str, eligible: int) -> None:
        """Announced once, with its rule, to at least one eligible person or team."""
        if self.status is not Status.DRAFTED:
            raise StateConflict(f"programme {self.id} was already announced")
        self.terms.check_complete()
        self._check_someone(eligible)
        self._record(self.Announced, stamp, kickoff_id=kickoff_id)

    def amend(self, stamp: Stamp, terms: Terms, reason: str, eligible: int) -> None:
        """A recorded change of announced terms, with its reason, before the decision."""
        if self.status is Status.DRAFTED:
            raise StateConflict(f"programme {self.id} is a draft: change the draft instead")
        self.check_undecided()
        terms.check().check_complete()
        if terms == self.terms:
            raise RuleBroken("the amendment changes nothing", field="terms")
        self._check_someone(eligible)
        reason = check_text("reason", reason)
        self._record(self.Amended, stamp, terms=terms, reason=reason)

    def decide(self, stamp: Stamp, decision: Decision) -> None:
        """The announced rule's verdict at close; a decided programme is never decided again."""
        if self.status is not Status.ANNOUNCED:
            raise StateConflict(f"programme {self.id} is {self.status.value}, not announced")
        self._record(self.Decided, stamp, decision=decision)

    def check_undecided(self) -> None:
        if self.status is Status.DECIDED:
            raise StateConflict(f"programme {self.id} was decided at the period's close")

    @staticmethod
    def _check_someone(eligible: int) -> None:
        if eligible == 0:
            raise RuleBroken(
                "nobody eligible sits in the teams named during the period", field="eligible"
            )
