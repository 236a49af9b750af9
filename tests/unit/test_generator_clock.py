"""The generator's calendar arithmetic for where a history starts and ends."""

from __future__ import annotations

from datetime import UTC, date, datetime

from api.generator.calendar import local_day, years_before


def test_years_before_keeps_the_day_and_moves_a_leap_day_to_the_28th() -> None:
    assert years_before(date(2026, 11, 28), 5) == date(2021, 11, 28)
    assert years_before(date(2028, 2, 29), 1) == date(2027, 2, 28)
    assert years_before(date(2028, 2, 29), 4) == date(2024, 2, 29)


def test_the_local_day_is_shanghais() -> None:
    assert local_day(datetime(2025, 12, 31, 16, 0, tzinfo=UTC)) == date(2026, 1, 1)
    assert local_day(datetime(2025, 12, 31, 15, 59, tzinfo=UTC)) == date(2025, 12, 31)
