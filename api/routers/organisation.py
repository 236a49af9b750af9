"""The organisation: founding, regions, teams, people and reporting lines."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import After, Cmd, ContainerDep, CurrentActor, Limit, MinPosition, wait_for
from api.models import AcceptedOut, Body, Fact, Ident, Name, Page
from api.problems import PROBLEM_RESPONSES
from domain.errors import NotFound
from domain.organisation import Role
from services.organisation import Hire

router = APIRouter(tags=["organisation"], responses=PROBLEM_RESPONSES)
DIRECTORY = "directory"


class FoundIn(Body):
    name: Name
    timezone: str = Field(default="Asia/Shanghai", max_length=64)


class RegionIn(Body):
    region_id: Ident
    name: Name


class TeamIn(Body):
    team_id: Ident
    name: Name
    region_id: Ident


class LeadIn(Fact):
    person_id: Ident
    effective_on: date


class HrbpIn(Fact):
    hrbp_id: Ident
    effective_on: date


class EffectiveIn(Fact):
    effective_on: date


class HireIn(Fact):
    person_id: Ident
    name: Name
    roles: list[Role] = Field(min_length=1, max_length=5)
    joined_on: date
    team_id: Ident | None = None
    manager_id: Ident | None = None


class MoveIn(Fact):
    effective_on: date
    team_id: Ident | None = None
    manager_id: Ident | None = None


class RolesIn(Body):
    roles: list[Role] = Field(min_length=1, max_length=5)


class PersonOut(BaseModel):
    person_id: str
    name: str
    roles: list[str]
    joined_on: str
    left_on: str | None
    team_id: str | None
    manager_id: str | None
    placed_on: str | None


class HistoryOut(BaseModel):
    position: int
    kind: str
    on_day: str | None
    recorded_at: str
    recorded_by: str
    details: dict[str, Any]


class TeamOut(BaseModel):
    team_id: str
    name: str
    region_id: str
    region_name: str | None
    lead_id: str | None


class PeopleOnDay(BaseModel):
    on: date
    people: list[str]


# --- commands ---------------------------------------------------------------------


@router.post("/organisation", status_code=201)
def found(body: FoundIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    return AcceptedOut.of(c.organisation.found(cmd, body.name, body.timezone))


@router.post("/regions", status_code=201)
def open_region(body: RegionIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    return AcceptedOut.of(c.organisation.open_region(cmd, body.region_id, body.name))


@router.post("/teams", status_code=201)
def form_team(body: TeamIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    return AcceptedOut.of(c.organisation.form_team(cmd, body.team_id, body.name, body.region_id))


@router.post("/teams/{team_id}/lead")
def appoint_lead(team_id: Ident, body: LeadIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(
        c.organisation.appoint_team_lead(cmd, team_id, body.person_id, body.effective_on)
    )


@router.post("/teams/{team_id}/hrbps")
def assign_hrbp(team_id: Ident, body: HrbpIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(c.organisation.assign_hrbp(cmd, team_id, body.hrbp_id, body.effective_on))


@router.post("/teams/{team_id}/hrbps/{hrbp_id}/release")
def release_hrbp(
    team_id: Ident, hrbp_id: Ident, body: EffectiveIn, cmd: Cmd, c: ContainerDep
) -> AcceptedOut:
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(c.organisation.release_hrbp(cmd, team_id, hrbp_id, body.effective_on))


@router.post("/people", status_code=201)
def hire(body: HireIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    cmd = cmd.happened(body.occurred_at)
    roles = [r.value for r in body.roles]
    hired = Hire(body.person_id, body.name, roles, body.joined_on, body.team_id, body.manager_id)
    return AcceptedOut.of(c.organisation.hire(cmd, hired))


@router.post("/people/{person_id}/moves")
def move(person_id: Ident, body: MoveIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(
        c.organisation.move(cmd, person_id, body.effective_on, body.team_id, body.manager_id)
    )


@router.post("/people/{person_id}/leaving")
def record_leaving(person_id: Ident, body: EffectiveIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(c.organisation.record_leaving(cmd, person_id, body.effective_on))


@router.post("/people/{person_id}/roles")
def change_roles(person_id: Ident, body: RolesIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    roles = [r.value for r in body.roles]
    return AcceptedOut.of(c.organisation.change_roles(cmd, person_id, roles))


# --- queries ----------------------------------------------------------------------


@router.get("/people")
def list_people(
    actor: CurrentActor,
    c: ContainerDep,
    after: After = None,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> Page[PersonOut]:
    """The people the caller may see: themselves, their reports, partnered teams."""
    wait_for(c, min_position, DIRECTORY)
    scope = c.policy.scope(actor, directory=True)
    only = None if scope.everything else sorted(scope.people)
    rows = c.views.directory.people(after, limit, only)
    items = [PersonOut(**r) for r in rows]
    return Page(items=items, next=items[-1].person_id if len(items) == limit else None)


@router.get("/people/{person_id}")
def get_person(
    person_id: Ident, actor: CurrentActor, c: ContainerDep, min_position: MinPosition = None
) -> PersonOut:
    c.policy.require_directory(actor, person_id)
    wait_for(c, min_position, DIRECTORY)
    row = c.views.directory.person(person_id)
    if row is None:
        raise NotFound("person", person_id)
    return PersonOut(**row)


@router.get("/people/{person_id}/history")
def person_history(
    person_id: Ident,
    actor: CurrentActor,
    c: ContainerDep,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> Page[HistoryOut]:
    """The person's organisation record, limited to the days the caller may see."""
    visibility = c.policy.require_person(actor, person_id)
    wait_for(c, min_position, DIRECTORY)
    rows = c.views.directory.history(person_id, visibility, after, limit)
    items = [HistoryOut(**r) for r in rows]
    return Page(items=items, next=str(items[-1].position) if len(items) == limit else None)


@router.get("/people/{person_id}/chain")
def manager_chain(person_id: Ident, on: date, actor: CurrentActor, c: ContainerDep) -> PeopleOnDay:
    """The person's managers on a date, nearest first."""
    c.policy.require_directory(actor, person_id)
    org = c.policy.organisation()
    org.person(person_id)
    return PeopleOnDay(on=on, people=org.chain_on(person_id, on))


@router.get("/teams")
def list_teams(
    actor: CurrentActor, c: ContainerDep, min_position: MinPosition = None
) -> list[TeamOut]:
    """Teams and regions are the organisation's shape, not anyone's record: all may see them."""
    del actor  # any authenticated person
    wait_for(c, min_position, DIRECTORY)
    return [TeamOut(**r) for r in c.views.directory.teams()]


@router.get("/teams/{team_id}/members")
def team_members(team_id: Ident, on: date, actor: CurrentActor, c: ContainerDep) -> PeopleOnDay:
    """Who sat in a team on a date; for those who may see the team's records then."""
    c.policy.require_team(actor, team_id, on)
    return PeopleOnDay(on=on, people=c.policy.organisation().members_on(team_id, on))
