"""The organisation's calendar: which local day a moment falls on."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from domain.errors import InvalidInput


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_day(moment: datetime, timezone: str, field: str = "occurred_at") -> date:
    """The day a moment falls on where the organisation works (its IANA timezone)."""
    try:
        return moment.astimezone(_zone(timezone)).date()
    except OverflowError:
        raise InvalidInput(field, "is outside the calendar") from None
