"""Strategy lines: the products that multiply out to a target (目标要到策略).

A target is accepted only when a strategy explains it: new signings (count x
average deal), renewals (count x average), events (count x leads per event x
conversion rate x average deal) and other amounts with a written explanation.
The lines' money backs the money measures; their expected signings back the
count measures (new customers, renewals).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, ClassVar

from domain.errors import InvalidInput, RuleBroken
from domain.measures import FIGURE_LIMIT, Basis, Figure, Measure, money_currency
from domain.ratios import ZERO, money_text, number_text, product, total, within_fraction
from domain.values import Money, PersonalText, check_text

COUNT_LIMIT = 1_000_000
LEADS_LIMIT = 100_000
RATE_PLACES = 4
MAX_LINES = 50


def check_count(field: str, value: int, limit: int = COUNT_LIMIT) -> int:
    """A count a line needs: a whole number, greater than zero, within reason."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidInput(field, "must be a whole number greater than zero")
    if value > limit:
        raise InvalidInput(field, f"must be at most {limit:,}")
    return value


def check_rate(field: str, rate: Decimal) -> Decimal:
    """A conversion rate lies in (0, 1]: a line that converts nothing backs nothing."""
    if not rate.is_finite() or not ZERO < rate <= 1:
        raise InvalidInput(field, "must be greater than 0 and at most 1")
    exponent = rate.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -RATE_PLACES:
        raise InvalidInput(field, f"must have at most {RATE_PLACES} decimal places")
    return rate


def check_amount(field: str, money: Money) -> Money:
    if money.amount <= 0:
        raise InvalidInput(f"{field}.amount", "must be greater than zero")
    if money.amount >= FIGURE_LIMIT:
        raise InvalidInput(f"{field}.amount", f"must be less than {FIGURE_LIMIT:,}")
    return money


def _money(money: Money) -> dict[str, str]:
    return {"amount": money_text(money.amount), "currency": money.currency}


@dataclass(frozen=True)
class StrategyLine:
    """One product of a strategy: what it brings in money and in signings."""

    kind: ClassVar[str] = ""

    def value(self) -> Decimal:
        """The money the line brings, exact (it may carry more places than money does)."""
        raise NotImplementedError

    @property
    def currency(self) -> str:
        return next(iter(self.money_fields().values())).currency

    def new_customers(self) -> Decimal:
        return ZERO

    def renewals(self) -> Decimal:
        return ZERO

    def events(self) -> int:
        return 0

    def check(self, field: str) -> None:
        raise NotImplementedError

    def about(self, subject_id: str) -> StrategyLine:
        """The line with its free text tagged as being about the target's subject."""
        del subject_id  # only lines with free text carry it
        return self

    def money_fields(self) -> dict[str, Money]:
        """The money this line names, by field, to check one currency per target."""
        raise NotImplementedError

    def terms(self) -> dict[str, Any]:
        raise NotImplementedError

    def describe(self) -> dict[str, Any]:
        """The line as a read model shows it: its terms and what they multiply out to."""
        return {
            "kind": self.kind,
            **self.terms(),
            "value": {"amount": money_text(self.value()), "currency": self.currency},
            "new_customers": number_text(self.new_customers()),
            "renewals": number_text(self.renewals()),
            "events": self.events(),
        }


@dataclass(frozen=True)
class _CountTimesAverage(StrategyLine):
    count: int
    average: Money

    def value(self) -> Decimal:
        return product(Decimal(self.count), self.average.amount)

    def check(self, field: str) -> None:
        check_count(f"{field}.count", self.count)
        check_amount(f"{field}.average", self.average)

    def money_fields(self) -> dict[str, Money]:
        return {"average": self.average}

    def terms(self) -> dict[str, Any]:
        return {"count": self.count, "average": _money(self.average)}


@dataclass(frozen=True)
class NewSignings(_CountTimesAverage):
    """New customers to sign, at an average deal."""

    kind: ClassVar[str] = "new_signings"

    def new_customers(self) -> Decimal:
        return Decimal(self.count)


@dataclass(frozen=True)
class Renewals(_CountTimesAverage):
    """Customers to renew, at an average renewal."""

    kind: ClassVar[str] = "renewals"

    def renewals(self) -> Decimal:
        return Decimal(self.count)


@dataclass(frozen=True)
class Events(StrategyLine):
    """Events whose leads convert into new customers at an average deal."""

    count: int
    leads_per_event: int
    conversion_rate: Decimal
    average: Money
    kind: ClassVar[str] = "events"

    def new_customers(self) -> Decimal:
        return product(Decimal(self.count), Decimal(self.leads_per_event), self.conversion_rate)

    def value(self) -> Decimal:
        return product(self.new_customers(), self.average.amount)

    def events(self) -> int:
        return self.count

    def check(self, field: str) -> None:
        check_count(f"{field}.count", self.count)
        check_count(f"{field}.leads_per_event", self.leads_per_event, LEADS_LIMIT)
        check_rate(f"{field}.conversion_rate", self.conversion_rate)
        check_amount(f"{field}.average", self.average)

    def money_fields(self) -> dict[str, Money]:
        return {"average": self.average}

    def terms(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "leads_per_event": self.leads_per_event,
            "conversion_rate": str(self.conversion_rate),
            "average": _money(self.average),
        }


@dataclass(frozen=True)
class OtherAmount(StrategyLine):
    """Money no product explains, so it must be explained in words."""

    amount: Money
    explanation: PersonalText
    kind: ClassVar[str] = "other"

    def value(self) -> Decimal:
        return self.amount.amount

    def check(self, field: str) -> None:
        check_amount(f"{field}.amount", self.amount)
        check_text(f"{field}.explanation", self.explanation.text)

    def about(self, subject_id: str) -> OtherAmount:
        return replace(self, explanation=PersonalText(subject_id, self.explanation.text))

    @classmethod
    def explained(cls, amount: Money, explanation: str) -> OtherAmount:
        """A line whose subject is not known yet: the target tags it when drafted."""
        return cls(amount, PersonalText(about="", text=explanation))

    def money_fields(self) -> dict[str, Money]:
        return {"amount": self.amount}

    def terms(self) -> dict[str, Any]:
        return {"amount": _money(self.amount), "explanation": self.explanation}


@dataclass(frozen=True)
class LineTotals:
    """What a strategy's lines add up to, per basis, and the activity they need."""

    money: Decimal
    currency: str | None
    new_customers: Decimal
    renewals: Decimal
    events: int

    def for_basis(self, basis: Basis) -> Decimal:
        if basis.is_money:
            return self.money
        return self.new_customers if basis is Basis.NEW_CUSTOMERS else self.renewals

    def describe(self) -> dict[str, Any]:
        return {
            "money": {"amount": money_text(self.money), "currency": self.currency},
            "new_customers": number_text(self.new_customers),
            "renewals": number_text(self.renewals),
            "events": self.events,
        }


def line_totals(lines: Sequence[StrategyLine]) -> LineTotals:
    return LineTotals(
        money=total([line.value() for line in lines]),
        currency=lines[0].currency if lines else None,
        new_customers=total([line.new_customers() for line in lines]),
        renewals=total([line.renewals() for line in lines]),
        events=sum(line.events() for line in lines),
    )


def check_lines(lines: Sequence[StrategyLine], field: str = "lines") -> None:
    if len(lines) > MAX_LINES:
        raise InvalidInput(field, f"at most {MAX_LINES} lines")
    for i, line in enumerate(lines):
        line.check(f"{field}.{i}")


def check_one_currency(figures: Sequence[Figure], lines: Sequence[StrategyLine]) -> None:
    """One target, one currency: every money figure and line names the same one."""
    first = money_currency(figures)
    for i, line in enumerate(lines):
        for name, money in line.money_fields().items():
            where = f"lines.{i}.{name}.currency"
            if first is None:
                first = (money.currency, where)
            elif money.currency != first[0]:
                raise InvalidInput(
                    where, f"is {money.currency} but this target is in {first[0]} ({first[1]})"
                )
    for i, figure in enumerate(figures):
        if first is not None and figure.currency not in (None, first[0]):
            raise InvalidInput(
                f"figures.{i}.currency", f"is {figure.currency} but this target is in {first[0]}"
            )


@dataclass(frozen=True)
class Difference:
    """A measure whose lines do not add up to its figure."""

    measure: str
    target: Decimal
    lines: Decimal
    currency: str | None

    @property
    def difference(self) -> Decimal:
        return self.lines - self.target

    def describe(self) -> str:
        text = money_text if self.currency else number_text
        unit = f" {self.currency}" if self.currency else ""
        sign = "+" if self.difference > 0 else ""
        return (
            f"{self.measure}: the lines add up to {text(self.lines)}{unit}, the target is "
            f"{text(self.target)}{unit}, a difference of {sign}{text(self.difference)}{unit}"
        )


class LinesDoNotAddUp(RuleBroken):
    """A submission whose strategy does not explain its figures (打回)."""

    def __init__(self, found: Sequence[Difference], tolerance: Decimal) -> None:
        named = "; ".join(d.describe() for d in found)
        super().__init__(f"{named} (tolerance {tolerance:%})", field="lines")
        self.differences = tuple(found)
        self.reason = self.detail


def differences(
    figures: Sequence[Figure],
    lines: Sequence[StrategyLine],
    measures: Mapping[str, Measure],
    tolerance: Decimal,
) -> list[Difference]:
    """The figures that the lines miss by more than the tolerance (a fraction of the figure)."""
    sums = line_totals(lines)
    found = []
    for figure in figures:
        backed = sums.for_basis(Basis(measures[figure.measure].basis))
        if not within_fraction(figure.amount, backed, tolerance):
            found.append(Difference(figure.measure, figure.amount, backed, figure.currency))
    return found
