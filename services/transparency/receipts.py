"""Which records carry a receipt, and whom each one concerns.

A receipt is for the person a record is about: after a values assessment is
sealed, an amendment is made or a review is finalised, that person (and
whoever the access policy lets read the record) can fetch proof that the
record is in the log, and check later that it is unchanged. The record's
event class names the person and the day the record falls on, and the policy
decides with them, as it does for every read of that person's records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from eventsourcing.utils import get_topic

from domain.reviews import Review

# The person a record concerns and the day it falls on, from its event.
Concerns = Callable[[Any], tuple[str, date]]


def _reviewed_person(event: Any) -> tuple[str, date]:
    """A review fact concerns the person reviewed, on the day it was recorded as happening."""
    return event.person_id, event.occurred_at.date()


# The receipt-bearing events: (event class, whom and which day it concerns):
# a values assessment sealed, an amendment made, a review finalised.
RECEIPT_BEARING: list[tuple[type, Concerns]] = [
    (Review.ValuesAssessmentSealed, _reviewed_person),
    (Review.AssessmentAmended, _reviewed_person),
    (Review.ReviewFinalised, _reviewed_person),
]


class ReceiptRegistry:
    """The event topics that carry receipts; bootstrap builds it from ``RECEIPT_BEARING``."""

    def __init__(self, entries: Iterable[tuple[type, Concerns]] = ()) -> None:
        self._concerns: dict[str, Concerns] = {}
        for event_class, concerns in entries:
            self.register(event_class, concerns)

    def register(self, event_class: type, concerns: Concerns) -> None:
        self._concerns[get_topic(event_class)] = concerns

    def bears_receipt(self, topic: str) -> bool:
        return topic in self._concerns

    def concerns(self, topic: str, event: Any) -> tuple[str, date] | None:
        """Whom a receipt-bearing record concerns, and on which day; None for other records."""
        found = self._concerns.get(topic)
        return None if found is None else found(event)
