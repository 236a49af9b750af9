"""The HR audit history: every event in log order, filtered and paged by position, as JSON,
CSV or JSON lines; and any record as it stood at a past moment."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse
from pydantic import AwareDatetime, BaseModel

from api.bootstrap import Container
from api.deps import ContainerDep, CurrentActor, MinPosition, wait_for
from api.models import IDENT_PATTERN, Ident
from api.problems import PROBLEM_RESPONSES
from domain.errors import InvalidInput
from domain.reviews import review_id
from projections.audit import AuditFilter
from projections.audit_reads import AuditEntry
from services.commands import Actor
from services.policy import AuditScope

router = APIRouter(prefix="/audit", tags=["audit"], responses=PROBLEM_RESPONSES)
AUDIT = "audit"
TYPE = re.compile(r"^[A-Z][A-Za-z0-9]{0,63}(\.[A-Z][A-Za-z0-9]{0,63}){0,3}$")
IDENT = re.compile(IDENT_PATTERN)
MAX_LISTED = 50


class AuditPageOut(BaseModel):
    """One page in log order; pass ``next`` as ``after`` for the following page."""

    items: list[AuditEntry]
    next: int | None = None


class RecordAsOfOut(BaseModel):
    """A record's state after the last event recorded by the time asked (texts opened, or
    ``[erased]``), with that event's version and position."""

    record_id: str
    record_kind: str
    person_id: str | None
    version: int
    position: int
    recorded_at: datetime
    state: dict[str, Any]


def _listed(field: str, values: list[str] | None, pattern: re.Pattern[str]) -> tuple[str, ...]:
    """A repeatable parameter, each occurrence possibly a comma list."""
    found = tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())
    if len(found) > MAX_LISTED:
        raise InvalidInput(field, f"at most {MAX_LISTED} values")
    for value in found:
        if not pattern.match(value):
            raise InvalidInput(field, f"{value[:80]!r} is not a valid {field}")
    return found


def _record(record: UUID | None, cycle: str | None, person: str | None, c: Container) -> str | None:
    """The record asked for: an id, or a review named by its cycle and person."""
    if cycle is None:
        return None if record is None else record.hex
    if person is None or record is not None:
        raise InvalidInput("cycle", "names a review together with person, instead of record")
    return review_id(c.cycles.get(cycle).period_key, person).hex


@dataclass(frozen=True)
class AuditParams:
    """The filters and page of a history read, as asked (before the policy's say)."""

    wanted: AuditFilter
    after: int
    limit: int
    min_position: int | None


@dataclass(frozen=True)
class AuditQuery:
    """The filters of a history read, and what the policy lets the caller see of it."""

    wanted: AuditFilter
    scope: AuditScope
    after: int
    limit: int


def audit_params(
    c: ContainerDep,
    person: Annotated[Ident | None, Query(description="Whom the records are about")] = None,
    actor_id: Annotated[
        list[str] | None, Query(alias="actor", description="Who recorded (repeat, or a, b)")
    ] = None,
    event_type: Annotated[
        list[str] | None,
        Query(alias="type", description="Event types such as Review.AssessmentAmended"),
    ] = None,
    record: Annotated[UUID | None, Query(description="One record's id")] = None,
    cycle: Annotated[Ident | None, Query(description="With person: that review")] = None,
    since: Annotated[AwareDatetime | None, Query(description="Recorded at or after")] = None,
    until: Annotated[AwareDatetime | None, Query(description="Recorded before")] = None,
    after: Annotated[int, Query(ge=0, le=2**62, description="The `next` of the page")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    min_position: MinPosition = None,
) -> AuditParams:
    if since is not None and until is not None and until <= since:
        raise InvalidInput("until", "must be after since")
    wanted = AuditFilter(
        person=person,
        actors=_listed("actor", actor_id, IDENT),
        types=_listed("type", event_type, TYPE),
        record=_record(record, cycle, person, c),
        since=since,
        until=until,
    )
    return AuditParams(wanted, after, limit, min_position)


AskedFor = Annotated[AuditParams, Depends(audit_params)]


def audited(c: Container, actor: Actor, asked: AuditParams) -> AuditQuery:
    """What the policy lets the actor read of the history asked for (the API's and the
    pages' one rule)."""
    # Wait first: the scope reads the view (a review's record), which may be behind.
    wait_for(c, asked.min_position, AUDIT)
    scope = c.audit.scope(actor, asked.wanted)
    return AuditQuery(asked.wanted, scope, asked.after, asked.limit)


def audit_query(actor: CurrentActor, c: ContainerDep, asked: AskedFor) -> AuditQuery:
    return audited(c, actor, asked)


Audited = Annotated[AuditQuery, Depends(audit_query)]


def audit_page(c: Container, q: AuditQuery) -> AuditPageOut:
    page = c.audit.page(q.scope, q.wanted, q.after, q.limit)
    last = page[-1].position if len(page) == q.limit else None
    return AuditPageOut(items=page, next=last)


@router.get("/events")
def audit_events(q: Audited, c: ContainerDep) -> AuditPageOut:
    """Every event about a person, a record, an actor or a time range, in log order:
    auditors read all; others a person's history on the days they may see it."""
    return audit_page(c, q)


COLUMNS = [f.name for f in fields(AuditEntry)]


def csv_export(c: Container, q: AuditQuery) -> StreamingResponse:
    """Every page of the history asked for, as CSV, streamed."""

    def lines() -> Iterator[str]:
        yield _csv_line(COLUMNS)
        for entry in c.audit.every_page(q.scope, q.wanted, q.after):
            yield _csv_line([_cell(v) for v in asdict(entry).values()])

    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8")


def jsonl_export(c: Container, q: AuditQuery) -> StreamingResponse:
    """Every page of the history asked for, as JSON lines, streamed."""

    def lines() -> Iterator[str]:
        for entry in c.audit.every_page(q.scope, q.wanted, q.after):
            yield json.dumps(asdict(entry), ensure_ascii=False) + "\n"

    return StreamingResponse(lines(), media_type="application/jsonl")


@router.get("/events.csv", response_class=StreamingResponse)
def audit_events_csv(q: Audited, c: ContainerDep) -> StreamingResponse:
    """The same events as CSV, every page, streamed."""
    return csv_export(c, q)


@router.get("/events.jsonl", response_class=StreamingResponse)
def audit_events_jsonl(q: Audited, c: ContainerDep) -> StreamingResponse:
    """The same events as JSON lines, every page, streamed."""
    return jsonl_export(c, q)


@router.get("/records/{record_id}")
def record_as_of(
    record_id: UUID,
    actor: CurrentActor,
    c: ContainerDep,
    as_of: Annotated[AwareDatetime | None, Query(description="The moment; now if absent")] = None,
    min_position: MinPosition = None,
) -> RecordAsOfOut:
    """Any record as it stood at a past moment; 404 before it existed."""
    return record_then(c, actor, record_id, as_of, min_position)


def record_then(
    c: Container,
    actor: Actor,
    record_id: UUID,
    as_of: datetime | None,
    min_position: int | None = None,
) -> RecordAsOfOut:
    wait_for(c, min_position, AUDIT)
    return RecordAsOfOut(**asdict(c.audit.record_as_of(actor, record_id, as_of)))


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(cells)
    return out.getvalue()
