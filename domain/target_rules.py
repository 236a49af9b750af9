"""The rules targets, plans and forecasts are judged by, as an admin configures them.

Every number here is a default an organisation may change: the measures, how
closely strategy lines must add up, the forecast band and cut-off, and what a
plan assumes where a person has no history. Changes are events; a period's
forecast verdict uses the rules in force when the period closed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Self
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.base import LedgerAggregate
from domain.errors import InvalidInput, StateConflict
from domain.measures import DEFAULT_MEASURES, Measure, measures_by_code
from domain.values import Stamp

TARGET_RULES_ID: UUID = uuid5(NAMESPACE_URL, "perfledger:target-rules")
MAX_MEASURES = 30


@dataclass(frozen=True)
class Rulebook:
    """The configured rules; the defaults are the seed's."""

    measures: tuple[Measure, ...] = DEFAULT_MEASURES
    # How far a strategy's lines may miss a figure, as a fraction of the figure.
    tolerance: Decimal = Decimal("0.01")
    # A forecast within this fraction of the actual was good (the seed: ±10 %).
    accuracy_band: Decimal = Decimal("0.10")
    # Forecasts count for accuracy if recorded before the period's first day plus this.
    forecast_cutoff_days: int = 0
    # Visits a plan assumes per signed deal where the person has no history.
    visits_per_deal: Decimal = Decimal(5)
    # How many months before a period a person's conversion history reaches back.
    history_months: int = 6

    @property
    def by_code(self) -> dict[str, Measure]:
        return measures_by_code(self.measures)

    def check(self) -> Self:
        _fraction("tolerance", self.tolerance, upper=Decimal("0.5"))
        _fraction("accuracy_band", self.accuracy_band, upper=Decimal(1))
        if not -366 <= self.forecast_cutoff_days <= 366:
            raise InvalidInput("forecast_cutoff_days", "must be between -366 and 366")
        if not Decimal(0) < self.visits_per_deal <= 1000:
            raise InvalidInput("visits_per_deal", "must be greater than 0 and at most 1000")
        if not 1 <= self.history_months <= 36:
            raise InvalidInput("history_months", "must be between 1 and 36")
        return self

    def describe(self) -> dict[str, Any]:
        return {
            "tolerance": str(self.tolerance),
            "accuracy_band": str(self.accuracy_band),
            "forecast_cutoff_days": self.forecast_cutoff_days,
            "visits_per_deal": str(self.visits_per_deal),
            "history_months": self.history_months,
            "measures": [
                {"code": m.code, "name": m.name, "basis": m.basis, "unit": m.unit}
                for m in self.measures
            ],
        }


def _fraction(field: str, value: Decimal, upper: Decimal) -> None:
    if not value.is_finite() or not Decimal(0) <= value <= upper:
        raise InvalidInput(field, f"must be between 0 and {upper}")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        raise InvalidInput(field, "must have at most 6 decimal places")


DEFAULT_RULEBOOK = Rulebook()


class TargetRules(LedgerAggregate):
    """The organisation's one rulebook for targets, plans and forecasts."""

    rulebook: Rulebook

    def __init__(self) -> None:
        """State is set by the events (the annotation above is not a constructor field)."""

    class Configured(LedgerAggregate.Created):
        rulebook: Rulebook

        def apply(self, aggregate: TargetRules) -> None:
            aggregate.rulebook = self.rulebook

    class Changed(LedgerAggregate.Event):
        rulebook: Rulebook

        def apply(self, aggregate: TargetRules) -> None:
            aggregate.rulebook = self.rulebook

    class MeasureDefined(LedgerAggregate.Event):
        measure: Measure

        def apply(self, aggregate: TargetRules) -> None:
            book = aggregate.rulebook
            aggregate.rulebook = replace(book, measures=(*book.measures, self.measure))

    @classmethod
    def configure(cls, stamp: Stamp) -> Self:
        """The defaults, written down the first time an admin changes anything."""
        return cls._begin(cls.Configured, stamp, TARGET_RULES_ID, rulebook=DEFAULT_RULEBOOK)

    def change(self, stamp: Stamp, rulebook: Rulebook) -> None:
        """New numbers apply from now on; measures are only ever added."""
        rulebook.check()
        if rulebook.measures != self.rulebook.measures:
            raise InvalidInput("measures", "define measures one at a time; none is removed")
        self._record(self.Changed, stamp, rulebook=rulebook)

    def define_measure(self, stamp: Stamp, measure: Measure) -> None:
        if measure.code in self.rulebook.by_code:
            raise StateConflict(f"measure {measure.code} is already defined")
        if len(self.rulebook.measures) >= MAX_MEASURES:
            raise StateConflict(f"at most {MAX_MEASURES} measures")
        self._record(self.MeasureDefined, stamp, measure=measure)
