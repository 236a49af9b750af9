"""The organisation: people, roles, regions, teams and reporting lines over time.

One aggregate holds the whole structure, because every authorization decision
reads it and must see one consistent version of who managed whom. Changes are
rare administrative facts, so a single stream is not a point of contention.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any, Self
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.base import LedgerAggregate
from domain.errors import InvalidInput, NotFound, RuleBroken, StateConflict
from domain.reporting import (
    Placement,
    Tenure,
    holder_on,
    holder_windows,
    manager_chain_on,
    merge,
    windows_in_teams,
    windows_under,
)
from domain.values import MAX_NAME, DateRange, PersonalText, Stamp, check_ident, check_text

ORGANISATION_ID: UUID = uuid5(NAMESPACE_URL, "perfledger:organisation")


class Role(StrEnum):
    REP = "rep"
    MANAGER = "manager"
    HRBP = "hrbp"
    AUDITOR = "auditor"
    ADMIN = "admin"


# The state below is immutable values, replaced rather than changed, so that a
# copy of the aggregate (the cache hands each command one) copies only its dicts.


@dataclass(frozen=True)
class PersonFile:
    person_id: str
    name: PersonalText
    roles: frozenset[Role]
    tenure: Tenure


@dataclass(frozen=True)
class TeamFile:
    team_id: str
    name: str
    region_id: str
    leads: tuple[tuple[date, str | None], ...] = ()
    partners: Mapping[str, tuple[DateRange, ...]] = field(default_factory=dict)


def parse_roles(roles: Iterable[str]) -> frozenset[Role]:
    parsed = set()
    for role in roles:
        try:
            parsed.add(Role(role))
        except ValueError:
            raise InvalidInput("roles", f"unknown role {role!r}") from None
    if not parsed:
        raise InvalidInput("roles", "a person needs at least one role")
    return frozenset(parsed)


class Organisation(LedgerAggregate):
    """Who works here, in which team, reporting to whom, from when."""

    def __init__(self) -> None:
        self.regions: dict[str, str] = {}
        self.teams: dict[str, TeamFile] = {}
        self.people: dict[str, PersonFile] = {}

    def __deepcopy__(self, memo: dict[int, Any]) -> Organisation:
        """Copy the containers; the values in them are immutable and can be shared."""
        twin = copy.copy(self)
        twin.regions, twin.teams, twin.people = (
            dict(self.regions),
            dict(self.teams),
            dict(self.people),
        )
        twin._pending_events = list(self._pending_events)
        return twin

    # --- events -----------------------------------------------------------------

    class Founded(LedgerAggregate.Created):
        name: str
        timezone: str

        def apply(self, aggregate: Organisation) -> None:
            aggregate.name = self.name
            aggregate.timezone = self.timezone

    class RegionOpened(LedgerAggregate.Event):
        region_id: str
        name: str

        def apply(self, aggregate: Organisation) -> None:
            aggregate.regions[self.region_id] = self.name

    class TeamFormed(LedgerAggregate.Event):
        team_id: str
        name: str
        region_id: str

        def apply(self, aggregate: Organisation) -> None:
            aggregate.teams[self.team_id] = TeamFile(self.team_id, self.name, self.region_id)

    class TeamLeadAppointed(LedgerAggregate.Event):
        team_id: str
        person_id: str
        effective_on: date

        def apply(self, aggregate: Organisation) -> None:
            team = aggregate.teams[self.team_id]
            leads = (*team.leads, (self.effective_on, self.person_id))
            aggregate.teams[self.team_id] = replace(team, leads=leads)

    class HrbpAssigned(LedgerAggregate.Event):
        team_id: str
        hrbp_id: str
        effective_on: date

        def apply(self, aggregate: Organisation) -> None:
            team = aggregate.teams[self.team_id]
            spans = (*team.partners.get(self.hrbp_id, ()), DateRange(self.effective_on, None))
            aggregate.teams[self.team_id] = replace(
                team, partners={**team.partners, self.hrbp_id: spans}
            )

    class HrbpReleased(LedgerAggregate.Event):
        team_id: str
        hrbp_id: str
        effective_on: date

        def apply(self, aggregate: Organisation) -> None:
            team = aggregate.teams[self.team_id]
            *earlier, last = team.partners[self.hrbp_id]
            spans = (*earlier, DateRange(last.start, self.effective_on))
            aggregate.teams[self.team_id] = replace(
                team, partners={**team.partners, self.hrbp_id: spans}
            )

    class PersonJoined(LedgerAggregate.Event):
        person_id: str
        name: PersonalText
        roles: list[str]
        joined_on: date
        team_id: str | None
        manager_id: str | None

        def apply(self, aggregate: Organisation) -> None:
            first = Placement(self.joined_on, self.team_id, self.manager_id)
            aggregate.people[self.person_id] = PersonFile(
                person_id=self.person_id,
                name=self.name,
                roles=frozenset(Role(r) for r in self.roles),
                tenure=Tenure(self.joined_on, None, (first,)),
            )

    class PersonMoved(LedgerAggregate.Event):
        person_id: str
        effective_on: date
        team_id: str | None
        manager_id: str | None

        def apply(self, aggregate: Organisation) -> None:
            person = aggregate.people[self.person_id]
            placement = Placement(self.effective_on, self.team_id, self.manager_id)
            tenure = replace(person.tenure, placements=(*person.tenure.placements, placement))
            aggregate.people[self.person_id] = replace(person, tenure=tenure)

    class PersonLeft(LedgerAggregate.Event):
        person_id: str
        effective_on: date

        def apply(self, aggregate: Organisation) -> None:
            person = aggregate.people[self.person_id]
            tenure = replace(person.tenure, left_on=self.effective_on)
            aggregate.people[self.person_id] = replace(person, tenure=tenure)

    class RolesChanged(LedgerAggregate.Event):
        person_id: str
        roles: list[str]

        def apply(self, aggregate: Organisation) -> None:
            person = aggregate.people[self.person_id]
            roles = frozenset(Role(r) for r in self.roles)
            aggregate.people[self.person_id] = replace(person, roles=roles)

    # --- commands ---------------------------------------------------------------

    name: str
    timezone: str

    @classmethod
    def found(cls, stamp: Stamp, name: str, timezone: str) -> Self:
        check_text("name", name, limit=MAX_NAME)
        return cls._begin(cls.Founded, stamp, ORGANISATION_ID, name=name, timezone=timezone)

    def open_region(self, stamp: Stamp, region_id: str, name: str) -> None:
        check_ident("region_id", region_id)
        check_text("name", name, limit=MAX_NAME)
        if region_id in self.regions:
            raise StateConflict(f"region {region_id} already exists")
        self._record(self.RegionOpened, stamp, region_id=region_id, name=name)

    def form_team(self, stamp: Stamp, team_id: str, name: str, region_id: str) -> None:
        check_ident("team_id", team_id)
        check_text("name", name, limit=MAX_NAME)
        if team_id in self.teams:
            raise StateConflict(f"team {team_id} already exists")
        if region_id not in self.regions:
            raise NotFound("region", region_id)
        self._record(self.TeamFormed, stamp, team_id=team_id, name=name, region_id=region_id)

    def appoint_team_lead(
        self, stamp: Stamp, team_id: str, person_id: str, effective_on: date
    ) -> None:
        team = self.team(team_id)
        self.check_employed(person_id, effective_on, "person_id")
        self.check_in_order(team.leads[-1][0] if team.leads else None, effective_on)
        self._record(
            self.TeamLeadAppointed,
            stamp,
            team_id=team_id,
            person_id=person_id,
            effective_on=effective_on,
        )

    def assign_hrbp(self, stamp: Stamp, team_id: str, hrbp_id: str, effective_on: date) -> None:
        team = self.team(team_id)
        self.check_employed(hrbp_id, effective_on, "hrbp_id")
        if Role.HRBP not in self.person(hrbp_id).roles:
            raise RuleBroken(f"{hrbp_id} does not hold the hrbp role", field="hrbp_id")
        spans = team.partners.get(hrbp_id, ())
        if spans and spans[-1].end is None:
            raise StateConflict(f"{hrbp_id} already partners team {team_id}")
        self.check_in_order(spans[-1].end if spans else None, effective_on)
        self._record(
            self.HrbpAssigned, stamp, team_id=team_id, hrbp_id=hrbp_id, effective_on=effective_on
        )

    def release_hrbp(self, stamp: Stamp, team_id: str, hrbp_id: str, effective_on: date) -> None:
        spans = self.team(team_id).partners.get(hrbp_id, ())
        if not spans or spans[-1].end is not None:
            raise StateConflict(f"{hrbp_id} does not partner team {team_id}")
        if effective_on <= spans[-1].start:
            raise RuleBroken("the release must come after the assignment", field="effective_on")
        self._record(
            self.HrbpReleased, stamp, team_id=team_id, hrbp_id=hrbp_id, effective_on=effective_on
        )

    def hire(
        self,
        stamp: Stamp,
        person_id: str,
        name: str,
        roles: Iterable[str],
        joined_on: date,
        team_id: str | None,
        manager_id: str | None,
    ) -> None:
        check_ident("person_id", person_id)
        if person_id in self.people:
            raise StateConflict(f"person {person_id} already exists")
        parsed = parse_roles(roles)
        self.check_placement(person_id, joined_on, team_id, manager_id)
        self._record(
            self.PersonJoined,
            stamp,
            person_id=person_id,
            name=PersonalText.of(person_id, name, field="name", limit=MAX_NAME),
            roles=sorted(parsed),
            joined_on=joined_on,
            team_id=team_id,
            manager_id=manager_id,
        )

    def move(
        self,
        stamp: Stamp,
        person_id: str,
        effective_on: date,
        team_id: str | None,
        manager_id: str | None,
    ) -> None:
        """A move to another team or manager; moves are recorded in date order."""
        person = self.person(person_id)
        self.check_employed(person_id, effective_on, "person_id")
        self.check_in_order(person.tenure.placements[-1].starts_on, effective_on)
        self.check_placement(person_id, effective_on, team_id, manager_id)
        self._record(
            self.PersonMoved,
            stamp,
            person_id=person_id,
            effective_on=effective_on,
            team_id=team_id,
            manager_id=manager_id,
        )

    def record_leaving(self, stamp: Stamp, person_id: str, effective_on: date) -> None:
        person = self.person(person_id)
        if person.tenure.left_on is not None:
            raise StateConflict(f"person {person_id} already left on {person.tenure.left_on}")
        self.check_in_order(person.tenure.placements[-1].starts_on, effective_on)
        self._record(self.PersonLeft, stamp, person_id=person_id, effective_on=effective_on)

    def change_roles(self, stamp: Stamp, person_id: str, roles: Iterable[str]) -> None:
        self.person(person_id)
        self._record(
            self.RolesChanged, stamp, person_id=person_id, roles=sorted(parse_roles(roles))
        )

    # --- rules ------------------------------------------------------------------

    def check_placement(
        self, person_id: str, day: date, team_id: str | None, manager_id: str | None
    ) -> None:
        if team_id is not None and team_id not in self.teams:
            raise NotFound("team", team_id)
        if manager_id is None:
            return
        if manager_id == person_id:
            raise RuleBroken("a person cannot manage themselves", field="manager_id")
        self.check_employed(manager_id, day, "manager_id")
        # Later placements already on record must not close a loop either.
        later = {pl.starts_on for p in self.people.values() for pl in p.tenure.placements}
        tenures = self.tenures
        for when in sorted({day} | {d for d in later if d > day}):
            if person_id in manager_chain_on(tenures, manager_id, when):
                raise RuleBroken(
                    f"{manager_id} reports to {person_id} on {when}: that would be a cycle",
                    field="manager_id",
                )

    def check_employed(self, person_id: str, day: date, field_name: str) -> None:
        person = self.people.get(person_id)
        if person is None:
            raise NotFound("person", person_id)
        if not self.is_employed_on(person_id, day):
            raise RuleBroken(f"{person_id} is not employed on {day}", field=field_name)

    @staticmethod
    def check_in_order(last: date | None, effective_on: date) -> None:
        if last is not None and effective_on <= last:
            raise RuleBroken(
                f"changes are recorded in date order: the last one took effect on {last}",
                field="effective_on",
            )

    # --- queries ----------------------------------------------------------------

    def person(self, person_id: str) -> PersonFile:
        try:
            return self.people[person_id]
        except KeyError:
            raise NotFound("person", person_id) from None

    def team(self, team_id: str) -> TeamFile:
        try:
            return self.teams[team_id]
        except KeyError:
            raise NotFound("team", team_id) from None

    @property
    def tenures(self) -> Mapping[str, Tenure]:
        return {pid: p.tenure for pid, p in self.people.items()}

    def is_employed_on(self, person_id: str, day: date) -> bool:
        person = self.people.get(person_id)
        return person is not None and person.tenure.placement_on(day) is not None

    def placement_on(self, person_id: str, day: date) -> Placement | None:
        return self.person(person_id).tenure.placement_on(day)

    def manager_on(self, person_id: str, day: date) -> str | None:
        placement = self.placement_on(person_id, day)
        return placement.manager_id if placement else None

    def chain_on(self, person_id: str, day: date) -> list[str]:
        """The manager chain of a person as of a date, nearest first."""
        return manager_chain_on(self.tenures, person_id, day)

    def members_on(self, team_id: str, day: date) -> list[str]:
        """The people sitting in a team on a date."""
        self.team(team_id)
        return sorted(
            pid
            for pid, p in self.people.items()
            if (pl := p.tenure.placement_on(day)) is not None and pl.team_id == team_id
        )

    def members_during(self, team_id: str, span: DateRange) -> dict[str, list[DateRange]]:
        """Who sat in the team on some day of the span, and on which of its days."""
        found: dict[str, list[DateRange]] = {}
        for person_id in self.people:
            windows = [
                part
                for window in self.team_windows_member(person_id, team_id)
                if (part := window.intersect(span)) is not None
            ]
            if windows:
                found[person_id] = windows
        return found

    def employed_during(self, person_id: str, span: DateRange) -> bool:
        person = self.people.get(person_id)
        spans = person.tenure.spans() if person is not None else iter(())
        return any(window.intersect(span) is not None for window, _ in spans)

    def lead_on(self, team_id: str, day: date) -> str | None:
        return holder_on(self.team(team_id).leads, day)

    def windows_managed(self, manager_id: str, person_id: str) -> tuple[DateRange, ...]:
        """Days on which ``manager_id`` was in ``person_id``'s reporting chain."""
        return windows_under(self.tenures, manager_id, person_id)

    def windows_partnered(self, hrbp_id: str, person_id: str) -> tuple[DateRange, ...]:
        """Days on which ``person_id`` sat in a team that ``hrbp_id`` partnered."""
        partnered = {
            t.team_id: t.partners[hrbp_id] for t in self.teams.values() if hrbp_id in t.partners
        }
        tenure = self.people[person_id].tenure if person_id in self.people else None
        return windows_in_teams(tenure, partnered)

    def team_windows_led(self, viewer_id: str, team_id: str) -> tuple[DateRange, ...]:
        """Days on which ``viewer_id`` led the team or managed the person leading it."""
        team = self.team(team_id)
        found: list[DateRange] = list(holder_windows(team.leads, viewer_id))
        for lead in {who for _, who in team.leads if who and who != viewer_id}:
            above = windows_under(self.tenures, viewer_id, lead)
            for held in holder_windows(team.leads, lead):
                found.extend(r for w in above if (r := held.intersect(w)) is not None)
        return merge(found)

    def team_windows_partnered(self, hrbp_id: str, team_id: str) -> tuple[DateRange, ...]:
        return merge(self.team(team_id).partners.get(hrbp_id, ()))

    def team_windows_member(self, person_id: str, team_id: str) -> tuple[DateRange, ...]:
        tenure = self.people[person_id].tenure if person_id in self.people else None
        return windows_in_teams(tenure, {team_id: [DateRange(date.min, None)]})
