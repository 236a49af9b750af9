"""The audit page: the history filtered and paged by position, its exports from the browser
with the page's sign-in, and a record as it stood at a moment; the same filters, policy and
streams as ``/audit/...`` (``api.routers.audit``)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from starlette.responses import Response

from api.deps import ContainerDep
from api.routers.audit import (
    AskedFor,
    AuditQuery,
    audit_page,
    audited,
    csv_export,
    jsonl_export,
    record_then,
)
from api.web.render import page
from api.web.reviews import AsOf
from api.web.session import Reader

router = APIRouter(prefix="/ui/audit", include_in_schema=False)
# The filters a page link carries on to the next page and to the exports.
FILTERS = ("person", "actor", "type", "record", "cycle", "since", "until")


def page_query(reader: Reader, c: ContainerDep, asked: AskedFor) -> AuditQuery:
    return audited(c, reader, asked)


Audited = Annotated[AuditQuery, Depends(page_query)]


@router.get("", response_class=HTMLResponse)
def audit_history(request: Request, q: Audited, reader: Reader, c: ContainerDep) -> Response:
    """Every event the reader may audit, in log order, a page at a time."""
    found = audit_page(c, q)
    kept = [(k, v) for k, v in request.query_params.multi_items() if k in FILTERS and v]
    return page(
        request,
        c,
        "audit.html",
        reader,
        entries=found.items,
        next_after=found.next,
        filters=dict(kept),
        query=urlencode(kept),
        limit=q.limit,
    )


@router.get("/events.csv", response_class=StreamingResponse)
def export_csv(q: Audited, c: ContainerDep) -> Response:
    return _attachment(csv_export(c, q), "audit-events.csv")


@router.get("/events.jsonl", response_class=StreamingResponse)
def export_jsonl(q: Audited, c: ContainerDep) -> Response:
    return _attachment(jsonl_export(c, q), "audit-events.jsonl")


def _attachment(response: StreamingResponse, name: str) -> StreamingResponse:
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/records/{record_id}", response_class=HTMLResponse)
def record_page(
    request: Request, record_id: UUID, reader: Reader, c: ContainerDep, as_of: AsOf = None
) -> Response:
    """A record's state after the last event recorded by ``as_of``."""
    found = record_then(c, reader, record_id, as_of)
    return page(request, c, "record.html", reader, record=found, as_of=as_of)
