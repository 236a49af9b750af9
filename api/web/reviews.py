"""The review page (scores with their cases, the self/manager gap, the history with each
amendment beside its original, the ledger receipts) and the calibration board: the same
functions as the review and calibration routes of the API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import AwareDatetime
from starlette.responses import Response

from api.deps import ContainerDep
from api.models import Ident
from api.routers.cycles import GroupKind, board_of
from api.routers.reviews import CycleId, history_out, receipts_of, review_out
from api.web import charts
from api.web.labels import term
from api.web.render import page, speaker_of
from api.web.session import Reader

router = APIRouter(prefix="/ui", include_in_schema=False)
AsOf = Annotated[
    AwareDatetime | None, Query(description="As it stood then (ISO 8601 with an offset)")
]
GROUP = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"


@router.get("/cycles/{cycle_id}/reviews/{person_id}", response_class=HTMLResponse)
def review_page(
    request: Request,
    cycle_id: CycleId,
    person_id: Ident,
    reader: Reader,
    c: ContainerDep,
    as_of: AsOf = None,
) -> Response:
    """For whoever may see the person's records on the review's day."""
    record = c.review_records.get(reader, cycle_id, person_id, as_of)
    receipts = receipts_of(c, reader, cycle_id, person_id) if as_of is None else []
    return page(
        request,
        c,
        "review.html",
        reader,
        review=review_out(record),
        history=history_out(record),
        receipts=receipts,
        as_of=as_of,
        person=c.views.directory.person(person_id),
    )


@router.get("/cycles/{cycle_id}/calibration", response_class=HTMLResponse)
def calibration_page(
    request: Request,
    cycle_id: Ident,
    kind: Annotated[GroupKind, Query()],
    group_id: Annotated[str, Query(pattern=GROUP)],
    reader: Reader,
    c: ContainerDep,
    as_of: AsOf = None,
) -> Response:
    """The group's ratings against the guidance, for those who may see every member."""
    board = board_of(c, reader, cycle_id, kind, group_id, as_of)
    _ = speaker_of(request, c).gettext
    spread = charts.distribution(board.distribution, board.tolerance, term(_), _)
    return page(
        request,
        c,
        "calibration.html",
        reader,
        board=board,
        chart=spread,
        kind=kind,
        group_id=group_id,
        as_of=as_of,
    )
