"""Periods: months, quarters, half years and years, open until closed by an event.

A period is named by its key (``2025-03``, ``2025-Q1``, ``2025-H1``, ``2025``). It is
configured (opened) by an admin and closed by an event, after which results for
it are final: facts about it recorded later are late adjustments, visible as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Self
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.base import LedgerAggregate
from domain.errors import InvalidInput, RuleBroken, StateConflict
from domain.values import Stamp


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


_FIRST_YEAR = 1900
_PATTERNS = (
    (PeriodKind.MONTH, re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), 1),
    (PeriodKind.QUARTER, re.compile(r"^(\d{4})-Q([1-4])$"), 3),
    (PeriodKind.HALF, re.compile(r"^(\d{4})-H([12])$"), 6),
    (PeriodKind.YEAR, re.compile(r"^(\d{4})$"), 12),
)


@dataclass(frozen=True)
class PeriodKey:
    """A calendar period: its kind and the months it spans."""

    key: str
    kind: PeriodKind
    starts_on: date
    ends_on: date  # exclusive

    @classmethod
    def parse(cls, key: str) -> Self:
        for kind, pattern, months in _PATTERNS:
            found = pattern.match(key)
            if found is None:
                continue
            year = int(found.group(1))
            index = int(found.group(2)) if found.lastindex and found.lastindex > 1 else 1
            if not _FIRST_YEAR <= year <= 2999:
                break
            first_month = (index - 1) * months + 1
            return cls(
                key, kind, date(year, first_month, 1), _add_months(year, first_month, months)
            )
        raise InvalidInput("period", "must look like 2025-03, 2025-Q1, 2025-H1 or 2025")

    @classmethod
    def month_of(cls, day: date) -> Self:
        return cls.parse(f"{day.year:04d}-{day.month:02d}")

    @classmethod
    def containing(cls, day: date) -> list[Self]:
        """The month, quarter, half year and year a day falls in."""
        quarter, half = (day.month - 1) // 3 + 1, (day.month - 1) // 6 + 1
        keys = (f"{day.year:04d}-{day.month:02d}", f"{day.year}-Q{quarter}", f"{day.year}-H{half}")
        return [cls.parse(k) for k in (*keys, f"{day.year}")]

    def contains(self, day: date) -> bool:
        return self.starts_on <= day < self.ends_on

    @property
    def id(self) -> UUID:
        return period_id(self.key)

    def earlier(self, count: int) -> list[PeriodKey]:
        """The ``count`` periods of the same kind just before this one, oldest first
        (fewer at the start of the calendar)."""
        span = _MONTHS[self.kind]
        found = []
        for back in range(count, 0, -1):
            start = _add_months(self.starts_on.year, self.starts_on.month, -span * back)
            if start.year >= _FIRST_YEAR:
                found.append(PeriodKey.parse(_key_starting(self.kind, start)))
        return found

    def months(self) -> list[str]:
        keys, current = [], self.starts_on
        while current < self.ends_on:
            keys.append(f"{current.year:04d}-{current.month:02d}")
            current = _add_months(current.year, current.month, 1)
        return keys


def _add_months(year: int, month: int, count: int) -> date:
    index = year * 12 + (month - 1) + count
    return date(index // 12, index % 12 + 1, 1)


_MONTHS = {kind: months for kind, _, months in _PATTERNS}


def _key_starting(kind: PeriodKind, start: date) -> str:
    if kind is PeriodKind.MONTH:
        return f"{start.year:04d}-{start.month:02d}"
    if kind is PeriodKind.YEAR:
        return f"{start.year:04d}"
    letter = "Q" if kind is PeriodKind.QUARTER else "H"
    return f"{start.year:04d}-{letter}{(start.month - 1) // _MONTHS[kind] + 1}"


def period_id(key: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"perfledger:period:{key}")


class Period(LedgerAggregate):
    """A period's state: open for facts and targets, then closed for good."""

    key: str
    kind: str
    starts_on: date
    ends_on: date
    closed_at: datetime | None

    def __init__(self) -> None:
        """State is set by the events (the annotations above are not constructor fields)."""

    class Opened(LedgerAggregate.Created):
        key: str
        kind: str
        starts_on: date
        ends_on: date

        def apply(self, aggregate: Period) -> None:
            aggregate.key, aggregate.kind = self.key, self.kind
            aggregate.starts_on, aggregate.ends_on = self.starts_on, self.ends_on
            aggregate.closed_at = None

    class Closed(LedgerAggregate.Event):
        key: str

        def apply(self, aggregate: Period) -> None:
            aggregate.closed_at = self.recorded_at

    @classmethod
    def open(cls, stamp: Stamp, key: PeriodKey) -> Self:
        return cls._begin(
            cls.Opened,
            stamp,
            key.id,
            key=key.key,
            kind=key.kind.value,
            starts_on=key.starts_on,
            ends_on=key.ends_on,
        )

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def close(self, stamp: Stamp) -> None:
        """Results for the period are final from now on; closing is never undone."""
        self.check_open()
        self._record(self.Closed, stamp, key=self.key)

    def looked_back_from(self, today: date, field: str = "period") -> date:
        """The period's last day, or today while it runs: the day whose reporting lines
        decide who speaks for a person about the period (a retrospective, a nomination)."""
        if today < self.starts_on:
            raise RuleBroken(f"period {self.key} has not begun", field=field)
        return min(self.ends_on - timedelta(days=1), today)

    def check_open(self) -> None:
        if self.is_closed:
            raise StateConflict(f"period {self.key} is closed")
