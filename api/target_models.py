"""Request and response shapes of targets, plans, results and forecasts.

Amounts travel as decimal strings (numbers are accepted in, but never floats
out); every count and rate is bounded here and checked again by the domain.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from api.models import Body, Fact, Ident, Text
from domain.measures import Figure
from domain.plans import WEEKLY_EVENTS_LIMIT, WEEKLY_VISITS_LIMIT
from domain.strategy import (
    COUNT_LIMIT,
    LEADS_LIMIT,
    Events,
    NewSignings,
    OtherAmount,
    Renewals,
    StrategyLine,
)
from domain.values import Money

PERIOD_KEY = r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$"
PeriodKeyIn = Annotated[
    str, StringConstraints(pattern=PERIOD_KEY), Field(description="2025-03, 2025-Q1, 2025-H1, 2025")
]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Amount = Annotated[Decimal, Field(gt=0, lt=10**13, decimal_places=2, description="Up to 2 places")]
Count = Annotated[int, Field(gt=0, le=COUNT_LIMIT, strict=True)]


class MoneyIn(Body):
    amount: Amount
    currency: Currency

    def money(self) -> Money:
        return Money(self.amount, self.currency)


class FigureIn(Body):
    measure: Ident
    amount: Amount
    currency: Currency | None = Field(default=None, description="For money measures only")

    def figure(self) -> Figure:
        return Figure(self.measure, self.amount, self.currency)


class NewSigningsIn(Body):
    kind: Literal["new_signings"]
    count: Count
    average: MoneyIn

    def line(self) -> StrategyLine:
        return NewSignings(self.count, self.average.money())


class RenewalsIn(Body):
    kind: Literal["renewals"]
    count: Count
    average: MoneyIn

    def line(self) -> StrategyLine:
        return Renewals(self.count, self.average.money())


class EventsIn(Body):
    kind: Literal["events"]
    count: Count
    leads_per_event: Annotated[int, Field(gt=0, le=LEADS_LIMIT, strict=True)]
    conversion_rate: Annotated[Decimal, Field(gt=0, le=1, decimal_places=4)]
    average: MoneyIn

    def line(self) -> StrategyLine:
        return Events(self.count, self.leads_per_event, self.conversion_rate, self.average.money())


class OtherIn(Body):
    kind: Literal["other"]
    amount: MoneyIn
    explanation: Text

    def line(self) -> StrategyLine:
        return OtherAmount.explained(self.amount.money(), self.explanation)


LineIn = Annotated[NewSigningsIn | RenewalsIn | EventsIn | OtherIn, Field(discriminator="kind")]
Figures = Annotated[list[FigureIn], Field(min_length=1, max_length=30)]
Lines = Annotated[list[LineIn], Field(max_length=50)]


class StrategyIn(Body):
    figures: Figures
    lines: Lines = Field(default_factory=list)

    def figure_list(self) -> list[Figure]:
        return [f.figure() for f in self.figures]

    def line_list(self) -> list[StrategyLine]:
        return [line.line() for line in self.lines]


class DraftIn(StrategyIn):
    subject_kind: Literal["person", "team"] = "person"
    subject_id: Ident
    period: PeriodKeyIn


class RevisionIn(StrategyIn):
    reason: Text


class ReasonIn(Body):
    reason: Text


class PlanAdjustmentIn(Fact):
    week_start: date = Field(description="The Monday of a week of the target's period")
    visits: Annotated[int, Field(ge=0, le=WEEKLY_VISITS_LIMIT, strict=True)]
    events: Annotated[int, Field(ge=0, le=WEEKLY_EVENTS_LIMIT, strict=True)]
    reason: Text


class ForecastIn(Fact):
    period: PeriodKeyIn
    figures: Figures

    def figure_list(self) -> list[Figure]:
        return [f.figure() for f in self.figures]


# --- responses -----------------------------------------------------------------------


class MoneyOut(BaseModel):
    amount: Decimal
    currency: str | None


class FigureOut(BaseModel):
    measure: str
    amount: Decimal
    currency: str | None


class LineOut(BaseModel):
    kind: str
    count: int | None = None
    leads_per_event: int | None = None
    conversion_rate: Decimal | None = None
    average: MoneyOut | None = None
    amount: MoneyOut | None = None
    explanation: str | None = None
    value: MoneyOut
    new_customers: Decimal
    renewals: Decimal
    events: int


class TotalsOut(BaseModel):
    money: MoneyOut
    new_customers: Decimal
    renewals: Decimal
    events: int


class VersionOut(BaseModel):
    version: int
    status: str
    figures: list[FigureOut]
    lines: list[LineOut]
    totals: TotalsOut
    drafted_by: str
    drafted_at: str
    reason: str | None
    submitted_by: str | None
    submitted_at: str | None
    tolerance: Decimal | None
    decided_by: str | None
    decided_at: str | None
    decision_reason: str | None


class ConversionOut(BaseModel):
    visits_per_deal: Decimal
    deals: int
    visits: int
    source: str


class PlanBasisOut(BaseModel):
    new: ConversionOut
    renewal: ConversionOut


class TargetOut(BaseModel):
    target_id: str
    subject_kind: str
    subject_id: str
    period_key: str
    starts_on: str
    ends_on: str
    current_version: int
    status: str
    approved_version: int | None
    plan_version: int | None
    plan_basis: PlanBasisOut | None
    versions: list[VersionOut]


class PlanWeekOut(BaseModel):
    week_start: str
    days: int
    planned_visits: int
    planned_events: int
    derived_visits: int
    derived_events: int
    adjusted_by: str | None
    adjusted_at: str | None
    new_customers: Decimal
    renewals: Decimal
    deal_visits: Decimal
    logged_visits: int
    cash: Decimal


class PlanAdjustmentOut(BaseModel):
    position: int
    version: int
    week_start: str
    visits_before: int
    visits: int
    events_before: int
    events: int
    reason: str
    recorded_by: str
    recorded_at: str


class PlanOut(BaseModel):
    target_id: str
    person_id: str
    period_key: str
    plan_version: int | None
    basis: PlanBasisOut | None
    currency: str | None
    weeks: list[PlanWeekOut]
    adjustments: list[PlanAdjustmentOut]


class MeasureResultOut(BaseModel):
    measure: str
    name: str
    unit: str
    currency: str | None
    target: Decimal | None
    actual_now: Decimal
    attainment_now: Decimal | None
    actual_at_close: Decimal | None
    attainment_at_close: Decimal | None
    late_adjustment: Decimal | None


class LateFactOut(BaseModel):
    position: int
    person_id: str
    quantity: str
    fact: str
    on_day: str
    amount: Decimal
    currency: str | None
    deal_id: str | None
    recorded_at: str


class ResultsOut(BaseModel):
    """Attainment = actual / target; at close and now, with the late adjustments between."""

    period_key: str
    closed: bool
    closed_at: str | None
    measures: list[MeasureResultOut]
    late_adjustments: list[LateFactOut]


class PersonResultsOut(ResultsOut):
    person_id: str
    target_id: str | None
    approved_version: int | None


class MemberOut(BaseModel):
    person_id: str
    days_in_team: int
    target_id: str | None
    status: str | None
    approved_version: int | None
    figures: list[FigureOut] | None = Field(description="Shown to those who may see the member")


class GapOut(BaseModel):
    measure: str
    currency: str | None
    team_target: Decimal | None
    members_total: Decimal
    gap: Decimal | None = Field(description="Team target minus the members' approved targets")


class RollupOut(BaseModel):
    team_id: str
    period_key: str
    team_target_id: str | None
    team_status: str | None
    members: list[MemberOut]
    gaps: list[GapOut]
    results: ResultsOut


class SubmissionOut(BaseModel):
    position: int
    role: str
    forecaster_id: str
    recorded_at: str
    occurred_at: str
    figures: list[FigureOut]


class JudgedOut(BaseModel):
    measure: str
    currency: str | None
    forecast: Decimal
    actual: Decimal
    error: Decimal | None
    within_band: bool
    actual_now: Decimal
    error_now: Decimal | None
    within_band_now: bool


class AccuracyOut(BaseModel):
    role: str
    forecast_position: int | None
    forecast_recorded_at: str | None
    measures: list[JudgedOut]


class TrendOut(BaseModel):
    role: str
    measure: str
    currency: str | None
    submissions: int
    first: Decimal
    last: Decimal
    change: Decimal
    direction: str


class ForecastReportOut(BaseModel):
    person_id: str
    period_key: str
    closed: bool
    closed_at: str | None
    cutoff_at: str | None
    accuracy_band: Decimal | None
    submissions: list[SubmissionOut]
    trend: list[TrendOut]
    accuracy: list[AccuracyOut]
