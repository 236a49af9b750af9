"""The access policy: one place that decides who may see or do what.

Every command and every read-model query asks this policy. What a person may
see of someone else's records is a set of date ranges: a manager sees a
report's records for the days the report sat under them, an HRBP for the days
the report's team was theirs to partner. Tokens name roles; relations (who
managed whom, when) come from the organisation's own record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from threading import Lock

from domain.errors import NotFound
from domain.organisation import Organisation, Role
from domain.reporting import merge
from domain.values import DateRange
from services.audit_records import CONFIGURATION_KINDS
from services.commands import Actor
from services.errors import Forbidden

OrganisationSource = Callable[[], Organisation]


@dataclass(frozen=True)
class Visibility:
    """The days of someone's records a viewer may see."""

    everything: bool = False
    ranges: tuple[DateRange, ...] = ()

    def covers(self, day: date) -> bool:
        return self.everything or any(r.contains(day) for r in self.ranges)

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.ranges

    def intersect(self, other: Visibility) -> Visibility:
        """The days both may see."""
        if self.everything:
            return other
        if other.everything:
            return self
        both = [r for a in self.ranges for b in other.ranges if (r := a.intersect(b))]
        return Visibility(ranges=tuple(sorted(both, key=lambda r: r.start)))

    def overlaps(self, span: DateRange) -> bool:
        """Some day of the span is visible: the rule for records about a whole period."""
        return self.everything or any(r.intersect(span) is not None for r in self.ranges)


EVERYTHING = Visibility(everything=True)
NOTHING = Visibility()


@dataclass(frozen=True)
class Scope:
    """Whose records a viewer may list, and for which days of each person."""

    everything: bool = False
    people: dict[str, Visibility] = field(default_factory=dict)

    def of(self, person_id: str) -> Visibility:
        return EVERYTHING if self.everything else self.people.get(person_id, NOTHING)


@dataclass(frozen=True)
class AuditScope:
    """Which events of the HR audit history a reader may see: all of them (auditors), the
    records of ``kinds`` (admins: the configuration they keep), and one person's records
    on the days the reader may see them."""

    everything: bool = False
    kinds: tuple[str, ...] = ()
    person: tuple[str, Visibility] | None = None

    def covers_record(self, kind: str, person_id: str | None, day: date | None) -> bool:
        """Whether the reader may see a record at all (on its day, where it has one)."""
        if self.everything or kind in self.kinds:
            return True
        if self.person is None or person_id != self.person[0]:
            return False
        days = self.person[1]
        return days.covers(day) if day is not None else not days.is_empty


def _has(actor: Actor, *roles: Role) -> bool:
    return any(role in actor.roles for role in roles)


class AccessPolicy:
    def __init__(self, organisation: OrganisationSource) -> None:
        self.organisation = organisation
        # Windows depend only on the organisation's version: cache them per version.
        self._cache: dict[tuple[str, str], Visibility] = {}
        self._cache_version = -1
        self._cache_lock = Lock()

    # --- commands ---------------------------------------------------------------

    def check_may_write(self, actor: Actor) -> None:
        """Auditors read everything and record nothing."""
        if _has(actor, Role.AUDITOR):
            raise Forbidden("auditors read the record; they do not write to it")

    def require_role(self, actor: Actor, *roles: Role) -> None:
        if not _has(actor, *roles):
            names = " or ".join(r.value for r in roles)
            raise Forbidden(f"this needs the {names} role")

    def require_self(self, actor: Actor, person_id: str) -> None:
        if actor.person_id != person_id:
            raise Forbidden(f"only {person_id} may record this for themselves")

    def require_manager_on(self, actor: Actor, person_id: str, day: date) -> None:
        """Steps that belong to the manager: the person's direct manager on that day."""
        if self.organisation().manager_on(person_id, day) != actor.person_id:
            raise Forbidden(f"{actor.person_id} was not {person_id}'s manager on {day}")

    def require_above_on(self, actor: Actor, person_id: str, day: date) -> None:
        """Steps any manager in the person's chain may take on that day."""
        if actor.person_id not in self.organisation().chain_on(person_id, day):
            raise Forbidden(f"{person_id} did not report to {actor.person_id} on {day}")

    def require_team_lead_on(self, actor: Actor, team_id: str, day: date) -> None:
        """Steps that belong to a team's lead: the person leading it on that day."""
        if self.organisation().lead_on(team_id, day) != actor.person_id:
            raise Forbidden(f"{actor.person_id} did not lead team {team_id} on {day}")

    def require_self_or_above_on(self, actor: Actor, person_id: str, day: date) -> None:
        """Steps the person takes for themselves, or any manager in their chain that day."""
        if actor.person_id != person_id:
            self.require_above_on(actor, person_id, day)

    def require_lead_or_above_on(self, actor: Actor, team_id: str, day: date) -> None:
        """Steps for a team: its lead on that day, or a manager above the lead then."""
        led = self.organisation().team_windows_led(actor.person_id, team_id)
        if not any(r.contains(day) for r in led):
            raise Forbidden(f"{actor.person_id} did not lead team {team_id} on {day}")

    def require_organiser_during(
        self, actor: Actor, teams: Iterable[str], people: Iterable[str], span: DateRange
    ) -> None:
        """Incentives for teams and people: organised by a lead of each team (or a manager
        above the lead), a manager above each person, or their HRBP, on some day of the span."""
        org, me = self.organisation(), actor.person_id
        hrbp = _has(actor, Role.HRBP)
        for team_id in teams:
            led = org.team_windows_led(me, team_id)
            partnered = org.team_windows_partnered(me, team_id) if hrbp else ()
            if not Visibility(ranges=(*led, *partnered)).overlaps(span):
                raise Forbidden(f"{me} neither led nor partnered team {team_id} in the period")
        for person_id in people:
            managed = org.windows_managed(me, person_id)
            partnered = org.windows_partnered(me, person_id) if hrbp else ()
            if not Visibility(ranges=(*managed, *partnered)).overlaps(span):
                raise Forbidden(f"{person_id} did not report to {me} in the period")

    def direct_reports_on(self, actor: Actor, day: date) -> list[str]:
        """The people whose direct manager the actor is on that day (whose plans they review)."""
        org = self.organisation()
        return sorted(p for p in org.people if org.manager_on(p, day) == actor.person_id)

    def require_hrbp_on(self, actor: Actor, person_id: str, day: date) -> None:
        self.require_role(actor, Role.HRBP)
        if not self._windows(actor.person_id, person_id).covers(day):
            raise Forbidden(f"{actor.person_id} did not partner {person_id}'s team on {day}")

    def require_calibrator_on(self, actor: Actor, person_id: str, day: date) -> None:
        """Calibration and corrections: the person's HRBP, or a manager above their manager."""
        if _has(actor, Role.HRBP) and self._windows(actor.person_id, person_id).covers(day):
            return
        if actor.person_id not in self.organisation().chain_on(person_id, day)[1:]:
            raise Forbidden(
                f"{actor.person_id} was neither {person_id}'s HRBP nor above their manager on {day}"
            )

    # --- reads --------------------------------------------------------------------

    def person_visibility(self, actor: Actor, person_id: str) -> Visibility:
        """Which days of a person's performance and review records the actor may read."""
        if _has(actor, Role.AUDITOR) or actor.person_id == person_id:
            return EVERYTHING
        return self._windows(actor.person_id, person_id)

    def directory_visibility(self, actor: Actor, person_id: str) -> Visibility:
        """Admins keep the organisation, so they see every entry of the directory."""
        if _has(actor, Role.ADMIN):
            return EVERYTHING
        return self.person_visibility(actor, person_id)

    def require_person(self, actor: Actor, person_id: str, day: date | None = None) -> Visibility:
        visibility = self.person_visibility(actor, person_id)
        self._require(visibility, actor, person_id, day)
        return visibility

    def require_person_during(self, actor: Actor, person_id: str, span: DateRange) -> Visibility:
        """Records about a period: visible to whoever may see some day of it."""
        visibility = self.person_visibility(actor, person_id)
        self._require_span(visibility, actor, person_id, span)
        return visibility

    def require_team_during(self, actor: Actor, team_id: str, span: DateRange) -> Visibility:
        visibility = self.team_visibility(actor, team_id)
        self._require_span(visibility, actor, f"team {team_id}", span)
        return visibility

    def require_directory(self, actor: Actor, person_id: str) -> Visibility:
        visibility = self.directory_visibility(actor, person_id)
        self._require(visibility, actor, person_id, None)
        return visibility

    def require_log_entry(self, actor: Actor, concerns: tuple[str, date] | None) -> None:
        """Proofs about one record go to whoever may read it; other records, to auditors.

        ``concerns`` is the person a receipt-bearing record is about and its day.
        """
        if _has(actor, Role.AUDITOR):
            return
        if concerns is None:
            raise Forbidden("only auditors see proofs about records that concern no one person")
        self.require_person(actor, *concerns)

    def audit_scope(self, actor: Actor, person_id: str | None) -> AuditScope:
        """The HR audit history: auditors read all of it and filter as they like; admins
        the history of the organisation and configuration they keep; anyone else one
        person's history, for the days they may see that person's records (their own
        always, so a person can check what was recorded about them)."""
        if _has(actor, Role.AUDITOR):
            return AuditScope(everything=True)
        kinds = CONFIGURATION_KINDS if _has(actor, Role.ADMIN) else ()
        if person_id is None:
            if not kinds:
                raise Forbidden("name a person: only auditors read the whole audit history")
            return AuditScope(kinds=kinds)
        visibility = self.person_visibility(actor, person_id)
        if visibility.is_empty and not kinds:
            raise Forbidden(f"{actor.person_id} may not see the history of {person_id}")
        return AuditScope(kinds=kinds, person=(person_id, visibility))

    def require_audit_record(
        self, actor: Actor, kind: str, person_id: str | None, day: date | None
    ) -> AuditScope:
        """One record's history: for whoever may read the record it is about."""
        if person_id is None and not _has(actor, Role.AUDITOR, Role.ADMIN):
            raise Forbidden("only auditors read the history of records about no one person")
        scope = self.audit_scope(actor, person_id)
        if not scope.covers_record(kind, person_id, day):
            raise Forbidden(f"{actor.person_id} may not see the history of this {kind}")
        return scope

    def team_visibility(self, actor: Actor, team_id: str) -> Visibility:
        """Team records: the lead (and those above the lead), the HRBP, members, auditors."""
        if _has(actor, Role.ADMIN):
            return EVERYTHING
        return self.board_visibility(actor, team_id)

    def board_visibility(self, actor: Actor, team_id: str) -> Visibility:
        """A team's leaderboards: its members, its lead and those above, its HRBP, auditors;
        not admins, who keep the directory but read no one's performance."""
        if _has(actor, Role.AUDITOR):
            return EVERYTHING
        org = self.organisation()
        org.team(team_id)
        return Visibility(
            ranges=merge(
                [
                    *org.team_windows_led(actor.person_id, team_id),
                    *org.team_windows_partnered(actor.person_id, team_id),
                    *org.team_windows_member(actor.person_id, team_id),
                ]
            )
        )

    def require_board(self, actor: Actor, team_id: str) -> Visibility:
        visibility = self.board_visibility(actor, team_id)
        self._require(visibility, actor, f"team {team_id}", None)
        return visibility

    def require_region(self, actor: Actor, region_id: str) -> Visibility:
        """A region's figures mix every team's people, so they go to those who may see every
        team of the region (the director above, an HRBP of all of them, auditors), for the
        days they may see them all."""
        if _has(actor, Role.AUDITOR):
            return EVERYTHING
        org = self.organisation()
        if region_id not in org.regions:
            raise NotFound("region", region_id)
        teams = [t for t in org.teams.values() if t.region_id == region_id]
        visibility = EVERYTHING if teams else NOTHING
        for team in teams:
            visibility = visibility.intersect(self.board_visibility(actor, team.team_id))
        self._require(visibility, actor, f"region {region_id}", None)
        return visibility

    def require_team(self, actor: Actor, team_id: str, day: date | None = None) -> Visibility:
        visibility = self.team_visibility(actor, team_id)
        self._require(visibility, actor, f"team {team_id}", day)
        return visibility

    def scope(self, actor: Actor, *, directory: bool = False) -> Scope:
        """Everyone whose records the actor may list, each with the days they may see."""
        if _has(actor, Role.AUDITOR) or (directory and _has(actor, Role.ADMIN)):
            return Scope(everything=True)
        org = self.organisation()
        people = {actor.person_id: EVERYTHING}
        for person_id in org.people:
            if person_id != actor.person_id:
                visibility = self._windows(actor.person_id, person_id)
                if not visibility.is_empty:
                    people[person_id] = visibility
        return Scope(people=people)

    # --- helpers ------------------------------------------------------------------

    def _windows(self, viewer_id: str, person_id: str) -> Visibility:
        org = self.organisation()
        with self._cache_lock:
            if org.version != self._cache_version:
                self._cache = {}
                self._cache_version = org.version
            found = self._cache.get((viewer_id, person_id))
        if found is None:
            found = _relation_windows(org, viewer_id, person_id)
            with self._cache_lock:
                if org.version == self._cache_version:
                    self._cache[(viewer_id, person_id)] = found
        return found

    @staticmethod
    def _require(visibility: Visibility, actor: Actor, subject: str, day: date | None) -> None:
        allowed = not visibility.is_empty if day is None else visibility.covers(day)
        if not allowed:
            when = "" if day is None else f" for {day}"
            raise Forbidden(f"{actor.person_id} may not see the records of {subject}{when}")

    @staticmethod
    def _require_span(visibility: Visibility, actor: Actor, subject: str, span: DateRange) -> None:
        if not visibility.overlaps(span):
            end = "" if span.end is None else f" to {span.end}"
            raise Forbidden(
                f"{actor.person_id} may not see the records of {subject} from {span.start}{end}"
            )


def _relation_windows(org: Organisation, viewer_id: str, person_id: str) -> Visibility:
    ranges: Iterable[DateRange] = [
        *org.windows_managed(viewer_id, person_id),
        *org.windows_partnered(viewer_id, person_id),
    ]
    return Visibility(ranges=merge(ranges))
