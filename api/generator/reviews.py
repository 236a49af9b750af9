"""Half-yearly reviews: the whole chain from self-assessment to the talent placement.

A cycle opens on the third working day after the half ends, for everyone placed in
a team under a manager on its last day (the director, newcomers of under two months
and people leaving this month are not reviewed). Each step is taken by the person
the policy allows on the review's day: the person, their manager of that day, the
team's HRBP. Now and then the HRBP vetoes and the assessment is amended, amends a
score whose case did not hold, calibration moves a rating, a person disagrees or
appeals, and, rarely, an integrity finding overrides performance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from api.generator.calendar import local, working_day_after
from api.generator.texts import CASES, WHERE, pick
from api.generator.world import World
from domain.cycles import ReviewCycle, group_key
from domain.figures import CycleFigures
from domain.periods import PeriodKey
from domain.review_catalogue import shipped_catalogue
from domain.reviews import Review
from domain.rubrics import Case, MarkClaim, Rubric, RubricForm
from domain.scheme import distribution
from domain.values import PersonalText

# The five-values form replaced the six values in 2019.
FIVE_VALUES_FROM = 2019
SCALE = (Decimal("3"), Decimal("3.25"), Decimal("3.5"), Decimal("3.75"), Decimal("4"), Decimal(5))


@dataclass
class Reviewed:
    review: Review
    manager_id: str
    hrbp_id: str
    values: float  # how fully the person lives the values, 0..1
    attainment: float | None  # cash against target over the half; None for managers
    figures: CycleFigures


def open_cycle(w: World, period: PeriodKey) -> None:
    """The admin opens the cycle; its reviews open with it, in one commit."""
    as_of = period.ends_on - timedelta(days=1)
    catalogue = shipped_catalogue()
    code = "five-values" if period.starts_on.year >= FIVE_VALUES_FROM else "six-values"
    rubric = catalogue.rubric(code, 1)
    people = _reviewed_people(w, period, as_of)
    if not people:
        return
    cycle_id = f"cycle-{period.key}"
    stamp = w.stamp(w.admin)
    cycle = ReviewCycle.open(stamp, cycle_id, period, list(people), rubric, catalogue.scheme, None)
    reviewed = [_open_review(w, cycle, pid, values, period) for pid, values in people.items()]
    w.writer.add(cycle, *(r.review for r in reviewed))
    _plan_steps(w, cycle, reviewed)


def _reviewed_people(w: World, period: PeriodKey, as_of: date) -> dict[str, float]:
    """Reps and managers placed on the last day, in post long enough, not leaving."""
    people: dict[str, float] = {}
    for rep in w.reps.values():
        settled = rep.joined_on <= as_of - timedelta(days=60)
        if settled and rep.leaves_on is None and w.org.placement_on(rep.person_id, as_of):
            people[rep.person_id] = rep.values
    for manager_id in w.managers:
        people[manager_id] = 0.5 + 0.4 * w.rng.random()
    del period
    return people


def _open_review(
    w: World, cycle: ReviewCycle, person_id: str, values: float, period: PeriodKey
) -> Reviewed:
    placement = w.org.placement_on(person_id, cycle.as_of)
    assert placement is not None
    assert placement.team_id is not None
    assert placement.manager_id is not None
    team = w.teams[placement.team_id]
    review = Review.open(
        w.stamp(w.admin),
        cycle.cycle_id,
        cycle.period_key,
        person_id,
        cycle.as_of,
        (team.team_id, team.region_id, placement.manager_id),
        person_id in w.reps,
    )
    w.in_review.add(person_id)
    attainment, figures = _figures(w, person_id, period)
    return Reviewed(review, placement.manager_id, team.hrbp_id, values, attainment, figures)


def _figures(w: World, person_id: str, period: PeriodKey) -> tuple[float | None, CycleFigures]:
    """The figures the manager sees, as the simulation tallied them for the half."""
    rep = w.reps.get(person_id)
    if rep is None:
        return None, CycleFigures.unavailable("a manager's figures are their team's")
    tallies = [rep.tallies[m] for m in period.months() if m in rep.tallies]
    target = sum((t.cash_target for t in tallies), Decimal(0))
    cash = sum((t.cash for t in tallies), Decimal(0))
    visits = sum(t.visits for t in tallies)
    attainment = (cash / target).quantize(Decimal("0.0001")) if target else None
    figures = CycleFigures(
        available=True,
        note="cash attainment, planned share and coaching over the half, as simulated",
        attainment=attainment,
        planned_visit_share=(
            Decimal(sum(t.planned for t in tallies) / visits).quantize(Decimal("0.0001"))
            if visits
            else None
        ),
        coaching_sessions=sum(t.coaching for t in tallies),
    )
    return (float(attainment) if attainment is not None else None), figures


# --- the steps, in order ----------------------------------------------------------------


def _plan_steps(w: World, cycle: ReviewCycle, reviewed: list[Reviewed]) -> None:
    opened = (w.agenda.now + timedelta(hours=8)).date()
    for r in reviewed:
        self_day = working_day_after(opened, w.rng.randrange(1, 4))
        manager_day = working_day_after(opened, w.rng.randrange(4, 7))
        hrbp_day = working_day_after(opened, w.rng.randrange(7, 9))
        w.at(local(self_day, 10, w.rng.randrange(480)), partial(assess_self, w, cycle, r))
        w.at(local(manager_day, 10, w.rng.randrange(480)), partial(assess, w, cycle, r))
        w.at(local(hrbp_day, 10, w.rng.randrange(420)), partial(hrbp_review, w, cycle, r))
    teams = sorted({r.review.team_id for r in reviewed})
    calibration = working_day_after(opened, 10)
    for team_id in teams:
        members = [r for r in reviewed if r.review.team_id == team_id]
        w.at(local(calibration, 15), partial(calibrate, w, cycle, team_id, members))


def _claims(w: World, rubric: Rubric, r: Reviewed, generosity: float) -> list[MarkClaim]:
    """Marks for each value, each with its case; levels are met from the first up."""
    half_start = r.review.as_of.replace(day=1) - timedelta(days=150)
    claims = []
    for value in rubric.values:
        top = len(value.behaviours)
        met = round(top * min(1.0, max(0.0, r.values + generosity + w.rng.gauss(0, 0.12))))
        ranks = range(1, met + 1)
        if rubric.form == RubricForm.BEHAVIOURS.value:
            ranks = sorted(w.rng.sample(range(1, top + 1), met))  # type: ignore[assignment]
        for rank in ranks:
            on = half_start + timedelta(days=w.rng.randrange(170))
            what, where = pick(w.rng, CASES), pick(w.rng, WHERE)
            claims.append(MarkClaim(value.code, rank, what, on, where))
    return claims


def _rating(attainment: float | None, w: World) -> Decimal:
    if attainment is None:
        return w.rng.choice(SCALE[2:5])
    cuts = (0.45, 0.7, 0.95, 1.1, 1.35)
    return SCALE[sum(attainment >= c for c in cuts)]


def assess_self(w: World, cycle: ReviewCycle, r: Reviewed) -> None:
    """People rate themselves a little higher than their managers will."""
    person = r.review.person_id
    rating = _rating(r.attainment, w) if w.chance(0.8) else None
    claims = _claims(w, cycle.rubric, r, 0.08)
    summary = "A steady half; more renewals than planned."
    r.review.seal_self_assessment(
        w.stamp(person), cycle.rubric, claims, rating, cycle.scheme, summary
    )
    w.writer.add(r.review)


def assess(w: World, cycle: ReviewCycle, r: Reviewed) -> None:
    claims = _claims(w, cycle.rubric, r, 0.0)
    rating = _rating(r.attainment, w)
    comment = "Rated on the half's cash against target and the cases above."
    r.review.seal_manager_assessment(
        w.stamp(r.manager_id), cycle.rubric, claims, rating, cycle.scheme, comment, r.figures
    )
    w.writer.add(r.review)


def hrbp_review(w: World, cycle: ReviewCycle, r: Reviewed) -> None:
    """Countersigned mostly; a veto now and then, resolved by an amendment next day."""
    if w.chance(0.03):
        r.review.veto(w.stamp(r.hrbp_id), "The rating ignores a quarter lost to a long illness.")
        w.writer.add(r.review)
        resolve = working_day_after((w.agenda.now + timedelta(hours=8)).date())
        w.at(local(resolve, 11), partial(resolve_veto, w, cycle, r))
        return
    r.review.countersign(w.stamp(r.hrbp_id), None)
    if w.chance(0.08):
        amend_score(w, cycle, r)
    w.writer.add(r.review)


def resolve_veto(w: World, cycle: ReviewCycle, r: Reviewed) -> None:
    review = r.review
    assert review.rating is not None
    rating = _step(review.rating, +1 if review.rating < SCALE[-1] else -1)
    stamp = w.stamp(r.hrbp_id)
    reason = "Rated on the quarters worked; the illness is not a performance fact."
    review.amend(stamp, cycle.rubric, [], rating, cycle.scheme, reason, "veto")
    review.resolve_veto(stamp, "amended", "Amended as the veto asked.")
    w.amendments += 1
    w.writer.add(review)


def amend_score(w: World, cycle: ReviewCycle, r: Reviewed) -> None:
    """The HRBP corrects one value whose top case did not hold; the original stays."""
    review = r.review
    scored = [s for s in review.scores if s.score > 0]
    if not scored:
        return
    value = w.rng.choice(scored)
    kept = [
        MarkClaim(value.value, m.rank, m.case.what.text, m.case.on, m.case.where.text)
        for m in value.marks[:-1]
    ]
    reason = "The case for the highest mark was a colleague's deal (checked in the deal record)."
    review.amend(
        w.stamp(r.hrbp_id), cycle.rubric, kept, None, cycle.scheme, reason, None, [value.value]
    )
    w.amendments += 1


def _step(rating: Decimal, by: int) -> Decimal:
    index = SCALE.index(rating) + by
    return SCALE[min(len(SCALE) - 1, max(0, index))]


def calibrate(w: World, cycle: ReviewCycle, team_id: str, members: list[Reviewed]) -> None:
    """The team's HRBP closes calibration: a rating moved now and then, with its reason."""
    group = group_key("team", team_id)
    hrbp_id = members[0].hrbp_id
    stamp = w.stamp(hrbp_id)
    for r in members:
        if w.chance(0.03) and r.review.rating is not None:
            moved = _step(r.review.rating, w.rng.choice((-1, 1)))
            if moved != r.review.rating:
                reason = "Compared with peers of the region at the calibration meeting."
                r.review.calibrate_rating(stamp, cycle.scheme, group, moved, reason)
    ratings = [r.review.rating for r in members if r.review.rating is not None]
    spread = distribution(cycle.scheme, cycle.guidance, ratings)
    why = None if spread.within_tolerance else "A small team: one strong half tips its bands."
    people = [r.review.person_id for r in members]
    cycle.finalise_calibration(stamp, group, people, spread, why)
    for r in members:
        r.review.mark_calibrated(stamp, group)
    w.writer.add(cycle, *(r.review for r in members))
    talk = working_day_after((w.agenda.now + timedelta(hours=8)).date(), 1)
    for r in members:
        day = working_day_after(talk, w.rng.randrange(3))
        w.at(local(day, 14, w.rng.randrange(180)), partial(converse, w, cycle, r, day))


def converse(w: World, cycle: ReviewCycle, r: Reviewed, day: date) -> None:
    """Most talks take under an hour; a long one with a rep is flagged."""
    minutes = w.rng.randrange(70, 95) if w.chance(0.08) else w.rng.randrange(20, 58)
    notes = "Walked through the cases and the figures; agreed what the next half needs."
    r.review.hold_conversation(
        w.stamp(r.manager_id), cycle.scheme, day, minutes, notes, "Two ride-alongs a month."
    )
    w.writer.add(r.review)
    after = working_day_after(day)
    w.at(local(after, 10, w.rng.randrange(240)), partial(acknowledge, w, cycle, r, after))


def acknowledge(w: World, cycle: ReviewCycle, r: Reviewed, day: date) -> None:
    person = r.review.person_id
    disagrees = w.chance(0.1)
    text = "I do not agree with the teamwork score; see my cases." if disagrees else None
    r.review.acknowledge(w.stamp(person), text)
    if disagrees and w.chance(0.25):
        r.review.lodge_appeal(w.stamp(person), "The teamwork cases were not considered.")
    w.writer.add(r.review)
    final = working_day_after(day)
    w.at(local(final, 16, w.rng.randrange(90)), partial(finalise, w, cycle, r, day))


def finalise(w: World, cycle: ReviewCycle, r: Reviewed, acknowledged: date) -> None:
    review, stamp = r.review, w.stamp(r.hrbp_id)
    if "open" in review.appeals.values():
        review.decide_appeal(stamp, 1, "rejected", "The cases were read; the score stands.")
    if w.chance(0.003):
        case = Case(
            PersonalText.of(review.person_id, "Backdated a contract to meet the month.", field="w"),
            acknowledged,
            PersonalText.of(review.person_id, "deal record and customer's email", field="w"),
        )
        finding = "Integrity: a contract backdated to count in a closed month."
        review.record_integrity_finding(stamp, cycle.rubric, cycle.scheme, finding, [case])
    review.finalise(stamp, cycle.rubric, cycle.scheme)
    w.writer.add(review)
    w.in_review.discard(review.person_id)
