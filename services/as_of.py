"""A record as it stood at a past moment: the state after the last event recorded by then.

An auditor asks "what did the manager see when they rated this?": the answer is a fold of
the record's own stored events up to that time, never a copy kept on the side.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import takewhile
from typing import Any
from uuid import UUID

from eventsourcing.application import project_aggregate
from eventsourcing.domain import Aggregate

from domain.errors import NotFound
from domain.values import PersonalText
from services.ledger import PerfLedger


@dataclass(frozen=True)
class Past:
    """A record's events up to a moment, each with its position in the log."""

    events: list[Any]
    positions: list[int]

    @property
    def position(self) -> int:
        return self.positions[-1]

    def state(self) -> Aggregate:
        aggregate = project_aggregate(None, self.events)
        assert aggregate is not None
        return aggregate


def events_until(app: PerfLedger, record_id: UUID, moment: datetime | None, kind: str) -> Past:
    """The record's events recorded at or before ``moment`` (all of them when None).

    A record that did not exist yet at that moment is not found.
    """
    events: list[Any] = list(app.events.get(record_id))
    if moment is not None:
        events = list(takewhile(lambda e: e.timestamp <= moment, events))
    if not events:
        when = "" if moment is None else f" as of {moment.isoformat()}"
        raise NotFound(kind, f"{record_id.hex}{when}")
    positions = [p for p, _ in app.log_recorder.positions_of(record_id)][: len(events)]
    return Past(events, positions)


def plain_state(aggregate: Aggregate) -> dict[str, Any]:
    """An aggregate's public fields as JSON values; texts opened (or erased)."""
    fields = {k: v for k, v in vars(aggregate).items() if not k.startswith("_")}
    return dict(json.loads(json.dumps(_plain(fields), default=str)))


def _plain(value: Any) -> Any:
    """Like ``review_records.plain``, for any aggregate's state (sets too)."""
    if isinstance(value, PersonalText):
        return value.text
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(_plain(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
