"""Retrospectives (复盘) of a person or team and period, beside the period's results.

Targets (the targets context) are linked by the period key: a client reads the
target of the same person and period key beside the retrospective.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from api.deps import (
    After,
    Cmd,
    ContainerDep,
    CurrentActor,
    Limit,
    MinPosition,
    PersonRecords,
    person_records,
    wait_for,
)
from api.models import AcceptedOut, Fact, Ident, Page, Text
from api.paging import keyset_page
from api.problems import PROBLEM_RESPONSES
from api.routers.deals import money
from api.routers.periods import PERIOD_KEY
from domain.retrospectives import RetroNotes, SubjectKind
from projections.scoping import narrowed
from projections.tables import Row
from services.policy import Visibility
from services.retrospectives import Subject

router = APIRouter(tags=["retrospectives"], responses=PROBLEM_RESPONSES)
RETROSPECTIVES, DEALS = "retrospectives", "deals"


class RetroIn(Fact):
    subject_kind: SubjectKind
    subject_id: Ident
    period_key: str = Field(pattern=PERIOD_KEY, description="2025-03, 2025-Q1, 2025-H1 or 2025")
    planned: Text = Field(description="What we planned.")
    happened: Text = Field(description="What happened.")
    why: Text = Field(description="Why.")
    what_next: Text = Field(description="What next.")
    reason: Text | None = Field(default=None, description="Why a revision changes it.")


class SignedOut(BaseModel):
    kind: str
    currency: str
    deals: int
    amount: Decimal


class CashOut(BaseModel):
    currency: str
    amount: Decimal


class ResultsOut(BaseModel):
    """Deals signed (not cancelled) and net cash in the period, on the days one may see."""

    signed: list[SignedOut]
    cash: list[CashOut]


class RetroVersionOut(BaseModel):
    version: int
    planned: str
    happened: str
    why: str
    what_next: str
    reason: str | None
    recorded_by: str
    recorded_at: str


class RetroOut(BaseModel):
    retro_id: str
    subject_kind: str
    subject_id: str
    period_key: str
    starts_on: str
    ends_on: str
    planned: str
    happened: str
    why: str
    what_next: str
    version: int
    written_by: str
    written_at: str
    revised_by: str | None
    revised_at: str | None
    versions: list[RetroVersionOut]
    results: ResultsOut


@router.post("/retrospectives", status_code=201)
def write_retrospective(body: RetroIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """Write the retrospective of a person or team for a period; writing it again revises
    it (with a reason) and keeps every version."""
    cmd = cmd.happened(body.occurred_at)
    subject = Subject(body.subject_kind, body.subject_id, body.period_key)
    notes = RetroNotes(body.planned, body.happened, body.why, body.what_next)
    return AcceptedOut.of(c.retrospectives.write(cmd, subject, notes, body.reason))


@router.get("/people/{person_id}/retrospectives")
def person_retrospectives(
    records: Annotated[
        PersonRecords, Depends(person_records(RETROSPECTIVES, DEALS, default_limit=20))
    ],
    c: ContainerDep,
) -> Page[RetroOut]:
    """A person's retrospectives, latest period first, each with the person's results."""
    rows = c.views.retrospectives.of_subject(
        "person", records.person_id, records.visibility, records.after, records.limit
    )
    items = [_retro(c, row, [(records.person_id, records.visibility)]) for row in rows]
    return keyset_page(items, rows, records.limit)


@router.get("/teams/{team_id}/retrospectives")
def team_retrospectives(
    team_id: Ident,
    actor: CurrentActor,
    c: ContainerDep,
    after: After = None,
    limit: Limit = 20,
    min_position: MinPosition = None,
) -> Page[RetroOut]:
    """A team's retrospectives, each with what its members took while in the team."""
    visibility = c.policy.require_team(actor, team_id)
    wait_for(c, min_position, RETROSPECTIVES, DEALS)
    rows = c.views.retrospectives.of_subject("team", team_id, visibility, after, limit)
    items = [_retro(c, r, _members(c, team_id, visibility)) for r in rows]
    return keyset_page(items, rows, limit)


def _members(c: ContainerDep, team_id: str, visibility: Visibility) -> list[tuple[str, Visibility]]:
    """Each person who sat in the team, with the days they sat there that one may see."""
    org = c.policy.organisation()
    parts = [(p, narrowed(visibility, org.team_windows_member(p, team_id))) for p in org.people]
    return [(p, v) for p, v in parts if not v.is_empty]


def _retro(c: ContainerDep, row: Row, parts: list[tuple[str, Visibility]]) -> RetroOut:
    taken = c.views.deals.results(parts, row["starts_on"], row["ends_on"])
    results = ResultsOut(
        signed=[SignedOut(**s, amount=money(s["amount_minor"])) for s in taken["signed"]],
        cash=[CashOut(**s, amount=money(s["amount_minor"])) for s in taken["cash"]],
    )
    versions = [RetroVersionOut(**v) for v in c.views.retrospectives.versions(row["retro_id"])]
    return RetroOut(**row, versions=versions, results=results)
