"""The arithmetic of a long-term trajectory: series over months, and how to read them.

A trajectory weighs process and growth over one-off results, so beside each raw
monthly series it shows rolling averages (3, 6 and 12 months), the trend over
the last months, the change against the person's own previous year, and two
indices on one scale with equal weight: the process index (did the person work
the way the organisation asks: visits at the norm, planned with a purpose,
reviewed before, coached) and the result index (attainment of their targets).

Every function here is pure: the projection supplies counts, this module says
what they mean.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

WINDOWS = (3, 6, 12)
TREND_MONTHS = 6
# Ramp curves compare the first two years of tenure: that is when a new rep is still new.
RAMP_WINDOW = 24
PLACES = Decimal("0.0001")


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_start(key: str) -> date:
    year, month = key.split("-")
    return date(int(year), int(month), 1)


def months_between(first: str, last: str) -> list[str]:
    """Every month key from ``first`` to ``last``, both included."""
    start, end = month_start(first), month_start(last)
    keys = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def months_back(last: str, count: int) -> str:
    """The month key ``count - 1`` months before ``last``: the first of ``count`` months."""
    start = month_start(last)
    total = start.year * 12 + start.month - 1 - (count - 1)
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def tenure_month(joined_on: date, day: date) -> int:
    """Month k of a person's tenure: 0 is the month they joined."""
    return (day.year - joined_on.year) * 12 + day.month - joined_on.month


def working_days(key: str, first_day: date | None = None, last_day: date | None = None) -> int:
    """Monday to Friday in the month, within [first_day, last_day] where given (a person
    who joined mid-month, or this month so far)."""
    start = month_start(key)
    days = calendar.monthrange(start.year, start.month)[1]
    count = 0
    for d in range(1, days + 1):
        day = start.replace(day=d)
        if (first_day and day < first_day) or (last_day and day > last_day):
            continue
        count += day.weekday() < 5
    return count


def ratio(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """part / whole, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(PLACES, ROUND_HALF_EVEN)


def mean(values: Sequence[Decimal | None]) -> Decimal | None:
    """The mean of the values that exist; None when none do."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return (sum(present, Decimal(0)) / len(present)).quantize(PLACES, ROUND_HALF_EVEN)


def rolling(series: Sequence[Decimal | None], window: int) -> list[Decimal | None]:
    """The mean of each month and the ``window - 1`` before it, once a full window exists;
    months without a figure (None) are left out of the mean, not counted as zero."""
    out: list[Decimal | None] = []
    for i in range(len(series)):
        out.append(None if i + 1 < window else mean(series[i + 1 - window : i + 1]))
    return out


def trend(series: Sequence[Decimal | None], months: int = TREND_MONTHS) -> Decimal | None:
    """The least-squares slope per month over the last ``months`` figures that exist."""
    points = [(i, v) for i, v in enumerate(series) if v is not None][-months:]
    if len(points) < 2:
        return None
    n = Decimal(len(points))
    mean_x = sum(Decimal(x) for x, _ in points) / n
    mean_y = sum((y for _, y in points), Decimal(0)) / n
    covariance = sum((Decimal(x) - mean_x) * (y - mean_y) for x, y in points)
    spread = sum((Decimal(x) - mean_x) ** 2 for x, _ in points)
    return Decimal(covariance / spread).quantize(PLACES, ROUND_HALF_EVEN)


def year_on_year(series: Sequence[Decimal | None]) -> list[Decimal | None]:
    """Each month's figure minus the same month a year before (None where either is missing)."""
    out: list[Decimal | None] = []
    for i, value in enumerate(series):
        before = series[i - 12] if i >= 12 else None
        out.append(None if value is None or before is None else value - before)
    return out


@dataclass(frozen=True)
class Norms:
    """What the organisation asks of the process, so that it can be put on one scale."""

    visits_per_working_day: Decimal = Decimal(2)
    coaching_sessions_per_month: Decimal = Decimal(1)


def capped(value: Decimal | None) -> Decimal | None:
    return None if value is None else min(value, Decimal(1))


def process_index(
    visits_per_day: Decimal | None,
    planned_share: Decimal | None,
    reviewed_share: Decimal | None,
    coaching: int,
    norms: Norms,
) -> Decimal | None:
    """0–100: the mean of the process measures, each against its norm and capped at the norm,
    so that no one measure can make up for another being neglected."""
    parts = [
        capped(None if visits_per_day is None else visits_per_day / norms.visits_per_working_day),
        capped(planned_share),
        capped(reviewed_share),
        capped(Decimal(coaching) / norms.coaching_sessions_per_month),
    ]
    found = mean(parts)
    return None if found is None else (found * 100).quantize(PLACES)


def result_index(attainments: Sequence[Decimal | None]) -> Decimal | None:
    """0–100: the mean attainment of a period's targets, each capped at 100 %, on the process
    index's scale so the two carry equal weight."""
    found = mean([capped(a) for a in attainments])
    return None if found is None else (found * 100).quantize(PLACES)


def overall(process: Decimal | None, result: Decimal | None) -> Decimal | None:
    """Process and result with equal weight; one alone where the other is missing."""
    return mean([process, result])


def median_of_others(histogram: Mapping[int, int], cohort: int, own: int | None) -> Decimal | None:
    """The median of everyone else's value at one tenure month.

    ``histogram`` counts people per non-zero value; people of the ``cohort`` not in it had
    zero. The person's own value is taken out before the median is found.
    """
    counts = {v: n for v, n in histogram.items() if v != 0}
    zeros = cohort - sum(counts.values())
    if own is not None:
        if own == 0:
            zeros -= 1
        else:
            counts[own] = counts.get(own, 0) - 1
    values = sorted([(0, zeros), *counts.items()])
    total = sum(n for _, n in values if n > 0)
    if total <= 0:
        return None
    return _median_of_counts([(v, n) for v, n in values if n > 0], total)


def _median_of_counts(values: list[tuple[int, int]], total: int) -> Decimal:
    """The median of a multiset given as (value, count) in value order."""
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    seen, lower, upper = 0, None, None
    for value, count in values:
        if lower is None and lower_rank < seen + count:
            lower = value
        if upper_rank < seen + count:
            upper = value
            break
        seen += count
    assert lower is not None
    assert upper is not None
    return (Decimal(lower + upper) / 2).quantize(PLACES)
