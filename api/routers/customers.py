"""Customers: the light record visits and deals refer to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import After, Cmd, ContainerDep, CurrentActor, Limit, MinPosition, wait_for
from api.models import AcceptedOut, Body, Ident, Name, Page
from api.problems import PROBLEM_RESPONSES
from domain.customers import CustomerStatus
from domain.errors import NotFound
from services.customers import NewCustomer

router = APIRouter(tags=["customers"], responses=PROBLEM_RESPONSES)
CUSTOMERS = "customers"


class CustomerIn(Body):
    customer_id: Ident
    name: Name
    region_id: Ident
    segment: Name
    status: CustomerStatus


class CustomerOut(BaseModel):
    customer_id: str
    name: str
    region_id: str
    segment: str
    status: str
    registered_by: str
    registered_at: str


@router.post("/customers", status_code=201)
def register_customer(body: CustomerIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    new = NewCustomer(body.customer_id, body.name, body.region_id, body.segment, body.status.value)
    return AcceptedOut.of(c.customers.register(cmd, new))


@router.get("/customers")
def list_customers(
    actor: CurrentActor,
    c: ContainerDep,
    region_id: Annotated[Ident | None, Query()] = None,
    after: After = None,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> Page[CustomerOut]:
    """Customers are the organisation's, not anyone's record: every employee may list them."""
    del actor
    wait_for(c, min_position, CUSTOMERS)
    items = [CustomerOut(**r) for r in c.views.customers.page(after, limit, region_id)]
    return Page(items=items, next=items[-1].customer_id if len(items) == limit else None)


@router.get("/customers/{customer_id}")
def get_customer(
    customer_id: Ident, actor: CurrentActor, c: ContainerDep, min_position: MinPosition = None
) -> CustomerOut:
    del actor
    wait_for(c, min_position, CUSTOMERS)
    row = c.views.customers.customer(customer_id)
    if row is None:
        raise NotFound("customer", customer_id)
    return CustomerOut(**row)
