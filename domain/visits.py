"""Visits: planned with a purpose, reviewed by the manager before, logged after.

A plan says why this customer and why now. The manager reviews it before the
visit: approves it, or coaches with a note of what to do. After the visit the
rep logs when it happened, whom they met, the outcome and the next step, or
cancels it with the reason. A visit logged without a plan is kept and counted
as unplanned. Nothing is edited: each step is an event of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Self
from uuid import UUID

from domain.base import LedgerAggregate
from domain.errors import InvalidInput, RuleBroken, StateConflict
from domain.values import CLOCK_SKEW, PersonalText, Stamp, check_aware, check_ident

# Plans are for the coming weeks, not for next decade.
PLAN_HORIZON = timedelta(days=366)


class ReviewDecision(StrEnum):
    APPROVE = "approve"
    COACH = "coach"


@dataclass(frozen=True)
class Review:
    """A manager's review of a plan, as the visit keeps it, timed by the server's clock."""

    decision: str
    manager_id: str
    recorded_at: datetime
    late: bool


@dataclass(frozen=True)
class VisitReport:
    """What the rep reports about a visit that happened; ``happened_on`` is its local day."""

    happened_at: datetime
    happened_on: date
    met: str
    outcome: str
    next_step: str
    ride_along_by: str | None = None

    def stamped(self, stamp: Stamp) -> Stamp:
        """The visit's events say it happened when the visit did, never in the future."""
        check_aware("happened_at", self.happened_at)
        if self.happened_at > stamp.recorded_at + CLOCK_SKEW:
            raise InvalidInput("happened_at", "must not be in the future")
        return replace(stamp, occurred_at=self.happened_at)

    def fields(self, owner_id: str) -> dict[str, Any]:
        """The event fields, checked; text about the visit is text about the rep."""
        if self.ride_along_by is not None:
            check_ident("ride_along_by", self.ride_along_by)
            if self.ride_along_by == owner_id:
                raise RuleBroken("a ride-along names the manager who came", field="ride_along_by")
        return {
            "happened_at": self.happened_at,
            "happened_on": self.happened_on,
            "met": PersonalText.of(owner_id, self.met, field="met"),
            "outcome": PersonalText.of(owner_id, self.outcome, field="outcome"),
            "next_step": PersonalText.of(owner_id, self.next_step, field="next_step"),
            "ride_along_by": self.ride_along_by,
        }


class Reviewed(LedgerAggregate.Event):
    """The fields of a manager's review (approval or coaching)."""

    owner_id: str
    manager_id: str
    note: PersonalText | None
    late: bool


class Reported(LedgerAggregate.Event):
    """The fields of a visit that happened."""

    owner_id: str
    customer_id: str
    happened_at: datetime
    happened_on: date
    met: PersonalText
    outcome: PersonalText
    next_step: PersonalText
    ride_along_by: str | None


class Visit(LedgerAggregate):
    """One visit to one customer by one rep, from plan to outcome."""

    owner_id: str
    customer_id: str
    planned_on: date | None
    planned_at: datetime | None
    reviews: tuple[Review, ...]
    happened_at: datetime | None
    happened_on: date | None
    cancelled: bool

    def __init__(self) -> None:
        """State is set by the events (the annotations above are not constructor fields)."""

    class Planned(LedgerAggregate.Created):
        owner_id: str
        customer_id: str
        planned_on: date
        purpose: PersonalText

        def apply(self, aggregate: Visit) -> None:
            aggregate.owner_id, aggregate.customer_id = self.owner_id, self.customer_id
            aggregate.planned_on, aggregate.planned_at = self.planned_on, self.recorded_at
            aggregate.reviews, aggregate.cancelled = (), False
            aggregate.happened_at = aggregate.happened_on = None

    class PlanApproved(Reviewed):
        def apply(self, aggregate: Visit) -> None:
            aggregate.add_review(ReviewDecision.APPROVE, self)

    class PlanCoached(Reviewed):
        def apply(self, aggregate: Visit) -> None:
            aggregate.add_review(ReviewDecision.COACH, self)

    class Happened(Reported):
        planned_before_visit: bool
        reviewed_before_visit: bool

        def apply(self, aggregate: Visit) -> None:
            aggregate.happened_at, aggregate.happened_on = self.happened_at, self.happened_on

    class HappenedUnplanned(Reported, LedgerAggregate.Created):
        def apply(self, aggregate: Visit) -> None:
            aggregate.owner_id, aggregate.customer_id = self.owner_id, self.customer_id
            aggregate.planned_on = aggregate.planned_at = None
            aggregate.reviews, aggregate.cancelled = (), False
            aggregate.happened_at, aggregate.happened_on = self.happened_at, self.happened_on

    class Cancelled(LedgerAggregate.Event):
        owner_id: str
        reason: PersonalText

        def apply(self, aggregate: Visit) -> None:
            aggregate.cancelled = True

    def add_review(self, decision: ReviewDecision, e: Reviewed) -> None:
        review = Review(decision.value, e.manager_id, e.recorded_at, e.late)
        self.reviews = (*self.reviews, review)

    # --- commands ---------------------------------------------------------------

    @classmethod
    def plan(
        cls,
        stamp: Stamp,
        visit_id: UUID,
        owner_id: str,
        customer_id: str,
        planned_on: date,
        purpose: str,
        today: date,
    ) -> Self:
        """A visit is planned ahead, with its purpose: why this customer, why now."""
        check_ident("customer_id", customer_id)
        if planned_on < today:
            raise RuleBroken(
                f"a plan is made before the visit; {planned_on} has passed", field="planned_on"
            )
        if planned_on > today + PLAN_HORIZON:
            raise InvalidInput("planned_on", "must be within a year from today")
        return cls._begin(
            cls.Planned,
            stamp,
            visit_id,
            owner_id=owner_id,
            customer_id=customer_id,
            planned_on=planned_on,
            purpose=PersonalText.of(owner_id, purpose, field="purpose"),
        )

    @classmethod
    def log_unplanned(
        cls, stamp: Stamp, visit_id: UUID, owner_id: str, customer_id: str, report: VisitReport
    ) -> Self:
        """A visit logged without a plan is kept, and counted as unplanned."""
        check_ident("customer_id", customer_id)
        return cls._begin(
            cls.HappenedUnplanned,
            report.stamped(stamp),
            visit_id,
            owner_id=owner_id,
            customer_id=customer_id,
            **report.fields(owner_id),
        )

    def review(
        self,
        stamp: Stamp,
        manager_id: str,
        decision: ReviewDecision,
        note: str | None,
        on_day: date,
    ) -> None:
        """The manager approves the plan, or coaches with a note of what to do.

        A review after the visit was logged, or after its planned day, is kept but
        flagged late: it never counts as a review before the visit.
        """
        self.check_plan_open_to_review()
        if decision is ReviewDecision.COACH and note is None:
            raise InvalidInput("note", "coaching says what to do: a note is required")
        assert self.planned_on is not None
        late = self.happened_at is not None or on_day > self.planned_on
        event = self.PlanCoached if decision is ReviewDecision.COACH else self.PlanApproved
        self._record(
            event,
            stamp,
            owner_id=self.owner_id,
            manager_id=manager_id,
            note=None if note is None else PersonalText.of(self.owner_id, note, field="note"),
            late=late,
        )

    def log(self, stamp: Stamp, report: VisitReport) -> None:
        """The rep logs that the planned visit happened, with whom, how, and what next."""
        self.check_not_cancelled()
        if self.happened_at is not None:
            raise StateConflict(f"visit {self.id} was already logged as happened")
        happened = report.stamped(stamp)
        self._record(
            self.Happened,
            happened,
            owner_id=self.owner_id,
            customer_id=self.customer_id,
            planned_before_visit=self.planned_before(report.happened_at),
            reviewed_before_visit=self.reviewed_before(report.happened_at),
            **report.fields(self.owner_id),
        )

    def cancel(self, stamp: Stamp, reason: str) -> None:
        """A planned visit that will not happen is cancelled with its reason; the plan stays."""
        self.check_not_cancelled()
        if self.happened_at is not None:
            raise StateConflict(f"visit {self.id} happened; it cannot be cancelled")
        self._record(
            self.Cancelled,
            stamp,
            owner_id=self.owner_id,
            reason=PersonalText.of(self.owner_id, reason, field="reason"),
        )

    # --- rules ------------------------------------------------------------------

    def planned_before(self, happened_at: datetime) -> bool:
        """Planned with a purpose: the plan was on record before the visit happened (the
        server's clock against the client's, so within the clock skew allowed everywhere)."""
        return self.planned_at is not None and self.planned_at <= happened_at + CLOCK_SKEW

    def reviewed_before(self, happened_at: datetime) -> bool:
        """A review counts as pre-visit only if it was on time and on record before the visit
        (the server's clock: a review cannot be dated back into counting)."""
        return any(not r.late and r.recorded_at < happened_at for r in self.reviews)

    @property
    def is_planned(self) -> bool:
        return self.planned_on is not None

    def check_not_cancelled(self) -> None:
        if self.cancelled:
            raise StateConflict(f"visit {self.id} was cancelled")

    def check_plan_open_to_review(self) -> None:
        self.check_not_cancelled()
        if not self.is_planned:
            raise StateConflict(
                f"visit {self.id} was logged without a plan: there is none to review"
            )
