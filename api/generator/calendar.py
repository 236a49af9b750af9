"""The simulated calendar: local working days, holidays and the seasons of selling."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

TIMEZONE = "Asia/Shanghai"
# Shanghai has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact
# and spares a zone lookup for each of millions of stamps.
UTC_OFFSET = timedelta(hours=8)

# Spring Festival (Chinese New Year's day): the week around it is a holiday, and the
# weeks before and after it are slow. Outside the table the festival falls near 5 Feb.
SPRING_FESTIVAL = {
    2006: date(2006, 1, 29),
    2007: date(2007, 2, 18),
    2008: date(2008, 2, 7),
    2009: date(2009, 1, 26),
    2010: date(2010, 2, 14),
    2011: date(2011, 2, 3),
    2012: date(2012, 1, 23),
    2013: date(2013, 2, 10),
    2014: date(2014, 1, 31),
    2015: date(2015, 2, 19),
    2016: date(2016, 2, 8),
    2017: date(2017, 1, 28),
    2018: date(2018, 2, 16),
    2019: date(2019, 2, 5),
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
}

# How busy selling is per month: Q4 is the rush (customers spend the year's budget),
# summer is slower; the Spring Festival dip comes on top (see ``season``).
MONTH_SEASON = {
    1: 1.0,
    2: 0.85,
    3: 1.05,
    4: 1.0,
    5: 1.0,
    6: 1.05,
    7: 0.95,
    8: 0.9,
    9: 1.05,
    10: 0.95,
    11: 1.15,
    12: 1.3,
}


def spring_festival(year: int) -> date:
    return SPRING_FESTIVAL.get(year, date(year, 2, 5))


def is_holiday(day: date) -> bool:
    """The Spring Festival week and the National Day golden week (1-7 October)."""
    festival = spring_festival(day.year)
    if festival - timedelta(days=1) <= day <= festival + timedelta(days=5):
        return True
    return day.month == 10 and day.day <= 7


@lru_cache(maxsize=16_384)
def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_holiday(day)


def season(day: date) -> float:
    """Selling slows for a fortnight before Spring Festival and three weeks after it."""
    factor = MONTH_SEASON[day.month]
    festival = spring_festival(day.year)
    if festival - timedelta(days=14) <= day <= festival + timedelta(days=21):
        factor *= 0.55
    return factor


@lru_cache(maxsize=16_384)
def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) - UTC_OFFSET


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A local time on a day, as the aware UTC moment every stamp carries."""
    return _midnight(day) + timedelta(hours=hour, minutes=minute)


def days(start: date, end: date) -> Iterator[date]:
    """Every day from ``start`` up to (not including) ``end``."""
    day = start
    while day < end:
        yield day
        day += timedelta(days=1)


def local_day(moment: datetime) -> date:
    """The local day a moment falls on."""
    return (moment + UTC_OFFSET).date()


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier; 29 February becomes the 28th in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def working_day_after(day: date, count: int = 1) -> date:
    """The ``count``-th working day after ``day``."""
    found = day
    while count > 0:
        found += timedelta(days=1)
        count -= is_working_day(found)
    return found


def nth_working_day(year: int, month: int, n: int) -> date:
    """The n-th working day of a month (n=1: its first)."""
    return working_day_after(date(year, month, 1) - timedelta(days=1), n)


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def next_month(day: date) -> date:
    """The first day of the month after the one ``day`` is in."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def last_day(day: date) -> date:
    return next_month(day) - timedelta(days=1)
