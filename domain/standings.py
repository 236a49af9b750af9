"""Standings: who leads on a measure, and who wins under an announced rule.

The rule decides from the figures alone, so the same figures always give the
same winners, in any order they are read. Ties share a place (1, 1, 3): two
people on the same figure at the edge of a top N both win. A subject without
a figure (no visits to take a share of, no target) is listed but never ranked.
"Most improved" compares each person with their own past: the figure against
the average of their figures over the earlier periods, never against others'.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from domain.errors import InvalidInput
from domain.measure_catalogue import Better
from domain.ratios import RATIO_PLACES

FIGURE_LIMIT = Decimal(10) ** 13
MAX_TOP = 1000
MAX_LOOKBACK = 12
DEFAULT_LOOKBACK = 3


class RuleKind(StrEnum):
    THRESHOLD = "threshold"  # everyone whose figure reaches the threshold
    TOP = "top"  # the best N
    MOST_IMPROVED = "most_improved"  # the N who improved most against their own past
    BEST_IN_GROUP = "best_in_group"  # a PK: the best of each pair or group


@dataclass(frozen=True)
class Rule:
    kind: str
    threshold: Decimal | None = None
    count: int | None = None
    lookback: int | None = None

    @classmethod
    def of(
        cls,
        kind: str,
        threshold: Decimal | None = None,
        count: int | None = None,
        lookback: int | None = None,
    ) -> Rule:
        """A rule with its defaults filled in (most improved: the 1 best over 3 periods)."""
        if kind == RuleKind.MOST_IMPROVED:
            count = 1 if count is None else count
            lookback = DEFAULT_LOOKBACK if lookback is None else lookback
        return cls(kind, threshold, count, lookback).check()

    def check(self, field: str = "rule") -> Rule:
        try:
            kind = RuleKind(self.kind)
        except ValueError:
            known = ", ".join(k.value for k in RuleKind)
            raise InvalidInput(f"{field}.kind", f"must be one of {known}") from None
        _needs(field, "threshold", self.threshold, kind is RuleKind.THRESHOLD)
        _needs(field, "count", self.count, kind in (RuleKind.TOP, RuleKind.MOST_IMPROVED))
        _needs(field, "lookback", self.lookback, kind is RuleKind.MOST_IMPROVED)
        if self.threshold is not None and not (
            self.threshold.is_finite() and abs(self.threshold) < FIGURE_LIMIT
        ):
            raise InvalidInput(f"{field}.threshold", "must be a finite number")
        if self.count is not None and not 1 <= self.count <= MAX_TOP:
            raise InvalidInput(f"{field}.count", f"must be between 1 and {MAX_TOP}")
        if self.lookback is not None and not 1 <= self.lookback <= MAX_LOOKBACK:
            raise InvalidInput(f"{field}.lookback", f"must be between 1 and {MAX_LOOKBACK}")
        return self

    def describe(self, better: Better) -> str:
        reach = ">=" if better is Better.HIGHER else "<="
        return {
            RuleKind.THRESHOLD: f"everyone with a figure {reach} {self.threshold}",
            RuleKind.TOP: f"the top {self.count}",
            RuleKind.MOST_IMPROVED: (
                f"the {self.count} most improved against their own average "
                f"of the {self.lookback} earlier periods"
            ),
            RuleKind.BEST_IN_GROUP: "the best of each pair or group",
        }[RuleKind(self.kind)]


def _needs(field: str, name: str, value: object, needed: bool) -> None:
    if needed and value is None:
        raise InvalidInput(f"{field}.{name}", "this rule needs it")
    if not needed and value is not None:
        raise InvalidInput(f"{field}.{name}", "this rule does not take it")


@dataclass(frozen=True)
class Entry:
    """A subject's figure, and (for most improved) its figures of the earlier periods."""

    subject_id: str
    value: Decimal | None
    history: tuple[Decimal | None, ...] = ()
    group: str | None = None


@dataclass(frozen=True)
class Standing:
    """Where a subject stands: ``score`` is what is ranked (the figure, or the improvement)."""

    subject_id: str
    value: Decimal | None
    score: Decimal | None
    rank: int | None
    won: bool = False
    baseline: Decimal | None = None
    group: str | None = None


def baseline(history: Iterable[Decimal | None]) -> Decimal | None:
    """The average of one's own earlier figures (periods without one are left out)."""
    known = [v for v in history if v is not None]
    if not known:
        return None
    return (sum(known, Decimal(0)) / len(known)).quantize(RATIO_PLACES)


def improvement(value: Decimal | None, base: Decimal | None, better: Better) -> Decimal | None:
    """How far one moved the right way: up where more is better, down where less is."""
    if value is None or base is None:
        return None
    return value - base if better is Better.HIGHER else base - value


def ranks(scores: Sequence[tuple[str, Decimal | None]], better: Better) -> dict[str, int]:
    """Competition ranks (1, 1, 3) of the subjects that have a score."""
    known = [(s, v) for s, v in scores if v is not None]
    ordered = sorted(known, key=lambda sv: sv[1], reverse=better is Better.HIGHER)
    found: dict[str, int] = {}
    last: tuple[Decimal, int] | None = None
    for position, (subject, value) in enumerate(ordered, start=1):
        rank = last[1] if last is not None and last[0] == value else position
        found[subject], last = rank, (value, rank)
    return found


def standings(entries: Sequence[Entry], better: Better) -> list[Standing]:
    """A leaderboard: everyone ranked by their figure."""
    placed = ranks([(e.subject_id, e.value) for e in entries], better)
    return _ordered(
        Standing(e.subject_id, e.value, e.value, placed.get(e.subject_id), group=e.group)
        for e in entries
    )


def improvements(entries: Sequence[Entry], better: Better) -> list[Standing]:
    """A most-improved board: each person against their own earlier figures."""
    scored = []
    for e in entries:
        base = baseline(e.history)
        scored.append((e, base, improvement(e.value, base, better)))
    placed = ranks([(e.subject_id, score) for e, _, score in scored], Better.HIGHER)
    return _ordered(
        Standing(e.subject_id, e.value, score, placed.get(e.subject_id), baseline=base)
        for e, base, score in scored
    )


def decide(rule: Rule, better: Better, entries: Sequence[Entry]) -> list[Standing]:
    """The standings under the rule, with its winners marked."""
    kind = RuleKind(rule.kind)
    if kind is RuleKind.BEST_IN_GROUP:
        return _best_in_groups(entries, better)
    if kind is RuleKind.MOST_IMPROVED:
        assert rule.count is not None
        # Only a real improvement wins: the best of a team that all slipped wins nothing.
        return [
            replace(s, won=_placed(s, rule.count) and (s.score or 0) > 0)
            for s in improvements(entries, better)
        ]
    board = standings(entries, better)
    if kind is RuleKind.TOP:
        assert rule.count is not None
        return [replace(s, won=_placed(s, rule.count)) for s in board]
    assert rule.threshold is not None
    return [replace(s, won=reaches(s.value, rule.threshold, better)) for s in board]


def _placed(standing: Standing, count: int) -> bool:
    return standing.rank is not None and standing.rank <= count


def reaches(value: Decimal | None, threshold: Decimal, better: Better) -> bool:
    if value is None:
        return False
    return value >= threshold if better is Better.HIGHER else value <= threshold


def _best_in_groups(entries: Sequence[Entry], better: Better) -> list[Standing]:
    """Each group ranked on its own; the first of each wins (a tie is a shared win)."""
    found: list[Standing] = []
    for group in sorted({e.group or "" for e in entries}):
        members = [e for e in entries if (e.group or "") == group]
        found += [replace(s, won=s.rank == 1) for s in standings(members, better)]
    return _ordered(found)


def _ordered(found: Iterable[Standing]) -> list[Standing]:
    return sorted(
        found,
        key=lambda s: (s.group or "", s.rank is None, s.rank or 0, s.subject_id),
    )


def winners(found: Iterable[Standing]) -> tuple[str, ...]:
    return tuple(sorted({s.subject_id for s in found if s.won}))
