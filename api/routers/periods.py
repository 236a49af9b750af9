"""Periods: configure, close, list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from api.deps import Cmd, ContainerDep, CurrentActor, MinPosition, wait_for
from api.models import AcceptedOut, Body
from api.problems import PROBLEM_RESPONSES
from domain.periods import PeriodKind

router = APIRouter(tags=["periods"], responses=PROBLEM_RESPONSES)
PERIOD_KEY = r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$"


class PeriodIn(Body):
    key: str = Field(pattern=PERIOD_KEY, description="2025-03, 2025-Q1, 2025-H1 or 2025")


class PeriodOut(BaseModel):
    period_key: str
    kind: str
    starts_on: str
    ends_on: str
    closed_at: str | None
    closed_by: str | None


@router.post("/periods", status_code=201)
def open_period(body: PeriodIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    return AcceptedOut.of(c.periods.open(cmd, body.key))


@router.post("/periods/{key}/close")
def close_period(
    key: Annotated[str, Path(pattern=PERIOD_KEY)], cmd: Cmd, c: ContainerDep
) -> AcceptedOut:
    """Close a period for good: its results are final from now on."""
    return AcceptedOut.of(c.periods.close(cmd, key))


@router.get("/periods")
def list_periods(
    actor: CurrentActor,
    c: ContainerDep,
    kind: Annotated[PeriodKind | None, Query()] = None,
    min_position: MinPosition = None,
) -> list[PeriodOut]:
    """The calendar is the organisation's, not anyone's record: every person may read it."""
    del actor
    wait_for(c, min_position, "periods")
    return [PeriodOut(**r) for r in c.views.periods.list(kind.value if kind else None)]
