"""Stored bytes: value objects and dates survive the round trip exactly."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidInput
from domain.values import DateRange, Money, PersonalText, Stamp
from services.privacy.cipher import PersonalCipher
from services.transcoding import LedgerTranscoder


@given(
    st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False),
    st.text(max_size=50),
    st.dates(),
)
def test_round_trip(amount: Decimal, text: str, day: date) -> None:
    t = LedgerTranscoder(PersonalCipher.in_memory())
    value = {
        "money": Money(amount, "CNY"),
        "note": PersonalText(about="r1", text=text),
        "range": DateRange(day, None),
        "day": day,
        "when": datetime(2025, 1, 1, tzinfo=UTC),
        "many": [Money(Decimal(1), "USD")],
    }
    assert t.decode(t.encode(value)) == value


def test_money_refuses_floats_precision_and_bad_currency() -> None:
    with pytest.raises(InvalidInput):
        Money(Decimal("1.001"), "CNY")
    with pytest.raises(InvalidInput):
        Money(Decimal("1"), "cny")
    with pytest.raises(InvalidInput):
        Money(Decimal("NaN"), "CNY")
    with pytest.raises(InvalidInput):
        Money(Decimal(1), "CNY") + Money(Decimal(1), "USD")
    assert Money(Decimal("12.34"), "CNY").minor_units == 1234


def test_a_stamp_may_not_come_from_the_future() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="occurred_at"):
        Stamp.of("r1", now, datetime(2026, 1, 2, tzinfo=UTC))
    with pytest.raises(InvalidInput, match="occurred_at"):
        Stamp.of("r1", now, datetime(2025, 1, 2))
    assert Stamp.of("r1", now, None).occurred_at == now
