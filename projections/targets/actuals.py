"""Actuals from deals: each deal event becomes facts about the day it moved a quantity.

Cash counts on the day it was received, net of refunds on the day they were
paid back. Signings count on the day they signed; a cancellation takes the
signing back on that same day (the customer was never won), so cancelling a
deal of a closed period shows there as a late adjustment.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.deals import Deal, DealKind
from domain.measures import Basis
from projections.tables import Rows, iso_day, iso_time
from projections.targets.tables import DEALS, FACTS, NO_CURRENCY, require

# Visits behind the deals signed (from each deal's visit ids): plan vs. actual.
DEAL_VISITS = "deal_visits"


def _count(kind: str) -> str:
    return Basis.NEW_CUSTOMERS.value if kind == DealKind.NEW else Basis.RENEWALS.value


def _fact(
    rows: Rows, e: Any, quantity: str, on_day: date | str, currency: str, delta: int, fact: str
) -> None:
    rows.put(
        FACTS,
        {
            "position": rows.position,
            "quantity": quantity,
            "subject_id": e.owner_id,
            "on_day": on_day if isinstance(on_day, str) else iso_day(on_day),
            "currency": currency,
            "delta": delta,
            "fact": fact,
            "deal_id": str(e.originator_id),
            "recorded_at": iso_time(e.recorded_at),
        },
    )


def signed(e: Deal.Signed, rows: Rows) -> None:
    amount, visits = e.amount.minor_units, len(e.visit_ids)
    rows.put(
        DEALS,
        {
            "deal_id": str(e.originator_id),
            "owner_id": e.owner_id,
            "kind": e.kind,
            "signed_on": iso_day(e.signed_on),
            "amount": amount,
            "currency": e.amount.currency,
            "visits": visits,
            "cancelled_on": None,
        },
    )
    _fact(rows, e, _count(e.kind), e.signed_on, NO_CURRENCY, 1, "signed")
    _fact(rows, e, Basis.SIGNED_AMOUNT.value, e.signed_on, e.amount.currency, amount, "signed")
    if visits:
        _fact(rows, e, DEAL_VISITS, e.signed_on, NO_CURRENCY, visits, "signed")


def cash_received(e: Deal.CashReceived, rows: Rows) -> None:
    money = e.amount
    _fact(rows, e, Basis.CASH.value, e.received_on, money.currency, money.minor_units, "cash")


def refunded(e: Deal.Refunded, rows: Rows) -> None:
    money = e.amount
    _fact(rows, e, Basis.CASH.value, e.refunded_on, money.currency, -money.minor_units, "refund")


def cancelled(e: Deal.Cancelled, rows: Rows) -> None:
    deal = require(rows.get(DEALS, str(e.originator_id)), e)
    day = deal["signed_on"]
    _fact(rows, e, _count(deal["kind"]), day, NO_CURRENCY, -1, "cancelled")
    amount = -deal["amount"]
    _fact(rows, e, Basis.SIGNED_AMOUNT.value, day, deal["currency"], amount, "cancelled")
    if deal["visits"]:
        _fact(rows, e, DEAL_VISITS, day, NO_CURRENCY, -deal["visits"], "cancelled")
    rows.put(DEALS, deal | {"cancelled_on": iso_day(e.cancelled_on)})
