"""Where incentives, leaderboards, reviews and trajectories read the figures they judge.

One narrow protocol over the measure catalogue (``domain.measure_catalogue``):
the figure of a named measure for a person or a team over a period, the same
for earlier periods (to compare someone with their own past), and whether the
read models behind it have applied the log up to a position (a decision must
not be taken from figures that are still arriving). The implementation reads
the targets, visits, coaching and deals views (``projections/measures.py``);
the composition root wires it in.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from domain.measure_catalogue import MeasureName, Subject
from domain.periods import PeriodKey


class MeasureSource(Protocol):
    def value(self, measure: MeasureName, subject: Subject, period: PeriodKey) -> Decimal | None:
        """The subject's figure for the period; None where there is nothing to measure
        (no visits to take a share of, no approved target, no forecast)."""
        ...

    def history(
        self, measure: MeasureName, subject: Subject, periods: Sequence[PeriodKey]
    ) -> list[Decimal | None]:
        """The subject's figures for each of the periods, in their order."""
        ...

    def reached(self, position: int) -> bool:
        """Whether every view behind the figures has applied the log up to ``position``
        (waiting a bounded time for it)."""
        ...
