"""Records a command names by id: they must exist, and belong to whom the command says.

A record of someone else is answered as unknown, never as "not yours", so a
command cannot be used to probe for other people's records.
"""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID

from domain.base import LedgerAggregate
from domain.customers import Customer, customer_uuid
from domain.deals import Deal
from domain.errors import InvalidInput, NotFound, UnknownReference
from domain.visits import Visit
from services.ledger import Ledger

A = TypeVar("A", bound=LedgerAggregate)


def load_named(ledger: Ledger, cls: type[A], aggregate_id: UUID, key: str, field: str) -> A:
    """The record a field of a command names, or a 404 that names the field."""
    kind = cls.__name__.lower()
    try:
        return ledger.load(cls, aggregate_id, kind)
    except NotFound:
        raise UnknownReference(kind, key, field) from None


def parse_id(value: str, field: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise InvalidInput(field, "must be a record id (a UUID)") from None


def known_customer(ledger: Ledger, customer_id: str, field: str = "customer_id") -> Customer:
    return load_named(ledger, Customer, customer_uuid(customer_id), customer_id, field)


def own_visit(ledger: Ledger, visit_id: str, owner_id: str, field: str) -> Visit:
    visit = load_named(ledger, Visit, parse_id(visit_id, field), visit_id, field)
    if visit.owner_id != owner_id:
        raise UnknownReference("visit", visit_id, field)
    return visit


def own_deal(ledger: Ledger, deal_id: str, owner_id: str, field: str) -> Deal:
    deal = load_named(ledger, Deal, parse_id(deal_id, field), deal_id, field)
    if deal.owner_id != owner_id:
        raise UnknownReference("deal", deal_id, field)
    return deal
