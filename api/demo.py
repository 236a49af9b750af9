"""A small demo organisation (``perfledger demo seed``), which many tests start from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from api.bootstrap import Container
from services.commands import Actor, Command
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
