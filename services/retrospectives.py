"""Use cases of retrospectives: write one for a person or team and period, revise it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.errors import NotFound, RuleBroken
from domain.periods import PeriodKey
from domain.retrospectives import RetroNotes, Retrospective, SubjectKind, retrospective_id
from services.calendar import local_day
from services.commands import Accepted, Actor, Command, use_case
from services.ledger import Ledger
from services.periods import PeriodService
from services.policy import AccessPolicy


@dataclass(frozen=True)
class Subject:
    kind: SubjectKind
    subject_id: str
    period_key: str


@dataclass
class RetrospectiveService:
    ledger: Ledger
    policy: AccessPolicy
    periods: PeriodService

    @use_case
    def write(
        self, cmd: Command, subject: Subject, notes: RetroNotes, reason: str | None = None
    ) -> Accepted:
        """A person (or a manager above them) writes the person's retrospective of a
        configured period that has begun; a team's is written by its lead. Writing again
        revises it, with a reason, and every version stays."""
        stamp = self.ledger.stamp(cmd)
        period = self.periods.named(subject.period_key, "period_key")
        day = period.looked_back_from(local_day(stamp.recorded_at, self._timezone()), "period_key")
        about = self._authorise(cmd.actor, subject, day)
        found = self._find(subject)
        if found is None:
            key = PeriodKey.parse(period.key)
            retro = Retrospective.hold(stamp, subject.kind, subject.subject_id, key, about, notes)
            return self.ledger.commit(cmd, retro, id=str(retro.id))
        self.ledger.check_version(cmd, found)
        if reason is None:
            raise RuleBroken(
                f"a retrospective of {subject.period_key} exists: a revision gives its reason",
                field="reason",
            )
        found.revise(stamp, about, notes, reason)
        return self.ledger.commit(cmd, found, id=str(found.id))

    def _authorise(self, actor: Actor, subject: Subject, day: date) -> str:
        """Who may write it; returns whose text it is (the person, or a team's author)."""
        if subject.kind is SubjectKind.PERSON:
            self.policy.organisation().person(subject.subject_id)
            self.policy.require_self_or_above_on(actor, subject.subject_id, day)
            return subject.subject_id
        self.policy.organisation().team(subject.subject_id)
        self.policy.require_lead_or_above_on(actor, subject.subject_id, day)
        return actor.person_id

    def _find(self, subject: Subject) -> Retrospective | None:
        rid = retrospective_id(subject.kind, subject.subject_id, subject.period_key)
        try:
            return self.ledger.load(Retrospective, rid)
        except NotFound:
            return None

    def _timezone(self) -> str:
        return self.policy.organisation().timezone
