"""What a trajectory read returns: months, series, periods, cycles, awards and the ramp."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from api.incentive_models import AwardReceivedOut

Figure = Decimal | None


class MoneyOut(BaseModel):
    currency: str
    signed_now: Decimal
    signed_at_close: Figure
    cash_now: Decimal
    cash_at_close: Figure
    cancelled: Decimal
    refunded: Decimal


class MonthOut(BaseModel):
    """One month: counts, shares and indices; ``late`` marks facts recorded after its close,
    and the ``*_at_close`` figures show what the month said when it closed."""

    month: str
    closed: bool
    late: bool
    tenure_month: int | None = None
    working_days: int | None
    visits_logged: int
    visits_planned: int
    visits_reviewed: int
    visits_unplanned: int
    visits_per_working_day: Figure
    planned_share: Figure
    reviewed_share: Figure
    coaching_received: int
    deals_signed: int
    deals_new: int
    deals_renewal: int
    deals_cancelled: int
    late_deals: int
    deals_now: int
    deals_at_close: int | None
    money: list[MoneyOut]
    process_index: Figure
    result_period: str | None = None
    result_index: Figure = None
    overall_index: Figure = None


class SeriesOut(BaseModel):
    values: list[Figure]
    rolling_3: list[Figure]
    rolling_6: list[Figure]
    rolling_12: list[Figure]
    trend: Figure
    year_on_year: list[Figure]


class PeriodOut(BaseModel):
    """A period with a target: attainment per measure now and at close, the result index,
    and the forecast's accuracy at close."""

    period_key: str
    starts_on: str
    ends_on: str
    closed: bool
    late: bool
    result_index: Figure
    result_index_at_close: Figure
    measures: list[dict[str, Any]]
    forecast_accuracy: list[dict[str, Any]]


class ValueOut(BaseModel):
    value: str
    self_score: int | None
    manager_score: int | None
    score: int | None
    amendments: int


class CycleOut(BaseModel):
    cycle_id: str
    period_key: str
    as_of: str
    step: str
    rating: str | None
    placement: str | None
    composite: str | None
    values_score: str | None
    amendments: int
    red_line: bool
    values: list[ValueOut]


class RampOut(BaseModel):
    """Tenure month k: the person's figures beside the median of every other rep's month k."""

    tenure_month: int
    month: str
    cohort: int
    visits_logged: int
    deals_signed: int
    coaching_received: int
    visits_logged_median_of_others: Figure
    deals_signed_median_of_others: Figure
    coaching_received_median_of_others: Figure


class TrajectoryOut(BaseModel):
    person_id: str
    joined_on: str
    left_on: str | None
    first_month: str | None
    last_month: str | None
    months: list[MonthOut]
    series: dict[str, SeriesOut | list[str]]
    periods: list[PeriodOut]
    cycles: list[CycleOut]
    awards: list[AwardReceivedOut]
    ramp: list[RampOut]


class GroupTrajectoryOut(BaseModel):
    kind: str
    group_id: str
    months: list[MonthOut]
    series: dict[str, SeriesOut | list[str]]
