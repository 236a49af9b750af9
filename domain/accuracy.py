"""Taking the result (拿结果): attainment, forecast accuracy and the forecast trend.

"I will do 500k; your forecast may be off by no more than ten percent: between
450k and 550k passes, anything else does not." Accuracy is
|actual - forecast| / forecast; the verdict is decided exactly, edges included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from domain.ratios import EXACT, ratio, within_fraction


@dataclass(frozen=True)
class Accuracy:
    forecast: Decimal
    actual: Decimal
    band: Decimal

    @property
    def error(self) -> Decimal | None:
        """|actual - forecast| / forecast, to four places (for display)."""
        return ratio(EXACT.subtract(self.actual, self.forecast).copy_abs(), self.forecast)

    @property
    def within_band(self) -> bool:
        return within_fraction(self.forecast, self.actual, self.band)


def attainment(actual: Decimal, target: Decimal) -> Decimal | None:
    """actual / target, to four places."""
    return ratio(actual, target)


def trend(values: Sequence[Decimal]) -> str:
    """Where a series of forecasts went, from the first submission to the last."""
    if not values:
        return "none"
    if len(values) == 1:
        return "single"
    first, last = values[0], values[-1]
    if last > first:
        return "rising"
    return "falling" if last < first else "steady"
