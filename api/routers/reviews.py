"""A review's steps, its record and history, a person's reviews across cycles, queues."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import AwareDatetime

from api.bootstrap import Container
from api.deps import (
    Cmd,
    ContainerDep,
    CurrentActor,
    MinPosition,
    PersonRecords,
    person_records,
    wait_for,
)
from api.models import AcceptedOut, Ident, Page
from api.problems import PROBLEM_RESPONSES
from api.routers.ledger import ReceiptOut
from api.routers.review_models import (
    AcknowledgementIn,
    AmendmentIn,
    AppealDecisionIn,
    AppealIn,
    AssessmentIn,
    CalibrationChangeIn,
    ConversationIn,
    EntryOut,
    FiguresOut,
    FindingIn,
    HrbpReviewIn,
    ManagerAssessmentIn,
    QueueItemOut,
    ReviewOut,
    ReviewRowOut,
    VetoResolutionIn,
)
from domain.review_steps import AssessmentSealed
from domain.reviews import review_id
from domain.rubrics import Case
from domain.values import PersonalText
from services.commands import Actor
from services.review_queue import holder_of, waiting_for
from services.review_records import ReviewRecord, plain
from services.reviews import Conversation

router = APIRouter(tags=["reviews"], responses=PROBLEM_RESPONSES)
REVIEWS = "reviews"
REVIEW = "/cycles/{cycle_id}/reviews/{person_id}"


CycleId = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")]


@contextmanager
def naming_amendment_route(cycle_id: str, person_id: str) -> Iterator[None]:
    """A refused edit of a sealed assessment names the route a correction takes."""
    try:
        yield
    except AssessmentSealed as sealed:
        route = f"an amendment: POST /cycles/{cycle_id}/reviews/{person_id}/amendments"
        raise sealed.naming(route) from None


# --- steps -------------------------------------------------------------------------------


@router.post(REVIEW + "/self-assessment")
def assess_self(
    cycle_id: CycleId, person_id: Ident, body: AssessmentIn, cmd: Cmd, c: ContainerDep
) -> AcceptedOut:
    """The person's own assessment: sealed once submitted."""
    with naming_amendment_route(cycle_id, person_id):
        accepted = c.reviews.assess_self(
            cmd.happened(body.occurred_at), cycle_id, person_id, body.assessment()
        )
    return AcceptedOut.of(accepted)


@router.post(REVIEW + "/manager-assessment")
def assess_as_manager(
    cycle_id: CycleId, person_id: Ident, body: ManagerAssessmentIn, cmd: Cmd, c: ContainerDep
) -> AcceptedOut:
    """The manager's values assessment and performance rating: sealed once submitted."""
    with naming_amendment_route(cycle_id, person_id):
        accepted = c.reviews.assess_as_manager(
            cmd.happened(body.occurred_at), cycle_id, person_id, body.assessment()
        )
    return AcceptedOut.of(accepted)


@router.post(REVIEW + "/hrbp-review")
def hrbp_review(
    cycle_id: CycleId, person_id: Ident, body: HrbpReviewIn, cmd: Cmd, c: ContainerDep
) -> AcceptedOut:
    """The HRBP countersigns the manager assessment, or vetoes it with a reason."""
    cmd = cmd.happened(body.occurred_at)
    if body.decision == "countersign":
        return AcceptedOut.of(c.reviews.countersign(cmd, cycle_id, person_id, body.reason))
    return AcceptedOut.of(c.reviews.veto(cmd, cycle_id, person_id, body.reason or ""))


@router.post(REVIEW + "/veto-resolution")
def resolve_veto(
    cycle_id: CycleId, person_id: Ident, body: VetoResolutionIn, cmd: Cmd, c: ContainerDep
) -> AcceptedOut:
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(
        c.reviews.resolve_veto(cmd, cycle_id, person_id, body.outcome, body.resolution)
    )


@router.post(REVIEW + "/amendments")
def amend(
    cycle_id: CycleId, person_id: Ident, body: AmendmentIn, cmd: Cmd, c: ContainerDep
) -> AcceptedOut:
    """A correction of the sealed manager assessment, by the HRBP or calibration."""
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(
        c.reviews.amend(cmd, cycle_id, person_id, body.assessment(), body.reason, body.responds_to)
    )


@router.post(REVIEW + "/calibration-changes")
def calibrate_rating(
    cycle_id: CycleId, person_id: Ident, body: CalibrationChangeIn, cmd: Cmd, c: ContainerDep
) -> AcceptedOut:
    """A rating changed in calibration, with its reason."""
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(
        c.reviews.calibrate_rating(cmd, cycle_id, person_id, body.group, body.rating, body.reason)
    )


@router.post(REVIEW + "/integrity-findings")
def record_integrity_finding(
    cycle_id: CycleId, person_id: Ident, body: FindingIn, cmd: Cmd, c: ContainerDep
) -> AcceptedOut:
    """A red line with its evidence; it overrides the performance side of the placement."""
    evidence = [
        Case(
            PersonalText.of(person_id, e.what, field="evidence.what"),
            e.on,
            PersonalText.of(person_id, e.where, field="evidence.where"),
        )
        for e in body.evidence
    ]
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(
        c.reviews.record_integrity_finding(cmd, cycle_id, person_id, body.finding, evidence)
    )


@router.post(REVIEW + "/conversation")
def hold_conversation(
    cycle_id: CycleId, person_id: Ident, body: ConversationIn, cmd: Cmd, c: ContainerDep
) -> AcceptedOut:
    """The review conversation, after calibration: date, duration, notes, growth plan."""
    talk = Conversation(body.held_on, body.duration_minutes, body.notes, body.growth_plan)
    return AcceptedOut.of(
        c.reviews.hold_conversation(cmd.happened(body.occurred_at), cycle_id, person_id, talk)
    )


@router.post(REVIEW + "/acknowledgement")
def acknowledge(
    cycle_id: CycleId, person_id: Ident, body: AcknowledgementIn, cmd: Cmd, c: ContainerDep
) -> AcceptedOut:
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(c.reviews.acknowledge(cmd, cycle_id, person_id, body.disagreement))


@router.post(REVIEW + "/appeals", status_code=201)
def appeal(
    cycle_id: CycleId, person_id: Ident, body: AppealIn, cmd: Cmd, c: ContainerDep
) -> AcceptedOut:
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(c.reviews.appeal(cmd, cycle_id, person_id, body.grounds))


@router.post(REVIEW + "/appeals/{appeal_no}/decision")
def decide_appeal(
    cycle_id: CycleId,
    person_id: Ident,
    appeal_no: Annotated[int, Path(ge=1, le=9999)],
    body: AppealDecisionIn,
    cmd: Cmd,
    c: ContainerDep,
) -> AcceptedOut:
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(
        c.reviews.decide_appeal(cmd, cycle_id, person_id, appeal_no, body.outcome, body.reason)
    )


@router.post(REVIEW + "/finalisation")
def finalise(cycle_id: CycleId, person_id: Ident, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """The HRBP finalises an acknowledged review; the talent placement is stored."""
    return AcceptedOut.of(c.reviews.finalise(cmd, cycle_id, person_id))


# --- reads ----------------------------------------------------------------------------------


@router.get(REVIEW)
def get_review(
    cycle_id: CycleId,
    person_id: Ident,
    actor: CurrentActor,
    c: ContainerDep,
    as_of: Annotated[
        AwareDatetime | None,
        Query(description="Read the review as it stood then (events recorded by that time)"),
    ] = None,
) -> ReviewOut:
    """The review from its own events: both assessments, the gap, amendments, scores.

    With ``as_of``: as it stood at that moment (the figures are those the manager's rating
    recorded, in ``manager_assessment``; ``figures_now`` is left out); 404 before it opened.
    """
    return review_out(c.review_records.get(actor, cycle_id, person_id, as_of))


def review_out(record: ReviewRecord) -> ReviewOut:
    fields = {k: v for k, v in vars(record).items() if k not in {"history", "figures_now"}}
    now = record.figures_now
    return ReviewOut(**fields, figures_now=None if now is None else FiguresOut(**plain(now)))


def history_out(record: ReviewRecord) -> list[EntryOut]:
    return [EntryOut(**vars(e)) for e in record.history]


@router.get(REVIEW + "/history")
def review_history(
    cycle_id: CycleId, person_id: Ident, actor: CurrentActor, c: ContainerDep
) -> list[EntryOut]:
    """Every event of the review in order: who, what, when it happened, when recorded."""
    return history_out(c.review_records.get(actor, cycle_id, person_id))


@router.get(REVIEW + "/receipts")
def review_receipts(
    cycle_id: CycleId, person_id: Ident, actor: CurrentActor, c: ContainerDep
) -> list[ReceiptOut]:
    """Receipts for the review's sealed assessments, amendments and finalisation, in log
    order: proof, checkable without trusting the operator, that each is in the log."""
    c.review_records.get(actor, cycle_id, person_id)
    return receipts_of(c, actor, cycle_id, person_id)


def receipts_of(c: Container, actor: Actor, cycle_id: str, person_id: str) -> list[ReceiptOut]:
    """The review's receipts, once the caller's right to read the review is checked."""
    period_key = c.cycles.get(cycle_id).period_key
    receipts = c.transparency.receipts_of(actor, review_id(period_key, person_id))
    return [ReceiptOut.of(r) for r in receipts]


@router.get("/people/{person_id}/reviews")
def person_reviews(
    records: Annotated[PersonRecords, Depends(person_records(REVIEWS))],
    c: ContainerDep,
) -> Page[ReviewRowOut]:
    """A person's reviews across all cycles, for the cycles the caller may see."""
    rows = c.views.reviews.of_person(
        records.person_id, records.visibility, records.after or "", records.limit
    )
    items = [ReviewRowOut(**row) for row in rows]
    last = items[-1] if len(items) == records.limit else None
    return Page(items=items, next=last.as_of + last.cycle_id if last else None)


@router.get("/people/{person_id}/queue")
def queue(
    person_id: Ident, actor: CurrentActor, c: ContainerDep, min_position: MinPosition = None
) -> list[QueueItemOut]:
    """Review steps waiting for the person, among the reviews the caller may also see."""
    return steps_waiting(c, actor, person_id, min_position)


def steps_waiting(
    c: Container, actor: Actor, person_id: str, min_position: int | None = None
) -> list[QueueItemOut]:
    """The review steps waiting for ``person_id`` that the actor may see (API and pages)."""
    c.policy.require_person(actor, person_id)
    wait_for(c, min_position, REVIEWS)
    mine = c.policy.scope(holder_of(c.policy, person_id))
    rows = [
        r
        for r in c.views.reviews.open_reviews(mine)
        if c.policy.person_visibility(actor, r["person_id"]).covers(date.fromisoformat(r["as_of"]))
    ]
    return [QueueItemOut(**vars(i)) for i in waiting_for(c.policy, person_id, rows)]
