"""Awards: the organisation's catalogue, nominations, and awards received over the years."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

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
from api.incentive_models import (
    AwardIn,
    AwardOut,
    AwardReceivedOut,
    NominationDecisionIn,
    NominationIn,
    NominationOut,
)
from api.models import AcceptedOut, Ident, Page
from api.paging import keyset_page
from api.problems import PROBLEM_RESPONSES
from domain.awards import Award
from domain.errors import NotFound
from domain.measure_catalogue import SubjectKind
from projections.tables import Row

router = APIRouter(tags=["awards"], responses=PROBLEM_RESPONSES)
VIEW = "awards"


@router.get("/awards")
def award_catalogue(
    actor: CurrentActor, c: ContainerDep, min_position: MinPosition = None
) -> list[AwardOut]:
    """The awards the organisation gives, each with its meaning: everyone may read them."""
    del actor
    wait_for(c, min_position, VIEW)
    return [AwardOut.model_validate(r) for r in c.views.awards.catalogue()]


@router.post("/awards", status_code=201)
def define_award(body: AwardIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """An admin defines an award and what it means; it is never redefined."""
    award = Award(body.code, body.name, body.meaning, body.level.value, body.granted_by.value)
    return AcceptedOut.of(c.awards.define(cmd, award))


@router.post("/nominations", status_code=201)
def nominate(body: NominationIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """A manager above the nominee nominates them for an award, citing what they did."""
    return AcceptedOut.of(
        c.nominations.nominate(cmd, body.nominee_id, body.award_code, body.period, body.citation)
    )


@router.post("/nominations/{nomination_id}/decision")
def decide_nomination(
    nomination_id: UUID, body: NominationDecisionIn, cmd: Cmd, c: ContainerDep
) -> AcceptedOut:
    """The nominee's HRBP confirms (the award is granted) or declines, with a reason."""
    return AcceptedOut.of(c.nominations.decide(cmd, nomination_id, body.decision, body.reason))


@router.get("/nominations/{nomination_id}")
def get_nomination(
    nomination_id: UUID, actor: CurrentActor, c: ContainerDep, min_position: MinPosition = None
) -> NominationOut:
    """A nomination, for whoever may see the nominee's records of its day."""
    wait_for(c, min_position, VIEW)
    row = c.views.awards.nomination(str(nomination_id))
    if row is None:
        raise NotFound("nomination", nomination_id)
    c.policy.require_person(actor, row["nominee_id"], date.fromisoformat(row["nominated_on"]))
    return NominationOut.model_validate(row)


@router.get("/people/{person_id}/nominations")
def person_nominations(
    records: Annotated[PersonRecords, Depends(person_records(VIEW, default_limit=20))],
    c: ContainerDep,
) -> Page[NominationOut]:
    """A person's nominations, newest first, on the days the caller may see."""
    rows = c.views.awards.nominations_of(
        records.person_id, records.visibility, records.after, records.limit
    )
    return keyset_page([NominationOut.model_validate(row) for row in rows], rows, records.limit)


def _received(rows: list[Row]) -> list[AwardReceivedOut]:
    return [AwardReceivedOut.model_validate(r) for r in rows]


@router.get("/people/{person_id}/awards")
def person_awards(
    records: Annotated[PersonRecords, Depends(person_records(VIEW, default_limit=20))],
    c: ContainerDep,
) -> Page[AwardReceivedOut]:
    """Every award a person received over the years, newest period first: by a programme's
    rule (their own, or their team's while they sat in it) or a confirmed nomination."""
    rows = c.views.awards.received(
        SubjectKind.PERSON, records.person_id, records.visibility, records.after, records.limit
    )
    return keyset_page(_received(rows), rows, records.limit)


@router.get("/teams/{team_id}/awards")
def team_awards(
    team_id: Ident,
    actor: CurrentActor,
    c: ContainerDep,
    after: After = None,
    limit: Limit = 20,
    min_position: MinPosition = None,
) -> Page[AwardReceivedOut]:
    """Every award a team won, newest period first."""
    visibility = c.policy.require_board(actor, team_id)
    wait_for(c, min_position, VIEW)
    rows = c.views.awards.received(SubjectKind.TEAM, team_id, visibility, after, limit)
    return keyset_page(_received(rows), rows, limit)
