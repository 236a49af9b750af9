"""One simulated day: the calendar's fixed moments, then every rep's working day.

The month's rhythm: attrition is decided on the 1st; a quarter's first working day
moves a few reps, March's rotates some managers; the 20th opens next month; on
the first working day from the 22nd reps draft next month's targets; on the last
working day they (and their managers) forecast it, and mid-month some update; on
the third working day the previous month is recognised and closed, and in January
and July the half's review cycle opens.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from api.generator.calendar import (
    is_working_day,
    last_day,
    local,
    next_month,
    nth_working_day,
    working_day_after,
)
from api.generator.organisation import decide_leavers, move_reps, rotate_managers
from api.generator.periods import (
    close_periods,
    draft_targets,
    forecast,
    forget_forecasts,
    nominate,
    open_periods,
)
from api.generator.reviews import open_cycle
from api.generator.visits import working_day
from api.generator.world import World
from domain.periods import PeriodKey


def begin_day(w: World, day: date) -> None:
    """At 07:00: the organisation's fixed moments, then each rep's day."""
    _organisation_moments(w, day)
    _period_moments(w, day)
    if is_working_day(day):
        for rep in list(w.reps.values()):
            working_day(w, rep, day)


def _organisation_moments(w: World, day: date) -> None:
    if day.day == 1:
        decide_leavers(w, day)
    first_working = nth_working_day(day.year, day.month, 1)
    if day == first_working and day.month in (1, 4, 7, 10) and day > w.start:
        move_reps(w, day)
    if day == first_working and day.month == 3 and day > w.start:
        rotate_managers(w, day)


def _period_moments(w: World, day: date) -> None:
    if day.day == 20:
        open_periods(w, next_month(day))
    if day == _on_or_after(day.replace(day=22)):
        draft_targets(w, day, next_month(day))
    if day == _last_working_day(day):
        w.at(local(day, 17), partial(forecast, w, next_month(day), False))
    if day == _on_or_after(day.replace(day=15)):
        w.at(local(day, 17, 30), partial(forecast, w, day.replace(day=1), True))
    if day == nth_working_day(day.year, day.month, 3):
        _month_end(w, day, day.replace(day=1) - timedelta(days=1))


def _month_end(w: World, day: date, previous: date) -> None:
    """The month before is closed if the history saw any of it (its period was opened),
    even a few days; it is recognised, and a half reviewed, only after a month or so."""
    if previous >= w.start:
        w.at(local(day, 10), partial(_close, w, previous))
    if day <= w.start + timedelta(days=20):
        return
    w.at(local(day, 9), partial(nominate, w, previous))
    if day.month in (1, 7):
        half = PeriodKey.containing(previous)[2]
        w.at(local(day, 9, 30), partial(open_cycle, w, half))


def _close(w: World, month: date) -> None:
    close_periods(w, month)
    forget_forecasts(w, f"{month.year:04d}-{month.month:02d}")


def _on_or_after(day: date) -> date:
    return day if is_working_day(day) else working_day_after(day)


def _last_working_day(day: date) -> date:
    last = last_day(day)
    while not is_working_day(last):
        last -= timedelta(days=1)
    return last
