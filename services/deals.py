"""Use cases of deals: sign with the reason and the visits, take cash, refund, cancel.

A deal recorded after its period closed is kept: it is a late fact about that
period, which the targets' actuals show as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

from domain.deals import Deal
from domain.errors import RuleBroken
from domain.organisation import Role
from domain.values import Money
from services.commands import Accepted, Command, use_case
from services.ledger import Ledger
from services.policy import AccessPolicy
from services.references import known_customer, own_visit


@dataclass(frozen=True)
class Signing:
    customer_id: str
    kind: str
    amount: Money
    signed_on: date
    why_signed: str
    visit_ids: Sequence[str] = ()


@dataclass
class DealService:
    ledger: Ledger
    policy: AccessPolicy

    @use_case
    def sign(self, cmd: Command, signing: Signing) -> Accepted:
        """A rep records a deal they signed and why it signed, for a known customer; the
        visits it names are their own visits to that customer, made by the signing day."""
        self.policy.require_role(cmd.actor, Role.REP, Role.MANAGER)
        owner = cmd.actor.person_id
        deal = Deal.sign(
            self.ledger.stamp(cmd),
            uuid4(),
            owner,
            signing.customer_id,
            signing.kind,
            signing.amount,
            signing.signed_on,
            signing.visit_ids,
            signing.why_signed,
        )
        known_customer(self.ledger, signing.customer_id)
        for i, visit_id in enumerate(deal.visit_ids):
            self._check_led_to(owner, signing, visit_id, f"visit_ids.{i}")
        return self.ledger.commit(cmd, deal, id=str(deal.id))

    @use_case
    def receive_cash(
        self, cmd: Command, deal_id: UUID, amount: Decimal, currency: str | None, on: date
    ) -> Accepted:
        """Cash arrives in instalments, recorded by the owner or a manager above them that
        day; together they never exceed the deal's amount."""
        deal = self._deal_for(cmd, deal_id, on)
        deal.receive_cash(self.ledger.stamp(cmd), self._money(deal, amount, currency), on)
        return self.ledger.commit(cmd, deal, id=str(deal.id))

    @use_case
    def refund(
        self,
        cmd: Command,
        deal_id: UUID,
        amount: Decimal,
        currency: str | None,
        on: date,
        reason: str,
    ) -> Accepted:
        """A refund names the deal and its reason; it never exceeds the cash received."""
        deal = self._deal_for(cmd, deal_id, on)
        money = self._money(deal, amount, currency)
        deal.refund(self.ledger.stamp(cmd), money, on, reason)
        return self.ledger.commit(cmd, deal, id=str(deal.id))

    @use_case
    def cancel(self, cmd: Command, deal_id: UUID, on: date, reason: str) -> Accepted:
        """A cancellation names the deal and keeps it; cash received is refunded first."""
        deal = self._deal_for(cmd, deal_id, on)
        deal.cancel(self.ledger.stamp(cmd), on, reason)
        return self.ledger.commit(cmd, deal, id=str(deal.id))

    # --- steps ----------------------------------------------------------------------

    def _deal_for(self, cmd: Command, deal_id: UUID, on: date) -> Deal:
        deal = self.ledger.load(Deal, deal_id, "deal")
        self.policy.require_self_or_above_on(cmd.actor, deal.owner_id, on)
        self.ledger.check_version(cmd, deal)
        return deal

    @staticmethod
    def _money(deal: Deal, amount: Decimal, currency: str | None) -> Money:
        return Money(amount, currency or deal.amount.currency)

    def _check_led_to(self, owner: str, signing: Signing, visit_id: str, field: str) -> None:
        """A visit that led to a deal happened, to the deal's customer, by the signing day."""
        visit = own_visit(self.ledger, visit_id, owner, field)
        if visit.happened_on is None:
            raise RuleBroken(f"visit {visit_id} has not been logged as happened", field=field)
        if visit.customer_id != signing.customer_id:
            raise RuleBroken(
                f"visit {visit_id} was to {visit.customer_id}, not {signing.customer_id}",
                field=field,
            )
        if visit.happened_on > signing.signed_on:
            raise RuleBroken(
                f"visit {visit_id} happened on {visit.happened_on}, after the deal signed",
                field=field,
            )
