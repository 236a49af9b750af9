"""Deals: sign with the reason and the visits, take cash, refund, cancel; read them back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from api.deps import (
    Cmd,
    ContainerDep,
    CurrentActor,
    MinPosition,
    PersonRecords,
    person_records,
    wait_for,
)
from api.models import AcceptedOut, Fact, Ident, Page, Text
from api.paging import keyset_page
from api.problems import PROBLEM_RESPONSES
from api.routers.visits import VisitOut
from domain.deals import DealKind
from domain.errors import NotFound
from domain.values import MONEY_PLACES, Money
from projections.tables import Row
from services.deals import Signing

router = APIRouter(tags=["deals"], responses=PROBLEM_RESPONSES)
DEALS, VISITS = "deals", "visits"

# Up to ten trillion: minor units of many such deals still sum within a 64-bit integer.
Amount = Annotated[Decimal, Field(max_digits=15, decimal_places=2, allow_inf_nan=False)]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217, such as CNY")]


class DealIn(Fact):
    customer_id: Ident
    kind: DealKind
    amount: Amount
    currency: Currency
    signed_on: date
    why_signed: Text = Field(description="Why it signed: the reason behind the result.")
    visit_ids: list[UUID] = Field(default_factory=list, max_length=100)


class CashIn(Fact):
    amount: Amount
    currency: Currency | None = Field(default=None, description="Defaults to the deal's.")
    received_on: date


class RefundIn(Fact):
    amount: Amount
    currency: Currency | None = Field(default=None, description="Defaults to the deal's.")
    refunded_on: date
    reason: Text


class DealCancelIn(Fact):
    cancelled_on: date
    reason: Text


class DealStepOut(BaseModel):
    position: int
    kind: str
    amount: Decimal
    on_day: str
    reason: str | None
    recorded_at: str
    recorded_by: str


class DealOut(BaseModel):
    deal_id: str
    owner_id: str
    customer_id: str
    kind: str
    amount: Decimal
    currency: str
    signed_on: str
    why_signed: str
    visit_ids: list[str]
    received: Decimal
    refunded: Decimal
    cancelled_on: str | None
    cancel_reason: str | None
    recorded_at: str
    recorded_by: str


class DealDetailOut(DealOut):
    steps: list[DealStepOut]
    visits: list[VisitOut] = Field(description="The visits that led to it, as far as visible.")


def money(minor: int) -> Decimal:
    """Minor units back to an amount with its two places (``10000.00``)."""
    return Decimal(minor).scaleb(-MONEY_PLACES)


def deal_out(row: Row) -> DealOut:
    return DealOut(
        **row,
        amount=money(row["amount_minor"]),
        received=money(row["received_minor"]),
        refunded=money(row["refunded_minor"]),
    )


# --- commands ---------------------------------------------------------------------


@router.post("/deals", status_code=201)
def sign_deal(body: DealIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """Record a deal the caller signed, why it signed, and the visits that led to it."""
    cmd = cmd.happened(body.occurred_at)
    signing = Signing(
        customer_id=body.customer_id,
        kind=body.kind.value,
        amount=Money(body.amount, body.currency),
        signed_on=body.signed_on,
        why_signed=body.why_signed,
        visit_ids=[str(v) for v in body.visit_ids],
    )
    return AcceptedOut.of(c.deals.sign(cmd, signing))


@router.post("/deals/{deal_id}/cash")
def receive_cash(deal_id: UUID, body: CashIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """An instalment of cash; all instalments together never exceed the deal's amount."""
    cmd = cmd.happened(body.occurred_at)
    accepted = c.deals.receive_cash(cmd, deal_id, body.amount, body.currency, body.received_on)
    return AcceptedOut.of(accepted)


@router.post("/deals/{deal_id}/refunds")
def refund(deal_id: UUID, body: RefundIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """A refund compensates cash received; it never exceeds what was received."""
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(
        c.deals.refund(cmd, deal_id, body.amount, body.currency, body.refunded_on, body.reason)
    )


@router.post("/deals/{deal_id}/cancellation")
def cancel_deal(deal_id: UUID, body: DealCancelIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """Cancel a deal (its cash refunded first); the deal stays, marked cancelled."""
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(c.deals.cancel(cmd, deal_id, body.cancelled_on, body.reason))


# --- queries ----------------------------------------------------------------------


@router.get("/deals/{deal_id}")
def get_deal(
    deal_id: UUID, actor: CurrentActor, c: ContainerDep, min_position: MinPosition = None
) -> DealDetailOut:
    """A deal with its reason, cash, compensations and the visits that led to it."""
    wait_for(c, min_position, DEALS, VISITS)
    row = c.views.deals.deal(str(deal_id))
    if row is None:
        raise NotFound("deal", deal_id)
    visibility = c.policy.require_person(
        actor, row["owner_id"], date.fromisoformat(row["signed_on"])
    )
    found = [c.views.visits.visit(v) for v in row["visit_ids"]]
    visits = [
        VisitOut(**v)
        for v in found
        if v is not None and visibility.covers(date.fromisoformat(v["visit_day"]))
    ]
    steps = [
        DealStepOut(**s | {"amount": money(s["amount_minor"])})
        for s in c.views.deals.steps(str(deal_id))
    ]
    return DealDetailOut(**deal_out(row).model_dump(), steps=steps, visits=visits)


@router.get("/people/{person_id}/deals")
def person_deals(
    records: Annotated[PersonRecords, Depends(person_records(DEALS))],
    c: ContainerDep,
) -> Page[DealOut]:
    """A person's deals, newest first, with their reasons and cash."""
    rows = c.views.deals.of_owner(
        records.person_id, records.visibility, records.after, records.limit
    )
    return keyset_page([deal_out(row) for row in rows], rows, records.limit)
