"""Strategy arithmetic: exact Decimal products and sums, tolerance edges, bad lines."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import InvalidInput
from domain.measures import DEFAULT_MEASURES, Figure, check_figures, measures_by_code
from domain.strategy import (
    Events,
    NewSignings,
    OtherAmount,
    Renewals,
    StrategyLine,
    check_lines,
    check_one_currency,
    differences,
    line_totals,
)
from domain.values import Money
from tests.targets_support import cash, cny, count, seed_lines

MEASURES = measures_by_code(DEFAULT_MEASURES)


def test_the_seed_strategy_multiplies_out() -> None:
    totals = line_totals(seed_lines())
    # 40 x 40,000 + 80 x 9,000 + 4 x 50 x 50 % x 40,000
    assert totals.money == Decimal("6320000")
    assert totals.new_customers == 140  # 40 signed + 100 from the events
    assert totals.renewals == 80
    assert totals.events == 4


def test_lines_that_do_not_add_up_name_the_difference() -> None:
    figures = [cash(5_000_000), count("new_customers", 140), count("renewals", 90)]
    found = differences(figures, seed_lines(), MEASURES, Decimal("0.01"))
    assert [(d.measure, d.difference) for d in found] == [
        ("cash", Decimal(1_320_000)),
        ("renewals", Decimal(-10)),
    ]
    assert found[0].describe() == (
        "cash: the lines add up to 6320000.00 CNY, the target is 5000000.00 CNY, "
        "a difference of +1320000.00 CNY"
    )


# --- exactness ----------------------------------------------------------------------

cents = st.integers(1, 10**14).map(lambda c: Decimal(c) / 100)
rates = st.integers(1, 10**4).map(lambda r: Decimal(r) / 10**4)
counts = st.integers(1, 10**6)


@st.composite
def lines(draw: st.DrawFn) -> StrategyLine:
    kind = draw(st.sampled_from(["new", "renewal", "events", "other"]))
    average = Money(draw(cents.filter(lambda a: a < 10**13)), "CNY")
    if kind == "new":
        return NewSignings(draw(counts), average)
    if kind == "renewal":
        return Renewals(draw(counts), average)
    if kind == "events":
        return Events(draw(counts), draw(st.integers(1, 10**5)), draw(rates), average)
    return OtherAmount.explained(average, "a returning account")


def oracle(line: StrategyLine) -> Fraction:
    """The same product in exact rationals, independently of Decimal."""
    if isinstance(line, Events):
        return (
            Fraction(line.count)
            * Fraction(line.leads_per_event)
            * Fraction(line.conversion_rate)
            * Fraction(line.average.amount)
        )
    if isinstance(line, OtherAmount):
        return Fraction(line.amount.amount)
    assert isinstance(line, NewSignings | Renewals)
    return Fraction(line.count) * Fraction(line.average.amount)


@settings(max_examples=300, deadline=None)
@given(st.lists(lines(), min_size=1, max_size=50))
def test_line_totals_are_exact_for_any_bounded_lines(drawn: list[StrategyLine]) -> None:
    check_lines(drawn)
    assert Fraction(line_totals(drawn).money) == sum(oracle(line) for line in drawn)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 99), min_size=1, max_size=50))
def test_cents_never_drift_the_way_floats_do(amounts: list[int]) -> None:
    """Tenths and cents that floats cannot hold add up exactly with zero tolerance."""
    drawn: list[StrategyLine] = [NewSignings(1, cny(f"0.{a:02d}")) for a in amounts]
    exact = sum((Decimal(a) for a in amounts), Decimal(0)) / 100
    assert differences([cash(str(exact))], drawn, MEASURES, Decimal(0)) == []
    assert differences([cash(str(exact + Decimal("0.01")))], drawn, MEASURES, Decimal(0))


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 10**9), st.integers(0, 50))
def test_tolerance_edges_are_inside_and_one_cent_beyond_is_outside(
    target: int, percent: int
) -> None:
    tolerance = Decimal(percent) / 100
    edge = Decimal(target) * (1 + tolerance)
    low = Decimal(target) * (1 - tolerance)
    figure = [cash(target)]
    for backed in (edge, low):
        assert differences(figure, [NewSignings(1, cny(str(backed)))], MEASURES, tolerance) == []
    beyond = [NewSignings(1, cny(str(edge + Decimal("0.01"))))]
    assert [d.measure for d in differences(figure, beyond, MEASURES, tolerance)] == ["cash"]


# --- refusals -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (NewSignings(0, cny(40_000)), "lines.0.count"),
        (Renewals(-3, cny(9_000)), "lines.0.count"),
        (NewSignings(40, cny(0)), "lines.0.average.amount"),
        (Events(0, 50, Decimal("0.5"), cny(1)), "lines.0.count"),
        (Events(4, 0, Decimal("0.5"), cny(1)), "lines.0.leads_per_event"),
        (Events(4, 50, Decimal("1.5"), cny(1)), "lines.0.conversion_rate"),
        (Events(4, 50, Decimal("0"), cny(1)), "lines.0.conversion_rate"),
        (Events(4, 50, Decimal("-0.1"), cny(1)), "lines.0.conversion_rate"),
        (Events(4, 50, Decimal("0.12345"), cny(1)), "lines.0.conversion_rate"),
        (OtherAmount.explained(cny(5), " "), "lines.0.explanation"),
    ],
)
def test_bad_lines_are_refused_naming_the_field(line: StrategyLine, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_lines([line])
    assert refused.value.field == field


def test_one_target_has_one_currency() -> None:
    usd = NewSignings(1, Money(Decimal(10), "USD"))
    with pytest.raises(InvalidInput) as refused:
        check_one_currency([cash(10)], [NewSignings(1, cny(5)), usd])
    assert refused.value.field == "lines.1.average.currency"
    assert "is USD but this target is in CNY" in refused.value.detail
    with pytest.raises(InvalidInput) as by_figure:
        check_one_currency([cash(10, "USD")], [NewSignings(1, cny(5))])
    assert by_figure.value.field == "lines.0.average.currency"


@pytest.mark.parametrize(
    ("figures", "field"),
    [
        ([], "figures"),
        ([Figure("visits", Decimal(3))], "figures.0.measure"),
        ([cash(10), cash(20)], "figures.1.measure"),
        ([Figure("cash", Decimal(10))], "figures.0.currency"),
        ([Figure("renewals", Decimal(10), "CNY")], "figures.0.currency"),
        ([Figure("renewals", Decimal("2.5"))], "figures.0.amount"),
        ([Figure("renewals", Decimal(0))], "figures.0.amount"),
        ([Figure("cash", Decimal("1.001"), "CNY")], "figures.0.amount"),
        ([Figure("cash", Decimal(1), "cny")], "figures.0.currency"),
    ],
)
def test_bad_figures_are_refused_naming_the_field(figures: list[Figure], field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_figures(figures, MEASURES)
    assert refused.value.field == field
