"""Use cases of targets: draft, revise, submit, approve or send back, adjust the plan.

A person sets their own target and their direct manager on the day decides on
it; a team's target is set by the team's lead on the day and decided by the
lead's direct manager. "On the day" is the server's day of the command, never
a date the client claims, so nobody approves by backdating. Targets change only
while their period is open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.errors import StateConflict
from domain.measures import Figure
from domain.periods import PeriodKey
from domain.strategy import StrategyLine
from domain.targets import Subject, SubjectKind, Target, target_id
from domain.values import Stamp
from services.commands import Accepted, Actor, Command, use_case
from services.errors import Forbidden
from services.ledger import Ledger
from services.periods import PeriodService
from services.policy import AccessPolicy
from services.target_rules import TargetRulesService

Requirement = Callable[[Actor, Subject, Stamp], None]


@dataclass(frozen=True)
class Strategy:
    """What a draft or revision says: the figures and the lines that explain them."""

    figures: Sequence[Figure]
    lines: Sequence[StrategyLine]


@dataclass
class TargetService:
    ledger: Ledger
    policy: AccessPolicy
    periods: PeriodService
    rules: TargetRulesService

    @use_case
    def draft(
        self, cmd: Command, subject: Subject, period_key: str, strategy: Strategy
    ) -> Accepted:
        """A subject's first version for an open period; one target per subject and period."""
        stamp = self.ledger.stamp(cmd)
        self._require_setter(cmd.actor, subject, stamp)
        period = self._open_period(period_key)
        if self.ledger.exists(target_id(subject, period.key)):
            raise StateConflict(
                f"{subject.kind} {subject.subject_id} already has a target for {period.key}: "
                "revise it"
            )
        target = Target.draft(
            stamp, subject, period, strategy.figures, strategy.lines, self.rules.rulebook()
        )
        return self.ledger.commit(cmd, target, id=str(target.id))

    @use_case
    def revise(self, cmd: Command, target: UUID, strategy: Strategy, reason: str) -> Accepted:
        """A new version with its reason; an approved one stays in force until it is replaced."""
        found, stamp = self._open(cmd, target, self._require_setter)
        found.revise(stamp, strategy.figures, strategy.lines, reason, self.rules.rulebook())
        return self.ledger.commit(cmd, found, id=str(found.id))

    @use_case
    def submit(self, cmd: Command, target: UUID) -> Accepted:
        """The current version goes to the manager only if its lines add up to its figures."""
        found, stamp = self._open(cmd, target, self._require_setter)
        found.submit(stamp, self.rules.rulebook())
        return self.ledger.commit(cmd, found, id=str(found.id))

    @use_case
    def approve(self, cmd: Command, target: UUID) -> Accepted:
        """The direct manager on the day approves the submitted version; it is then in force."""
        found, stamp = self._open(cmd, target, self._require_decider)
        found.approve(stamp)
        return self.ledger.commit(cmd, found, id=str(found.id))

    @use_case
    def send_back(self, cmd: Command, target: UUID, reason: str) -> Accepted:
        """打回: the direct manager on the day returns the submitted version with a reason."""
        found, stamp = self._open(cmd, target, self._require_decider)
        found.send_back(stamp, reason)
        return self.ledger.commit(cmd, found, id=str(found.id))

    @use_case
    def adjust_plan(
        self, cmd: Command, target: UUID, week_start: date, visits: int, events: int, reason: str
    ) -> Accepted:
        """The person changes a week of the plan their approved strategy gave, saying why."""
        found, stamp = self._open(cmd, target, self._require_person)
        found.adjust_plan(stamp, week_start, visits, events, reason)
        return self.ledger.commit(cmd, found, id=str(found.id))

    # --- rules ------------------------------------------------------------------------

    def _open(self, cmd: Command, target: UUID, require: Requirement) -> tuple[Target, Stamp]:
        """The target, if the actor may take the step, at the version read, in an open period."""
        found = self.ledger.load(Target, target, "target")
        stamp = self.ledger.stamp(cmd)
        require(cmd.actor, _subject(found), stamp)
        self.ledger.check_version(cmd, found)
        self._open_period(found.period_key)
        return found, stamp

    def _open_period(self, key: str) -> PeriodKey:
        self.periods.get(key).check_open()
        return PeriodKey.parse(key)

    def _require_setter(self, actor: Actor, subject: Subject, stamp: Stamp) -> None:
        """A person sets their own target; a team's lead on the day sets the team's."""
        org = self.policy.organisation()
        if subject.kind == SubjectKind.PERSON:
            org.person(subject.subject_id)
            self.policy.require_self(actor, subject.subject_id)
        else:
            org.team(subject.subject_id)
            self.policy.require_team_lead_on(actor, subject.subject_id, _day(stamp))

    def _require_person(self, actor: Actor, subject: Subject, stamp: Stamp) -> None:
        """Only a person's own target has a plan, and only they adjust it."""
        del stamp
        self.policy.require_self(actor, subject.subject_id)

    def _require_decider(self, actor: Actor, subject: Subject, stamp: Stamp) -> None:
        """The person's direct manager on the day; for a team, the lead's direct manager."""
        day = _day(stamp)
        person = subject.subject_id
        if subject.kind == SubjectKind.TEAM:
            lead = self.policy.organisation().lead_on(subject.subject_id, day)
            if lead is None:
                raise Forbidden(f"team {subject.subject_id} has no lead on {day} to answer to")
            person = lead
        self.policy.require_manager_on(actor, person, day)


def _subject(target: Target) -> Subject:
    return Subject(target.subject_kind, target.subject_id)


def _day(stamp: Stamp) -> date:
    return stamp.recorded_at.date()
