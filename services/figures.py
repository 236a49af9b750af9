"""Where a review reads a person's process and result figures for a period.

The figures belong to other bounded contexts (targets and forecasts; visits and
coaching). Reviews depend only on this narrow protocol; the composition root
(``api/bootstrap.py``) chooses the implementation: ``MeasuredFigures`` reads them
through the measure source; ``FiguresUnavailable`` answers every question with
"unavailable", saying so (for a deployment without those views).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from domain.figures import CycleFigures
from domain.measure_catalogue import MeasureName, Subject
from domain.periods import PeriodKey
from services.errors import ViewBehind
from services.measures import MeasureSource

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


@dataclass
class MeasuredFigures:
    """The figures from the measure source: the targets, visits and coaching views.

    Attainment and forecast error are of the organisation's first target measure
    (cash, by default); coaching counts the sessions and the ride-alongs received.
    """

    measures: MeasureSource
    primary_measure: Callable[[], str]
    head: Callable[[], int]

    def figures_for(self, person_id: str, period: PeriodKey) -> CycleFigures:
        """The figures once the views have read the whole log: a manager's assessment seals
        them, so they must not miss a fact that was already recorded."""
        head = self.head()
        if not self.measures.reached(head):
            raise ViewBehind(f"the figures have not reached position {head} yet; retry shortly")
        primary = self.primary_measure()
        person = Subject.person(person_id)

        def read(name: str) -> Decimal | None:
            return self.measures.value(MeasureName.parse(name), person, period)

        coached = [read("coaching_sessions"), read("ride_alongs")]
        return CycleFigures(
            available=True,
            note=(
                f"attainment and forecast error of {primary}; the share of visits planned "
                "with a purpose; coaching sessions and ride-alongs received"
            ),
            attainment=read(f"attainment:{primary}"),
            forecast_accuracy=read(f"forecast_error:{primary}"),
            planned_visit_share=read("planned_share"),
            coaching_sessions=int(sum(c or 0 for c in coached)),
        )
