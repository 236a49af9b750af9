"""Use cases of privacy: retention rules, jurisdictions, legal holds and erasure.

An admin keeps these records; an erasure that nothing blocks is recorded in the
log first and then carried out by destroying the person's key, so a crash in
between leaves a recorded erasure whose key ``reconcile`` destroys (the log is
the authority on whose keys must stay destroyed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar
from uuid import UUID

from eventsourcing.application import project_aggregate
from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from domain.organisation import Role
from domain.privacy import (
    RETENTION_RULES_ID,
    PrivacyFile,
    RetentionRule,
    RetentionRules,
    privacy_file_id,
    rule_for,
)
from domain.values import Stamp
from services.calendar import local_day
from services.commands import Accepted, Actor, Command, use_case
from services.ledger import Ledger
from services.policy import AccessPolicy
from services.privacy.cipher import PersonalCipher

R = TypeVar("R")
A = TypeVar("A", bound=Aggregate)
ERASED_TOPIC = get_topic(PrivacyFile.Erased)
PAGE = 1000


@dataclass
class PrivacyService:
    ledger: Ledger
    policy: AccessPolicy
    cipher: PersonalCipher

    # --- retention rules ------------------------------------------------------------

    def rules(self, actor: Actor) -> dict[str, RetentionRule]:
        """The rules per jurisdiction: for admins, auditors and HRBPs."""
        self.policy.require_role(actor, Role.ADMIN, Role.AUDITOR, Role.HRBP)
        return self.rules_in_force()

    @use_case
    def set_retention(self, cmd: Command, rule: RetentionRule) -> Accepted:
        """An admin sets how long a jurisdiction's records are kept after a person leaves."""
        self.policy.require_role(cmd.actor, Role.ADMIN)
        stamp = self.ledger.stamp(cmd)
        rules = self._find(RetentionRules, RETENTION_RULES_ID)
        if rules is None:
            rules = RetentionRules.configure(stamp)
        else:
            self.ledger.check_version(cmd, rules)
        rules.set_rule(stamp, rule)
        return self.ledger.commit(cmd, rules, id=rule.jurisdiction)

    # --- a person's file ------------------------------------------------------------------

    @use_case
    def assign_jurisdiction(self, cmd: Command, person_id: str, jurisdiction: str) -> Accepted:
        """The jurisdiction whose retention rule applies to the person's records."""
        return self._change(cmd, person_id, lambda f, s: f.set_jurisdiction(s, jurisdiction))

    @use_case
    def place_hold(self, cmd: Command, person_id: str, reason: str) -> Accepted:
        """A legal hold: the person's text is kept, whatever the retention, until lifted."""
        return self._change(cmd, person_id, lambda f, s: f.place_hold(s, reason))

    @use_case
    def lift_hold(self, cmd: Command, person_id: str, number: int, reason: str) -> Accepted:
        return self._change(cmd, person_id, lambda f, s: f.lift_hold(s, number, reason))

    @use_case
    def request_erasure(self, cmd: Command, person_id: str, reason: str) -> Accepted:
        """Erase the person's text when no employment, retention or hold blocks it; else
        record the refusal with the first day the erasure may proceed (if known)."""
        self.policy.require_role(cmd.actor, Role.ADMIN)
        org = self.policy.organisation()
        left_on = org.person(person_id).tenure.left_on

        def decide(file: PrivacyFile, stamp: Stamp) -> int:
            rule = rule_for(self.rules_in_force(), file.jurisdiction)
            today = local_day(stamp.recorded_at, org.timezone)
            return file.request_erasure(stamp, reason, today, left_on, rule).number

        accepted = self._change(cmd, person_id, decide)
        if self.is_erased(person_id):
            self.cipher.destroy(person_id)
        return accepted

    def file(self, actor: Actor, person_id: str) -> PrivacyFile | None:
        """The person's file read from its events (never a cached copy holding opened
        text): for admins, auditors and the person."""
        if actor.person_id != person_id:
            self.policy.require_role(actor, Role.ADMIN, Role.AUDITOR)
        self.policy.organisation().person(person_id)
        return self._fresh(person_id)

    def is_erased(self, person_id: str) -> bool:
        found = self._fresh(person_id)
        return found is not None and found.erased

    # --- keys and the log ------------------------------------------------------------

    def erased_in_log(self) -> list[str]:
        """Every person the log says was erased, in the order they were."""
        return [e.person_id for e in self._erasures()]

    def reconcile(self) -> list[str]:
        """Destroy the keys of people the log says were erased whose keys still exist
        (a crash between the record and the destroy, or a key backup restored)."""
        erased = dict.fromkeys(self.erased_in_log())
        missed = [p for p in erased if not self.cipher.is_destroyed(p)]
        for person_id in missed:
            self.cipher.destroy(person_id)
        return missed

    # --- helpers ----------------------------------------------------------------------

    def _change(
        self, cmd: Command, person_id: str, change: Callable[[PrivacyFile, Stamp], R]
    ) -> Accepted:
        self.policy.require_role(cmd.actor, Role.ADMIN)
        self.policy.organisation().person(person_id)
        stamp = self.ledger.stamp(cmd)
        file = self._find(PrivacyFile, privacy_file_id(person_id))
        if file is None:
            file = PrivacyFile.open(stamp, person_id)
        else:
            self.ledger.check_version(cmd, file)
        result = change(file, stamp)
        ids = (str(result),) if isinstance(result, int) else ()
        return self.ledger.commit(cmd, file, id=person_id, ids=ids)

    def rules_in_force(self) -> dict[str, RetentionRule]:
        """The rules set so far (no access check: the organisation's, not anyone's record)."""
        found = self._find(RetentionRules, RETENTION_RULES_ID)
        return {} if found is None else dict(found.rules)

    def _find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        if not self.ledger.exists(aggregate_id):
            return None
        return self.ledger.load(cls, aggregate_id)

    def _fresh(self, person_id: str) -> PrivacyFile | None:
        events = list(self.ledger.app.events.get(privacy_file_id(person_id)))
        found = project_aggregate(None, events) if events else None
        assert found is None or isinstance(found, PrivacyFile)
        return found

    def _erasures(self) -> Iterator[PrivacyFile.Erased]:
        recorder, start = self.ledger.app.recorder, 0
        while notes := recorder.select_notifications(
            start, PAGE, topics=[ERASED_TOPIC], inclusive_of_start=False
        ):
            for note in notes:
                event = self.ledger.app.mapper.to_domain_event(note)
                assert isinstance(event, PrivacyFile.Erased)
                yield event
            start = notes[-1].id
