"""Measures a target is set in, and the figures set for them.

A measure is configured by an admin (defaults: cash, new customers, renewals).
Its basis says where its actual comes from (deals) and what strategy lines
contribute to it; its unit follows from the basis: money or a count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from domain.errors import InvalidInput
from domain.values import MAX_NAME, Money, check_ident, check_text

# Targets and forecasts stay within this many units (money: major units).
FIGURE_LIMIT = Decimal(10) ** 13


class Basis(StrEnum):
    """Where a measure's actual comes from."""

    CASH = "cash"  # cash received, net of refunds, on the day it moved
    SIGNED_AMOUNT = "signed_amount"  # amount of deals signed, net of cancellations
    NEW_CUSTOMERS = "new_customers"  # new deals signed, net of cancellations
    RENEWALS = "renewals"  # renewal deals signed, net of cancellations

    @property
    def is_money(self) -> bool:
        return self in (Basis.CASH, Basis.SIGNED_AMOUNT)


@dataclass(frozen=True)
class Measure:
    code: str
    name: str
    basis: str

    @property
    def unit(self) -> str:
        return "money" if Basis(self.basis).is_money else "count"

    @classmethod
    def define(cls, code: str, name: str, basis: str) -> Measure:
        try:
            parsed = Basis(basis)
        except ValueError:
            known = ", ".join(b.value for b in Basis)
            raise InvalidInput("basis", f"must be one of {known}") from None
        return cls(
            check_ident("code", code), check_text("name", name, limit=MAX_NAME), parsed.value
        )


DEFAULT_MEASURES = (
    Measure("cash", "Cash", Basis.CASH.value),
    Measure("new_customers", "New customers", Basis.NEW_CUSTOMERS.value),
    Measure("renewals", "Renewals", Basis.RENEWALS.value),
)


@dataclass(frozen=True)
class Figure:
    """A number for one measure: money carries its currency, a count carries none."""

    measure: str
    amount: Decimal
    currency: str | None = None

    def check(self, field: str, measures: Mapping[str, Measure]) -> Measure:
        """The figure fits its measure: known, positive, in its unit, within bounds."""
        measure = measures.get(self.measure)
        if measure is None:
            raise InvalidInput(f"{field}.measure", f"unknown measure {self.measure!r}")
        if not self.amount.is_finite() or self.amount <= 0:
            raise InvalidInput(f"{field}.amount", "must be greater than zero")
        if self.amount >= FIGURE_LIMIT:
            raise InvalidInput(f"{field}.amount", f"must be less than {FIGURE_LIMIT:,}")
        if measure.unit == "money":
            self._check_money(field, measure)
        else:
            self._check_count(field, measure)
        return measure

    def _check_money(self, field: str, measure: Measure) -> None:
        if self.currency is None:
            raise InvalidInput(f"{field}.currency", f"{measure.code} is money: name a currency")
        try:
            Money(self.amount, self.currency)  # two places at most, an ISO code
        except InvalidInput as e:
            raise InvalidInput(f"{field}.{e.field}", e.reason) from None

    def _check_count(self, field: str, measure: Measure) -> None:
        if self.currency is not None:
            raise InvalidInput(f"{field}.currency", f"{measure.code} is a count: no currency")
        if self.amount != self.amount.to_integral_value():
            raise InvalidInput(f"{field}.amount", f"{measure.code} is a count: a whole number")


def measures_by_code(measures: Iterable[Measure]) -> dict[str, Measure]:
    return {m.code: m for m in measures}


def check_figures(
    figures: Sequence[Figure], measures: Mapping[str, Measure], field: str = "figures"
) -> None:
    """At least one figure, each measure once, every figure fitting its measure."""
    if not figures:
        raise InvalidInput(field, "name at least one figure")
    seen: set[str] = set()
    for i, figure in enumerate(figures):
        figure.check(f"{field}.{i}", measures)
        if figure.measure in seen:
            raise InvalidInput(f"{field}.{i}.measure", f"{figure.measure} is named twice")
        seen.add(figure.measure)


def money_currency(figures: Sequence[Figure], field: str = "figures") -> tuple[str, str] | None:
    """The first currency among the figures, with the field that named it."""
    for i, figure in enumerate(figures):
        if figure.currency is not None:
            return figure.currency, f"{field}.{i}.currency"
    return None
