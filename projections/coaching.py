"""Coaching history: each session a rep received, and how its follow-up went."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from domain.coaching import CoachingRecord
from projections.paging import continuing
from projections.scoping import visible_days
from projections.tables import Row, Rows, Table, from_json, iso_day, iso_time, to_json
from projections.view import Handler, View
from services.policy import Visibility

SESSIONS = Table(
    "coaching_sessions",
    (
        ("session_id", "text"),
        ("rep_id", "text"),
        ("manager_id", "text"),
        ("held_on", "text"),
        ("sort_key", "text"),
        ("topic", "text"),
        ("visit_ids", "text"),
        ("deal_ids", "text"),
        ("agreed", "text"),
        ("follow_up_on", "text"),
        ("follow_up_status", "text"),
        ("follow_up_note", "text"),
        ("follow_up_checked_in", "text"),
        ("follow_up_checked_by", "text"),
        ("recorded_at", "text"),
    ),
    key=("session_id",),
    indexes=(("rep_id", "sort_key"),),
)


def session_held(e: CoachingRecord.SessionHeld, rows: Rows) -> None:
    day = iso_day(e.held_on)
    rows.put(
        SESSIONS,
        {
            "session_id": e.session_id,
            "rep_id": e.rep_id,
            "manager_id": e.manager_id,
            "held_on": day,
            "sort_key": f"{day}|{rows.position:020d}",
            "topic": e.topic,
            "visit_ids": to_json(e.visit_ids),
            "deal_ids": to_json(e.deal_ids),
            "agreed": e.agreed,
            "follow_up_on": iso_day(e.follow_up_on),
            "follow_up_status": None,
            "follow_up_note": None,
            "follow_up_checked_in": None,
            "follow_up_checked_by": None,
            "recorded_at": iso_time(e.recorded_at),
        },
    )


def follow_up_checked(e: CoachingRecord.FollowUpChecked, rows: Rows) -> None:
    session = rows.get(SESSIONS, e.session_id)
    assert session is not None, e.session_id
    session |= {
        "follow_up_status": e.status,
        "follow_up_note": e.note,
        "follow_up_checked_in": e.checked_in,
        "follow_up_checked_by": e.recorded_by,
    }
    rows.put(SESSIONS, session)


def _session(row: Row) -> Row:
    return row | {"visit_ids": from_json(row["visit_ids"]), "deal_ids": from_json(row["deal_ids"])}


class Coaching(View):
    name = "coaching"
    tables = (SESSIONS,)
    handlers: ClassVar[Mapping[type, Handler]] = {
        CoachingRecord.SessionHeld: session_held,
        CoachingRecord.FollowUpChecked: follow_up_checked,
    }

    def history(
        self, rep_id: str, visibility: Visibility, before: str | None, limit: int
    ) -> list[Row]:
        """A page of the sessions a rep received, newest first, on days the viewer may see."""
        days, params = visible_days("held_on", visibility)
        cursor, cursor_params = continuing(before)
        rows = self.select(
            f"SELECT * FROM {{coaching_sessions}} WHERE rep_id = %s {cursor} AND {days} "
            "ORDER BY sort_key DESC LIMIT %s",
            [rep_id, *cursor_params, *params, limit],
        )
        return [_session(r) for r in rows]

    def received(self, parts: Sequence[tuple[str, Visibility]], start: str, end: str) -> int:
        """Sessions held in [start, end) with each rep, on the days given with them."""
        found = 0
        for rep_id, visibility in parts:
            days, params = visible_days("held_on", visibility)
            rows = self.select(
                "SELECT COUNT(*) AS sessions FROM {coaching_sessions} WHERE rep_id = %s "
                f"AND sort_key >= %s AND sort_key < %s AND {days}",
                [rep_id, start, end, *params],
            )
            found += int(rows[0]["sessions"])
        return found
