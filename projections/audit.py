"""The HR audit trail: one row per event of every type, in log order.

Each row says where the event sits (position), which record it belongs to, its type, who
recorded it, when it happened and when it was recorded, whom the record is about and,
for a correction, the position of the event it amends. No text of the event is copied:
summaries are written at read time from the stored event itself, so nothing about a
person sits here in clear and an erased person's texts read as erased.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from projections.scoping import Condition, visible_days
from projections.tables import (
    Key,
    Row,
    Rows,
    Table,
    from_json,
    in_list,
    iso_day,
    iso_time,
    to_json,
)
from projections.view import View
from services.audit_records import event_type, links, named_person, record_day, record_kind
from services.policy import AuditScope

EVENTS = Table(
    "audit_events",
    (
        ("position", "int"),
        ("record_id", "text"),
        ("version", "int"),
        ("event_type", "text"),
        ("record_kind", "text"),
        ("person_id", "text"),
        ("actor", "text"),
        ("occurred_at", "text"),
        ("recorded_at", "text"),
        ("day", "text"),
        ("amends", "int"),
    ),
    key=("position",),
    indexes=(
        ("person_id", "position"),
        ("actor", "position"),
        ("event_type", "position"),
        ("record_id", "position"),
        ("recorded_at",),
    ),
)
# Per record: its kind, whom it is about and its day (from the creating event), and the
# positions of the events that currently stand for its parts (see ``links``).
RECORDS = Table(
    "audit_records",
    (
        ("record_id", "text"),
        ("record_kind", "text"),
        ("person_id", "text"),
        ("day", "text"),
        ("anchors", "text"),
    ),
    key=("record_id",),
)


@dataclass(frozen=True)
class AuditFilter:
    """Which events a reader asks for; every field narrows the list."""

    person: str | None = None
    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    record: str | None = None
    since: datetime | None = None  # recorded at or after
    until: datetime | None = None  # recorded before

    def condition(self) -> Condition:
        parts: list[str] = []
        params: list[Any] = []
        for column, value in (("person_id", self.person), ("record_id", self.record)):
            if value is not None:
                parts.append(f"{column} = %s")
                params.append(value)
        for column, values in (("actor", self.actors), ("event_type", self.types)):
            if values:
                listed, listed_params = in_list(values)
                parts.append(f"{column} IN ({listed})")
                params += listed_params
        for op, moment in ((">=", self.since), ("<", self.until)):
            if moment is not None:
                parts.append(f"recorded_at {op} %s")
                params.append(iso_time(moment))
        return " AND ".join(parts) or "1=1", params


def scope_condition(scope: AuditScope) -> Condition:
    """The rows the policy lets a reader see, as SQL."""
    if scope.everything:
        return "1=1", []
    parts: list[str] = []
    params: list[Any] = []
    if scope.person is not None:
        person_id, visibility = scope.person
        days, day_params = visible_days("day", visibility)
        parts.append(f"(person_id = %s AND {days})")
        params += [person_id, *day_params]
    if scope.kinds:
        listed, listed_params = in_list(scope.kinds)
        parts.append(f"record_kind IN ({listed})")
        params += listed_params
    return ("(" + " OR ".join(parts) + ")" if parts else "1=0"), params


class AuditTrail(View):
    """Every event of the log, for the HR audit history."""

    name = "audit"
    tables = (EVENTS, RECORDS)
    every_event: ClassVar[bool] = True

    def rows_needed(self, event: Any) -> Iterable[tuple[Table, Key]]:
        return [(RECORDS, (event.originator_id.hex,))]

    def apply(self, event: Any, rows: Rows) -> None:
        record_id = event.originator_id.hex
        stored = rows.get(RECORDS, record_id)
        record = stored or _new_record(record_id, event)
        anchors: dict[str, int] = from_json(record["anchors"])
        amends, sets = links(event)
        rows.put(EVENTS, _event_row(event, rows.position, record, anchors.get(amends or "")))
        if sets or stored is None:
            anchors |= dict.fromkeys(sets, rows.position)
            rows.put(RECORDS, record | {"anchors": to_json(anchors)})

    # --- reads --------------------------------------------------------------------

    def events(self, wanted: AuditFilter, scope: AuditScope, after: int, limit: int) -> list[Row]:
        """A page of events in log order after position ``after``."""
        where, params = wanted.condition()
        seen, seen_params = scope_condition(scope)
        return self.select(
            f"SELECT * FROM {{audit_events}} WHERE position > %s AND {where} AND {seen} "
            "ORDER BY position LIMIT %s",
            [after, *params, *seen_params, limit],
        )

    def record(self, record_id: str) -> Row | None:
        found = self.select("SELECT * FROM {audit_records} WHERE record_id = %s", [record_id])
        return found[0] if found else None

    def at(self, positions: Sequence[int]) -> list[Row]:
        listed, params = in_list(positions)
        return self.select(
            f"SELECT * FROM {{audit_events}} WHERE position IN ({listed}) ORDER BY position",
            params,
        )


def _new_record(record_id: str, created: Any) -> Row:
    return {
        "record_id": record_id,
        "record_kind": record_kind(created),
        "person_id": named_person(created),
        "day": iso_day(record_day(created)),
        "anchors": "{}",
    }


def _event_row(event: Any, position: int, record: Row, amends: int | None) -> Row:
    return {
        "position": position,
        "record_id": record["record_id"],
        "version": event.originator_version,
        "event_type": event_type(event),
        "record_kind": record["record_kind"],
        "person_id": named_person(event) or record["person_id"],
        "actor": event.recorded_by,
        "occurred_at": iso_time(event.occurred_at),
        "recorded_at": iso_time(event.recorded_at),
        "day": record["day"] or event.occurred_at.date().isoformat(),
        "amends": amends,
    }
