"""The organisation's calendar: which local day a moment falls on."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_day(moment: datetime, timezone: str) -> date:
    """The day a moment falls on where the organisation works (its IANA timezone)."""
    return moment.astimezone(_zone(timezone)).date()
