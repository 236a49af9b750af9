"""Review cycles: open one, the calibration board and its finalising, the talent matrix."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import AwareDatetime, BaseModel, Field

from api.bootstrap import Container
from api.deps import Cmd, ContainerDep, CurrentActor, MinPosition, wait_for
from api.models import AcceptedOut, Fact, Ident, Text
from api.problems import PROBLEM_RESPONSES
from api.routers.periods import PERIOD_KEY
from api.routers.review_config import GuidanceName, RubricOut, SchemeOut, rubric_out, scheme_out
from domain.errors import NotFound
from domain.scheme import distribution
from services.commands import Actor
from services.cycles import CycleOpening
from services.policy import Scope
from services.review_records import plain

router = APIRouter(tags=["review cycles"], responses=PROBLEM_RESPONSES)
REVIEWS = "reviews"
GroupKind = Literal["team", "region"]


class CycleIn(Fact):
    cycle_id: Ident
    period: str = Field(pattern=PERIOD_KEY, description="2025-Q1, 2025-H1 or 2025")
    people: list[Ident] = Field(min_length=1, max_length=5000)
    rubric_code: Ident
    rubric_version: int = Field(ge=1, le=9999)
    guidance: GuidanceName | None = Field(default=None, description="361 unless chosen")


class CalibrationIn(Fact):
    kind: GroupKind
    group_id: Ident
    justification: Text | None = Field(
        default=None, description="Required when the distribution falls outside the guidance."
    )


class CycleOut(BaseModel):
    cycle_id: str
    period_key: str
    as_of: str
    rubric_key: str
    guidance: str
    scheme_version: int
    people: int
    opened_at: str
    opened_by: str


class CycleDetailOut(BaseModel):
    """A cycle with the rubric and scheme it copied when it opened."""

    cycle_id: str
    period_key: str
    as_of: date
    people: int
    guidance: str
    rubric: RubricOut
    scheme: SchemeOut


class BoardMemberOut(BaseModel):
    person_id: str
    step: str
    rating: str | None
    amendments: int
    calibrated: bool


class BoardOut(BaseModel):
    cycle_id: str
    group: str
    guidance: str
    tolerance: int
    members: list[BoardMemberOut]
    distribution: list[dict[str, Any]]
    within_tolerance: bool
    finalised: dict[str, Any] | None


class PlacementOut(BaseModel):
    person_id: str
    placement: str
    rating: str | None
    values_score: str | None
    composite: str | None
    red_line: bool


class TalentMatrixOut(BaseModel):
    cycle_id: str
    cells: dict[str, list[str]]
    people: list[PlacementOut]


@router.post("/cycles", status_code=201)
def open_cycle(body: CycleIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """Open a review cycle for a configured period over a set of people."""
    cmd = cmd.happened(body.occurred_at)
    opening = CycleOpening(
        body.cycle_id,
        body.period,
        body.people,
        body.rubric_code,
        body.rubric_version,
        body.guidance,
    )
    return AcceptedOut.of(c.cycles.open(cmd, opening))


@router.get("/cycles")
def list_cycles(
    actor: CurrentActor, c: ContainerDep, min_position: MinPosition = None
) -> list[CycleOut]:
    """Cycles, their periods and rubrics: the calendar of reviews, readable by everyone."""
    del actor
    wait_for(c, min_position, REVIEWS)
    return [CycleOut(**r) for r in c.views.reviews.cycles()]


@router.get("/cycles/{cycle_id}")
def get_cycle(cycle_id: Ident, actor: CurrentActor, c: ContainerDep) -> CycleDetailOut:
    """A cycle with the rubric and scheme it fixed when it opened."""
    del actor
    cycle = c.cycles.get(cycle_id)
    return CycleDetailOut(
        cycle_id=cycle.cycle_id,
        period_key=cycle.period_key,
        as_of=cycle.as_of,
        people=len(cycle.people),
        guidance=cycle.guidance.name,
        rubric=rubric_out(cycle.rubric),
        scheme=scheme_out(cycle.scheme),
    )


@router.post("/cycles/{cycle_id}/calibrations")
def finalise_calibration(
    cycle_id: Ident, body: CalibrationIn, cmd: Cmd, c: ContainerDep
) -> AcceptedOut:
    """Finalise a team's or region's calibration; outside the band, with a justification."""
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(
        c.cycles.finalise_calibration(cmd, cycle_id, body.kind, body.group_id, body.justification)
    )


@router.get("/cycles/{cycle_id}/calibration-board")
def calibration_board(
    cycle_id: Ident,
    kind: Annotated[GroupKind, Query()],
    group_id: Annotated[str, Query(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")],
    actor: CurrentActor,
    c: ContainerDep,
    min_position: MinPosition = None,
    as_of: Annotated[
        AwareDatetime | None,
        Query(description="The board as it stood then: its reviews' events recorded by then"),
    ] = None,
) -> BoardOut:
    """A group's ratings against the guidance; for those who may see every member's review."""
    wait_for(c, min_position, REVIEWS)
    return board_of(c, actor, cycle_id, kind, group_id, as_of)


def board_of(
    c: Container,
    actor: Actor,
    cycle_id: str,
    kind: GroupKind,
    group_id: str,
    as_of: datetime | None = None,
) -> BoardOut:
    """The calibration board (the API's and the page's): every member must be visible."""
    cycle = c.cycles.get(cycle_id)
    if as_of is None:
        every, finalised = c.views.reviews.of_cycle(cycle_id, Scope(everything=True)), None
    else:
        every, finalised = c.review_records.board_as_of(cycle_id, as_of)
    column = "team_id" if kind == "team" else "region_id"
    rows = [r for r in every if r[column] == group_id]
    if not rows:
        raise NotFound("calibration group", f"{kind}:{group_id}")
    for row in rows:
        c.policy.require_person(actor, row["person_id"], date.fromisoformat(row["as_of"]))
    rated = [Decimal(r["rating"]) for r in rows if r["rating"] is not None]
    spread = distribution(cycle.scheme, cycle.guidance, rated)
    group = f"{kind}:{group_id}"
    done = (c.views.reviews.calibrations(cycle_id) if finalised is None else finalised).get(group)
    calibrated = set(done["members"]) if done else set()
    return BoardOut(
        cycle_id=cycle_id,
        group=group,
        guidance=cycle.guidance.name,
        tolerance=cycle.scheme.tolerance,
        members=[_member(r, calibrated) for r in rows],
        distribution=plain(spread.bands),
        within_tolerance=spread.within_tolerance,
        finalised=done,
    )


def _member(row: dict[str, Any], calibrated: set[str]) -> BoardMemberOut:
    return BoardMemberOut(
        person_id=row["person_id"],
        step=row["step"],
        rating=row["rating"],
        amendments=row["amendments"],
        calibrated=row["person_id"] in calibrated,
    )


@router.get("/cycles/{cycle_id}/talent-matrix")
def talent_matrix(
    cycle_id: Ident, actor: CurrentActor, c: ContainerDep, min_position: MinPosition = None
) -> TalentMatrixOut:
    """The cycle's placements the caller may see: star, wild dog, ox, white rabbit, dog."""
    wait_for(c, min_position, REVIEWS)
    c.cycles.get(cycle_id)
    rows = c.views.reviews.of_cycle(cycle_id, c.policy.scope(actor), placed_only=True)
    people = [
        PlacementOut(
            person_id=r["person_id"],
            placement=r["placement"],
            rating=r["rating"],
            values_score=r["values_score"],
            composite=r["composite"],
            red_line=bool(r["red_line"]),
        )
        for r in rows
    ]
    cells: dict[str, list[str]] = {}
    for p in people:
        cells.setdefault(p.placement, []).append(p.person_id)
    return TalentMatrixOut(cycle_id=cycle_id, cells=cells, people=people)
