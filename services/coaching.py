"""Use cases of coaching: a manager's session with a rep, checked at the next one."""

from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import uuid4

from domain.coaching import CoachingRecord, FollowUpCheck, Session, coaching_record_id
from domain.deals import check_business_date
from domain.errors import NotFound
from domain.values import Stamp
from services.commands import Accepted, Command, use_case
from services.ledger import Ledger
from services.policy import AccessPolicy
from services.references import own_deal, own_visit


@dataclass
class CoachingService:
    ledger: Ledger
    policy: AccessPolicy

    @use_case
    def hold_session(
        self, cmd: Command, rep_id: str, session: Session, check: FollowUpCheck | None
    ) -> Accepted:
        """A manager in the rep's chain on the day coaches them: the visits and deals
        discussed are the rep's own, and the session checks the last one's follow-up."""
        self.policy.require_above_on(cmd.actor, rep_id, session.held_on)
        stamp = self.ledger.stamp(cmd)
        check_business_date("held_on", session.held_on, stamp)
        for i, visit_id in enumerate(session.visit_ids):
            own_visit(self.ledger, visit_id, rep_id, f"visit_ids.{i}")
        for i, deal_id in enumerate(session.deal_ids):
            own_deal(self.ledger, deal_id, rep_id, f"deal_ids.{i}")
        record = self._record_of(rep_id, stamp)
        self.ledger.check_version(cmd, record)
        session_id = str(uuid4())
        record.hold_session(
            stamp, session_id, replace(session, manager_id=cmd.actor.person_id), check
        )
        return self.ledger.commit(cmd, record, id=session_id)

    def _record_of(self, rep_id: str, stamp: Stamp) -> CoachingRecord:
        try:
            return self.ledger.load(CoachingRecord, coaching_record_id(rep_id))
        except NotFound:
            return CoachingRecord.start(stamp, rep_id)
