"""Customers: a light record that visits and deals refer to; not a CRM.

Enough to group visits and deals by customer and to tell a first visit from a
repeat one. A customer is named by an identifier people choose (``c-1042``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.base import LedgerAggregate
from domain.errors import InvalidInput
from domain.values import MAX_NAME, Stamp, check_ident, check_text


class CustomerStatus(StrEnum):
    EXISTING = "existing"
    PROSPECT = "prospect"


def customer_uuid(customer_id: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"perfledger:customer:{customer_id}")


class Customer(LedgerAggregate):
    """A company the sales force visits and signs."""

    customer_id: str
    name: str
    region_id: str
    segment: str
    status: str

    def __init__(self) -> None:
        """State is set by the events (the annotations above are not constructor fields)."""

    class Registered(LedgerAggregate.Created):
        customer_id: str
        name: str
        region_id: str
        segment: str
        status: str

        def apply(self, aggregate: Customer) -> None:
            aggregate.customer_id, aggregate.name = self.customer_id, self.name
            aggregate.region_id, aggregate.segment = self.region_id, self.segment
            aggregate.status = self.status

    @classmethod
    def register(
        cls, stamp: Stamp, customer_id: str, name: str, region_id: str, segment: str, status: str
    ) -> Self:
        """A customer is registered once, in a region, as an existing customer or a prospect."""
        try:
            parsed = CustomerStatus(status)
        except ValueError:
            raise InvalidInput("status", "must be 'existing' or 'prospect'") from None
        return cls._begin(
            cls.Registered,
            stamp,
            customer_uuid(check_ident("customer_id", customer_id)),
            customer_id=customer_id,
            name=check_text("name", name, limit=MAX_NAME),
            region_id=region_id,
            segment=check_text("segment", segment, limit=MAX_NAME),
            status=parsed.value,
        )
