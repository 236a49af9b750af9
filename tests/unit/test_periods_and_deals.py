"""Periods and deals: the shared contracts of the targets and process contexts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.deals import Deal
from domain.errors import InvalidInput, RuleBroken, StateConflict
from domain.periods import Period, PeriodKey
from domain.values import Money
from tests.support import stamp


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("2025-03", date(2025, 3, 1), date(2025, 4, 1)),
        ("2025-12", date(2025, 12, 1), date(2026, 1, 1)),
        ("2025-Q4", date(2025, 10, 1), date(2026, 1, 1)),
        ("2025-H1", date(2025, 1, 1), date(2025, 7, 1)),
        ("2025", date(2025, 1, 1), date(2026, 1, 1)),
    ],
)
def test_period_keys_span_their_months(key: str, start: date, end: date) -> None:
    period = PeriodKey.parse(key)
    assert (period.starts_on, period.ends_on) == (start, end)


@pytest.mark.parametrize("key", ["2025-13", "2025-Q5", "25-01", "2025-H3", "x", "2025-1"])
def test_bad_period_keys_are_refused(key: str) -> None:
    with pytest.raises(InvalidInput):
        PeriodKey.parse(key)


def test_a_closed_period_stays_closed() -> None:
    period = Period.open(stamp(), PeriodKey.parse("2025-03"))
    period.close(stamp())
    with pytest.raises(StateConflict):
        period.close(stamp())


def cny(amount: str) -> Money:
    return Money(Decimal(amount), "CNY")


def signed() -> Deal:
    return Deal.sign(
        stamp("r1"), uuid4(), "r1", "c-1", "new", cny("1000"), date(2025, 3, 2), ["v1"], "fit"
    )


def test_cash_in_instalments_then_a_refund_then_cancel() -> None:
    deal = signed()
    deal.receive_cash(stamp("r1"), cny("400"), date(2025, 3, 5))
    deal.receive_cash(stamp("r1"), cny("600"), date(2025, 4, 5))
    with pytest.raises(RuleBroken, match="exceed"):
        deal.receive_cash(stamp("r1"), cny("0.01"), date(2025, 4, 6))
    with pytest.raises(RuleBroken, match="refund"):
        deal.cancel(stamp("r1"), date(2025, 4, 7), "customer withdrew")
    with pytest.raises(RuleBroken, match="exceed the cash"):
        deal.refund(stamp("r1"), cny("1000.01"), date(2025, 4, 7), "too much")
    deal.refund(stamp("r1"), cny("1000"), date(2025, 4, 7), "customer withdrew")
    deal.cancel(stamp("r1"), date(2025, 4, 7), "customer withdrew")
    with pytest.raises(StateConflict):
        deal.receive_cash(stamp("r1"), cny("1"), date(2025, 4, 8))


@pytest.mark.parametrize(
    ("amount", "why", "kind", "error"),
    [
        ("-1", "fit", "new", InvalidInput),
        ("0", "fit", "new", InvalidInput),
        ("10", "  ", "new", InvalidInput),
        ("10", "fit", "upsell", InvalidInput),
    ],
)
def test_a_deal_needs_a_positive_amount_a_reason_and_a_kind(
    amount: str, why: str, kind: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        Deal.sign(stamp("r1"), uuid4(), "r1", "c-1", kind, cny(amount), date(2025, 3, 2), [], why)


def test_currency_cannot_be_mixed_in_a_deal() -> None:
    with pytest.raises(InvalidInput, match="currency"):
        signed().receive_cash(stamp("r1"), Money(Decimal(1), "USD"), date(2025, 3, 5))
