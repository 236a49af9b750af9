"""Plans, roll-ups and accuracy: whole weeks that add up, gaps shown, band edges exact."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.accuracy import Accuracy, attainment, trend
from domain.measures import Figure
from domain.periods import PeriodKey
from domain.plans import Conversion, derive_plan, months_before, spread, weeks_of
from projections.targets.rollup import gaps
from tests.targets_support import cash, count

DEFAULT = Conversion.of(0, 0, Decimal(5))


def test_the_seed_plan_for_march_2025() -> None:
    """100 new and 80 renewals at the default 5 visits a deal: 900 visits over 31 days."""
    weeks = derive_plan(
        PeriodKey.parse("2025-03"), Decimal(100), Decimal(80), 4, (DEFAULT, DEFAULT)
    )
    assert [w.starts_on.isoformat() for w in weeks] == [
        "2025-02-24",
        "2025-03-03",
        "2025-03-10",
        "2025-03-17",
        "2025-03-24",
        "2025-03-31",
    ]
    assert [w.days for w in weeks] == [2, 7, 7, 7, 7, 1]
    assert [w.visits for w in weeks] == [58, 204, 203, 203, 203, 29]
    assert [w.events for w in weeks] == [0, 1, 1, 1, 1, 0]


def test_history_gives_visits_per_deal_and_the_default_fills_in() -> None:
    assert Conversion.of(3, 7, Decimal(5)).visits_per_deal == Decimal("2.3333")
    assert Conversion.of(3, 7, Decimal(5)).source == "history"
    assert Conversion.of(4, 0, Decimal(5)) == Conversion(Decimal(5), 4, 0, "default")
    weeks = derive_plan(
        PeriodKey.parse("2025-03"),
        Decimal(3),
        Decimal(0),
        0,
        (Conversion.of(3, 7, Decimal(5)), DEFAULT),
    )
    assert sum(w.visits for w in weeks) == 7  # 3 x 2.3333 = 6.9999, a part visit is a visit


def test_months_before_a_period() -> None:
    assert months_before(PeriodKey.parse("2025-02"), 3) == ["2025-01", "2024-12", "2024-11"]
    assert months_before(PeriodKey.parse("2025-Q3"), 1) == ["2025-06"]


periods = st.sampled_from(
    [f"2025-{m:02d}" for m in range(1, 13)] + ["2024-Q1", "2025-H2", "2024", "2028-02"]
).map(PeriodKey.parse)


@settings(max_examples=200, deadline=None)
@given(periods)
def test_weeks_cover_each_day_of_the_period_once(period: PeriodKey) -> None:
    weeks = weeks_of(period)
    assert sum(d for _, d in weeks) == (period.ends_on - period.starts_on).days
    assert all(m.weekday() == 0 for m, _ in weeks)
    assert all(b - a == timedelta(days=7) for (a, _), (b, _) in itertools.pairwise(weeks))


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**6), st.lists(st.integers(0, 7), min_size=1, max_size=60))
def test_spread_adds_up_exactly_and_stays_within_one_of_the_share(
    amount: int, weights: list[int]
) -> None:
    shares = spread(amount, weights)
    whole = sum(weights)
    if whole == 0:
        assert shares == [0] * len(weights)
        return
    assert sum(shares) == amount
    for share, weight in zip(shares, weights, strict=True):
        exact = Fraction(amount * weight, whole)
        assert exact - 1 < share < exact + 1


# --- roll-ups ----------------------------------------------------------------------

member_targets = st.lists(
    st.lists(
        st.tuples(st.sampled_from(["cash", "renewals"]), st.integers(1, 10**9)),
        max_size=2,
        unique_by=lambda t: t[0],
    ),
    max_size=12,
)


def _figure(measure: str, amount: int) -> Figure:
    return cash(Decimal(amount) / 100) if measure == "cash" else count(measure, amount)


@settings(max_examples=300, deadline=None)
@given(member_targets, st.integers(1, 10**10))
def test_a_roll_up_sums_every_member_and_shows_the_gap(
    members: list[list[tuple[str, int]]], team_cash: int
) -> None:
    team = [cash(Decimal(team_cash) / 100)]
    figures = [[_figure(m, a) for m, a in member] for member in members]
    rows = {(r["measure"], r["currency"]): r for r in gaps(team, figures)}
    expected = sum(Decimal(a) / 100 for member in members for m, a in member if m == "cash")
    assert rows[("cash", "CNY")]["members_total"] == expected
    assert rows[("cash", "CNY")]["gap"] == team[0].amount - expected
    renewals = sum(a for member in members for m, a in member if m == "renewals")
    if renewals:
        assert rows[("renewals", None)] == {
            "measure": "renewals",
            "currency": None,
            "team_target": None,
            "members_total": renewals,
            "gap": None,
        }


# --- accuracy at the band's edges ---------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(st.integers(1, 10**12), st.integers(0, 100))
def test_the_band_includes_its_edges_and_excludes_a_cent_beyond(
    forecast_cents: int, percent: int
) -> None:
    forecast, band = Decimal(forecast_cents) / 100, Decimal(percent) / 100
    high, low = forecast * (1 + band), forecast * (1 - band)
    assert Accuracy(forecast, high, band).within_band
    assert Accuracy(forecast, low, band).within_band
    cent = Decimal("0.01")
    assert not Accuracy(forecast, high + cent, band).within_band
    assert not Accuracy(forecast, low - cent, band).within_band


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 10**12), st.integers(0, 10**13))
def test_the_error_is_the_exact_ratio_to_four_places(
    forecast_cents: int, actual_cents: int
) -> None:
    forecast, actual = Decimal(forecast_cents) / 100, Decimal(actual_cents) / 100
    error = Accuracy(forecast, actual, Decimal("0.1")).error
    exact = abs(Fraction(actual_cents) - Fraction(forecast_cents)) / Fraction(forecast_cents)
    assert error is not None
    assert abs(Fraction(error) - exact) <= Fraction(1, 20000)


def test_the_seed_band_500k_forecast() -> None:
    """ "I will do 500k": 450k and 550k pass, anything further does not."""
    band = Decimal("0.10")
    assert Accuracy(Decimal(500_000), Decimal(550_000), band).within_band
    assert Accuracy(Decimal(500_000), Decimal(450_000), band).within_band
    assert not Accuracy(Decimal(500_000), Decimal("550000.01"), band).within_band
    assert Accuracy(Decimal(500_000), Decimal(440_000), band).error == Decimal("0.1200")


@pytest.mark.parametrize(
    ("values", "direction"),
    [
        ([], "none"),
        ([5], "single"),
        ([4, 5, 6], "rising"),
        ([6, 4], "falling"),
        ([5, 9, 5], "steady"),
    ],
)
def test_trend(values: list[int], direction: str) -> None:
    assert trend([Decimal(v) for v in values]) == direction


def test_attainment() -> None:
    assert attainment(Decimal(4_600_000), Decimal(4_720_000)) == Decimal("0.9746")
    assert attainment(Decimal(1), Decimal(0)) is None
