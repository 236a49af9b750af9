"""Deals: the result a rep takes, why it signed, and the cash that followed.

A deal is never edited. Cash arrives as instalments; a refund or a cancellation
is a compensating event that names the deal, and the original stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Self
from uuid import UUID

from domain.base import LedgerAggregate
from domain.errors import InvalidInput, RuleBroken, StateConflict
from domain.values import Money, PersonalText, Stamp, check_ident

# A business date may run one day ahead of the server's UTC date (timezones east of UTC).
DATE_SKEW = timedelta(days=1)


class DealKind(StrEnum):
    NEW = "new"
    RENEWAL = "renewal"


def check_business_date(field: str, day: date, stamp: Stamp) -> date:
    if day > stamp.recorded_at.date() + DATE_SKEW:
        raise InvalidInput(field, "must not be in the future")
    return day


def check_positive(field: str, money: Money) -> Money:
    if money.amount <= 0:
        raise InvalidInput(field, "must be greater than zero")
    return money


class Deal(LedgerAggregate):
    """A signed deal with its customer, amount, reasons and cash."""

    owner_id: str
    customer_id: str
    kind: str
    amount: Money
    signed_on: date
    visit_ids: tuple[str, ...]
    why_signed: PersonalText
    received: Money
    refunded: Money
    cancelled_on: date | None

    def __init__(self) -> None:
        """State is set by the events (the annotations above are not constructor fields)."""

    class Signed(LedgerAggregate.Created):
        owner_id: str
        customer_id: str
        kind: str
        amount: Money
        signed_on: date
        visit_ids: list[str]
        why_signed: PersonalText

        def apply(self, aggregate: Deal) -> None:
            aggregate.owner_id, aggregate.customer_id = self.owner_id, self.customer_id
            aggregate.kind, aggregate.amount = self.kind, self.amount
            aggregate.signed_on, aggregate.visit_ids = self.signed_on, tuple(self.visit_ids)
            aggregate.why_signed = self.why_signed
            aggregate.received = Money.zero(self.amount.currency)
            aggregate.refunded = Money.zero(self.amount.currency)
            aggregate.cancelled_on = None

    class CashReceived(LedgerAggregate.Event):
        owner_id: str
        amount: Money
        received_on: date

        def apply(self, aggregate: Deal) -> None:
            aggregate.received = aggregate.received + self.amount

    class Refunded(LedgerAggregate.Event):
        owner_id: str
        amount: Money
        refunded_on: date
        reason: PersonalText

        def apply(self, aggregate: Deal) -> None:
            aggregate.refunded = aggregate.refunded + self.amount

    class Cancelled(LedgerAggregate.Event):
        owner_id: str
        cancelled_on: date
        reason: PersonalText

        def apply(self, aggregate: Deal) -> None:
            aggregate.cancelled_on = self.cancelled_on

    @classmethod
    def sign(
        cls,
        stamp: Stamp,
        deal_id: UUID,
        owner_id: str,
        customer_id: str,
        kind: str,
        amount: Money,
        signed_on: date,
        visit_ids: Sequence[str],
        why_signed: str,
    ) -> Self:
        """A deal is recorded with why it signed; a number without its reason is refused."""
        try:
            deal_kind = DealKind(kind)
        except ValueError:
            raise InvalidInput("kind", "must be 'new' or 'renewal'") from None
        check_ident("customer_id", customer_id)
        return cls._begin(
            cls.Signed,
            stamp,
            deal_id,
            owner_id=owner_id,
            customer_id=customer_id,
            kind=deal_kind.value,
            amount=check_positive("amount", amount),
            signed_on=check_business_date("signed_on", signed_on, stamp),
            visit_ids=list(dict.fromkeys(visit_ids)),
            why_signed=PersonalText.of(owner_id, why_signed, field="why_signed"),
        )

    @property
    def net_received(self) -> Money:
        return self.received - self.refunded

    def receive_cash(self, stamp: Stamp, amount: Money, received_on: date) -> None:
        """An instalment; all instalments together never exceed the deal's amount."""
        self.check_not_cancelled()
        check_positive("amount", amount)
        self.amount.check_same_currency(amount)
        check_business_date("received_on", received_on, stamp)
        if received_on < self.signed_on:
            raise RuleBroken("cash cannot arrive before the deal signed", field="received_on")
        if (self.received + amount).amount > self.amount.amount:
            left = self.amount - self.received
            raise RuleBroken(
                f"cash received would exceed the deal amount; at most {left.amount} "
                f"{left.currency} is still due",
                field="amount",
            )
        self._record(
            self.CashReceived, stamp, owner_id=self.owner_id, amount=amount, received_on=received_on
        )

    def refund(self, stamp: Stamp, amount: Money, refunded_on: date, reason: str) -> None:
        """A refund compensates cash received; it can never exceed what was received."""
        check_positive("amount", amount)
        self.amount.check_same_currency(amount)
        check_business_date("refunded_on", refunded_on, stamp)
        if amount.amount > self.net_received.amount:
            raise RuleBroken(
                f"a refund cannot exceed the cash received ({self.net_received.amount} "
                f"{self.amount.currency})",
                field="amount",
            )
        self._record(
            self.Refunded,
            stamp,
            owner_id=self.owner_id,
            amount=amount,
            refunded_on=refunded_on,
            reason=PersonalText.of(self.owner_id, reason, field="reason"),
        )

    def cancel(self, stamp: Stamp, cancelled_on: date, reason: str) -> None:
        """A cancellation names the deal and keeps it; cash must be refunded first."""
        self.check_not_cancelled()
        check_business_date("cancelled_on", cancelled_on, stamp)
        if self.net_received.amount > Decimal(0):
            raise RuleBroken(
                "refund the cash received before cancelling the deal", field="cancelled_on"
            )
        self._record(
            self.Cancelled,
            stamp,
            owner_id=self.owner_id,
            cancelled_on=cancelled_on,
            reason=PersonalText.of(self.owner_id, reason, field="reason"),
        )

    def check_not_cancelled(self) -> None:
        if self.cancelled_on is not None:
            raise StateConflict(f"deal {self.id} was cancelled on {self.cancelled_on}")
