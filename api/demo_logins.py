"""Whom the development server prints tokens for: real people of the demo organisation.

They are chosen from the organisation as it stands on the day, by role and tenure, so
every start names the same people, whether the store holds a generated history or the
small demo organisation, and a browser test signs in as someone who really works here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from api.bootstrap import Container
from domain.errors import NotFound
from domain.organisation import Organisation, Role
from services.calendar import local_day
from services.clock import utc_now


@dataclass(frozen=True)
class DemoPeople:
    """A rep with the longest tenure, their manager, a teammate, and the staff roles."""

    rep: str
    manager: str
    other_rep: str
    hrbp: str
    auditor: str
    admin: str

    def logins(self) -> tuple[tuple[str, str], ...]:
        """(label, person) for each token the server prints, in the order it prints them."""
        return (
            ("rep", self.rep),
            ("manager", self.manager),
            ("hrbp", self.hrbp),
            ("auditor", self.auditor),
            ("admin", self.admin),
        )


def demo_people(org: Organisation, today: date) -> DemoPeople:
    """The people a demonstration starts from, as employed and placed on ``today``."""
    placed = _reps_in_a_team(org, today)
    rep = _longest_serving(org, placed)
    team_id, manager = placed[rep]
    others = [pid for pid in placed if pid != rep]
    teammates = [pid for pid in others if placed[pid][0] == team_id]
    return DemoPeople(
        rep=rep,
        manager=manager,
        other_rep=_longest_serving(org, teammates or others),
        hrbp=_partner_on(org, team_id, today) or _staff(org, Role.HRBP, today),
        auditor=_staff(org, Role.AUDITOR, today),
        admin=_staff(org, Role.ADMIN, today),
    )


def todays_demo_people(c: Container) -> DemoPeople:
    """The demo people as of today where the organisation works."""
    org = c.policy.organisation()
    return demo_people(org, local_day(utc_now(), org.timezone))


def demo_tokens(c: Container) -> list[tuple[str, str, str]]:
    """(label, person, token) for each demo login."""
    return [(label, pid, token_for(c, pid)) for label, pid in todays_demo_people(c).logins()]


def token_for(c: Container, person_id: str) -> str:
    """A development token naming the person with the roles the organisation gives them."""
    roles = c.policy.organisation().person(person_id).roles
    return c.tokens.mint(person_id, sorted(roles))


def _employed(org: Organisation, role: Role, today: date) -> list[str]:
    return sorted(
        pid for pid, p in org.people.items() if role in p.roles and org.is_employed_on(pid, today)
    )


def _reps_in_a_team(org: Organisation, today: date) -> dict[str, tuple[str, str]]:
    """Reps sitting in a team under a manager today (the ones whose records fill views),
    with that team and manager."""
    placed = {pid: org.placement_on(pid, today) for pid in _employed(org, Role.REP, today)}
    return {
        pid: (p.team_id, p.manager_id)
        for pid, p in placed.items()
        if p is not None and p.team_id is not None and p.manager_id is not None
    }


def _longest_serving(org: Organisation, people: Iterable[str]) -> str:
    chosen = min(people, key=lambda pid: (org.person(pid).tenure.joined_on, pid), default=None)
    if chosen is None:
        raise NotFound("person", "a rep placed in a team today")
    return chosen


def _partner_on(org: Organisation, team_id: str, today: date) -> str | None:
    """The HRBP partnering the team today, if one does."""
    partners = org.team(team_id).partners.items()
    on_duty = (hrbp for hrbp, spans in partners if any(s.contains(today) for s in spans))
    return min(on_duty, default=None)


def _staff(org: Organisation, role: Role, today: date) -> str:
    found = _employed(org, role, today)
    if not found:
        raise NotFound("person", f"someone employed today with the role {role.value}")
    return found[0]
