"""Generate an organisation's history into the store, in bulk, deterministically.

The simulation calls the domain aggregates' own commands, so every invariant the
services rely on holds; it skips the services themselves (their authorization and
one transaction per command), which is what makes millions of events affordable.
Views are not run here: ``perfledger project rebuild --all`` (or the runner) builds
them from the log afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from random import Random

from api.generator.agenda import Agenda, Writer
from api.generator.calendar import TIMEZONE, days, local, years_before
from api.generator.organisation import found
from api.generator.periods import open_first_periods
from api.generator.simulation import begin_day
from api.generator.world import DEFAULT_END, DEFAULT_SEED, Profile, World
from domain.errors import StateConflict
from domain.organisation import ORGANISATION_ID, Organisation
from domain.values import Stamp
from services.ledger import PerfLedger

DEFAULT_BATCH = 5000
# (days simulated, days in all, events written so far)
Progress = Callable[[int, int, int], None]


@dataclass(frozen=True)
class GeneratedSummary:
    events: int
    people: int
    customers: int
    months: int
    start: date
    end: date  # the last simulated day
    seconds: float
    late_deals: int
    amendments: int
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def generate(
    app: PerfLedger,
    reps: int,
    years: int,
    seed: int = DEFAULT_SEED,
    batch: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    end: date = DEFAULT_END,
    until: datetime | None = None,
) -> GeneratedSummary:
    """Write ``years`` of history of an organisation of about ``reps`` reps, ending
    the day before ``end``, into an empty store; refuse a store that has one.

    ``until``, a moment on that last day, stops the simulated clock there: what was
    planned for later that day (or after it) is never recorded, so a history that
    ends now holds no event in the future, and its last month is open, part-lived.
    """
    if reps < 1 or years < 1 or batch < 1:
        raise ValueError("reps, years and batch must be at least 1")
    stop = _stop(end, until)
    if ORGANISATION_ID in app.repository:
        raise StateConflict("the store already holds an organisation: generate into an empty one")
    profile = Profile(reps=reps, years=years, seed=seed, end=end)
    started = time.perf_counter()
    w = _world(app, profile, batch)
    calendar = list(days(w.start, end))
    for n, day in enumerate(calendar, start=1):
        w.at(local(day, 7), lambda day=day: begin_day(w, day))  # type: ignore[misc]
        w.agenda.run_until(min(stop, local(day + timedelta(days=1), 0)))
        w.writer.flush_if_full()
        if progress is not None:
            progress(n, len(calendar), w.writer.written + len(w.writer.pending))
    w.writer.flush()
    return _summary(w, calendar, time.perf_counter() - started)


def _stop(end: date, until: datetime | None) -> datetime:
    """The moment the simulated clock stops: midnight before ``end``, or ``until``."""
    midnight = local(end, 0)
    if until is None:
        return midnight
    if not midnight - timedelta(days=1) <= until <= midnight:
        raise ValueError("until must be a moment of the day before end (Asia/Shanghai)")
    return until


def _world(app: PerfLedger, profile: Profile, batch: int) -> World:
    """The organisation founded at dawn of the first day, its first periods open."""
    start = years_before(profile.end, profile.years)
    agenda = Agenda()
    agenda.now = local(start, 6)
    founded = Stamp.of("adm-0001", agenda.now, None)
    org = Organisation.found(founded, "Simulated Sales Co.", TIMEZONE)
    rng = Random(profile.seed)  # noqa: S311 - a reproducible simulation, not a secret
    w = World(profile, rng, agenda, Writer(app.events.put, batch), org, start)
    found(w)
    open_first_periods(w)
    return w


def _summary(w: World, calendar: list[date], seconds: float) -> GeneratedSummary:
    return GeneratedSummary(
        events=w.writer.written,
        people=w.people_hired + 3,  # the admin, the director and the auditor
        customers=w.customers,
        months=len({(d.year, d.month) for d in calendar}),
        start=calendar[0],
        end=calendar[-1],
        seconds=seconds,
        late_deals=len(w.late_deals),
        amendments=w.amendments,
        kinds=dict(sorted(w.writer.kinds.items())),
    )
