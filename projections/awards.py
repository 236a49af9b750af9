"""Awards: the catalogue, nominations, and every award a person or team received.

An award is granted by a programme's decision at close (to each winner; a
team's award is listed for each person who sat in the team during the period
too) or by a confirmed nomination. A person's awards over the years are one
indexed page per request, newest period first: they feed the trajectory.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from domain.awards import DEFAULT_AWARDS, AwardCatalogue
from domain.incentives import Programme
from domain.measure_catalogue import SubjectKind
from domain.nominations import Nomination, NominationStatus
from domain.standings import Standing
from projections.paging import continuing
from projections.scoping import visible_days, visible_spans
from projections.tables import Row, Rows, Table, iso_day, iso_time
from projections.view import Handler, View
from services.policy import Visibility

CATALOGUE = Table(
    "award_catalogue",
    (
        ("code", "text"),
        ("name", "text"),
        ("meaning", "text"),
        ("level", "text"),
        ("granted_by", "text"),
        ("defined_by", "text"),
        ("defined_at", "text"),
    ),
    key=("code",),
)
NOMINATIONS = Table(
    "award_nominations",
    (
        ("nomination_id", "text"),
        ("nominee_id", "text"),
        ("award_code", "text"),
        ("period_key", "text"),
        ("starts_on", "text"),
        ("ends_on", "text"),
        ("nominated_on", "text"),
        ("sort_key", "text"),
        ("citation", "text"),
        ("nominated_by", "text"),
        ("nominated_at", "text"),
        ("status", "text"),
        ("decided_by", "text"),
        ("decided_at", "text"),
        ("reason", "text"),
    ),
    key=("nomination_id",),
    indexes=(("nominee_id", "sort_key"),),
)
GRANTS = Table(
    "award_grants",
    (
        ("holder_kind", "text"),
        ("holder_id", "text"),
        ("sort_key", "text"),
        ("via_team", "text"),
        ("period_key", "text"),
        ("starts_on", "text"),
        ("ends_on", "text"),
        ("award_code", "text"),
        ("award_name", "text"),
        ("source", "text"),
        ("source_id", "text"),
        ("title", "text"),
        ("measure", "text"),
        ("figure", "text"),
        ("granted_at", "text"),
    ),
    key=("holder_kind", "holder_id", "sort_key"),
)
DEFAULTS = {a.code: a for a in DEFAULT_AWARDS}


def award_defined(e: AwardCatalogue.AwardDefined, rows: Rows) -> None:
    award = e.award
    rows.put(
        CATALOGUE,
        {
            "code": award.code,
            "name": award.name,
            "meaning": award.meaning,
            "level": award.level,
            "granted_by": award.granted_by,
            "defined_by": e.recorded_by,
            "defined_at": iso_time(e.recorded_at),
        },
    )


def _award_name(rows: Rows, code: str | None, fallback: str) -> str:
    if code is None:
        return fallback
    row = rows.get(CATALOGUE, code)
    if row is not None:
        return str(row["name"])
    return DEFAULTS[code].name if code in DEFAULTS else code


# The period of each programme, so that its decision's awards are dated by the period.
PROGRAMME_PERIODS = Table(
    "award_programme_periods",
    (("programme_id", "text"), ("period_key", "text"), ("starts_on", "text"), ("ends_on", "text")),
    key=("programme_id",),
)


def programme_decided(e: Programme.Decided, rows: Rows) -> None:
    """Each winner gets the award; a winning team's members get it too, marked as the team's."""
    d = e.decision
    period = rows.get(PROGRAMME_PERIODS, str(e.originator_id))
    assert period is not None, e.originator_id
    grant = {
        **_dated(rows, period),
        "award_code": d.award_code,
        "award_name": _award_name(rows, d.award_code, d.name),
        "source": "programme",
        "source_id": str(e.originator_id),
        "title": d.name,
        "measure": d.measure,
        "granted_at": iso_time(e.recorded_at),
    }
    won = {s.subject_id: s for s in d.standings if s.won}
    kind = SubjectKind.TEAM if d.level == SubjectKind.TEAM else SubjectKind.PERSON
    for subject_id in d.winners:
        rows.put(GRANTS, grant | _holder(kind, subject_id, None, won[subject_id]))
    for team in d.members:
        for person_id in team.members:
            rows.put(
                GRANTS, grant | _holder(SubjectKind.PERSON, person_id, team.name, won[team.name])
            )


def _dated(rows: Rows, period: Row) -> Row:
    return {
        "sort_key": f"{period['starts_on']}|{rows.position:020d}",
        "period_key": period["period_key"],
        "starts_on": period["starts_on"],
        "ends_on": period["ends_on"],
    }


def _holder(kind: SubjectKind, holder: str, via_team: str | None, standing: Standing) -> Row:
    return {
        "holder_kind": kind.value,
        "holder_id": holder,
        "via_team": via_team,
        "figure": None if standing.value is None else str(standing.value),
    }


def programme_drafted(e: Programme.Drafted, rows: Rows) -> None:
    rows.put(
        PROGRAMME_PERIODS,
        {
            "programme_id": str(e.originator_id),
            "period_key": e.period_key,
            "starts_on": iso_day(e.starts_on),
            "ends_on": iso_day(e.ends_on),
        },
    )


def nominated(e: Nomination.Nominated, rows: Rows) -> None:
    day = iso_day(e.nominated_on)
    rows.put(
        NOMINATIONS,
        {
            "nomination_id": str(e.originator_id),
            "nominee_id": e.nominee_id,
            "award_code": e.award_code,
            "period_key": e.period_key,
            "starts_on": iso_day(e.starts_on),
            "ends_on": iso_day(e.ends_on),
            "nominated_on": day,
            "sort_key": f"{day}|{rows.position:020d}",
            "citation": e.citation,
            "nominated_by": e.recorded_by,
            "nominated_at": iso_time(e.recorded_at),
            "status": NominationStatus.PENDING.value,
            "decided_by": None,
            "decided_at": None,
            "reason": None,
        },
    )


def _decided(status: NominationStatus) -> Handler:
    def handle(e: Nomination.Confirmed | Nomination.Declined, rows: Rows) -> None:
        nomination = rows.get(NOMINATIONS, str(e.originator_id))
        assert nomination is not None, e.originator_id
        nomination |= {
            "status": status.value,
            "decided_by": e.recorded_by,
            "decided_at": iso_time(e.recorded_at),
            "reason": e.reason,
        }
        rows.put(NOMINATIONS, nomination)
        if status is NominationStatus.CONFIRMED:
            _grant_nominated(rows, nomination, nomination["decided_at"])

    return handle


def _grant_nominated(rows: Rows, nomination: Row, granted_at: str) -> None:
    code = nomination["award_code"]
    grant = _dated(rows, nomination) | {
        "award_code": code,
        "award_name": _award_name(rows, code, code),
        "source": "nomination",
        "source_id": nomination["nomination_id"],
        "title": nomination["citation"],
        "measure": None,
        "granted_at": granted_at,
    }
    rows.put(
        GRANTS, grant | _holder(SubjectKind.PERSON, nomination["nominee_id"], None, _NO_FIGURE)
    )


_NO_FIGURE = Standing("", None, None, None)


class Awards(View):
    name = "awards"
    tables = (CATALOGUE, NOMINATIONS, GRANTS, PROGRAMME_PERIODS)
    handlers: ClassVar[Mapping[type, Handler]] = {
        AwardCatalogue.AwardDefined: award_defined,
        Programme.Drafted: programme_drafted,
        Programme.Decided: programme_decided,
        Nomination.Nominated: nominated,
        Nomination.Confirmed: _decided(NominationStatus.CONFIRMED),
        Nomination.Declined: _decided(NominationStatus.DECLINED),
    }

    def catalogue(self) -> list[Row]:
        """The defaults, then what the organisation defined, in code order."""
        defined = self.select("SELECT * FROM {award_catalogue} ORDER BY code")
        shipped = [
            {
                "code": a.code,
                "name": a.name,
                "meaning": a.meaning,
                "level": a.level,
                "granted_by": a.granted_by,
                "defined_by": None,
                "defined_at": None,
            }
            for a in DEFAULT_AWARDS
        ]
        return shipped + defined

    def received(
        self, kind: str, holder_id: str, visibility: Visibility, before: str | None, limit: int
    ) -> list[Row]:
        """A page of the awards a person or team received, newest period first, for the
        periods the viewer may see some day of."""
        spans, params = visible_spans("starts_on", "ends_on", visibility)
        cursor, cursor_params = continuing(before)
        return self.select(
            "SELECT * FROM {award_grants} WHERE holder_kind = %s AND holder_id = %s "
            f"{cursor} AND {spans} ORDER BY sort_key DESC LIMIT %s",
            [kind, holder_id, *cursor_params, *params, limit],
        )

    def nomination(self, nomination_id: str) -> Row | None:
        rows = self.select(
            "SELECT * FROM {award_nominations} WHERE nomination_id = %s", [nomination_id]
        )
        return rows[0] if rows else None

    def nominations_of(
        self, nominee_id: str, visibility: Visibility, before: str | None, limit: int
    ) -> list[Row]:
        """A page of a person's nominations, newest first, on the days the viewer may see."""
        days, params = visible_days("nominated_on", visibility)
        cursor, cursor_params = continuing(before)
        return self.select(
            "SELECT * FROM {award_nominations} WHERE nominee_id = %s "
            f"{cursor} AND {days} ORDER BY sort_key DESC LIMIT %s",
            [nominee_id, *cursor_params, *params, limit],
        )
