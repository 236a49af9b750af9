"""The targets view equals a fold over its events, however the events are cut into batches."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.deals import Deal
from domain.forecasts import ForecastRole, ForecastSeries
from domain.periods import Period, PeriodKey
from domain.target_rules import DEFAULT_RULEBOOK
from domain.targets import Subject, Target
from projections.targets import Targets
from tests.support import as_stored, stamp
from tests.support import fold as fold_over
from tests.targets_support import cash, cny, seed_strategy

MARCH = PeriodKey.parse("2025-03")


def fold(events: Sequence[Any], cuts: Sequence[int]) -> dict[str, Any]:
    tables: dict[str, Any] = fold_over(Targets.handlers, events, cuts)
    return tables


def target_events() -> list[Any]:
    strategy = seed_strategy()
    subject = Subject.of("person", "r1")
    target = Target.draft(
        stamp("r1"), subject, MARCH, strategy.figures, strategy.lines, DEFAULT_RULEBOOK
    )
    target.submit(stamp("r1"), DEFAULT_RULEBOOK)
    target.approve(stamp("m1"))
    target.adjust_plan(stamp("r1"), date(2025, 3, 10), 99, 1, "fair")
    series = ForecastSeries.begin(stamp("r1"), "r1", MARCH)
    series.submit(stamp("r1"), ForecastRole.REP, [cash(500_000)], DEFAULT_RULEBOOK)
    return [*target.collect_events(), *series.collect_events()[1:]]  # Begun: not viewed


deals = st.lists(
    st.tuples(
        st.integers(1, 10**7),  # amount in cents
        st.integers(-40, 40),  # signed this many days from 15 March
        st.sampled_from(["new", "renewal"]),
        st.integers(0, 4),  # visits
        st.sampled_from(["signed", "paid", "refunded", "cancelled"]),
    ),
    max_size=8,
)


def deal_events(amount: int, offset: int, kind: str, visits: int, fate: str) -> list[Any]:
    day = date(2025, 3, 15) + timedelta(days=offset)
    money = cny(Decimal(amount).scaleb(-2))
    deal = Deal.sign(
        stamp("r1"), uuid4(), "r1", "c-1", kind, money, day, [f"v{i}" for i in range(visits)], "fit"
    )
    if fate in ("paid", "refunded"):
        deal.receive_cash(stamp("r1"), money, day)
    if fate == "refunded":
        deal.refund(stamp("r1"), money, day, "returned")
    if fate == "cancelled":
        deal.cancel(stamp("r1"), day, "withdrew")
    return list(deal.collect_events())


@settings(max_examples=60, deadline=None)
@given(deals, deals, st.lists(st.integers(0, 80), max_size=8))
def test_the_targets_view_is_the_same_fold_for_any_batch_split(
    before_close: list[Any], after_close: list[Any], cuts: list[int]
) -> None:
    period = Period.open(stamp(), MARCH)
    period.close(stamp())
    closed = [e for e in period.collect_events() if type(e) in Targets.handlers]
    events = as_stored(
        [
            *target_events(),
            *(e for spec in before_close for e in deal_events(*spec)),
            *closed,
            *(e for spec in after_close for e in deal_events(*spec)),
        ]
    )
    one_by_one = fold(events, list(range(len(events))))
    assert fold(events, [c for c in cuts if c < len(events)]) == one_by_one
    assert fold(events, []) == one_by_one
    facts = one_by_one.get("target_facts", {}).values()
    paid = sum(f["delta"] for f in facts if f["quantity"] == "cash")
    expected = sum(a for a, _, _, _, fate in [*before_close, *after_close] if fate == "paid")
    assert paid == expected
    close = one_by_one["target_closes"][("2025-03",)]
    assert (
        close["close_position"]
        == len(target_events()) + sum(len(deal_events(*spec)) for spec in before_close) + 1
    )
