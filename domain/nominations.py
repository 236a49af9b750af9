"""Nominations: a manager puts someone forward for an award, saying what they did.

The citation is text about the nominee. The nominee's HRBP confirms the
nomination (the award is then granted) or declines it; either way with a
reason, and the nomination stays on the record as it was made.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Self
from uuid import UUID

from domain.base import LedgerAggregate
from domain.errors import StateConflict
from domain.periods import PeriodKey
from domain.values import PersonalText, Stamp, check_ident


class Verdict(StrEnum):
    CONFIRM = "confirm"
    DECLINE = "decline"


class NominationStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"


class Nomination(LedgerAggregate):
    nominee_id: str
    award_code: str
    period_key: str
    nominated_on: date
    status: NominationStatus

    def __init__(self) -> None:
        """State is set by the events (the annotations above are not constructor fields)."""

    class Nominated(LedgerAggregate.Created):
        nominee_id: str
        award_code: str
        period_key: str
        starts_on: date
        ends_on: date
        nominated_on: date  # the day whose reporting lines decide who may act on it
        citation: PersonalText

        def apply(self, aggregate: Nomination) -> None:
            aggregate.nominee_id, aggregate.award_code = self.nominee_id, self.award_code
            aggregate.period_key, aggregate.nominated_on = self.period_key, self.nominated_on
            aggregate.status = NominationStatus.PENDING

    class Confirmed(LedgerAggregate.Event):
        reason: PersonalText

        def apply(self, aggregate: Nomination) -> None:
            aggregate.status = NominationStatus.CONFIRMED

    class Declined(LedgerAggregate.Event):
        reason: PersonalText

        def apply(self, aggregate: Nomination) -> None:
            aggregate.status = NominationStatus.DECLINED

    @classmethod
    def nominate(
        cls,
        stamp: Stamp,
        nomination_id: UUID,
        nominee_id: str,
        award_code: str,
        period: PeriodKey,
        day: date,
        citation: str,
    ) -> Self:
        """A nomination always says what the nominee did: no citation, no nomination."""
        check_ident("nominee_id", nominee_id)
        return cls._begin(
            cls.Nominated,
            stamp,
            nomination_id,
            nominee_id=nominee_id,
            award_code=check_ident("award_code", award_code),
            period_key=period.key,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            nominated_on=day,
            citation=PersonalText.of(nominee_id, citation, field="citation"),
        )

    def decide(self, stamp: Stamp, verdict: Verdict, reason: str) -> None:
        """Confirmed or declined once, with the reason."""
        if self.status is not NominationStatus.PENDING:
            raise StateConflict(f"nomination {self.id} was already {self.status.value}")
        event = self.Confirmed if verdict is Verdict.CONFIRM else self.Declined
        text = PersonalText.of(self.nominee_id, reason, field="reason")
        self._record(event, stamp, reason=text)
