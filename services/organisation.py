"""Use cases of the organisation: its structure, people and reporting lines."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from eventsourcing.application import AggregateNotFoundError, project_aggregate

from domain.errors import InvalidInput, NotFound, StateConflict
from domain.organisation import ORGANISATION_ID, Organisation, Role
from domain.values import Stamp
from services.commands import Accepted, Command, use_case
from services.ledger import Ledger
from services.policy import AccessPolicy


class OrganisationSnapshot:
    """The current organisation, fast-forwarded from the log and shared read-only.

    The policy reads it on every request, so it must not be replayed or deep
    copied each time: a reader gets the last snapshot after one indexed query
    for newer events, and a new snapshot replaces the old one as a whole.
    """

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self._current: Organisation | None = None
        self._lock = threading.Lock()

    def __call__(self) -> Organisation:
        with self._lock:
            current = self._current
            after = current.version if current is not None else 0
            new = list(self.ledger.app.events.get(ORGANISATION_ID, gt=after))
            if new:
                base = copy.deepcopy(current) if current is not None else None
                current = project_aggregate(base, new)
                self._current = current
        if current is None:
            raise NotFound("organisation", ORGANISATION_ID)
        return current

    def forget(self, subjects: frozenset[str]) -> None:
        """The snapshot holds people's names: after an erasure, replay it afresh."""
        del subjects
        with self._lock:
            self._current = None


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("timezone", f"unknown IANA timezone {name!r}") from None
    if name not in available_timezones():
        raise InvalidInput("timezone", f"unknown IANA timezone {name!r}")
    return name


@dataclass(frozen=True)
class Hire:
    person_id: str
    name: str
    roles: Sequence[str]
    joined_on: date
    team_id: str | None = None
    manager_id: str | None = None


Change = Callable[[Organisation, Stamp], None]


@dataclass
class OrganisationService:
    ledger: Ledger
    policy: AccessPolicy

    def is_founded(self) -> bool:
        try:
            self.ledger.app.repository.get(ORGANISATION_ID)
        except AggregateNotFoundError:
            return False
        return True

    def _administer(self, cmd: Command, subject: str, change: Change) -> Accepted:
        """Admins keep the organisation: load it, check If-Match, change, commit."""
        self.policy.require_role(cmd.actor, Role.ADMIN)
        org = self.ledger.load(Organisation, ORGANISATION_ID, "organisation")
        self.ledger.check_version(cmd, org)
        change(org, self.ledger.stamp(cmd))
        return self.ledger.commit(cmd, org, id=subject)

    @use_case
    def found(self, cmd: Command, name: str, timezone: str) -> Accepted:
        """An organisation is founded once, by an admin, with the timezone its days are in."""
        self.policy.require_role(cmd.actor, Role.ADMIN)
        if self.is_founded():
            raise StateConflict("the organisation is already founded")
        org = Organisation.found(self.ledger.stamp(cmd), name, check_timezone(timezone))
        return self.ledger.commit(cmd, org, id=str(ORGANISATION_ID))

    @use_case
    def open_region(self, cmd: Command, region_id: str, name: str) -> Accepted:
        return self._administer(cmd, region_id, lambda o, s: o.open_region(s, region_id, name))

    @use_case
    def form_team(self, cmd: Command, team_id: str, name: str, region_id: str) -> Accepted:
        return self._administer(cmd, team_id, lambda o, s: o.form_team(s, team_id, name, region_id))

    @use_case
    def appoint_team_lead(
        self, cmd: Command, team_id: str, person_id: str, effective_on: date
    ) -> Accepted:
        return self._administer(
            cmd, team_id, lambda o, s: o.appoint_team_lead(s, team_id, person_id, effective_on)
        )

    @use_case
    def assign_hrbp(self, cmd: Command, team_id: str, hrbp_id: str, effective_on: date) -> Accepted:
        """An HRBP partners a team from a date and sees its members' records from then."""
        return self._administer(
            cmd, team_id, lambda o, s: o.assign_hrbp(s, team_id, hrbp_id, effective_on)
        )

    @use_case
    def release_hrbp(
        self, cmd: Command, team_id: str, hrbp_id: str, effective_on: date
    ) -> Accepted:
        return self._administer(
            cmd, team_id, lambda o, s: o.release_hrbp(s, team_id, hrbp_id, effective_on)
        )

    @use_case
    def hire(self, cmd: Command, hire: Hire) -> Accepted:
        """A person joins, in a team and under a manager, from a date."""
        return self._administer(
            cmd,
            hire.person_id,
            lambda o, s: o.hire(
                s,
                hire.person_id,
                hire.name,
                hire.roles,
                hire.joined_on,
                hire.team_id,
                hire.manager_id,
            ),
        )

    @use_case
    def move(
        self,
        cmd: Command,
        person_id: str,
        effective_on: date,
        team_id: str | None,
        manager_id: str | None,
    ) -> Accepted:
        """A move to another team or manager; access follows the date it took effect."""
        return self._administer(
            cmd, person_id, lambda o, s: o.move(s, person_id, effective_on, team_id, manager_id)
        )

    @use_case
    def record_leaving(self, cmd: Command, person_id: str, effective_on: date) -> Accepted:
        return self._administer(
            cmd, person_id, lambda o, s: o.record_leaving(s, person_id, effective_on)
        )

    @use_case
    def change_roles(self, cmd: Command, person_id: str, roles: Sequence[str]) -> Accepted:
        return self._administer(cmd, person_id, lambda o, s: o.change_roles(s, person_id, roles))
