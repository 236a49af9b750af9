"""Customers: the light record visits and deals are grouped by."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from domain.customers import Customer
from projections.tables import Row, Rows, Table, iso_time
from projections.view import Handler, View

CUSTOMERS = Table(
    "customers",
    (
        ("customer_id", "text"),
        ("name", "text"),
        ("region_id", "text"),
        ("segment", "text"),
        ("status", "text"),
        ("registered_by", "text"),
        ("registered_at", "text"),
    ),
    key=("customer_id",),
)


def registered(e: Customer.Registered, rows: Rows) -> None:
    rows.put(
        CUSTOMERS,
        {
            "customer_id": e.customer_id,
            "name": e.name,
            "region_id": e.region_id,
            "segment": e.segment,
            "status": e.status,
            "registered_by": e.recorded_by,
            "registered_at": iso_time(e.recorded_at),
        },
    )


class Customers(View):
    name = "customers"
    tables = (CUSTOMERS,)
    handlers: ClassVar[Mapping[type, Handler]] = {Customer.Registered: registered}

    def page(self, after: str | None, limit: int, region_id: str | None = None) -> list[Row]:
        """Customers in id order, optionally of one region."""
        region, params = ("AND region_id = %s", [region_id]) if region_id else ("", [])
        return self.select(
            f"SELECT * FROM {{customers}} WHERE customer_id > %s {region} "
            "ORDER BY customer_id LIMIT %s",
            [after or "", *params, limit],
        )

    def customer(self, customer_id: str) -> Row | None:
        rows = self.select("SELECT * FROM {customers} WHERE customer_id = %s", [customer_id])
        return rows[0] if rows else None
