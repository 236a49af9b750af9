"""The scheme: composite score, talent placement and distribution against guidance."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import InvalidInput
from domain.review_steps import Outcome
from domain.scheme import (
    DEFAULT_SCHEME,
    GUIDANCE_271,
    GUIDANCE_361,
    TalentThresholds,
    composite,
    distribution,
    place,
    values_score,
)

STEPS = [g.value for g in DEFAULT_SCHEME.scale]
ratings = st.sampled_from(STEPS)
weights = st.integers(0, 100)


@settings(max_examples=300, deadline=None)
@given(ratings, st.integers(0, 30), weights)
def test_composite_lies_between_its_two_sides(rating: Decimal, points: int, w: int) -> None:
    values = values_score(points, 30, DEFAULT_SCHEME.top)
    mixed = composite(rating, values, w, 100 - w)
    cent = Decimal("0.01")
    assert min(rating, values) - cent <= mixed <= max(rating, values) + cent
    assert mixed == mixed.quantize(cent)
    exact = (Decimal(w) * rating + Decimal(100 - w) * values) / 100
    assert abs(mixed - exact) <= Decimal("0.005")


@settings(max_examples=200, deadline=None)
@given(ratings, ratings, st.integers(0, 30), weights)
def test_composite_never_falls_when_the_rating_rises(
    a: Decimal, b: Decimal, points: int, w: int
) -> None:
    values = values_score(points, 30, DEFAULT_SCHEME.top)
    low, high = sorted((a, b))
    assert composite(low, values, w, 100 - w) <= composite(high, values, w, 100 - w)


@settings(max_examples=200, deadline=None)
@given(ratings, st.integers(0, 20), st.integers(0, 20))
def test_composite_never_falls_when_values_rise(rating: Decimal, p: int, q: int) -> None:
    low, high = sorted((p, q))
    scores = [values_score(x, 20, DEFAULT_SCHEME.top) for x in (low, high)]
    assert composite(rating, scores[0], 50, 50) <= composite(rating, scores[1], 50, 50)


@given(ratings, st.integers(0, 30))
def test_the_weights_decide_which_side_counts(rating: Decimal, points: int) -> None:
    values = values_score(points, 30, DEFAULT_SCHEME.top)
    assert composite(rating, values, 100, 0) == rating.quantize(Decimal("0.01"))
    assert composite(rating, values, 0, 100) == values


def test_values_points_are_put_on_the_scale_top() -> None:
    assert values_score(30, 30, Decimal(5)) == Decimal("5.00")
    assert values_score(18, 30, Decimal(5)) == Decimal("3.00")
    assert values_score(15, 20, Decimal(5)) == Decimal("3.75")
    with pytest.raises(InvalidInput):
        values_score(31, 30, Decimal(5))


T = TalentThresholds(Decimal("3.75"), Decimal("3.25"), Decimal("3"))


@pytest.mark.parametrize(
    ("performance", "values", "red_line", "cell"),
    [
        ("4.5", "4", False, "star"),
        ("3.75", "2.5", False, "wild dog"),
        ("3.5", "3", False, "ox"),
        ("3.25", "3", False, "ox"),
        ("3", "3.5", False, "white rabbit"),
        ("3", "2", False, "dog"),
        ("3.5", "2", False, "dog"),
        ("5", "5", True, "dog"),  # the red line overrides the performance side
    ],
)
def test_talent_matrix_cells(performance: str, values: str, red_line: bool, cell: str) -> None:
    assert place(T, Decimal(performance), Decimal(values), red_line=red_line) == cell


@settings(max_examples=200, deadline=None)
@given(ratings, st.integers(0, 30))
def test_a_red_line_always_places_as_dog(rating: Decimal, points: int) -> None:
    outcome = Outcome.of(DEFAULT_SCHEME, rating, points, 30, red_line=True)
    assert outcome.placement == "dog"
    assert (
        outcome.composite
        == Outcome.of(DEFAULT_SCHEME, rating, points, 30, red_line=False).composite
    )


def test_the_performance_measure_can_be_the_rating() -> None:
    by_rating = replace(DEFAULT_SCHEME, talent=replace(DEFAULT_SCHEME.talent, measure="rating"))
    assert Outcome.of(by_rating, Decimal(5), 12, 30, red_line=False).placement == "wild dog"
    assert Outcome.of(DEFAULT_SCHEME, Decimal(5), 12, 30, red_line=False).placement == "dog"


def test_distribution_is_shown_against_the_guidance_never_forced() -> None:
    ratings_ = [
        Decimal(x) for x in ("5", "4", "3.75", "3.5", "3.5", "3.5", "3.5", "3.25", "3.5", "3.5")
    ]
    spread = distribution(DEFAULT_SCHEME, GUIDANCE_361, ratings_)
    assert [(b.band, b.count) for b in spread.bands] == [("high", 3), ("middle", 6), ("low", 1)]
    assert spread.within_tolerance
    skewed = distribution(DEFAULT_SCHEME, GUIDANCE_271, [Decimal(5)] * 6 + [Decimal("3.5")] * 4)
    assert not skewed.within_tolerance
    assert [b.outside for b in skewed.bands] == [True, True, False]


@pytest.mark.parametrize(
    "change",
    [
        {"performance_weight": 60},
        {"default_guidance": "451"},
        {"tolerance": 101},
        {"scale": DEFAULT_SCHEME.scale[:1]},
        {"scale": (*DEFAULT_SCHEME.scale, DEFAULT_SCHEME.scale[0])},
        {"guidances": (replace(GUIDANCE_361, low=20),)},
        {"talent": replace(T, performance_middle=Decimal(4))},
        {"talent": replace(T, measure="luck")},
        {"conversation_flag_minutes": 0},
    ],
)
def test_a_bad_scheme_is_refused(change: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        replace(DEFAULT_SCHEME, **change).check()  # type: ignore[arg-type]


def test_only_scale_steps_are_ratings() -> None:
    assert DEFAULT_SCHEME.grade(Decimal("3.75")).label == "partly exceeds"
    with pytest.raises(InvalidInput, match="scale"):
        DEFAULT_SCHEME.grade(Decimal("3.6"))
