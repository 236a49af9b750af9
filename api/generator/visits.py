"""A rep's working day: plans made ahead, the manager's review, visits logged, cancellations.

Plans are made in the morning for the coming days; the manager reviews most of them
the same morning (approve, or coach with a note), some only after the visit (kept,
flagged late), some never. New hires plan less and improvise more.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

from api.generator.calendar import local, season, working_day_after
from api.generator.customers import register_customers
from api.generator.deals import after_visit
from api.generator.texts import (
    CANCEL_REASONS,
    COACHING,
    MET,
    NEXT_STEPS,
    OUTCOMES,
    PURPOSES,
    pick,
)
from api.generator.world import PlannedVisit, Rep, World
from domain.visits import ReviewDecision, Visit, VisitReport

CANCEL_SHARE = 0.07
RIDE_ALONG_SHARE = 0.04


def working_day(w: World, rep: Rep, day: date) -> None:
    """At 07:00: the day's visits (planned or not), cancellations, and plans for later."""
    pace = w.profile.visits_per_day * rep.skill * rep.ramp(day) * season(day)
    # Seasoned reps plan nearly everything; a new hire still improvises a third.
    unplanned = 0.35 - 0.27 * min(1.0, rep.tenure_months(day) / 6)
    for planned in rep.plans.pop(day, []):
        if planned.cancelled:
            reason = pick(w.rng, CANCEL_REASONS)
            w.at(local(day, 8, w.rng.randrange(50)), partial(cancel, w, rep, planned, reason))
        else:
            _visit_later_today(w, rep, day, planned.visit, None)
    for _ in range(w.poisson(pace * unplanned)):
        _visit_later_today(w, rep, day, None, choose_customer(w, rep))
    for _ in range(w.poisson(pace * (1 - unplanned))):
        ahead = working_day_after(day, 1 + (w.rng.random() < 0.3))
        w.at(local(day, 8, w.rng.randrange(55)), partial(plan, w, rep, day, ahead))


def _visit_later_today(
    w: World, rep: Rep, day: date, visit: Visit | None, customer_id: str | None
) -> None:
    happened = local(day, 9, 30) + timedelta(minutes=w.rng.randrange(480))
    logged = local(day, 18) + timedelta(minutes=w.rng.randrange(180))
    w.at(logged, partial(happen, w, rep, day, happened, visit, customer_id))


def choose_customer(w: World, rep: Rep) -> str:
    """Mostly customers already in play, then clients, then a fresh prospect."""
    team = w.teams[rep.team_id]
    draw = w.rng.random()
    if rep.pipeline and draw < 0.55:
        return w.rng.choice(list(rep.pipeline))
    if team.client_list and draw < 0.85:
        return team.client_list[w.rng.randrange(len(team.client_list))]
    if len(team.prospects) < 5:
        register_customers(w, team, 25, "prospect")
    return team.prospects.pop(w.rng.randrange(len(team.prospects)))


def plan(w: World, rep: Rep, today: date, day: date) -> None:
    if rep.person_id not in w.reps or (rep.leaves_on and day >= rep.leaves_on):
        return
    visit = Visit.plan(
        w.stamp(rep.person_id),
        w.uuid(),
        rep.person_id,
        choose_customer(w, rep),
        day,
        pick(w.rng, PURPOSES),
        today,
    )
    w.writer.add(visit)
    planned = PlannedVisit(visit, day, cancelled=w.chance(CANCEL_SHARE))
    rep.plans.setdefault(day, []).append(planned)
    _plan_review(w, rep, today, planned)


def _plan_review(w: World, rep: Rep, today: date, planned: PlannedVisit) -> None:
    """Most plans are reviewed the morning they are made; some late, some never."""
    draw = w.rng.random()
    if draw < 0.62:
        moment, decision = local(today, 9, w.rng.randrange(150)), ReviewDecision.APPROVE
    elif draw < 0.74:
        moment, decision = local(today, 9, w.rng.randrange(150)), ReviewDecision.COACH
    elif draw < 0.84:
        moment, decision = local(planned.day + timedelta(days=1), 9, 30), ReviewDecision.APPROVE
    else:
        return
    w.at(moment, partial(review, w, rep, planned, decision))


def review(w: World, rep: Rep, planned: PlannedVisit, decision: ReviewDecision) -> None:
    visit = planned.visit
    if visit.cancelled or rep.person_id not in w.reps:
        return
    manager_id = w.teams[rep.team_id].manager_id
    note = pick(w.rng, COACHING) if decision is ReviewDecision.COACH else None
    visit.review(w.stamp(manager_id), manager_id, decision, note, today(w))
    w.writer.add(visit)


def today(w: World) -> date:
    return (w.agenda.now + timedelta(hours=8)).date()


def happen(
    w: World,
    rep: Rep,
    day: date,
    happened_at: datetime,
    visit: Visit | None,
    customer_id: str | None,
) -> None:
    """The rep logs a visit that happened today: the outcome of a plan, or unplanned."""
    if rep.person_id not in w.reps:
        return
    report = _report(w, rep, day, happened_at)
    if visit is None:
        assert customer_id is not None
        visit = Visit.log_unplanned(
            w.stamp(rep.person_id), w.uuid(), rep.person_id, customer_id, report
        )
    else:
        visit.log(w.stamp(rep.person_id), report)
    w.writer.add(visit)
    tally = rep.tallies[f"{day.year:04d}-{day.month:02d}"]
    tally.visits += 1
    tally.planned += visit.is_planned
    tally.coaching += report.ride_along_by is not None
    after_visit(w, rep, visit.customer_id, str(visit.id), day)


def _report(w: World, rep: Rep, day: date, happened_at: datetime) -> VisitReport:
    manager_id = w.teams[rep.team_id].manager_id
    return VisitReport(
        happened_at=happened_at,
        happened_on=day,
        met=pick(w.rng, MET),
        outcome=pick(w.rng, OUTCOMES),
        next_step=pick(w.rng, NEXT_STEPS),
        ride_along_by=manager_id if w.chance(RIDE_ALONG_SHARE) else None,
    )


def cancel(w: World, rep: Rep, planned: PlannedVisit, reason: str) -> None:
    if not planned.visit.cancelled:
        planned.visit.cancel(w.stamp(rep.person_id), reason)
        w.writer.add(planned.visit)


def cancel_plans_from(w: World, rep: Rep, day: date, reason: str) -> None:
    """Plans for days from ``day`` on will not happen (the rep is leaving)."""
    for planned_day in [d for d in rep.plans if d >= day]:
        for planned in rep.plans.pop(planned_day):
            cancel(w, rep, planned, reason)
