"""Coaching sessions: recorded by the manager, read as the rep's coaching history."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from api.deps import (
    Cmd,
    ContainerDep,
    PersonRecords,
    person_records,
)
from api.models import AcceptedOut, Body, Fact, Ident, Page, Text
from api.paging import keyset_page
from api.problems import PROBLEM_RESPONSES
from domain.coaching import MAX_DISCUSSED, FollowUpCheck, FollowUpStatus, Session

router = APIRouter(tags=["coaching"], responses=PROBLEM_RESPONSES)
COACHING = "coaching"


class FollowUpCheckIn(Body):
    status: FollowUpStatus
    note: Text


class SessionIn(Fact):
    rep_id: Ident
    held_on: date
    topic: Text
    agreed: Text = Field(description="What was agreed: the actions to take.")
    follow_up_on: date
    visit_ids: list[UUID] = Field(default_factory=list, max_length=MAX_DISCUSSED)
    deal_ids: list[UUID] = Field(default_factory=list, max_length=MAX_DISCUSSED)
    follow_up_check: FollowUpCheckIn | None = Field(
        default=None, description="How the previous session's agreement went (required then)."
    )


class SessionOut(BaseModel):
    session_id: str
    rep_id: str
    manager_id: str
    held_on: str
    topic: str
    visit_ids: list[str]
    deal_ids: list[str]
    agreed: str
    follow_up_on: str
    follow_up_status: str | None
    follow_up_note: str | None
    follow_up_checked_in: str | None
    follow_up_checked_by: str | None
    recorded_at: str


@router.post("/coaching-sessions", status_code=201)
def hold_session(body: SessionIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """A manager records a coaching session with a rep who reports to them that day."""
    cmd = cmd.happened(body.occurred_at)
    session = Session(
        manager_id=cmd.actor.person_id,
        held_on=body.held_on,
        topic=body.topic,
        agreed=body.agreed,
        follow_up_on=body.follow_up_on,
        visit_ids=[str(v) for v in body.visit_ids],
        deal_ids=[str(d) for d in body.deal_ids],
    )
    check = body.follow_up_check
    checked = None if check is None else FollowUpCheck(check.status.value, check.note)
    return AcceptedOut.of(c.coaching.hold_session(cmd, body.rep_id, session, checked))


@router.get("/people/{person_id}/coaching")
def coaching_history(
    records: Annotated[PersonRecords, Depends(person_records(COACHING))],
    c: ContainerDep,
) -> Page[SessionOut]:
    """The coaching a person received, newest first, and how each follow-up went."""
    rows = c.views.coaching.history(
        records.person_id, records.visibility, records.after, records.limit
    )
    return keyset_page([SessionOut(**row) for row in rows], rows, records.limit)
