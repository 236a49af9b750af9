"""The access policy's date windows as SQL, so a page is filtered before it is cut."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from domain.values import DateRange
from services.policy import Scope, Visibility


def visible_days(column: str, visibility: Visibility) -> tuple[str, list[Any]]:
    """A condition on a text ISO-date column: the row's day lies in a visible range."""
    if visibility.everything:
        return "1=1", []
    parts: list[str] = []
    params: list[Any] = []
    for r in visibility.ranges:
        if r.end is None:
            parts.append(f"{column} >= %s")
            params.append(r.start.isoformat())
        else:
            parts.append(f"({column} >= %s AND {column} < %s)")
            params += [r.start.isoformat(), r.end.isoformat()]
    return ("(" + " OR ".join(parts) + ")" if parts else "1=0"), params


def visible_rows(person_column: str, day_column: str, scope: Scope) -> tuple[str, list[Any]]:
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


def visible_spans(
    start_column: str, end_column: str, visibility: Visibility
) -> tuple[str, list[Any]]:
    """A condition on rows spanning days [start, end): some day of the span is visible."""
    if visibility.everything:
        return "1=1", []
    parts: list[str] = []
    params: list[Any] = []
    for r in visibility.ranges:
        parts.append(
            f"({end_column} > %s" + ("" if r.end is None else f" AND {start_column} < %s") + ")"
        )
        params += [r.start.isoformat()] + ([] if r.end is None else [r.end.isoformat()])
    return ("(" + " OR ".join(parts) + ")" if parts else "1=0"), params


def narrowed(visibility: Visibility, ranges: Iterable[DateRange]) -> Visibility:
    """The days of ``visibility`` that also fall in ``ranges``."""
    wanted = list(ranges)
    if visibility.everything:
        return Visibility(ranges=tuple(wanted))
    found = [both for a in visibility.ranges for b in wanted if (both := a.intersect(b))]
    return Visibility(ranges=tuple(sorted(found, key=lambda r: r.start)))
