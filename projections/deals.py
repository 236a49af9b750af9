"""Deals with their reasons, visits and cash; results of a person over a period.

A deal is one record of its owner, on its signing day: whoever may see that day
of the owner's record sees the deal, its cash and its compensations. Money is
kept in integer minor units so sums are exact on both stores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from domain.deals import Deal
from domain.values import PersonalText
from projections.paging import continuing
from projections.scoping import visible_days
from projections.tables import Row, Rows, Table, from_json, iso_day, iso_time, to_json
from projections.view import Handler, View
from services.policy import Visibility

DEALS = Table(
    "deals",
    (
        ("deal_id", "text"),
        ("owner_id", "text"),
        ("customer_id", "text"),
        ("kind", "text"),
        ("amount_minor", "int"),
        ("currency", "text"),
        ("signed_on", "text"),
        ("sort_key", "text"),
        ("why_signed", "text"),
        ("visit_ids", "text"),
        ("received_minor", "int"),
        ("refunded_minor", "int"),
        ("cancelled_on", "text"),
        ("cancel_reason", "text"),
        ("recorded_at", "text"),
        ("recorded_by", "text"),
    ),
    key=("deal_id",),
    indexes=(("owner_id", "sort_key"), ("customer_id", "sort_key")),
)
# Every later step of a deal: cash received, refunds, the cancellation.
DEAL_STEPS = Table(
    "deal_steps",
    (
        ("deal_id", "text"),
        ("position", "int"),
        ("owner_id", "text"),
        ("kind", "text"),
        ("amount_minor", "int"),
        ("on_day", "text"),
        ("reason", "text"),
        ("recorded_at", "text"),
        ("recorded_by", "text"),
    ),
    key=("deal_id", "position"),
    indexes=(("owner_id", "on_day"),),
)


def signed(e: Deal.Signed, rows: Rows) -> None:
    day = iso_day(e.signed_on)
    rows.put(
        DEALS,
        {
            "deal_id": str(e.originator_id),
            "owner_id": e.owner_id,
            "customer_id": e.customer_id,
            "kind": e.kind,
            "amount_minor": e.amount.minor_units,
            "currency": e.amount.currency,
            "signed_on": day,
            "sort_key": f"{day}|{e.originator_id}",
            "why_signed": e.why_signed,
            "visit_ids": to_json(list(e.visit_ids)),
            "received_minor": 0,
            "refunded_minor": 0,
            "cancelled_on": None,
            "cancel_reason": None,
            "recorded_at": iso_time(e.recorded_at),
            "recorded_by": e.recorded_by,
        },
    )


def _step(
    rows: Rows, e: Any, kind: str, amount: int, on_day: Any, reason: PersonalText | None
) -> Row:
    rows.put(
        DEAL_STEPS,
        {
            "deal_id": str(e.originator_id),
            "position": rows.position,
            "owner_id": e.owner_id,
            "kind": kind,
            "amount_minor": amount,
            "on_day": iso_day(on_day),
            "reason": reason,
            "recorded_at": iso_time(e.recorded_at),
            "recorded_by": e.recorded_by,
        },
    )
    deal = rows.get(DEALS, str(e.originator_id))
    assert deal is not None, e.originator_id
    return deal


def cash_received(e: Deal.CashReceived, rows: Rows) -> None:
    deal = _step(rows, e, "cash", e.amount.minor_units, e.received_on, None)
    deal["received_minor"] += e.amount.minor_units
    rows.put(DEALS, deal)


def refunded(e: Deal.Refunded, rows: Rows) -> None:
    deal = _step(rows, e, "refund", e.amount.minor_units, e.refunded_on, e.reason)
    deal["refunded_minor"] += e.amount.minor_units
    rows.put(DEALS, deal)


def cancelled(e: Deal.Cancelled, rows: Rows) -> None:
    deal = _step(rows, e, "cancel", 0, e.cancelled_on, e.reason)
    rows.put(DEALS, deal | {"cancelled_on": iso_day(e.cancelled_on), "cancel_reason": e.reason})


def _deal(row: Row) -> Row:
    return row | {"visit_ids": from_json(row["visit_ids"])}


class Deals(View):
    name = "deals"
    tables = (DEALS, DEAL_STEPS)
    handlers: ClassVar[Mapping[type, Handler]] = {
        Deal.Signed: signed,
        Deal.CashReceived: cash_received,
        Deal.Refunded: refunded,
        Deal.Cancelled: cancelled,
    }

    def of_owner(
        self, owner_id: str, visibility: Visibility, before: str | None, limit: int
    ) -> list[Row]:
        """A page of a person's deals, newest first, on the days the viewer may see."""
        days, params = visible_days("signed_on", visibility)
        cursor, cursor_params = continuing(before)
        rows = self.select(
            f"SELECT * FROM {{deals}} WHERE owner_id = %s {cursor} AND {days} "
            "ORDER BY sort_key DESC LIMIT %s",
            [owner_id, *cursor_params, *params, limit],
        )
        return [_deal(r) for r in rows]

    def deal(self, deal_id: str) -> Row | None:
        rows = self.select("SELECT * FROM {deals} WHERE deal_id = %s", [deal_id])
        return _deal(rows[0]) if rows else None

    def steps(self, deal_id: str) -> list[Row]:
        return self.select(
            "SELECT * FROM {deal_steps} WHERE deal_id = %s ORDER BY position", [deal_id]
        )

    def results(self, parts: Sequence[tuple[str, Visibility]], start: str, end: str) -> Row:
        """What people took in [start, end), each on the days given with them: deals signed
        and not cancelled (by kind and currency), and cash received net of refunds."""
        signed: dict[tuple[str, str], list[int]] = {}
        cash: dict[str, int] = {}
        for owner_id, visibility in parts:
            for r in self._signed(owner_id, start, end, visibility):
                totals = signed.setdefault((r["kind"], r["currency"]), [0, 0])
                totals[0] += int(r["deals"])
                totals[1] += int(r["amount_minor"])
            for r in self._cash(owner_id, start, end, visibility):
                sign = 1 if r["kind"] == "cash" else -1
                cash[r["currency"]] = cash.get(r["currency"], 0) + sign * int(r["amount_minor"])
        return {
            "signed": [
                {"kind": k, "currency": cur, "deals": n, "amount_minor": amount}
                for (k, cur), (n, amount) in sorted(signed.items())
            ],
            "cash": [{"currency": cur, "amount_minor": v} for cur, v in sorted(cash.items())],
        }

    def _signed(self, owner_id: str, start: str, end: str, visibility: Visibility) -> list[Row]:
        days, params = visible_days("signed_on", visibility)
        return self.select(
            "SELECT kind, currency, COUNT(*) AS deals, SUM(amount_minor) AS amount_minor "
            "FROM {deals} WHERE owner_id = %s AND signed_on >= %s AND signed_on < %s "
            f"AND cancelled_on IS NULL AND {days} GROUP BY kind, currency",
            [owner_id, start, end, *params],
        )

    def _cash(self, owner_id: str, start: str, end: str, visibility: Visibility) -> list[Row]:
        days, params = visible_days("s.on_day", visibility)
        return self.select(
            "SELECT s.kind, d.currency, SUM(s.amount_minor) AS amount_minor "
            "FROM {deal_steps} s JOIN {deals} d ON d.deal_id = s.deal_id "
            "WHERE s.owner_id = %s AND s.on_day >= %s AND s.on_day < %s "
            f"AND s.kind IN ('cash', 'refund') AND {days} GROUP BY s.kind, d.currency",
            [owner_id, start, end, *params],
        )
