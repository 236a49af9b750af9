"""Use cases of visits: plan, review before the visit, log what happened, cancel.

A day of visits can be logged in one request: one transaction, all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID, uuid4

from domain.errors import InvalidInput, RuleBroken, StateConflict, UnknownReference
from domain.organisation import Role
from domain.values import Stamp
from domain.visits import ReviewDecision, Visit, VisitReport
from services.calendar import local_day
from services.commands import Accepted, Actor, Command, use_case
from services.ledger import Ledger
from services.periods import PeriodService
from services.policy import AccessPolicy
from services.references import known_customer, load_named

# The seed's top rep made over a hundred visits a day; a day's log allows a margin.
MAX_VISITS_PER_DAY = 300


@dataclass(frozen=True)
class LoggedVisit:
    """A visit that happened: a plan's outcome (``visit_id``), or unplanned (``customer_id``)."""

    happened_at: datetime
    met: str
    outcome: str
    next_step: str
    ride_along_by: str | None = None
    visit_id: UUID | None = None
    customer_id: str | None = None


@dataclass
class _DayLog:
    """What one log request has checked already, so 120 visits do not ask 120 times."""

    actor: Actor
    stamp: Stamp
    timezone: str
    day: date | None = None
    customers: set[str] = field(default_factory=set)
    visits: set[UUID] = field(default_factory=set)


@contextmanager
def item(prefix: str) -> Iterator[None]:
    """Errors about one entry of a list name the entry: ``visits.3.customer_id``."""
    try:
        yield
    except UnknownReference as e:
        raise UnknownReference(e.kind, e.key, f"{prefix}.{e.field}") from e
    except InvalidInput as e:
        raise InvalidInput(f"{prefix}.{e.field}", e.reason) from e
    except RuleBroken as e:
        raise RuleBroken(e.detail, field=f"{prefix}.{e.field}" if e.field else prefix) from e
    except StateConflict as e:
        raise StateConflict(f"{prefix}: {e.detail}") from e


@dataclass
class VisitService:
    ledger: Ledger
    policy: AccessPolicy
    periods: PeriodService

    @use_case
    def plan(self, cmd: Command, customer_id: str, planned_on: date, purpose: str) -> Accepted:
        """A rep (or a manager) plans their own visit to a known customer, ahead of it and in
        an open period, saying why this customer and why now."""
        self.policy.require_role(cmd.actor, Role.REP, Role.MANAGER)
        stamp = self.ledger.stamp(cmd)
        today = local_day(stamp.recorded_at, self._timezone())
        visit = Visit.plan(
            stamp, uuid4(), cmd.actor.person_id, customer_id, planned_on, purpose, today
        )
        known_customer(self.ledger, customer_id)
        self.periods.require_open_on(planned_on, "planned_on")
        return self.ledger.commit(cmd, visit, id=str(visit.id))

    @use_case
    def review(
        self, cmd: Command, visit_id: UUID, decision: ReviewDecision, note: str | None
    ) -> Accepted:
        """The rep's direct manager on the day of the review approves the plan, or coaches
        with a note. A review is timed when it is recorded; one after the visit (or after
        its planned day) is kept but flagged late, never counted as pre-visit."""
        visit = self.ledger.load(Visit, visit_id, "visit")
        stamp = self.ledger.stamp(cmd)
        day = local_day(stamp.recorded_at, self._timezone())
        self.policy.require_manager_on(cmd.actor, visit.owner_id, day)
        self.ledger.check_version(cmd, visit)
        if visit.planned_on is not None:
            self.periods.require_open_on(visit.planned_on, "planned_on")
        visit.review(stamp, cmd.actor.person_id, decision, note, day)
        return self.ledger.commit(cmd, visit, id=str(visit.id))

    @use_case
    def log(self, cmd: Command, entry: LoggedVisit) -> Accepted:
        """A rep logs one visit that happened: the outcome of their plan, or a visit made
        without a plan (kept, and counted as unplanned)."""
        self.policy.require_role(cmd.actor, Role.REP, Role.MANAGER)
        day_log = _DayLog(cmd.actor, self.ledger.stamp(cmd), self._timezone())
        visit = self._logged(day_log, entry)
        return self.ledger.commit(cmd, visit, id=str(visit.id))

    @use_case
    def log_day(self, cmd: Command, day: date, entries: Sequence[LoggedVisit]) -> Accepted:
        """A rep logs a day's visits in one request; they are written together or not at all,
        and each must fall on that day in the organisation's timezone."""
        self.policy.require_role(cmd.actor, Role.REP, Role.MANAGER)
        if not 0 < len(entries) <= MAX_VISITS_PER_DAY:
            raise InvalidInput("visits", f"must hold 1 to {MAX_VISITS_PER_DAY} visits")
        self.periods.require_open_on(day, "day")
        day_log = _DayLog(cmd.actor, self.ledger.stamp(cmd), self._timezone(), day)
        visits = []
        for i, entry in enumerate(entries):
            with item(f"visits.{i}"):
                visits.append(self._logged(day_log, entry))
        ids = tuple(str(v.id) for v in visits)
        return self.ledger.commit(cmd, *visits, id=day.isoformat(), ids=ids)

    @use_case
    def cancel(self, cmd: Command, visit_id: UUID, reason: str) -> Accepted:
        """A rep cancels their planned visit with the reason; the plan stays on record."""
        visit = self.ledger.load(Visit, visit_id, "visit")
        self.policy.require_self(cmd.actor, visit.owner_id)
        self.ledger.check_version(cmd, visit)
        if visit.planned_on is not None:
            self.periods.require_open_on(visit.planned_on, "planned_on")
        visit.cancel(self.ledger.stamp(cmd), reason)
        return self.ledger.commit(cmd, visit, id=str(visit.id))

    # --- steps ----------------------------------------------------------------------

    def _logged(self, log: _DayLog, entry: LoggedVisit) -> Visit:
        report = self._report(log, entry)
        if entry.visit_id is None:
            return self._unplanned(log, entry, report)
        if entry.visit_id in log.visits:
            raise InvalidInput("visit_id", "names a visit already logged in this request")
        log.visits.add(entry.visit_id)
        visit = load_named(self.ledger, Visit, entry.visit_id, str(entry.visit_id), "visit_id")
        self.policy.require_self(log.actor, visit.owner_id)
        if entry.customer_id not in (None, visit.customer_id):
            raise InvalidInput("customer_id", f"the plan was for {visit.customer_id}")
        visit.log(log.stamp, report)
        return visit

    def _unplanned(self, log: _DayLog, entry: LoggedVisit, report: VisitReport) -> Visit:
        if entry.customer_id is None:
            raise InvalidInput("customer_id", "name the customer, or the plan as visit_id")
        visit = Visit.log_unplanned(
            log.stamp, uuid4(), log.actor.person_id, entry.customer_id, report
        )
        if entry.customer_id not in log.customers:
            known_customer(self.ledger, entry.customer_id)
            log.customers.add(entry.customer_id)
        return visit

    def _report(self, log: _DayLog, entry: LoggedVisit) -> VisitReport:
        report = VisitReport(
            happened_at=entry.happened_at,
            happened_on=self._happened_on(log, entry.happened_at),
            met=entry.met,
            outcome=entry.outcome,
            next_step=entry.next_step,
            ride_along_by=entry.ride_along_by,
        )
        report.stamped(log.stamp)  # refuses a naive or future time before any lookup
        self._check_ride_along(log.actor.person_id, report)
        return report

    def _happened_on(self, log: _DayLog, happened_at: datetime) -> date:
        if happened_at.tzinfo is None:
            raise InvalidInput("happened_at", "must carry a timezone offset")
        day = local_day(happened_at, log.timezone, "happened_at")
        if log.day is None:
            self.periods.require_open_on(day, "happened_at")
        elif day != log.day:
            raise InvalidInput("happened_at", f"falls on {day} in {log.timezone}, not {log.day}")
        return day

    def _check_ride_along(self, owner_id: str, report: VisitReport) -> None:
        """A ride-along names a manager of the rep on the day of the visit."""
        came = report.ride_along_by
        if came is None or came == owner_id:
            return  # the domain refuses the rep naming themselves
        if came not in self.policy.organisation().chain_on(owner_id, report.happened_on):
            raise RuleBroken(
                f"{came} was not a manager of {owner_id} on {report.happened_on}",
                field="ride_along_by",
            )

    def _timezone(self) -> str:
        return self.policy.organisation().timezone
