"""Where a review reads a person's process and result figures for a period.

The figures belong to other bounded contexts (targets and forecasts; visits and
coaching). Reviews depend only on this narrow protocol; the composition root
(``api/bootstrap.py``) chooses the implementation. Until those views are wired
in, ``FiguresUnavailable`` answers every question with "unavailable", saying so.
"""

from __future__ import annotations

from typing import Protocol

from domain.figures import CycleFigures
from domain.periods import PeriodKey

NOT_CONNECTED = (
    "process and result figures are not connected yet (targets and forecasts; visits and coaching)"
)


class PerformanceFigures(Protocol):
    def figures_for(self, person_id: str, period: PeriodKey) -> CycleFigures:
        """Attainment, forecast accuracy, planned-visit share and coaching for the period."""
        ...


class FiguresUnavailable:
    """The figures source until the targets and process views are plugged in."""

    def figures_for(self, person_id: str, period: PeriodKey) -> CycleFigures:
        del person_id, period
        return CycleFigures.unavailable(NOT_CONNECTED)
