"""Use cases of customers: register the light record visits and deals refer to."""

from __future__ import annotations

from dataclasses import dataclass

from domain.customers import Customer, customer_uuid
from domain.errors import StateConflict, UnknownReference
from domain.organisation import Role
from services.commands import Accepted, Command, use_case
from services.ledger import Ledger
from services.policy import AccessPolicy


@dataclass(frozen=True)
class NewCustomer:
    customer_id: str
    name: str
    region_id: str
    segment: str
    status: str


@dataclass
class CustomerService:
    ledger: Ledger
    policy: AccessPolicy

    @use_case
    def register(self, cmd: Command, new: NewCustomer) -> Accepted:
        """Reps, managers and admins register a customer once, in a region of the organisation."""
        self.policy.require_role(cmd.actor, Role.REP, Role.MANAGER, Role.ADMIN)
        customer = Customer.register(
            self.ledger.stamp(cmd),
            new.customer_id,
            new.name,
            new.region_id,
            new.segment,
            new.status,
        )
        if new.region_id not in self.policy.organisation().regions:
            raise UnknownReference("region", new.region_id, "region_id")
        if self.ledger.exists(customer_uuid(new.customer_id)):
            raise StateConflict(f"customer {new.customer_id} is already registered")
        return self.ledger.commit(cmd, customer, id=new.customer_id)
