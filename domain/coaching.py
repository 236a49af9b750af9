"""Coaching: the manager's sessions with a rep, and the follow-ups they agree.

A rep's coaching is one record of sessions in date order. Each session says
what was discussed (topic, visits, deals), what was agreed and when to follow
up; the next session checks that follow-up, so an agreement is never dropped
silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Self
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.base import LedgerAggregate
from domain.errors import InvalidInput, RuleBroken
from domain.values import PersonalText, Stamp

# A session names the work it discussed; a few dozen records is a long session.
MAX_DISCUSSED = 50


class FollowUpStatus(StrEnum):
    DONE = "done"
    PARTLY = "partly"
    NOT_DONE = "not_done"


@dataclass(frozen=True)
class Session:
    """What a coaching session covered; visit and deal ids are checked by the service."""

    manager_id: str
    held_on: date
    topic: str
    agreed: str
    follow_up_on: date
    visit_ids: Sequence[str] = ()
    deal_ids: Sequence[str] = ()


@dataclass(frozen=True)
class FollowUpCheck:
    """How the previous session's agreement went, as checked at this session."""

    status: str
    note: str


def coaching_record_id(rep_id: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"perfledger:coaching:{rep_id}")


def _distinct(field: str, ids: Sequence[str]) -> list[str]:
    if len(ids) > MAX_DISCUSSED:
        raise InvalidInput(field, f"must name at most {MAX_DISCUSSED} records")
    return list(dict.fromkeys(ids))


class CoachingRecord(LedgerAggregate):
    """Every coaching session a rep received, in date order."""

    rep_id: str
    last_held_on: date | None
    open_follow_up: tuple[str, date] | None  # (session id, follow-up date) not yet checked

    def __init__(self) -> None:
        """State is set by the events (the annotations above are not constructor fields)."""

    class Started(LedgerAggregate.Created):
        rep_id: str

        def apply(self, aggregate: CoachingRecord) -> None:
            aggregate.rep_id = self.rep_id
            aggregate.last_held_on = aggregate.open_follow_up = None

    class SessionHeld(LedgerAggregate.Event):
        session_id: str
        rep_id: str
        manager_id: str
        held_on: date
        topic: PersonalText
        visit_ids: list[str]
        deal_ids: list[str]
        agreed: PersonalText
        follow_up_on: date

        def apply(self, aggregate: CoachingRecord) -> None:
            aggregate.last_held_on = self.held_on
            aggregate.open_follow_up = (self.session_id, self.follow_up_on)

    class FollowUpChecked(LedgerAggregate.Event):
        session_id: str
        rep_id: str
        checked_in: str
        status: str
        note: PersonalText

        def apply(self, aggregate: CoachingRecord) -> None:
            aggregate.open_follow_up = None

    @classmethod
    def start(cls, stamp: Stamp, rep_id: str) -> Self:
        return cls._begin(cls.Started, stamp, coaching_record_id(rep_id), rep_id=rep_id)

    def hold_session(
        self, stamp: Stamp, session_id: str, session: Session, check: FollowUpCheck | None
    ) -> None:
        """A session is recorded in date order, and checks the follow-up the last one agreed."""
        if self.last_held_on is not None and session.held_on < self.last_held_on:
            raise RuleBroken(
                f"sessions are recorded in date order: the last was held on {self.last_held_on}",
                field="held_on",
            )
        if session.follow_up_on < session.held_on:
            raise InvalidInput("follow_up_on", "must be on or after held_on")
        held = self._held(session_id, session)
        checked = self._follow_up_checked(session_id, check)
        if checked is not None:
            self._record(self.FollowUpChecked, stamp, **checked)
        self._record(self.SessionHeld, stamp, **held)

    def _held(self, session_id: str, session: Session) -> dict[str, Any]:
        rep = self.rep_id
        return {
            "session_id": session_id,
            "rep_id": rep,
            "manager_id": session.manager_id,
            "held_on": session.held_on,
            "topic": PersonalText.of(rep, session.topic, field="topic"),
            "visit_ids": _distinct("visit_ids", session.visit_ids),
            "deal_ids": _distinct("deal_ids", session.deal_ids),
            "agreed": PersonalText.of(rep, session.agreed, field="agreed"),
            "follow_up_on": session.follow_up_on,
        }

    def _follow_up_checked(
        self, session_id: str, check: FollowUpCheck | None
    ) -> dict[str, Any] | None:
        """The check of the last session's follow-up that this session must record, if any."""
        if self.open_follow_up is None:
            if check is not None:
                raise InvalidInput("follow_up_check", "there is no earlier follow-up to check")
            return None
        earlier, due = self.open_follow_up
        if check is None:
            raise RuleBroken(
                f"the follow-up agreed in session {earlier} (due {due}) must be checked "
                "at this session",
                field="follow_up_check",
            )
        try:
            status = FollowUpStatus(check.status)
        except ValueError:
            raise InvalidInput(
                "follow_up_check.status", "must be done, partly or not_done"
            ) from None
        return {
            "session_id": earlier,
            "rep_id": self.rep_id,
            "checked_in": session_id,
            "status": status.value,
            "note": PersonalText.of(self.rep_id, check.note, field="follow_up_check.note"),
        }
