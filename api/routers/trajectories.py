"""Long-term trajectories: a person's months, periods and cycles; a team's and a region's."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.bootstrap import Container
from api.deps import (
    ContainerDep,
    CurrentActor,
    MinPosition,
    wait_for,
)
from api.deps import today as today_of
from api.models import Ident
from api.problems import PROBLEM_RESPONSES
from api.trajectory_models import GroupTrajectoryOut, TrajectoryOut
from domain.errors import InvalidInput, NotFound
from domain.trajectory import month_key, months_back
from services.commands import Actor
from services.policy import Visibility

router = APIRouter(tags=["trajectories"], responses=PROBLEM_RESPONSES)
VIEWS = ("trajectories", "targets", "reviews", "awards")
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
# A team or region shows two years unless asked for more: enough to see a trend and a year on year.
GROUP_MONTHS = 24

FirstMonth = Annotated[
    str | None,
    Query(alias="from", pattern=MONTH, description="First month shown (YYYY-MM)"),
]
LastMonth = Annotated[
    str | None, Query(alias="to", pattern=MONTH, description="Last month shown (YYYY-MM)")
]


def _check_order(first: str | None, last: str | None) -> None:
    if first and last and first > last:
        raise InvalidInput("from", f"{first} is after to={last}")


@router.get("/people/{person_id}/trajectory")
def person_trajectory(
    person_id: Ident,
    actor: CurrentActor,
    c: ContainerDep,
    first: FirstMonth = None,
    last: LastMonth = None,
    min_position: MinPosition = None,
) -> TrajectoryOut:
    """The person's whole tenure month by month (or the months asked for), only the days the
    caller may see: process and results, rolling means, trend, year on year, the process and
    result indices with equal weight, targets per period, forecasts, values per cycle, awards,
    and the ramp against every other rep's same month of tenure."""
    return trajectory_of(c, actor, person_id, first, last, min_position)


def trajectory_of(
    c: Container,
    actor: Actor,
    person_id: str,
    first: str | None = None,
    last: str | None = None,
    min_position: int | None = None,
) -> TrajectoryOut:
    """A person's trajectory as the policy lets the actor see it (the API's and the pages')."""
    visibility = c.policy.require_person(actor, person_id)
    wait_for(c, min_position, *VIEWS)
    _check_order(first, last)
    found = c.trajectories.person(person_id, visibility, today_of(c), first, last)
    if found is None:
        raise NotFound("person", person_id)
    return TrajectoryOut.model_validate(found)


@router.get("/teams/{team_id}/trajectory")
def team_trajectory(
    team_id: Ident,
    actor: CurrentActor,
    c: ContainerDep,
    first: FirstMonth = None,
    last: LastMonth = None,
    min_position: MinPosition = None,
) -> GroupTrajectoryOut:
    """The team's months, counting each fact for the team its person sat in on that day."""
    visibility = c.policy.require_board(actor, team_id)
    return _group(c, "team", team_id, visibility, first, last, min_position)


@router.get("/regions/{region_id}/trajectory")
def region_trajectory(
    region_id: Ident,
    actor: CurrentActor,
    c: ContainerDep,
    first: FirstMonth = None,
    last: LastMonth = None,
    min_position: MinPosition = None,
) -> GroupTrajectoryOut:
    """The region's months, for those who may see every team of it on those days."""
    visibility = c.policy.require_region(actor, region_id)
    return _group(c, "region", region_id, visibility, first, last, min_position)


def _group(
    c: Container,
    kind: str,
    group_id: str,
    visibility: Visibility,
    first: str | None,
    last: str | None,
    min_position: int | None,
) -> GroupTrajectoryOut:
    """A team's or region's months, once the caller's access is decided."""
    wait_for(c, min_position, *VIEWS)
    _check_order(first, last)
    now = month_key(today_of(c))
    last = min(last or now, now)
    first = first or months_back(last, GROUP_MONTHS)
    found = c.trajectories.group(kind, group_id, visibility, first, last)
    return GroupTrajectoryOut.model_validate(found)
