"""Use cases of incentive programmes: draft, announce at a kickoff, amend, decide at close.

The people who organise a programme are those who lead, manage or partner
everyone it names, during its period. Announced terms change only by an
amendment with a reason. Closing a period's incentives decides every
announced programme not yet decided, from the figures the views hold once
they have applied the whole log; a programme is decided once, so closing the
same period again writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID, uuid4

from domain.awards import GrantedBy, Level
from domain.errors import InvalidInput, NotFound, StateConflict, UnknownReference
from domain.incentives import Programme, Status, Terms
from domain.measure_catalogue import MeasureName, Qualifier
from domain.organisation import Role
from domain.periods import Period, PeriodKey
from services.awards import AwardService
from services.commands import Accepted, Actor, Command, use_case
from services.contests import Contest, span_of
from services.errors import Forbidden, ViewBehind
from services.ledger import Ledger
from services.periods import PeriodService
from services.policy import AccessPolicy
from services.target_rules import TargetRulesService

MAX_KICKOFF = 50


@dataclass(frozen=True)
class ProgrammeSummary:
    """What reading a programme depends on: who organised it, whether it was announced,
    its period and whom it names."""

    organiser_id: str
    status: str
    period_key: str
    terms: Terms


class ProgrammeIndex(Protocol):
    """The programmes drafted for a period (a read model), and how far it has read."""

    def programmes_of(self, period_key: str) -> list[str]: ...

    def reached(self, position: int) -> bool: ...


@dataclass
class ProgrammeService:
    ledger: Ledger
    policy: AccessPolicy
    periods: PeriodService
    awards: AwardService
    target_rules: TargetRulesService
    contest: Contest
    index: ProgrammeIndex

    @use_case
    def draft(self, cmd: Command, period_key: str, terms: Terms) -> Accepted:
        """An organiser drafts a programme for an open period; a draft may lack its rule."""
        period = self._open_period(period_key)
        key = PeriodKey.parse(period.key)
        self._check_terms(cmd.actor, terms.check(), key)
        programme = Programme.draft(self.ledger.stamp(cmd), uuid4(), key, terms)
        return self.ledger.commit(cmd, programme, id=str(programme.id))

    @use_case
    def redraft(self, cmd: Command, programme_id: UUID, terms: Terms) -> Accepted:
        """Its organiser changes a draft; announced terms change only by an amendment."""
        programme = self._organised(cmd, programme_id)
        key = self._open_key(programme)
        self._check_terms(cmd.actor, terms.check(), key)
        programme.redraft(self.ledger.stamp(cmd), terms)
        return self.ledger.commit(cmd, programme, id=str(programme.id))

    @use_case
    def hold_kickoff(
        self, cmd: Command, period_key: str, programme_ids: Sequence[UUID]
    ) -> Accepted:
        """A kickoff announces drafted programmes of an open period, together or not at all:
        each with its rule and someone eligible. The kickoff's time is when it was held."""
        if not 0 < len(programme_ids) <= MAX_KICKOFF:
            raise InvalidInput("programme_ids", f"must name 1 to {MAX_KICKOFF} programmes")
        if len(set(programme_ids)) != len(programme_ids):
            raise InvalidInput("programme_ids", "names a programme twice")
        key = PeriodKey.parse(self._open_period(period_key).key)
        stamp, kickoff_id = self.ledger.stamp(cmd), str(uuid4())
        announced = []
        for i, programme_id in enumerate(programme_ids):
            programme = self._organised(cmd, programme_id, f"programme_ids.{i}")
            if programme.period_key != key.key:
                raise InvalidInput(
                    f"programme_ids.{i}", f"is a programme of {programme.period_key}"
                )
            self._check_terms(cmd.actor, programme.terms, key)
            programme.announce(stamp, kickoff_id, self._eligible(programme.terms, key))
            announced.append(programme)
        ids = tuple(str(p.id) for p in announced)
        return self.ledger.commit(cmd, *announced, id=kickoff_id, ids=ids)

    @use_case
    def amend(self, cmd: Command, programme_id: UUID, terms: Terms, reason: str) -> Accepted:
        """A recorded change of an announced programme, with its reason, while the period is
        open; everyone who can read the programme sees it beside the original terms."""
        programme = self._organised(cmd, programme_id)
        key = self._open_key(programme)
        self._check_terms(cmd.actor, terms.check(), key)
        programme.amend(self.ledger.stamp(cmd), terms, reason, self._eligible(terms, key))
        return self.ledger.commit(cmd, programme, id=str(programme.id))

    @use_case
    def close(self, cmd: Command, period_key: str) -> Accepted:
        """An admin closes a closed period's incentives: each announced programme's rule
        decides its winners from the figures as the views hold them once they have read the
        whole log. Decided programmes are never decided again: a second close writes nothing."""
        self.policy.require_role(cmd.actor, Role.ADMIN)
        period = self.periods.get(period_key)
        if not period.is_closed:
            raise StateConflict(f"period {period.key} is open: winners are decided at its close")
        head = self.ledger.head()
        if not (self.index.reached(head) and self.contest.measures.reached(head)):
            raise ViewBehind(f"the figures have not reached position {head} yet; retry shortly")
        key, stamp = PeriodKey.parse(period.key), self.ledger.stamp(cmd)
        decided = []
        for programme_id in self.index.programmes_of(period.key):
            programme = self.ledger.load(Programme, UUID(programme_id), "programme")
            if programme.status is Status.ANNOUNCED:
                programme.decide(stamp, self.contest.decision(programme.terms, key, head))
                decided.append(programme)
        ids = tuple(str(p.id) for p in decided)
        return self.ledger.commit(cmd, *decided, id=period.key, ids=ids)

    # --- reads ------------------------------------------------------------------------------

    def get(self, programme_id: UUID) -> Programme:
        return self.ledger.load(Programme, programme_id, "programme")

    def require_reader(self, actor: Actor, programme: ProgrammeSummary) -> None:
        if not self.may_read(actor, programme):
            raise Forbidden(f"{actor.person_id} may not see this programme")

    def may_read(self, actor: Actor, programme: ProgrammeSummary) -> bool:
        """Its organiser and auditors always; once announced, everyone it names or who may
        see the records of someone it names during the period (a public scoreboard)."""
        if Role.AUDITOR in actor.roles or actor.person_id == programme.organiser_id:
            return True
        if programme.status == Status.DRAFTED:
            return False
        span = span_of(PeriodKey.parse(programme.period_key))
        teams, people = named(programme.terms)
        org = self.policy.organisation()
        return any(
            t in org.teams and self.policy.board_visibility(actor, t).overlaps(span) for t in teams
        ) or any(self.policy.person_visibility(actor, p).overlaps(span) for p in people)

    def check_measure(self, measure: MeasureName) -> None:
        """A target measure's attainment or forecast names a configured target measure."""
        if measure.definition.qualifier is Qualifier.TARGET_MEASURE:
            codes = self.target_rules.rulebook().by_code
            if measure.qualifier not in codes:
                known = ", ".join(codes)
                raise InvalidInput(
                    "measure", f"{measure.qualifier} is not a target measure ({known})"
                )

    # --- steps ------------------------------------------------------------------------------

    def _check_terms(self, actor: Actor, terms: Terms, period: PeriodKey) -> None:
        """Everyone named exists, the organiser may organise them all, the measure and the
        award fit."""
        teams, people = named(terms)
        org = self.policy.organisation()
        for kind, ids, known in (("team", teams, org.teams), ("person", people, org.people)):
            for subject in ids:
                if subject not in known:
                    raise UnknownReference(kind, subject, "eligible")
        self.policy.require_organiser_during(actor, teams, people, span_of(period))
        self.check_measure(terms.measure_name)
        if terms.award_code is not None:
            award = self.awards.catalogue().award(terms.award_code)
            award.check_grant(Level(terms.level), GrantedBy.RULE)

    def _eligible(self, terms: Terms, period: PeriodKey) -> int:
        return len(self.contest.contestants(terms, period))

    def _organised(self, cmd: Command, programme_id: UUID, field: str | None = None) -> Programme:
        """A programme that only its organiser changes."""
        try:
            programme = self.get(programme_id)
        except NotFound:
            if field is None:
                raise
            raise UnknownReference("programme", programme_id, field) from None
        if programme.organiser_id != cmd.actor.person_id:
            raise Forbidden(f"programme {programme_id} is {programme.organiser_id}'s to change")
        self.ledger.check_version(cmd, programme)
        return programme

    def _open_period(self, key: str) -> Period:
        period = self.periods.named(key, "period")
        period.check_open()
        return period

    def _open_key(self, programme: Programme) -> PeriodKey:
        programme.check_undecided()
        return PeriodKey.parse(self._open_period(programme.period_key).key)


def named(terms: Terms) -> tuple[list[str], list[str]]:
    """The teams and the people a programme names, by its level."""
    if terms.level == Level.TEAM:
        return list(terms.subjects), []
    members = [m for g in terms.groups for m in g.members]
    return list(terms.teams), [*terms.people, *members]
