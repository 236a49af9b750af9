"""Visits: plan, review, log (one, or a whole day), cancel; the log, the queue, the counts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import AwareDatetime, BaseModel, Field

from api.bootstrap import Container
from api.deps import (
    After,
    Cmd,
    ContainerDep,
    CurrentActor,
    Limit,
    MinPosition,
    PersonRecords,
    person_records,
    today,
    wait_for,
)
from api.models import AcceptedOut, Body, Fact, Ident, Page, Text
from api.paging import keyset_page
from api.problems import PROBLEM_RESPONSES
from domain.errors import InvalidInput, NotFound
from domain.visits import ReviewDecision
from projections.tables import Row
from projections.visit_counts import tally
from services.commands import Actor
from services.policy import Scope
from services.visits import MAX_VISITS_PER_DAY, LoggedVisit

router = APIRouter(tags=["visits"], responses=PROBLEM_RESPONSES)
VISITS = "visits"
# Counts are per day: a request may cover up to ten years of days.
MAX_COUNT_DAYS = 3660
DEFAULT_COUNT_SPAN = timedelta(days=28)


class PlanIn(Fact):
    customer_id: Ident
    planned_on: date
    purpose: Text = Field(description="Why this customer, why now.")


class ReviewIn(Body):
    """A review happens when it is recorded: it takes no occurred_at."""

    decision: ReviewDecision
    note: Text | None = Field(default=None, description="What to do; required to coach.")


class OutcomeIn(Body):
    happened_at: AwareDatetime
    met: Text = Field(description="Who was met.")
    outcome: Text
    next_step: Text
    ride_along_by: Ident | None = Field(default=None, description="The manager who came along.")

    def logged(self, visit_id: UUID | None = None, customer_id: str | None = None) -> LoggedVisit:
        return LoggedVisit(
            happened_at=self.happened_at,
            met=self.met,
            outcome=self.outcome,
            next_step=self.next_step,
            ride_along_by=self.ride_along_by,
            visit_id=visit_id,
            customer_id=customer_id,
        )


class UnplannedIn(OutcomeIn):
    customer_id: Ident


class DayEntryIn(OutcomeIn):
    visit_id: UUID | None = Field(default=None, description="The plan this visit carried out.")
    customer_id: Ident | None = Field(default=None, description="For a visit without a plan.")


class DayIn(Body):
    day: date
    visits: list[DayEntryIn] = Field(min_length=1, max_length=MAX_VISITS_PER_DAY)


class CancelIn(Fact):
    reason: Text


class ReviewOut(BaseModel):
    decision: str
    manager_id: str
    note: str | None
    occurred_at: str
    recorded_at: str
    late: bool


class VisitOut(BaseModel):
    visit_id: str
    owner_id: str
    customer_id: str
    status: str
    visit_day: str
    planned_on: str | None
    purpose: str | None
    planned_at: str | None
    awaiting_review: bool
    review_count: int
    review_decision: str | None
    review_note: str | None
    reviewed_by: str | None
    reviewed_at: str | None
    review_late: bool
    happened_at: str | None
    met: str | None
    outcome: str | None
    next_step: str | None
    ride_along_by: str | None
    unplanned: bool
    planned_before: bool
    reviewed_before: bool
    repeat_visit: bool
    deal_count: int
    cancel_reason: str | None
    cancelled_at: str | None


class VisitDetailOut(VisitOut):
    reviews: list[ReviewOut]


class TallyOut(BaseModel):
    label: str
    planned: int
    happened: int
    unplanned: int
    with_purpose: int
    reviewed_before: int
    cancelled: int
    repeats: int
    ride_alongs: int
    converted: int
    share_planned_with_purpose: float | None
    share_reviewed_before: float | None
    conversion: float | None


class CountsOut(BaseModel):
    person_id: str
    by: str
    start: date
    end: date
    rows: list[TallyOut]
    total: TallyOut


def _count_range(start: date | None, end: date) -> tuple[date, date]:
    """The days to count: [start, end), four weeks by default, at most MAX_COUNT_DAYS."""
    if start is None:
        if end < date.min + DEFAULT_COUNT_SPAN:
            raise InvalidInput("end", "is before the calendar begins")
        start = end - DEFAULT_COUNT_SPAN
    if not 0 < (end - start).days <= MAX_COUNT_DAYS:
        raise InvalidInput("end", f"must be 1 to {MAX_COUNT_DAYS} days after start")
    return start, end


def visit_page(rows: list[Row], limit: int) -> Page[VisitOut]:
    items = [VisitOut(**r) for r in rows]
    return keyset_page(items, rows, limit)


# --- commands ---------------------------------------------------------------------


@router.post("/visits", status_code=201)
def plan_visit(body: PlanIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """Plan a visit with its purpose; the caller is the rep who will make it."""
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(c.visits.plan(cmd, body.customer_id, body.planned_on, body.purpose))


@router.post("/visits/unplanned", status_code=201)
def log_unplanned_visit(body: UnplannedIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """Log a visit made without a plan: it is kept, and counted as unplanned."""
    return AcceptedOut.of(c.visits.log(cmd, body.logged(customer_id=body.customer_id)))


@router.post("/visit-days", status_code=201)
def log_visit_day(body: DayIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """Log a day's visits in one transaction: all are written, or none. ``ids`` lists the
    visits in the order given."""
    entries = [v.logged(v.visit_id, v.customer_id) for v in body.visits]
    return AcceptedOut.of(c.visits.log_day(cmd, body.day, entries))


@router.post("/visits/{visit_id}/review")
def review_plan(visit_id: UUID, body: ReviewIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """The rep's manager approves the plan or coaches; after the visit it is flagged late."""
    return AcceptedOut.of(c.visits.review(cmd, visit_id, body.decision, body.note))


@router.post("/visits/{visit_id}/outcome")
def log_outcome(visit_id: UUID, body: OutcomeIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    return AcceptedOut.of(c.visits.log(cmd, body.logged(visit_id=visit_id)))


@router.post("/visits/{visit_id}/cancellation")
def cancel_visit(visit_id: UUID, body: CancelIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(c.visits.cancel(cmd, visit_id, body.reason))


# --- queries ----------------------------------------------------------------------


@router.get("/visits/{visit_id}")
def get_visit(
    visit_id: UUID, actor: CurrentActor, c: ContainerDep, min_position: MinPosition = None
) -> VisitDetailOut:
    """One visit with its plan, every review and its outcome."""
    wait_for(c, min_position, VISITS)
    row = c.views.visits.visit(str(visit_id))
    if row is None:
        raise NotFound("visit", visit_id)
    c.policy.require_person(actor, row["owner_id"], date.fromisoformat(row["visit_day"]))
    reviews = [ReviewOut(**r) for r in c.views.visits.reviews(str(visit_id))]
    return VisitDetailOut(**row, reviews=reviews)


@router.get("/people/{person_id}/visits")
def visit_log(
    records: Annotated[PersonRecords, Depends(person_records(VISITS))],
    c: ContainerDep,
) -> Page[VisitOut]:
    """A rep's visit log, newest first, with plan, review and outcome."""
    return visit_page(
        c.views.visits.log(records.person_id, records.visibility, records.after, records.limit),
        records.limit,
    )


@router.get("/review-queue")
def review_queue(
    actor: CurrentActor,
    c: ContainerDep,
    after: After = None,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> Page[VisitOut]:
    """Plans waiting for the caller's review: of the people who report to them today."""
    wait_for(c, min_position, VISITS)
    return plans_waiting(c, actor, after, limit)


def plans_waiting(c: Container, actor: Actor, after: str | None, limit: int) -> Page[VisitOut]:
    """Visit plans waiting for the actor's review (the API's queue and the team page's)."""
    reports = c.policy.direct_reports_on(actor, today(c))
    scope = Scope(people={p: c.policy.person_visibility(actor, p) for p in reports})
    return visit_page(c.views.visits.awaiting_review(scope, after, limit), limit)


@router.get("/customers/{customer_id}/visits")
def customer_visits(
    customer_id: Ident,
    actor: CurrentActor,
    c: ContainerDep,
    after: After = None,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> Page[VisitOut]:
    """A customer's visits, by the people and on the days the caller may see."""
    wait_for(c, min_position, VISITS)
    rows = c.views.visits.of_customer(customer_id, c.policy.scope(actor), after, limit)
    return visit_page(rows, limit)


@router.get("/people/{person_id}/visit-counts")
def visit_counts(
    person_id: Ident,
    actor: CurrentActor,
    c: ContainerDep,
    start: Annotated[date | None, Query(description="First day (default: 4 weeks ago).")] = None,
    end: Annotated[
        date | None, Query(description="Day after the last (default: tomorrow).")
    ] = None,
    by: Annotated[Literal["day", "week"], Query()] = "day",
    min_position: MinPosition = None,
) -> CountsOut:
    """Visits per day or week, the share planned with purpose, the share reviewed before the
    visit, and conversion to deals; over the visits that happened on days the caller may see."""
    visibility = c.policy.require_person(actor, person_id)
    start, end = _count_range(start, end or today(c) + timedelta(days=1))
    wait_for(c, min_position, VISITS)
    days = c.views.visits.days(person_id, visibility, start.isoformat(), end.isoformat())
    rows, total = tally(days, by)
    return CountsOut(
        person_id=person_id,
        by=by,
        start=start,
        end=end,
        rows=[TallyOut(**r) for r in rows],
        total=TallyOut(**total),
    )
