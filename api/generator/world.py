"""The simulated organisation's state: who works where, their customers and plans.

The simulation keeps the live aggregates it is still changing (open visits, deals
still paying, coaching records, targets of the running month, open reviews) and
plain tallies of what happened, which stand in for what the views will show.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from random import Random
from uuid import UUID

from api.generator.agenda import Action, Agenda, Writer
from domain.coaching import CoachingRecord
from domain.forecasts import ForecastSeries
from domain.organisation import Organisation
from domain.periods import Period
from domain.values import Stamp
from domain.visits import Visit

DEFAULT_SEED = 20_040_910
# The history ends here (exclusive) unless the caller says otherwise, so that a seed
# gives the same history whatever day it is generated on.
DEFAULT_END = date(2026, 1, 1)


@dataclass(frozen=True)
class Profile:
    """The size and the habits of the organisation to simulate."""

    reps: int
    years: int
    seed: int = DEFAULT_SEED
    end: date = DEFAULT_END
    team_size: int = 10
    # A seasoned rep's visits per working day, before season and ramp-up. The seed's
    # floor for field reps is eight; two keeps 500 reps x 10 years at a few million events.
    visits_per_day: float = 2.0


@dataclass
class Tally:
    """What one rep did in one month, as the views will count it."""

    visits: int = 0
    planned: int = 0  # happened with a plan on record before
    deals: int = 0
    signed: Decimal = Decimal(0)
    cash: Decimal = Decimal(0)
    cash_target: Decimal = Decimal(0)
    forecast: Decimal = Decimal(0)
    coaching: int = 0


@dataclass
class PlannedVisit:
    visit: Visit
    day: date
    cancelled: bool  # decided when planned: the rep will cancel it on the morning


@dataclass
class Rep:
    person_id: str
    team_id: str
    joined_on: date
    skill: float  # multiplies visits and conversion; 1.0 is the middle of the team
    values: float  # 0..1: how fully they live the values, as cases will show
    leaves_on: date | None = None
    plans: dict[date, list[PlannedVisit]] = field(default_factory=dict)
    # Happened visits per customer still in play (visit id, day): what a deal names.
    pipeline: dict[str, list[tuple[str, date]]] = field(default_factory=dict)
    recent_visits: list[str] = field(default_factory=list)
    recent_deals: list[str] = field(default_factory=list)
    coaching: CoachingRecord | None = None
    tallies: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))

    def tenure_months(self, day: date) -> float:
        return max(0.0, (day - self.joined_on).days / 30.4)

    def ramp(self, day: date) -> float:
        """New hires ramp up over their first six months: fewer visits, fewer signings."""
        return 0.35 + 0.65 * min(1.0, self.tenure_months(day) / 6)


@dataclass
class Team:
    team_id: str
    region_id: str
    manager_id: str
    hrbp_id: str
    prospects: list[str] = field(default_factory=list)  # registered, never signed
    clients: dict[str, date] = field(default_factory=dict)  # customer -> last signed
    client_list: list[str] = field(default_factory=list)  # the same, to draw from quickly


@dataclass
class World:
    profile: Profile
    rng: Random
    agenda: Agenda
    writer: Writer
    org: Organisation
    start: date
    admin: str = "adm-0001"
    director: str = "dir-0001"
    auditor: str = "aud-0001"
    teams: dict[str, Team] = field(default_factory=dict)
    reps: dict[str, Rep] = field(default_factory=dict)  # employed now (or joining)
    managers: dict[str, str] = field(default_factory=dict)  # manager -> team led
    people_hired: int = 0
    customers: int = 0
    late_deals: set[UUID] = field(default_factory=set)  # with a fact recorded after close
    closed: set[str] = field(default_factory=set)  # period keys closed so far
    in_review: set[str] = field(default_factory=set)  # people whose review is not final
    periods: dict[str, Period] = field(default_factory=dict)
    forecasts: dict[tuple[str, str], ForecastSeries] = field(default_factory=dict)
    amendments: int = 0

    def uuid(self) -> UUID:
        return UUID(int=self.rng.getrandbits(128), version=4)

    def stamp(self, by: str, occurred_at: datetime | None = None) -> Stamp:
        """Recorded now on the simulated clock; happened then, if earlier."""
        return Stamp.of(by, self.agenda.now, occurred_at)

    def at(self, moment: datetime, action: Action) -> None:
        self.agenda.at(moment, action)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def poisson(self, mean: float) -> int:
        """Knuth's method: counts of visits a day are small."""
        limit, k, p = pow(2.718281828459045, -mean), 0, self.rng.random()
        while p > limit:
            k += 1
            p *= self.rng.random()
        return k

    def new_person_id(self, prefix: str) -> str:
        self.people_hired += 1
        return f"{prefix}-{self.people_hired:05d}"
