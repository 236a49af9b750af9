"""The access policy's date windows as SQL, so a page is filtered before it is cut."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from domain.values import DateRange
from services.policy import Scope, Visibility

Condition = tuple[str, list[Any]]


def _any_range(visibility: Visibility, within: Callable[[DateRange], Condition]) -> Condition:
    """A condition true when a row meets ``within`` for one of the visible ranges."""
    if visibility.everything:
        return "1=1", []
    parts: list[str] = []
    params: list[Any] = []
    for r in visibility.ranges:
        sql, values = within(r)
        parts.append(sql)
        params += values
    return ("(" + " OR ".join(parts) + ")" if parts else "1=0"), params


def visible_days(column: str, visibility: Visibility) -> Condition:
    """A condition on a text ISO-date column: the row's day lies in a visible range."""

    def within(r: DateRange) -> Condition:
        if r.end is None:
            return f"{column} >= %s", [r.start.isoformat()]
        return f"({column} >= %s AND {column} < %s)", [r.start.isoformat(), r.end.isoformat()]

    return _any_range(visibility, within)


def visible_spans(start_column: str, end_column: str, visibility: Visibility) -> Condition:
    """A condition on rows about a span of days (a period, end exclusive): some day is visible."""

    def overlapping(r: DateRange) -> Condition:
        if r.end is None:
            return f"{end_column} > %s", [r.start.isoformat()]
        return (
            f"({end_column} > %s AND {start_column} < %s)",
            [r.start.isoformat(), r.end.isoformat()],
        )

    return _any_range(visibility, overlapping)


def visible_rows(person_column: str, day_column: str, scope: Scope) -> Condition:
    """A condition over rows of many people: each person's row on a day they may see."""
    if scope.everything:
        return "1=1", []
    parts: list[str] = []
    params: list[Any] = []
    for person_id, visibility in scope.people.items():
        days, day_params = visible_days(day_column, visibility)
        parts.append(f"({person_column} = %s AND {days})")
        params += [person_id, *day_params]
    return ("(" + " OR ".join(parts) + ")" if parts else "1=0"), params


def narrowed(visibility: Visibility, ranges: Iterable[DateRange]) -> Visibility:
    """The days of ``visibility`` that also fall in ``ranges``."""
    wanted = list(ranges)
    if visibility.everything:
        return Visibility(ranges=tuple(wanted))
    found = [both for a in visibility.ranges for b in wanted if (both := a.intersect(b))]
    return Visibility(ranges=tuple(sorted(found, key=lambda r: r.start)))
