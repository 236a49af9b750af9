"""The team overview: each member's last twelve months, plan against actual this period,
what waits for the reader, leaderboards and PK scoreboards; every figure from the functions
the API's routes call, so the policy cuts the page exactly as it cuts the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from api.bootstrap import Container
from api.deps import ContainerDep, today
from api.incentive_models import ScoreboardOut
from api.models import Ident
from api.routers.incentives import leaderboard_of, readable_programmes, scoreboard_of
from api.routers.reviews import steps_waiting
from api.routers.targets import rollup_of
from api.routers.trajectories import trajectory_of
from api.routers.visits import plans_waiting
from api.trajectory_models import PeriodOut, TrajectoryOut
from api.web import charts
from api.web.render import page, speaker_of
from api.web.session import Reader
from domain.errors import NotFound
from domain.incentives import Form, Terms
from domain.organisation import Role
from domain.trajectory import month_key, months_back
from projections.incentives import terms_of
from services.commands import Actor
from services.errors import Forbidden

router = APIRouter(prefix="/ui", include_in_schema=False)
# The overview reads each member's last year, never their whole tenure: its cost stays flat.
MONTHS_READ = 12
BOARD_MEASURES = ("visits", "deals")
QUEUE_SHOWN = 50


@dataclass(frozen=True)
class MemberRow:
    person_id: str
    name: str
    trajectory: TrajectoryOut
    period: PeriodOut | None
    chart: dict[str, Any]


@router.get("/teams/{team_id}", response_class=HTMLResponse)
def team_page(request: Request, team_id: Ident, reader: Reader, c: ContainerDep) -> Response:
    """For whoever may see the team's boards (its lead and those above, its HRBP, auditors,
    members); each member's row only if the reader may see that member's records."""
    c.policy.require_board(reader, team_id)
    day = today(c)
    period = month_key(day)
    _ = speaker_of(request, c).gettext
    return page(
        request,
        c,
        "team.html",
        reader,
        team=c.policy.organisation().team(team_id),
        period=period,
        members=_members(c, reader, team_id, day, _),
        rollup=rollup_of(c, reader, team_id, period),
        plans=plans_waiting(c, reader, None, QUEUE_SHOWN).items,
        steps=steps_waiting(c, reader, reader.person_id),
        boards=[leaderboard_of(c, reader, team_id, period, m) for m in BOARD_MEASURES],
        contests=_contests(c, reader, team_id, period),
    )


def _members(c: Container, reader: Actor, team_id: str, day: date, _: Any) -> list[MemberRow]:
    last = month_key(day)
    first = months_back(last, MONTHS_READ)
    org = c.policy.organisation()
    rows = []
    # The reps: the manager sits in the team too, but sells through them.
    for person_id in (p for p in org.members_on(team_id, day) if Role.REP in org.person(p).roles):
        try:
            t = trajectory_of(c, reader, person_id, first, last)
        except (Forbidden, NotFound):
            continue  # a member the reader may not see (or not yet in the view) is left out
        person = c.views.directory.person(person_id) or {}
        current = _period_of(t, day)
        rows.append(
            MemberRow(person_id, person.get("name", ""), t, current, charts.sparkline(t, _))
        )
    return rows


def _period_of(t: TrajectoryOut, day: date) -> PeriodOut | None:
    """The shortest period with a target that covers the day (a month before a quarter)."""
    covering = [p for p in t.periods if p.starts_on <= day.isoformat() <= p.ends_on]
    return min(covering, key=lambda p: p.ends_on, default=None)


def _contests(
    c: Container, reader: Actor, team_id: str, period: str
) -> list[tuple[str, ScoreboardOut]]:
    """The PK competitions of the period the reader may read that name this team or its
    people, with their public scoreboards."""
    members = set(c.policy.organisation().members_on(team_id, today(c)))
    found = []
    for row in readable_programmes(c, reader, period):
        terms = terms_of(row["terms"])
        if terms.form == Form.PK and _names(terms, team_id, members):
            found.append((terms.name, scoreboard_of(c, row)))
    return found


def _names(terms: Terms, team_id: str, members: set[str]) -> bool:
    named = {*terms.people, *(p for g in terms.groups for p in g.members)}
    return team_id in terms.teams or team_id in named or bool(named & members)
