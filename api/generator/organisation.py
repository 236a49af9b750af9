"""The organisation over the years: founding, hiring, attrition, moves, new managers.

Every change goes through the ``Organisation`` aggregate's own commands, so the
rules on reporting lines (no cycles, changes in date order) hold for the whole
history, and the access policy reads a consistent structure for any day.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import partial

from api.generator.calendar import local, working_day_after
from api.generator.coaching import first_session
from api.generator.customers import register_customers
from api.generator.texts import person_name
from api.generator.visits import cancel_plans_from
from api.generator.world import Rep, Team, World

REGIONS = (
    ("east", "East China"),
    ("south", "South China"),
    ("north", "North China"),
    ("west", "West China"),
    ("central", "Central China"),
)
TEAMS_PER_REGION = 4
PROSPECTS_PER_TEAM = 60
CLIENTS_PER_TEAM = 30


def found(w: World) -> None:
    """Day one: regions, teams with their managers, HRBPs, the director, audit, reps."""
    teams = max(1, math.ceil(w.profile.reps / w.profile.team_size))
    regions = REGIONS[: min(len(REGIONS), math.ceil(teams / TEAMS_PER_REGION))]
    early = w.start - timedelta(days=1000)
    for region_id, name in regions:
        w.org.open_region(w.stamp(w.admin), region_id, name)
    staff = ((w.admin, ["admin"]), (w.director, ["manager"]), (w.auditor, ["auditor"]))
    for person_id, roles in staff:
        _hire(w, person_id, roles, early, None, None)
    hrbps = {region_id: _hire_hrbp(w, early) for region_id, _ in regions}
    for n in range(teams):
        region_id = regions[n % len(regions)][0]
        _form_team(w, f"t-{region_id}-{n // len(regions) + 1:02d}", region_id, hrbps[region_id])
    team_ids = list(w.teams)
    for n in range(w.profile.reps):
        # A mix of veterans and recent hires, so ramp-up shows from the first month.
        joined = w.start - timedelta(days=w.rng.randrange(15, 900))
        hire_rep(w, team_ids[n % len(team_ids)], joined)
    w.writer.add(w.org)


def _hire(
    w: World, person_id: str, roles: list[str], joined: date, team: str | None, mgr: str | None
) -> None:
    w.org.hire(w.stamp(w.admin), person_id, person_name(w.rng), roles, joined, team, mgr)


def _hire_hrbp(w: World, joined: date) -> str:
    hrbp_id = w.new_person_id("hr")
    _hire(w, hrbp_id, ["hrbp"], joined, None, None)
    return hrbp_id


def _form_team(w: World, team_id: str, region_id: str, hrbp_id: str) -> None:
    joined = w.start - timedelta(days=1000)
    manager_id = w.new_person_id("mgr")
    w.org.form_team(w.stamp(w.admin), team_id, f"Direct sales {team_id}", region_id)
    _hire(w, manager_id, ["manager"], joined, team_id, w.director)
    w.org.appoint_team_lead(w.stamp(w.admin), team_id, manager_id, joined)
    w.org.assign_hrbp(w.stamp(w.admin), team_id, hrbp_id, joined)
    team = Team(team_id, region_id, manager_id, hrbp_id)
    w.teams[team_id], w.managers[manager_id] = team, team_id
    register_customers(w, team, PROSPECTS_PER_TEAM, "prospect")
    for customer_id in register_customers(w, team, CLIENTS_PER_TEAM, "existing"):
        # Existing clients signed some time in the last year: their renewals come due.
        team.clients[customer_id] = w.start - timedelta(days=w.rng.randrange(1, 365))
        team.client_list.append(customer_id)


def hire_rep(w: World, team_id: str, joined: date) -> Rep:
    team = w.teams[team_id]
    rep = Rep(
        person_id=w.new_person_id("rep"),
        team_id=team_id,
        joined_on=joined,
        skill=min(1.6, max(0.5, w.rng.gauss(1.0, 0.22))),
        values=min(1.0, max(0.0, w.rng.gauss(0.6, 0.2))),
    )
    _hire(w, rep.person_id, ["rep"], joined, team_id, team.manager_id)
    w.writer.add(w.org)
    w.reps[rep.person_id] = rep
    first_session(w, rep, max(joined, w.start))
    return rep


# --- attrition and hiring -------------------------------------------------------------


def decide_leavers(w: World, first: date) -> None:
    """On the 1st: who leaves this month. New hires and weak performers leave more."""
    for rep in list(w.reps.values()):
        if rep.leaves_on is not None or rep.person_id in w.in_review:
            continue
        chance = 0.03 if rep.tenure_months(first) < 6 else 0.011
        if rep.skill < 0.85:
            chance *= 1.6
        if w.chance(chance):
            rep.leaves_on = first + timedelta(days=w.rng.randrange(5, 26))
            w.at(local(rep.leaves_on, 6, 30), partial(leave, w, rep))


def leave(w: World, rep: Rep) -> None:
    """The rep cancels what they had planned, leaves, and a replacement is hired."""
    assert rep.leaves_on is not None
    cancel_plans_from(w, rep, rep.leaves_on, "Leaving the company.")
    w.org.record_leaving(w.stamp(w.admin), rep.person_id, rep.leaves_on)
    w.writer.add(w.org)
    del w.reps[rep.person_id]
    joins = working_day_after(rep.leaves_on, w.rng.randrange(8, 30))
    w.at(local(joins, 8), partial(hire_replacement, w, rep.team_id, joins))


def hire_replacement(w: World, team_id: str, joined: date) -> None:
    hire_rep(w, team_id, joined)


# --- moves and managers ----------------------------------------------------------------


def can_move(w: World, person_id: str, day: date) -> bool:
    """Changes are in date order: nobody moves twice, or on the day they joined."""
    placements = w.org.person(person_id).tenure.placements
    return placements[-1].starts_on < day


def move_reps(w: World, day: date) -> None:
    """At a quarter's start a few seasoned reps move to another team."""
    if len(w.teams) < 2:
        return
    team_ids = list(w.teams)
    for rep in list(w.reps.values()):
        if rep.leaves_on or rep.tenure_months(day) < 6 or not w.chance(0.04):
            continue
        target = w.teams[w.rng.choice([t for t in team_ids if t != rep.team_id])]
        if can_move(w, rep.person_id, day):
            w.org.move(w.stamp(w.admin), rep.person_id, day, target.team_id, target.manager_id)
            rep.team_id = target.team_id
            rep.pipeline.clear()  # the customers stay with the team they belong to
    w.writer.add(w.org)


def rotate_managers(w: World, day: date) -> None:
    """Once a year some managers swap teams: their reps get a new manager that day."""
    team_ids = list(w.teams)
    w.rng.shuffle(team_ids)
    pairs = max(0, len(team_ids) // 5)
    for n in range(pairs):
        first, second = w.teams[team_ids[2 * n]], w.teams[team_ids[2 * n + 1]]
        _swap_managers(w, first, second, day)
    w.writer.add(w.org)


def _swap_managers(w: World, first: Team, second: Team, day: date) -> None:
    new_first, new_second = second.manager_id, first.manager_id
    for team, manager_id in ((first, new_first), (second, new_second)):
        w.org.appoint_team_lead(w.stamp(w.admin), team.team_id, manager_id, day)
        if can_move(w, manager_id, day):
            w.org.move(w.stamp(w.admin), manager_id, day, team.team_id, w.director)
        team.manager_id, w.managers[manager_id] = manager_id, team.team_id
    for rep in w.reps.values():
        team = w.teams[rep.team_id]
        if team in (first, second) and can_move(w, rep.person_id, day):
            w.org.move(w.stamp(w.admin), rep.person_id, day, team.team_id, team.manager_id)
