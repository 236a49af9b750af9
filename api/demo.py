"""A small demo organisation, seeded on the first start of the embedded server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from api.bootstrap import Container
from services.commands import Actor, Command
from services.customers import NewCustomer
from services.organisation import Hire

DEMO_ADMIN = Actor(person_id="admin", roles=frozenset({"admin"}))


@dataclass(frozen=True)
class DemoPerson:
    person_id: str
    name: str
    roles: tuple[str, ...]
    team_id: str | None
    manager_id: str | None


DEMO_PEOPLE = (
    DemoPerson("admin", "System Admin", ("admin",), None, None),
    DemoPerson("dir-ma", "Ma Jun (director)", ("manager",), None, None),
    DemoPerson("mgr-li", "Li Wei (manager)", ("manager",), "hz-1", "dir-ma"),
    DemoPerson("mgr-zhang", "Zhang Min (manager)", ("manager",), "hz-2", "dir-ma"),
    DemoPerson("rep-wang", "Wang Fang", ("rep",), "hz-1", "mgr-li"),
    DemoPerson("rep-chen", "Chen Jie", ("rep",), "hz-1", "mgr-li"),
    DemoPerson("rep-zhao", "Zhao Lei", ("rep",), "hz-2", "mgr-zhang"),
    DemoPerson("hrbp-liu", "Liu Yang (HRBP)", ("hrbp",), None, None),
    DemoPerson("audit-sun", "Sun Qi (HR audit)", ("auditor",), None, None),
)
# Whose tokens the server prints at start, and under which label.
DEMO_LOGINS = (
    ("rep", "rep-wang"),
    ("manager", "mgr-li"),
    ("hrbp", "hrbp-liu"),
    ("auditor", "audit-sun"),
    ("admin", "admin"),
)


def seed_demo(c: Container, joined_on: date = date(2024, 1, 1)) -> bool:
    """Found a demo organisation unless one exists; True when it seeded."""
    if c.organisation.is_founded():
        return False
    cmd = Command(actor=DEMO_ADMIN)
    org = c.organisation
    org.found(cmd, "Demo Sales Co.", "Asia/Shanghai")
    org.open_region(cmd, "east", "East China")
    org.form_team(cmd, "hz-1", "Hangzhou direct sales 1", "east")
    org.form_team(cmd, "hz-2", "Hangzhou direct sales 2", "east")
    for p in DEMO_PEOPLE:
        org.hire(cmd, Hire(p.person_id, p.name, p.roles, joined_on, p.team_id, p.manager_id))
    org.appoint_team_lead(cmd, "hz-1", "mgr-li", joined_on)
    org.appoint_team_lead(cmd, "hz-2", "mgr-zhang", joined_on)
    org.assign_hrbp(cmd, "hz-1", "hrbp-liu", joined_on)
    org.assign_hrbp(cmd, "hz-2", "hrbp-liu", joined_on)
    return True


def demo_tokens(c: Container) -> list[tuple[str, str, str]]:
    """(label, person, token) for each demo login."""
    roles = {p.person_id: list(p.roles) for p in DEMO_PEOPLE}
    return [(label, pid, c.tokens.mint(pid, roles[pid])) for label, pid in DEMO_LOGINS]


DEMO_CUSTOMERS = (
    NewCustomer("c-hz-textiles", "Hangzhou Silk Textiles", "east", "SME manufacturing", "existing"),
    NewCustomer("c-nb-ports", "Ningbo Port Logistics", "east", "logistics", "prospect"),
    NewCustomer("c-sx-tea", "Shaoxing Tea Exports", "east", "SME trading", "prospect"),
)


def seed_demo_calendar(c: Container, today: date) -> None:
    """For a first look: customers to plan visits to, and this month and quarter open."""
    manager = Command(actor=Actor("mgr-li", frozenset({"manager"})))
    for customer in DEMO_CUSTOMERS:
        c.customers.register(manager, customer)
    quarter = (today.month - 1) // 3 + 1
    for key in (f"{today.year:04d}-{today.month:02d}", f"{today.year}-Q{quarter}"):
        c.periods.open(Command(actor=DEMO_ADMIN), key)
