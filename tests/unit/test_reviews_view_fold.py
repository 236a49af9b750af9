"""The reviews view is the same fold over a review's events, however they are batched."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.review_steps import Step
from domain.reviews import Review
from domain.rubrics import Case
from domain.scheme import DEFAULT_SCHEME
from domain.standard_rubrics import SIX_VALUES
from domain.values import PersonalText
from projections.reviews import Reviews
from tests.support import as_stored, fold
from tests.unit.test_reviews import at, claims, stamp


def _events() -> list[Any]:
    review = at(Step.FINAL)
    review.lodge_appeal(stamp("r1"), "the March deals")
    review.amend(
        stamp("h1"), SIX_VALUES, claims(2)[:1], Decimal(4), DEFAULT_SCHEME, "fix", "appeal:1"
    )
    review.decide_appeal(stamp("h1"), 1, "upheld", "agreed")
    evidence = [Case(PersonalText("r1", "x"), date(2025, 3, 1), PersonalText("r1", "y"))]
    review.record_integrity_finding(stamp("h1"), SIX_VALUES, DEFAULT_SCHEME, "lied", evidence)
    return list(review.collect_events())


EVENTS = as_stored(_events())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, len(EVENTS)), max_size=8))
def test_reviews_view_is_the_same_fold_for_any_batch_split(cuts: list[int]) -> None:
    one_by_one = fold(Reviews.handlers, EVENTS, list(range(len(EVENTS))))
    assert fold(Reviews.handlers, EVENTS, cuts) == one_by_one
    (row,) = one_by_one["review_rows"].values()
    assert (row["step"], row["placement"], row["red_line"]) == ("final", "dog", 1)
    assert (row["rating"], row["amendments"], row["appeal_open"]) == ("4", 1, 0)
    assert row["points"] == 18 - 3 + 1  # customer-first corrected from 3 points to 1
    assert isinstance(EVENTS[0], Review.Opened)
