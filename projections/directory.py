"""The organisation directory: people, teams, regions, and each person's history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from domain.organisation import Organisation as Org
from projections.scoping import visible_days
from projections.tables import Row, Rows, Table, from_json, iso_day, iso_time, to_json
from projections.view import Handler, View
from services.policy import Visibility

PEOPLE = Table(
    "directory_people",
    (
        ("person_id", "text"),
        ("name", "text"),
        ("roles", "text"),
        ("joined_on", "text"),
        ("left_on", "text"),
        ("team_id", "text"),
        ("manager_id", "text"),
        ("placed_on", "text"),
    ),
    key=("person_id",),
    indexes=(("team_id",), ("manager_id",)),
)
TEAMS = Table(
    "directory_teams",
    (("team_id", "text"), ("name", "text"), ("region_id", "text"), ("lead_id", "text")),
    key=("team_id",),
)
REGIONS = Table("directory_regions", (("region_id", "text"), ("name", "text")), key=("region_id",))
HISTORY = Table(
    "directory_history",
    (
        ("person_id", "text"),
        ("position", "int"),
        ("kind", "text"),
        ("on_day", "text"),
        ("recorded_at", "text"),
        ("recorded_by", "text"),
        ("details", "text"),
    ),
    key=("person_id", "position"),
)


def _history(rows: Rows, e: Any, kind: str, on_day: str | None, **details: Any) -> None:
    rows.put(
        HISTORY,
        {
            "person_id": e.person_id,
            "position": rows.position,
            "kind": kind,
            "on_day": on_day,
            "recorded_at": iso_time(e.recorded_at),
            "recorded_by": e.recorded_by,
            "details": to_json(details),
        },
    )


def person_joined(e: Org.PersonJoined, rows: Rows) -> None:
    day = iso_day(e.joined_on)
    rows.put(
        PEOPLE,
        {
            "person_id": e.person_id,
            "name": e.name,
            "roles": to_json(sorted(e.roles)),
            "joined_on": day,
            "left_on": None,
            "team_id": e.team_id,
            "manager_id": e.manager_id,
            "placed_on": day,
        },
    )
    _history(rows, e, "joined", day, team_id=e.team_id, manager_id=e.manager_id, roles=e.roles)


def person_moved(e: Org.PersonMoved, rows: Rows) -> None:
    person = rows.get(PEOPLE, e.person_id)
    assert person is not None, e.person_id
    day = iso_day(e.effective_on)
    rows.put(PEOPLE, person | {"team_id": e.team_id, "manager_id": e.manager_id, "placed_on": day})
    _history(rows, e, "moved", day, team_id=e.team_id, manager_id=e.manager_id)


def person_left(e: Org.PersonLeft, rows: Rows) -> None:
    person = rows.get(PEOPLE, e.person_id)
    assert person is not None, e.person_id
    day = iso_day(e.effective_on)
    rows.put(PEOPLE, person | {"left_on": day})
    _history(rows, e, "left", day)


def roles_changed(e: Org.RolesChanged, rows: Rows) -> None:
    person = rows.get(PEOPLE, e.person_id)
    assert person is not None, e.person_id
    rows.put(PEOPLE, person | {"roles": to_json(sorted(e.roles))})
    _history(rows, e, "roles_changed", iso_day(e.occurred_at.date()), roles=e.roles)


def team_formed(e: Org.TeamFormed, rows: Rows) -> None:
    rows.put(
        TEAMS, {"team_id": e.team_id, "name": e.name, "region_id": e.region_id, "lead_id": None}
    )


def team_lead_appointed(e: Org.TeamLeadAppointed, rows: Rows) -> None:
    team = rows.get(TEAMS, e.team_id)
    assert team is not None, e.team_id
    rows.put(TEAMS, team | {"lead_id": e.person_id})


def region_opened(e: Org.RegionOpened, rows: Rows) -> None:
    rows.put(REGIONS, {"region_id": e.region_id, "name": e.name})


class Directory(View):
    """Who is who: the first view, and the one every list of people starts from."""

    name = "directory"
    tables = (PEOPLE, TEAMS, REGIONS, HISTORY)
    handlers: ClassVar[Mapping[type, Handler]] = {
        Org.PersonJoined: person_joined,
        Org.PersonMoved: person_moved,
        Org.PersonLeft: person_left,
        Org.RolesChanged: roles_changed,
        Org.TeamFormed: team_formed,
        Org.TeamLeadAppointed: team_lead_appointed,
        Org.RegionOpened: region_opened,
    }

    def people(self, after: str | None, limit: int, only: list[str] | None) -> list[Row]:
        """A page of people in id order; ``only`` limits it to the ids a viewer may see."""
        sql = "SELECT * FROM {directory_people} WHERE person_id > %s"
        params: list[Any] = [after or ""]
        if only is not None:
            sql += f" AND person_id IN ({', '.join(['%s'] * len(only)) or 'NULL'})"
            params += only
        rows = self.select(sql + " ORDER BY person_id LIMIT %s", [*params, limit])
        return [_person(r) for r in rows]

    def person(self, person_id: str) -> Row | None:
        rows = self.select("SELECT * FROM {directory_people} WHERE person_id = %s", [person_id])
        return _person(rows[0]) if rows else None

    def history(self, person_id: str, visibility: Visibility, after: int, limit: int) -> list[Row]:
        """A person's organisation history, only the days the viewer may see."""
        days, params = visible_days("on_day", visibility)
        rows = self.select(
            "SELECT * FROM {directory_history} WHERE person_id = %s AND position > %s "
            f"AND {days} ORDER BY position LIMIT %s",
            [person_id, after, *params, limit],
        )
        return [r | {"details": from_json(r["details"])} for r in rows]

    def teams(self) -> list[Row]:
        return self.select(
            "SELECT t.*, r.name AS region_name FROM {directory_teams} t "
            "LEFT JOIN {directory_regions} r ON r.region_id = t.region_id ORDER BY t.team_id"
        )


def _person(row: Row) -> Row:
    return row | {"roles": from_json(row["roles"])}
