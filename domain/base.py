"""The base of every perfledger aggregate: each event is stamped.

An event carries who recorded it (``recorded_by``), when the server recorded it
(the library's ``timestamp``, set from the service clock) and when the fact
happened (``occurred_at``). Events are past-tense facts and are never changed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.values import Stamp


class LedgerAggregate(Aggregate):
    """An aggregate whose events are all stamped with their provenance."""

    class Event(Aggregate.Event):
        recorded_by: str
        occurred_at: datetime

        @property
        def recorded_at(self) -> datetime:
            return self.timestamp

    class Created(Event, Aggregate.Created):
        pass

    @classmethod
    def _begin(
        cls, event_class: type[LedgerAggregate.Created], stamp: Stamp, id: UUID, **fields: Any
    ) -> Self:
        return cls._create(
            event_class,
            id=id,
            timestamp=stamp.recorded_at,
            recorded_by=stamp.recorded_by,
            occurred_at=stamp.occurred_at,
            **fields,
        )

    def _record(
        self, event_class: type[LedgerAggregate.Event], stamp: Stamp, **fields: Any
    ) -> None:
        self.trigger_event(
            event_class,
            timestamp=stamp.recorded_at,
            recorded_by=stamp.recorded_by,
            occurred_at=stamp.occurred_at,
            **fields,
        )
