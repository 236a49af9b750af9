"""The visit log: each visit with its plan, review and outcome; the review queue; counts.

Pages are cut by keyset on ``sort_key`` (day, time, id: fixed width, so text
order is time order on both stores) over an index on (owner, sort_key): a page
of a rep with ten years of visits reads one page of the index, not the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from domain.deals import Deal
from domain.visits import Reported, Reviewed, Visit
from projections.paging import continuing
from projections.scoping import visible_days, visible_rows
from projections.tables import Key, Row, Rows, Table, flag, from_json, iso_day, iso_time, to_json
from projections.view import Handler, View
from projections.visit_counts import COUNTERS, DAYS, count
from services.policy import Scope, Visibility

# Plans not yet logged sort after the visits logged on their day.
NOT_YET = "9999-12-31T23:59:59.999999Z"

VISITS = Table(
    "visits",
    (
        ("visit_id", "text"),
        ("owner_id", "text"),
        ("customer_id", "text"),
        ("status", "text"),
        ("visit_day", "text"),
        ("sort_key", "text"),
        ("planned_on", "text"),
        ("purpose", "text"),
        ("planned_at", "text"),
        ("awaiting_review", "bool"),
        ("review_count", "int"),
        ("review_decision", "text"),
        ("review_note", "text"),
        ("reviewed_by", "text"),
        ("reviewed_at", "text"),
        ("review_late", "bool"),
        ("happened_at", "text"),
        ("met", "text"),
        ("outcome", "text"),
        ("next_step", "text"),
        ("ride_along_by", "text"),
        ("unplanned", "bool"),
        ("planned_before", "bool"),
        ("reviewed_before", "bool"),
        ("repeat_visit", "bool"),
        ("deal_count", "int"),
        ("cancel_reason", "text"),
        ("cancelled_at", "text"),
    ),
    key=("visit_id",),
    indexes=(
        ("owner_id", "sort_key"),
        ("awaiting_review", "owner_id", "sort_key"),
        ("customer_id", "sort_key"),
    ),
)
REVIEWS = Table(
    "visit_reviews",
    (
        ("visit_id", "text"),
        ("position", "int"),
        ("decision", "text"),
        ("manager_id", "text"),
        ("note", "text"),
        ("occurred_at", "text"),
        ("recorded_at", "text"),
        ("late", "bool"),
    ),
    key=("visit_id", "position"),
)
# The first visit that happened per rep and customer: every later one is a repeat.
FIRSTS = Table(
    "visit_firsts",
    (("owner_id", "text"), ("customer_id", "text"), ("visit_id", "text"), ("sort_key", "text")),
    key=("owner_id", "customer_id"),
)
# Which visits each deal named, so that a cancelled deal takes its conversions back.
DEAL_LINKS = Table(
    "visit_deal_links", (("deal_id", "text"), ("visit_ids", "text")), key=("deal_id",)
)


def sort_key(day: str, at: str | None, visit_id: str) -> str:
    return f"{day}|{at or NOT_YET}|{visit_id}"


def _new_row(e: Any, status: str) -> Row:
    row: Row = dict.fromkeys(VISITS.column_names)
    flags = ("awaiting_review", "review_late", "unplanned", "planned_before", "reviewed_before")
    row |= dict.fromkeys((*flags, "repeat_visit", "review_count", "deal_count"), 0)
    return row | {"visit_id": str(e.originator_id), "owner_id": e.owner_id, "status": status}


def planned(e: Visit.Planned, rows: Rows) -> None:
    day = iso_day(e.planned_on)
    assert day is not None
    row = _new_row(e, "planned") | {
        "customer_id": e.customer_id,
        "visit_day": day,
        "sort_key": sort_key(day, None, str(e.originator_id)),
        "planned_on": day,
        "purpose": e.purpose,
        "planned_at": iso_time(e.recorded_at),
        "awaiting_review": 1,
    }
    rows.put(VISITS, row)
    count(rows, e.owner_id, day, planned=1)


def _reviewed(decision: str) -> Handler:
    def handle(e: Reviewed, rows: Rows) -> None:
        visit = rows.get(VISITS, str(e.originator_id))
        assert visit is not None, e.originator_id
        note = e.note
        at = iso_time(e.recorded_at)
        visit |= {
            "awaiting_review": 0,
            "review_count": visit["review_count"] + 1,
            "review_decision": decision,
            "review_note": note,
            "reviewed_by": e.manager_id,
            "reviewed_at": at,
            "review_late": flag(e.late),
        }
        rows.put(VISITS, visit)
        rows.put(
            REVIEWS,
            {
                "visit_id": visit["visit_id"],
                "position": rows.position,
                "decision": decision,
                "manager_id": e.manager_id,
                "note": note,
                "occurred_at": iso_time(e.occurred_at),
                "recorded_at": at,
                "late": flag(e.late),
            },
        )

    return handle


def happened(e: Visit.Happened, rows: Rows) -> None:
    visit = rows.get(VISITS, str(e.originator_id))
    assert visit is not None, e.originator_id
    _record_happening(visit, e, rows, e.planned_before_visit, e.reviewed_before_visit)


def happened_unplanned(e: Visit.HappenedUnplanned, rows: Rows) -> None:
    visit = _new_row(e, "happened") | {"customer_id": e.customer_id, "unplanned": 1}
    _record_happening(visit, e, rows, planned_before=False, reviewed_before=False)


def _record_happening(
    visit: Row, e: Reported, rows: Rows, planned_before: bool, reviewed_before: bool
) -> None:
    day = iso_day(e.happened_on)
    assert day is not None
    at = iso_time(e.happened_at)
    visit |= {
        "status": "happened",
        "visit_day": day,
        "sort_key": sort_key(day, at, visit["visit_id"]),
        "awaiting_review": 0,
        "happened_at": at,
        "met": e.met,
        "outcome": e.outcome,
        "next_step": e.next_step,
        "ride_along_by": e.ride_along_by,
        "planned_before": flag(planned_before),
        "reviewed_before": flag(reviewed_before),
    }
    visit["repeat_visit"] = _repeat(rows, visit)
    rows.put(VISITS, visit)
    count(
        rows,
        e.owner_id,
        day,
        happened=1,
        unplanned=visit["unplanned"],
        with_purpose=flag(planned_before),
        reviewed_before=flag(reviewed_before),
        repeats=visit["repeat_visit"],
        ride_alongs=flag(e.ride_along_by is not None),
    )


def _repeat(rows: Rows, visit: Row) -> int:
    """1 if the rep visited the customer before; a visit logged out of order that comes
    first takes the place of the earlier first, which becomes a repeat."""
    key = (visit["owner_id"], visit["customer_id"])
    first = rows.get(FIRSTS, *key)
    if first is not None and first["sort_key"] < visit["sort_key"]:
        return 1
    if first is not None:
        earlier = rows.get(VISITS, first["visit_id"])
        assert earlier is not None, first
        rows.put(VISITS, earlier | {"repeat_visit": 1})
        count(rows, earlier["owner_id"], earlier["visit_day"], repeats=1)
    rows.put(FIRSTS, dict(zip(FIRSTS.key, key, strict=True)) | _first(visit))
    return 0


def _first(visit: Row) -> Row:
    return {"visit_id": visit["visit_id"], "sort_key": visit["sort_key"]}


def cancelled(e: Visit.Cancelled, rows: Rows) -> None:
    visit = rows.get(VISITS, str(e.originator_id))
    assert visit is not None, e.originator_id
    visit |= {
        "status": "cancelled",
        "awaiting_review": 0,
        "cancel_reason": e.reason,
        "cancelled_at": iso_time(e.recorded_at),
    }
    rows.put(VISITS, visit)
    count(rows, visit["owner_id"], visit["visit_day"], cancelled=1)


def deal_signed(e: Deal.Signed, rows: Rows) -> None:
    """A visit converts when a deal names it; deals naming no known visit change nothing."""
    linked = [v for v in e.visit_ids if _convert(rows, v, +1)]
    rows.put(DEAL_LINKS, {"deal_id": str(e.originator_id), "visit_ids": to_json(linked)})


def deal_cancelled(e: Deal.Cancelled, rows: Rows) -> None:
    link = rows.get(DEAL_LINKS, str(e.originator_id))
    for visit_id in from_json(link["visit_ids"]) if link else []:
        _convert(rows, visit_id, -1)


def _convert(rows: Rows, visit_id: str, step: int) -> bool:
    visit = rows.get(VISITS, visit_id)
    if visit is None or visit["status"] != "happened":
        return False
    before = visit["deal_count"]
    visit["deal_count"] = before + step
    rows.put(VISITS, visit)
    if (before == 0) != (visit["deal_count"] == 0):
        count(rows, visit["owner_id"], visit["visit_day"], converted=step)
    return True


class Visits(View):
    """Visits with plan, review and outcome; the managers' queue; counts per day."""

    name = "visits"
    tables = (VISITS, REVIEWS, FIRSTS, DEAL_LINKS, DAYS)
    handlers: ClassVar[Mapping[type, Handler]] = {
        Visit.Planned: planned,
        Visit.PlanApproved: _reviewed("approve"),
        Visit.PlanCoached: _reviewed("coach"),
        Visit.Happened: happened,
        Visit.HappenedUnplanned: happened_unplanned,
        Visit.Cancelled: cancelled,
        Deal.Signed: deal_signed,
        Deal.Cancelled: deal_cancelled,
    }

    def rows_needed(self, event: Any) -> Iterable[tuple[Table, Key]]:
        """The visit's row, the rep's day it counts in and their first visit to the customer."""
        needed: list[tuple[Table, Key]] = []
        if not isinstance(event, Visit.Planned | Visit.HappenedUnplanned):
            needed.append((VISITS, (str(event.originator_id),)))
        if isinstance(event, Visit.Planned):
            needed.append((DAYS, (event.owner_id, event.planned_on.isoformat())))
        if isinstance(event, Reported):
            needed.append((DAYS, (event.owner_id, event.happened_on.isoformat())))
            needed.append((FIRSTS, (event.owner_id, event.customer_id)))
        return needed

    def log(
        self, owner_id: str, visibility: Visibility, before: str | None, limit: int
    ) -> list[Row]:
        """A page of a rep's visits, newest first, only on days the viewer may see."""
        return self.select(*self.log_query(owner_id, visibility, before, limit))

    @staticmethod
    def log_query(
        owner_id: str, visibility: Visibility, before: str | None, limit: int
    ) -> tuple[str, list[Any]]:
        """The page's query: the (owner_id, sort_key) index read backwards from the cursor."""
        days, params = visible_days("visit_day", visibility)
        cursor, cursor_params = continuing(before)
        sql = (
            f"SELECT * FROM {{visits}} WHERE owner_id = %s {cursor} AND {days} "
            "ORDER BY sort_key DESC LIMIT %s"
        )
        return sql, [owner_id, *cursor_params, *params, limit]

    def awaiting_review(self, scope: Scope, after: str | None, limit: int) -> list[Row]:
        """Plans nobody has reviewed yet, of the people (and days) in ``scope``, oldest first."""
        people, params = visible_rows("owner_id", "visit_day", scope)
        cursor, cursor_params = continuing(after, newest_first=False)
        return self.select(
            f"SELECT * FROM {{visits}} WHERE awaiting_review = 1 {cursor} AND {people} "
            "ORDER BY sort_key LIMIT %s",
            [*cursor_params, *params, limit],
        )

    def of_customer(
        self, customer_id: str, scope: Scope, before: str | None, limit: int
    ) -> list[Row]:
        """A customer's visits, newest first, by the people and days the viewer may see."""
        people, params = visible_rows("owner_id", "visit_day", scope)
        cursor, cursor_params = continuing(before)
        return self.select(
            f"SELECT * FROM {{visits}} WHERE customer_id = %s {cursor} AND {people} "
            "ORDER BY sort_key DESC LIMIT %s",
            [customer_id, *cursor_params, *params, limit],
        )

    def visit(self, visit_id: str) -> Row | None:
        rows = self.select("SELECT * FROM {visits} WHERE visit_id = %s", [visit_id])
        return rows[0] if rows else None

    def reviews(self, visit_id: str) -> list[Row]:
        return self.select(
            "SELECT * FROM {visit_reviews} WHERE visit_id = %s ORDER BY position", [visit_id]
        )

    def days(self, owner_id: str, visibility: Visibility, start: str, end: str) -> list[Row]:
        """The counters of a rep's days in [start, end), only the days the viewer may see."""
        days, params = visible_days("day", visibility)
        return self.select(
            f"SELECT * FROM {{visit_days}} WHERE owner_id = %s AND day >= %s AND day < %s "
            f"AND {days} ORDER BY day",
            [owner_id, start, end, *params],
        )

    def totals(
        self, parts: Sequence[tuple[str, Visibility]], start: str, end: str
    ) -> dict[str, int]:
        """The day counters summed over [start, end): each rep's, on the days given with them
        (one indexed sum per rep, whatever the history)."""
        sums = dict.fromkeys(COUNTERS, 0)
        columns = ", ".join(f"SUM({name}) AS {name}" for name in COUNTERS)
        for owner_id, visibility in parts:
            days, params = visible_days("day", visibility)
            for row in self.select(
                f"SELECT {columns} FROM {{visit_days}} WHERE owner_id = %s AND day >= %s "
                f"AND day < %s AND {days}",
                [owner_id, start, end, *params],
            ):
                for name in COUNTERS:
                    sums[name] += int(row[name] or 0)
        return sums
