"""Forecasts: the result a rep (and, separately, their manager) expects for a period.

"A good salesperson is a good forecaster." A forecast may be submitted as
often as its author likes before the period closes; every submission is kept
with its time. At close, the last submission before the cut-off is compared
with the actual (see ``domain.accuracy``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Self
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.base import LedgerAggregate
from domain.measures import Figure, check_figures
from domain.periods import PeriodKey
from domain.target_rules import Rulebook
from domain.values import Stamp


class ForecastRole(StrEnum):
    REP = "rep"
    MANAGER = "manager"


def forecast_series_id(person_id: str, period_key: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"perfledger:forecast:{person_id}:{period_key}")


class ForecastSeries(LedgerAggregate):
    """Every forecast made about one person's result for one period."""

    person_id: str
    period_key: str
    submissions: int

    def __init__(self) -> None:
        """State is set by the events (the annotations above are not constructor fields)."""

    class Begun(LedgerAggregate.Created):
        person_id: str
        period_key: str
        starts_on: date
        ends_on: date

        def apply(self, aggregate: ForecastSeries) -> None:
            aggregate.person_id, aggregate.period_key = self.person_id, self.period_key
            aggregate.submissions = 0

    class Submitted(LedgerAggregate.Event):
        person_id: str
        period_key: str
        role: str
        figures: list[Figure]

        def apply(self, aggregate: ForecastSeries) -> None:
            aggregate.submissions += 1

    @classmethod
    def begin(cls, stamp: Stamp, person_id: str, period: PeriodKey) -> Self:
        return cls._begin(
            cls.Begun,
            stamp,
            forecast_series_id(person_id, period.key),
            person_id=person_id,
            period_key=period.key,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
        )

    def submit(
        self, stamp: Stamp, role: ForecastRole, figures: Sequence[Figure], rulebook: Rulebook
    ) -> None:
        """A new expectation; earlier ones are kept, never replaced."""
        check_figures(figures, rulebook.by_code)
        self._record(
            self.Submitted,
            stamp,
            person_id=self.person_id,
            period_key=self.period_key,
            role=role.value,
            figures=list(figures),
        )
