"""A review's steps, its record and history, a person's reviews across cycles, queues."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from api.deps import After, Cmd, ContainerDep, CurrentActor, Limit, MinPosition, wait_for
from api.models import AcceptedOut, Fact, Ident, Page, Text
from api.problems import PROBLEM_RESPONSES
from api.routers.review_config import Description, Score
from domain.review_steps import AssessmentSealed
from domain.rubrics import Case, MarkClaim
from domain.values import PersonalText
from services.review_queue import holder_of, waiting_for
from services.review_records import plain
from services.reviews import Assessment, Conversation

router = APIRouter(tags=["reviews"], responses=PROBLEM_RESPONSES)
REVIEWS = "reviews"
REVIEW = "/cycles/{cycle_id}/reviews/{person_id}"


class CaseIn(Fact):
    what: Text = Field(description="What the person did.")
    on: date = Field(description="When they did it.")
    where: Description = Field(description="Where it can be checked (record, document, witness).")


class MarkIn(CaseIn):
    value: Ident = Field(description="The rubric value's code.")
    rank: int = Field(ge=1, le=8, description="The level or behaviour the person showed.")


class AssessmentIn(Fact):
    marks: list[MarkIn] = Field(
        max_length=100, description="One mark per point, each with its case."
    )
    rating: Score | None = Field(default=None, description="A step of the performance scale.")
    comment: Text | None = None

    def assessment(self) -> Assessment:
        claims = [MarkClaim(m.value, m.rank, m.what, m.on, m.where) for m in self.marks]
        return Assessment(claims, self.rating, self.comment)


class ManagerAssessmentIn(AssessmentIn):
    rating: Score = Field(description="The manager's performance rating, a step of the scale.")


class HrbpReviewIn(Fact):
    decision: Literal["countersign", "veto"]
    reason: Text | None = Field(default=None, description="Required for a veto.")


class VetoResolutionIn(Fact):
    outcome: Literal["amended", "withdrawn"]
    resolution: Text


class AmendmentIn(AssessmentIn):
    reason: Text = Field(description="Why the sealed assessment is corrected.")
    responds_to: str | None = Field(
        default=None, pattern=r"^(veto|appeal:\d{1,4})$", description="'veto' or 'appeal:<n>'"
    )


class CalibrationChangeIn(Fact):
    rating: Score
    reason: Text
    group: Literal["team", "region"] = "team"


class ConversationIn(Fact):
    held_on: date
    duration_minutes: int = Field(ge=1, le=600)
    notes: Text
    growth_plan: Text


class AcknowledgementIn(Fact):
    disagreement: Text | None = Field(default=None, description="Written disagreement, if any.")


class AppealIn(Fact):
    grounds: Text


class AppealDecisionIn(Fact):
    outcome: Literal["upheld", "rejected"]
    reason: Text


class FindingIn(Fact):
    finding: Text
    evidence: list[CaseIn] = Field(min_length=1, max_length=20)


class FiguresOut(BaseModel):
    available: bool
    note: str
    attainment: Decimal | None
    forecast_accuracy: Decimal | None
    planned_visit_share: Decimal | None
    coaching_sessions: int | None


class EntryOut(BaseModel):
    version: int
    kind: str
    recorded_by: str
    recorded_at: datetime
    occurred_at: datetime
    details: dict[str, Any]


class ReviewOut(BaseModel):
    cycle_id: str
    period_key: str
    person_id: str
    as_of: date
    team_id: str
    region_id: str
    step: str
    waiting_for: str | None
    version: int
    rubric_key: str
    self_assessment: dict[str, Any] | None
    manager_assessment: dict[str, Any] | None
    gap: list[dict[str, Any]]
    amendments: list[dict[str, Any]]
    effective: dict[str, Any] | None
    figures_now: FiguresOut


class ReviewRowOut(BaseModel):
    cycle_id: str
    period_key: str
    person_id: str
    as_of: str
    team_id: str
    step: str
    rating: str | None
    self_points: int | None
    points: int | None
    amendments: int
    veto_open: bool
    appeal_open: bool
    red_line: bool
    conversation_flagged: bool
    disagreed: bool
    placement: str | None
    composite: str | None
    values_score: str | None
    finalised_at: str | None


class QueueItemOut(BaseModel):
    cycle_id: str
    person_id: str
    as_of: date
    step: str
    action: str


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
    cycle_id: CycleId, person_id: Ident, actor: CurrentActor, c: ContainerDep
) -> ReviewOut:
    """The review from its own events: both assessments, the gap, amendments, scores."""
    record = c.review_records.get(actor, cycle_id, person_id)
    fields = {k: v for k, v in vars(record).items() if k not in {"history", "figures_now"}}
    return ReviewOut(**fields, figures_now=FiguresOut(**plain(record.figures_now)))


@router.get(REVIEW + "/history")
def review_history(
    cycle_id: CycleId, person_id: Ident, actor: CurrentActor, c: ContainerDep
) -> list[EntryOut]:
    """Every event of the review in order: who, what, when it happened, when recorded."""
    record = c.review_records.get(actor, cycle_id, person_id)
    return [EntryOut(**vars(e)) for e in record.history]


@router.get("/people/{person_id}/reviews")
def person_reviews(
    person_id: Ident,
    actor: CurrentActor,
    c: ContainerDep,
    after: After = None,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> Page[ReviewRowOut]:
    """A person's reviews across all cycles, for the cycles the caller may see."""
    visibility = c.policy.require_person(actor, person_id)
    wait_for(c, min_position, REVIEWS)
    rows = c.views.reviews.of_person(person_id, visibility, after or "", limit)
    items = [ReviewRowOut(**r) for r in rows]
    last = items[-1] if len(items) == limit else None
    return Page(items=items, next=last.as_of + last.cycle_id if last else None)


@router.get("/people/{person_id}/queue")
def queue(
    person_id: Ident, actor: CurrentActor, c: ContainerDep, min_position: MinPosition = None
) -> list[QueueItemOut]:
    """Review steps waiting for the person, among the reviews the caller may also see."""
    c.policy.require_person(actor, person_id)
    wait_for(c, min_position, REVIEWS)
    mine = c.policy.scope(holder_of(c.policy, person_id))
    rows = [
        r
        for r in c.views.reviews.open_reviews(mine)
        if c.policy.person_visibility(actor, r["person_id"]).covers(date.fromisoformat(r["as_of"]))
    ]
    return [QueueItemOut(**vars(i)) for i in waiting_for(c.policy, person_id, rows)]
