"""Periods, targets, forecasts and the month's recognition.

A month (and its quarter, half and year) is opened on the 20th of the month before,
so plans and targets can be made for it; it closes on the third working day after
it ends. Targets are drafted, submitted and approved (or sent back once and
revised) before the month starts; forecasts are made by the rep and the manager
on its eve, some updated mid-month. At the close each manager nominates the
month's hardest worker and biggest hitter; the HRBP confirms or declines.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from api.generator.calendar import last_day, local, month_key, next_month, working_day_after
from api.generator.world import Rep, Tally, World
from domain.forecasts import ForecastRole, ForecastSeries
from domain.measures import Figure
from domain.nominations import Nomination, Verdict
from domain.periods import Period, PeriodKey
from domain.strategy import NewSignings, Renewals, StrategyLine
from domain.target_rules import DEFAULT_RULEBOOK
from domain.targets import Subject, Target
from domain.values import Money

NEW_AVERAGE = Decimal(40_000)
RENEWAL_AVERAGE = Decimal(10_000)


def open_periods(w: World, first: date) -> None:
    """The month starting on ``first``, with its quarter, half and year when they start."""
    for key in PeriodKey.containing(first):
        if key.starts_on == first or first == w.start:
            period = Period.open(w.stamp(w.admin), key)
            w.periods[key.key] = period
            w.writer.add(period)


def open_first_periods(w: World) -> None:
    """The periods running on the first day and, when the history starts after the 20th,
    next month's, which would have been opened on that day before the history began."""
    open_periods(w, w.start)
    if w.start.day >= 20:
        open_periods(w, next_month(w.start))


def close_periods(w: World, month: date) -> None:
    """The month, and the quarter, half and year that end with it, are closed."""
    for key in PeriodKey.containing(month):
        period = w.periods.get(key.key)
        if key.ends_on == next_month(month) and period is not None:
            period.close(w.stamp(w.admin))
            w.writer.add(period)
            w.closed.add(key.key)


# --- targets ---------------------------------------------------------------------------


def strategy(rep: Rep, first: date) -> tuple[list[Figure], list[StrategyLine]]:
    """What a rep commits to: new signings and renewals that multiply out to the cash."""
    new = max(1, round(2.2 * rep.skill * rep.ramp(first)))
    renewals = round(1.2 * rep.skill * rep.ramp(first))
    lines: list[StrategyLine] = [NewSignings(new, Money(NEW_AVERAGE, "CNY"))]
    figures = [Figure("new_customers", Decimal(new))]
    if renewals:
        lines.append(Renewals(renewals, Money(RENEWAL_AVERAGE, "CNY")))
        figures.append(Figure("renewals", Decimal(renewals)))
    cash = NEW_AVERAGE * new + RENEWAL_AVERAGE * renewals
    return [Figure("cash", cash, "CNY"), *figures], lines


def draft_targets(w: World, day: date, first: date) -> None:
    """Each rep drafts and submits next month's target; the manager decides the next day."""
    decided = working_day_after(day)
    for rep in list(w.reps.values()):
        if rep.leaves_on is not None:
            continue
        figures, lines = strategy(rep, first)
        subject = Subject.of("person", rep.person_id)
        target = Target.draft(
            w.stamp(rep.person_id), subject, PeriodKey.month_of(first), figures, lines,
            DEFAULT_RULEBOOK,
        )  # fmt: skip
        target.submit(w.stamp(rep.person_id), DEFAULT_RULEBOOK)
        w.writer.add(target)
        rep.tallies[month_key(first)].cash_target = figures[0].amount
        w.at(local(decided, 9, w.rng.randrange(60)), partial(decide_target, w, rep, target))


def decide_target(w: World, rep: Rep, target: Target) -> None:
    """Most targets are approved; some are sent back (打回) for a stretch and revised."""
    if rep.person_id not in w.reps:
        return
    manager_id = w.teams[rep.team_id].manager_id
    if target.current.number > 1 or w.chance(0.88):
        target.approve(w.stamp(manager_id))
        w.writer.add(target)
        return
    target.send_back(w.stamp(manager_id), "Too safe: the seminar leads can bring one more.")
    w.writer.add(target)
    revised = working_day_after(_today(w))
    w.at(local(revised, 10), partial(revise_target, w, rep, target))


def revise_target(w: World, rep: Rep, target: Target) -> None:
    if rep.person_id not in w.reps:
        return
    lines = list(target.current.lines)
    first = lines[0]
    assert isinstance(first, NewSignings)
    lines[0] = NewSignings(first.count + 1, first.average)
    figures = [
        Figure("cash", target.current.figures[0].amount + first.average.amount, "CNY"),
        Figure("new_customers", Decimal(first.count + 1)),
        *target.current.figures[2:],
    ]
    stamp = w.stamp(rep.person_id)
    target.revise(stamp, figures, lines, "One more new signing from the seminar.", DEFAULT_RULEBOOK)
    target.submit(stamp, DEFAULT_RULEBOOK)
    w.writer.add(target)
    rep.tallies[target.period_key].cash_target = figures[0].amount
    w.at(local(working_day_after(_today(w)), 9, 45), partial(decide_target, w, rep, target))


def _today(w: World) -> date:
    return (w.agenda.now + timedelta(hours=8)).date()


# --- forecasts -------------------------------------------------------------------------


def forecast(w: World, first: date, update: bool) -> None:
    """The rep forecasts; their manager does separately. New hires are optimistic."""
    period = PeriodKey.month_of(first)
    for rep in list(w.reps.values()):
        tally = rep.tallies[period.key]
        if not tally.cash_target or (update and not w.chance(0.4)):
            continue
        series = w.forecasts.get((rep.person_id, period.key))
        if series is None:
            series = ForecastSeries.begin(w.stamp(rep.person_id), rep.person_id, period)
            w.forecasts[(rep.person_id, period.key)] = series
        optimism = 1.25 if rep.tenure_months(first) < 6 else 1.0
        tally.forecast = _expect(w, tally, optimism)
        _submit(w, series, rep.person_id, ForecastRole.REP, tally.forecast)
        manager_id = w.teams[rep.team_id].manager_id
        _submit(w, series, manager_id, ForecastRole.MANAGER, _expect(w, tally, 0.95))
        w.writer.add(series)


def _expect(w: World, tally: Tally, bias: float) -> Decimal:
    guess = float(tally.cash_target) * bias * w.rng.gauss(1.0, 0.15)
    return Decimal(max(1000, round(guess, -2)))


def _submit(w: World, series: ForecastSeries, by: str, role: ForecastRole, cash: Decimal) -> None:
    series.submit(w.stamp(by), role, [Figure("cash", cash, "CNY")], DEFAULT_RULEBOOK)


def forget_forecasts(w: World, key: str) -> None:
    """A closed month takes no more forecasts: let its series go."""
    for series_key in [k for k in w.forecasts if k[1] == key]:
        del w.forecasts[series_key]


# --- recognition -----------------------------------------------------------------------


def nominate(w: World, month: date) -> None:
    """Per team, the month's hardest worker (小蜜蜂) and biggest hitter (小钢炮)."""
    key, last = month_key(month), last_day(month)
    decided = working_day_after(_today(w))
    by_team: dict[str, list[Rep]] = {}
    for rep in w.reps.values():
        by_team.setdefault(rep.team_id, []).append(rep)
    for members in by_team.values():
        bee = max(members, key=lambda r: r.tallies[key].visits)
        cannon = max(members, key=lambda r: r.tallies[key].signed)
        for rep, award, enough in (
            (bee, "little-bee", bee.tallies[key].visits >= 35),
            (cannon, "little-cannon", cannon.tallies[key].signed >= 150_000),
        ):
            if enough and w.org.is_employed_on(rep.person_id, last):
                _nominate(w, rep, award, PeriodKey.month_of(month), last, decided)


def _nominate(w: World, rep: Rep, award: str, period: PeriodKey, last: date, on: date) -> None:
    manager_id = w.org.manager_on(rep.person_id, last)
    placement = w.org.placement_on(rep.person_id, last)
    if manager_id is None or placement is None or placement.team_id is None:
        return
    citation = f"{award}: the team's best month for it, see the visit log and deals."
    nomination = Nomination.nominate(
        w.stamp(manager_id), w.uuid(), rep.person_id, award, period, last, citation
    )
    w.writer.add(nomination)
    hrbp_id = w.teams[placement.team_id].hrbp_id
    w.at(local(on, 10, 30), partial(decide_nomination, w, nomination, hrbp_id))


def decide_nomination(w: World, nomination: Nomination, hrbp_id: str) -> None:
    confirmed = w.chance(0.85)
    verdict = Verdict.CONFIRM if confirmed else Verdict.DECLINE
    reason = "Earned, and shown in the record." if confirmed else "Figures carried by a transfer."
    nomination.decide(w.stamp(hrbp_id), verdict, reason)
    w.writer.add(nomination)
