"""Reporting lines over time: who managed whom, in which team, on which days.

Pure functions over placements. Access to a person's records depends on who
managed them *when the record's period ran*, so every answer here is a set of
date ranges rather than a yes or no for today.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from domain.values import DateRange

# A reporting chain deeper than this is a data error, not an organisation.
MAX_DEPTH = 64


@dataclass(frozen=True)
class Placement:
    """From ``starts_on`` a person sits in ``team_id`` and reports to ``manager_id``."""

    starts_on: date
    team_id: str | None
    manager_id: str | None


@dataclass(frozen=True)
class Tenure:
    """A person's employment and placements, in date order."""

    joined_on: date
    left_on: date | None
    placements: tuple[Placement, ...]

    def spans(self) -> Iterator[tuple[DateRange, Placement]]:
        """Each placement with the days it covered (up to the next one or leaving)."""
        for i, placement in enumerate(self.placements):
            nxt = self.placements[i + 1].starts_on if i + 1 < len(self.placements) else None
            end = _earliest(nxt, self.left_on)
            if end is None or placement.starts_on < end:
                yield DateRange(placement.starts_on, end), placement

    def placement_on(self, day: date) -> Placement | None:
        for span, placement in self.spans():
            if span.contains(day):
                return placement
        return None


def _earliest(a: date | None, b: date | None) -> date | None:
    dates = [d for d in (a, b) if d is not None]
    return min(dates) if dates else None


def merge(ranges: Iterable[DateRange]) -> tuple[DateRange, ...]:
    """Sorted, non-overlapping ranges covering the same days."""
    out: list[DateRange] = []
    for r in sorted(ranges, key=lambda r: r.start):
        if out and (out[-1].end is None or r.start <= out[-1].end):
            last = out[-1]
            end = None if last.end is None or r.end is None else max(last.end, r.end)
            out[-1] = DateRange(last.start, end)
        else:
            out.append(r)
    return tuple(out)


def manager_chain_on(tenures: Mapping[str, Tenure], person_id: str, day: date) -> list[str]:
    """The person's manager, that manager's manager, and so on, as of ``day``."""
    chain: list[str] = []
    current = person_id
    for _ in range(MAX_DEPTH):
        tenure = tenures.get(current)
        placement = tenure.placement_on(day) if tenure else None
        if placement is None or placement.manager_id is None:
            return chain
        if placement.manager_id in chain or placement.manager_id == person_id:
            return chain  # a cycle is refused on write; never loop on read
        chain.append(placement.manager_id)
        current = placement.manager_id
    return chain


def windows_under(
    tenures: Mapping[str, Tenure],
    manager_id: str,
    person_id: str,
    within: DateRange | None = None,
    depth: int = 0,
) -> tuple[DateRange, ...]:
    """The days on which ``manager_id`` was anywhere in ``person_id``'s manager chain."""
    tenure = tenures.get(person_id)
    if tenure is None or depth >= MAX_DEPTH:
        return ()
    found: list[DateRange] = []
    for span, placement in tenure.spans():
        part = span if within is None else span.intersect(within)
        if part is None or placement.manager_id is None:
            continue
        if placement.manager_id == manager_id:
            found.append(part)
        else:
            found.extend(windows_under(tenures, manager_id, placement.manager_id, part, depth + 1))
    return merge(found)


def windows_in_teams(
    tenure: Tenure | None, team_windows: Mapping[str, Sequence[DateRange]]
) -> tuple[DateRange, ...]:
    """The days a person sat in one of the given teams while the team's window was open."""
    if tenure is None:
        return ()
    found: list[DateRange] = []
    for span, placement in tenure.spans():
        for window in team_windows.get(placement.team_id or "", ()):
            part = span.intersect(window)
            if part is not None:
                found.append(part)
    return merge(found)


def holder_windows(timeline: Sequence[tuple[date, str | None]], holder: str) -> list[DateRange]:
    """Days on which ``holder`` held a post, from a timeline of (from-date, holder)."""
    found: list[DateRange] = []
    for i, (starts_on, who) in enumerate(timeline):
        end = timeline[i + 1][0] if i + 1 < len(timeline) else None
        if who == holder and (end is None or starts_on < end):
            found.append(DateRange(starts_on, end))
    return found


def holder_on(timeline: Sequence[tuple[date, str | None]], day: date) -> str | None:
    current: str | None = None
    for starts_on, who in timeline:
        if starts_on > day:
            break
        current = who
    return current
