"""Customers: the companies each team calls on, registered as the team needs more."""

from __future__ import annotations

from api.generator.texts import SEGMENTS, company_name, pick
from api.generator.world import Team, World
from domain.customers import Customer


def register_customers(w: World, team: Team, count: int, status: str) -> list[str]:
    """The team's manager registers companies the team will call on."""
    found = []
    for _ in range(count):
        w.customers += 1
        customer_id = f"c-{w.customers:06d}"
        customer = Customer.register(
            w.stamp(team.manager_id),
            customer_id,
            company_name(w.rng),
            team.region_id,
            pick(w.rng, SEGMENTS),
            status,
        )
        w.writer.add(customer)
        found.append(customer_id)
    if status == "prospect":
        team.prospects.extend(found)
    return found
