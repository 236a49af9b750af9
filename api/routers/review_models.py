"""Request and response shapes of the review steps and views."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

from api.models import Fact, Ident, Text
from api.routers.review_config import Description, Score
from domain.rubrics import MarkClaim
from services.reviews import Assessment


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
    rescored: list[Ident] = Field(
        default_factory=list,
        max_length=12,
        description="Values re-scored to the marks given here; a value named without marks is 0.",
    )

    def assessment(self) -> Assessment:
        return replace(super().assessment(), rescored=tuple(self.rescored))

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
    figures_now: FiguresOut | None = None


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
