"""Visit counts per rep and day, and the shares a manager watches.

One row per rep and day holds counters, so counts for any range are a sum over
at most one row per day, never a scan of the visits themselves. Shares are
taken over the visits that happened:
- planned with purpose: the plan (with its purpose) was on record before the visit;
- reviewed before the visit: a manager reviewed the plan, on time, before it;
- conversion: the visit led to a deal that has not been cancelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from projections.tables import Row, Rows, Table

COUNTERS = (
    "planned",
    "happened",
    "unplanned",
    "with_purpose",
    "reviewed_before",
    "cancelled",
    "repeats",
    "ride_alongs",
    "converted",
)
DAYS = Table(
    "visit_days",
    (
        ("owner_id", "text"),
        ("day", "text"),
        ("week", "text"),
        *((name, "int") for name in COUNTERS),
    ),
    key=("owner_id", "day"),
)


def week_of(day: str) -> str:
    """The Monday of the ISO week a day falls in."""
    parsed = date.fromisoformat(day)
    return (parsed - timedelta(days=parsed.weekday())).isoformat()


def count(rows: Rows, owner_id: str, day: str, **deltas: int) -> None:
    rows.add(DAYS, {"owner_id": owner_id, "day": day, "week": week_of(day)}, **deltas)


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass
class Tally:
    """Counters over some days, and the shares they make."""

    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))

    def add(self, row: Row) -> None:
        for name in COUNTERS:
            self.counts[name] += int(row[name] or 0)

    def out(self) -> dict[str, Any]:
        c = self.counts
        return {
            "label": self.label,
            **c,
            "share_planned_with_purpose": share(c["with_purpose"], c["happened"]),
            "share_reviewed_before": share(c["reviewed_before"], c["happened"]),
            "conversion": share(c["converted"], c["happened"]),
        }


def tally(rows: Iterable[Row], by: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows per day grouped by ``day`` or ``week``, with the total over all of them."""
    groups: dict[str, Tally] = {}
    total = Tally("total")
    for row in rows:
        label = row["day"] if by == "day" else row["week"]
        groups.setdefault(label, Tally(label)).add(row)
        total.add(row)
    return [groups[k].out() for k in sorted(groups)], total.out()
