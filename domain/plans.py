"""Plans: the weekly activities an approved strategy needs (策略要到计划).

Each signing a strategy expects needs visits: as many per deal as the person's
recent history shows (visits that led to their signed deals, per deal), or the
configured default where there is no such history. Visits and events are
spread over the weeks (Monday to Sunday) of the period in proportion to the
period's days in each week, in whole numbers that add up exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from domain.errors import InvalidInput
from domain.periods import PeriodKey
from domain.ratios import product, total

WEEK = timedelta(days=7)
WEEKLY_VISITS_LIMIT = 5_000  # the seed's top rep: over a hundred visits a day
WEEKLY_EVENTS_LIMIT = 100
# Visits per deal from history keep this many places, so that plans multiply exactly.
RATE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Conversion:
    """Visits per signed deal, and where the figure came from."""

    visits_per_deal: Decimal
    deals: int
    visits: int
    source: str  # "history" or "default"

    @classmethod
    def of(cls, deals: int, visits: int, default: Decimal) -> Conversion:
        """History counts only when it shows both signed deals and the visits behind them."""
        if deals > 0 and visits > 0:
            rate = (Decimal(visits) / Decimal(deals)).quantize(RATE_PLACES)
            return cls(rate, deals, visits, "history")
        return cls(default, deals, visits, "default")


@dataclass(frozen=True)
class PlanWeek:
    starts_on: date  # the Monday
    days: int  # days of the period in this week
    visits: int
    events: int


def weeks_of(period: PeriodKey) -> list[tuple[date, int]]:
    """Each Monday-starting week touching the period, with the period's days in it."""
    monday = period.starts_on - timedelta(days=period.starts_on.weekday())
    weeks = []
    while monday < period.ends_on:
        first, last = max(monday, period.starts_on), min(monday + WEEK, period.ends_on)
        weeks.append((monday, (last - first).days))
        monday += WEEK
    return weeks


def spread(amount: int, weights: list[int]) -> list[int]:
    """Whole shares of ``amount`` in proportion to ``weights``, adding up exactly.

    Largest remainder: each share is the floor of its exact part; the units left
    go to the largest remainders, earlier weeks first on a tie.
    """
    whole = sum(weights)
    if whole == 0:
        return [0] * len(weights)
    floors = [amount * w // whole for w in weights]
    remainders = [amount * w % whole for w in weights]
    left = amount - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def visits_needed(
    new_deals: Decimal, renewal_deals: Decimal, new: Conversion, renewal: Conversion
) -> int:
    """Visits for all expected signings, rounded up: a part of a visit is a visit."""
    exact = total(
        [
            product(new_deals, new.visits_per_deal),
            product(renewal_deals, renewal.visits_per_deal),
        ]
    )
    return int(exact.to_integral_value(rounding=ROUND_CEILING))


def derive_plan(
    period: PeriodKey,
    new_deals: Decimal,
    renewal_deals: Decimal,
    events: int,
    conversions: tuple[Conversion, Conversion],
) -> list[PlanWeek]:
    """The weeks of a plan: visits and events the strategy needs, spread over the period."""
    weeks = weeks_of(period)
    days = [d for _, d in weeks]
    visits = spread(visits_needed(new_deals, renewal_deals, *conversions), days)
    spread_events = spread(events, days)
    return [
        PlanWeek(monday, d, v, e)
        for (monday, d), v, e in zip(weeks, visits, spread_events, strict=True)
    ]


def check_week(period: PeriodKey, week_start: date) -> date:
    if week_start.weekday() != 0 or week_start not in {m for m, _ in weeks_of(period)}:
        raise InvalidInput("week_start", f"must be the Monday of a week of period {period.key}")
    return week_start


def check_weekly_activity(visits: int, events: int) -> None:
    for field, value, limit in (
        ("visits", visits, WEEKLY_VISITS_LIMIT),
        ("events", events, WEEKLY_EVENTS_LIMIT),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
            raise InvalidInput(field, f"must be a whole number from 0 to {limit:,}")


def months_before(period: PeriodKey, count: int) -> list[str]:
    """The keys of the ``count`` months before the period starts, nearest first."""
    year, month = period.starts_on.year, period.starts_on.month
    keys = []
    for back in range(1, count + 1):
        index = year * 12 + month - 1 - back
        keys.append(f"{index // 12:04d}-{index % 12 + 1:02d}")
    return keys
