"""Reads of the HR audit history through the access policy: pages of events with their
summaries (written from the stored events), and any record as it stood at a past moment."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.errors import NotFound
from projections.audit import AuditFilter, AuditTrail
from projections.tables import Row
from services.as_of import events_until, plain_state
from services.audit_summaries import summarise
from services.commands import Actor
from services.ledger import PerfLedger
from services.policy import AccessPolicy, AuditScope

EXPORT_PAGE = 500
# Positions closer than this are read from the log in one range, not one by one.
RUN_GAP = 32


@dataclass(frozen=True)
class AuditEntry:
    position: int
    record_id: str
    version: int
    event_type: str
    record_kind: str
    person_id: str | None
    actor: str
    occurred_at: str
    recorded_at: str
    amends: int | None
    summary: str


@dataclass(frozen=True)
class RecordAsOf:
    record_id: str
    record_kind: str
    person_id: str | None
    version: int
    position: int
    recorded_at: datetime
    state: dict[str, Any]


@dataclass
class AuditReads:
    trail: AuditTrail
    app: PerfLedger
    policy: AccessPolicy

    def scope(self, actor: Actor, wanted: AuditFilter) -> AuditScope:
        """What the policy lets the reader see of the history asked for (403 if nothing)."""
        if wanted.record is None:
            return self.policy.audit_scope(actor, wanted.person)
        record = self._record(wanted.record)
        day = date.fromisoformat(record["day"]) if record["day"] else None
        return self.policy.require_audit_record(
            actor, record["record_kind"], record["person_id"], day
        )

    def page(
        self, scope: AuditScope, wanted: AuditFilter, after: int, limit: int
    ) -> list[AuditEntry]:
        """Events in log order after position ``after``, each with its summary."""
        rows = self.trail.events(wanted, scope, after, limit)
        events = self._events_at([r["position"] for r in rows])
        return [_entry(r, summarise(events[r["position"]])) for r in rows]

    def every_page(
        self, scope: AuditScope, wanted: AuditFilter, after: int
    ) -> Iterator[AuditEntry]:
        """Every event the filter selects, page by page (for exports)."""
        while page := self.page(scope, wanted, after, EXPORT_PAGE):
            yield from page
            after = page[-1].position

    def record_as_of(self, actor: Actor, record_id: UUID, moment: datetime | None) -> RecordAsOf:
        """The record's state after the last event recorded at or before ``moment``."""
        record = self._record(record_id.hex)
        kind, person_id = record["record_kind"], record["person_id"]
        fixed = date.fromisoformat(record["day"]) if record["day"] else None
        # Asked before the events are read, so a refusal says nothing of the record's past.
        self.policy.require_audit_record(actor, kind, person_id, fixed)
        past = events_until(self.app, record_id, moment, kind)
        last = past.events[-1]
        if fixed is None:
            self.policy.require_audit_record(actor, kind, person_id, last.occurred_at.date())
        return RecordAsOf(
            record_id=record_id.hex,
            record_kind=kind,
            person_id=person_id,
            version=last.originator_version,
            position=past.position,
            recorded_at=last.recorded_at,
            state=plain_state(past.state()),
        )

    def _record(self, record_id: str) -> Row:
        record = self.trail.record(record_id)
        if record is None:
            raise NotFound("record", record_id)
        return record

    def _events_at(self, positions: Sequence[int]) -> dict[int, Any]:
        """The stored events at these positions, decoded now, read in a few ranges."""
        wanted = set(positions)
        found: dict[int, Any] = {}
        for first, last in _runs(sorted(wanted)):
            notes = self.app.recorder.select_notifications(first, last - first + 1, stop=last)
            for note in notes:
                if note.id in wanted:
                    found[note.id] = self.app.mapper.to_domain_event(note)
        return found


def _runs(positions: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted positions as ranges, a new range wherever the gap is wide."""
    runs: list[tuple[int, int]] = []
    for p in positions:
        if runs and p - runs[-1][1] <= RUN_GAP:
            runs[-1] = (runs[-1][0], p)
        else:
            runs.append((p, p))
    return runs


def _entry(row: Row, summary: str) -> AuditEntry:
    return AuditEntry(
        position=row["position"],
        record_id=row["record_id"],
        version=row["version"],
        event_type=row["event_type"],
        record_kind=row["record_kind"],
        person_id=row["person_id"],
        actor=row["actor"],
        occurred_at=row["occurred_at"],
        recorded_at=row["recorded_at"],
        amends=row["amends"],
        summary=summary,
    )
