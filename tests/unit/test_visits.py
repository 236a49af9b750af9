"""The visit aggregate: plan, review on time or late, log, cancel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from uuid import uuid4

import pytest
from eventsourcing.application import project_aggregate

from domain.errors import InvalidInput, RuleBroken, StateConflict
from domain.values import Stamp
from domain.visits import ReviewDecision, Visit, VisitReport
from tests.support import NOW

TODAY = NOW.date()


def at(minutes: int) -> Stamp:
    """A stamp recorded ``minutes`` after NOW (the fact happening then too)."""
    moment = NOW + timedelta(minutes=minutes)
    return Stamp("r1", moment, moment)


def report(minutes: int, **extra: object) -> VisitReport:
    moment = NOW + timedelta(minutes=minutes)
    fields: dict[str, object] = {
        "happened_at": moment,
        "happened_on": moment.date(),
        "met": "the buyer",
        "outcome": "trial agreed",
        "next_step": "send the contract",
    } | extra
    return VisitReport(**fields)  # type: ignore[arg-type]


def planned(on: date = TODAY) -> Visit:
    return Visit.plan(at(0), uuid4(), "r1", "c-1", on, "renewal due; new buyer", TODAY)


def test_a_review_before_the_visit_counts_and_one_after_is_late() -> None:
    visit = planned()
    visit.review(at(10), "m1", ReviewDecision.COACH, "bring the case", TODAY)
    visit.log(at(120), report(60))
    visit.review(at(130), "m1", ReviewDecision.APPROVE, None, TODAY)
    events = visit.collect_events()
    coached, happened, approved = events[1:]
    assert isinstance(coached, Visit.PlanCoached)
    assert not coached.late
    assert isinstance(happened, Visit.Happened)
    assert happened.reviewed_before_visit
    assert happened.planned_before_visit
    assert happened.occurred_at == NOW + timedelta(minutes=60)
    assert isinstance(approved, Visit.PlanApproved)
    assert approved.late
    rebuilt = project_aggregate(None, events)
    assert rebuilt is not None
    assert rebuilt.reviews == visit.reviews


def test_a_review_on_time_but_after_the_reported_visit_is_not_pre_visit() -> None:
    visit = planned(TODAY + timedelta(days=1))
    visit.review(at(120), "m1", ReviewDecision.APPROVE, None, TODAY)  # the plan's day is ahead
    visit.log(at(300), report(60))  # ... but the visit happened an hour before the review
    happened = visit.collect_events()[-1]
    assert isinstance(happened, Visit.Happened)
    assert not happened.reviewed_before_visit


def test_a_review_after_the_planned_day_is_late_even_before_the_log() -> None:
    visit = planned()
    visit.review(at(0), "m1", ReviewDecision.APPROVE, None, TODAY + timedelta(days=1))
    assert visit.reviews[0].late
    visit.log(at(10), report(5))
    happened = visit.collect_events()[-1]
    assert isinstance(happened, Visit.Happened)
    assert not happened.reviewed_before_visit


def test_a_plan_recorded_after_the_visit_is_not_planned_with_purpose() -> None:
    visit = planned()
    visit.log(at(10), report(-60))
    happened = visit.collect_events()[-1]
    assert isinstance(happened, Visit.Happened)
    assert not happened.planned_before_visit


@pytest.mark.parametrize(
    ("step", "error"),
    [
        (lambda v: v.review(at(1), "m1", ReviewDecision.COACH, None, TODAY), InvalidInput),
        (lambda v: v.log(at(1), report(60 * 24)), InvalidInput),  # in the future
        (lambda v: v.log(at(1), report(0, ride_along_by="r1")), RuleBroken),
        (lambda v: v.log(at(1), report(0, happened_at=datetime(2026, 6, 1))), InvalidInput),
        (lambda v: v.log(at(1), report(0, met=" ")), InvalidInput),
    ],
)
def test_bad_steps_are_refused_and_record_nothing(step: object, error: type[Exception]) -> None:
    visit = planned()
    visit.collect_events()
    with pytest.raises(error):
        step(visit)  # type: ignore[operator]
    assert visit.collect_events() == []


def test_plans_are_made_ahead_and_with_a_purpose() -> None:
    with pytest.raises(RuleBroken, match="passed"):
        planned(TODAY - timedelta(days=1))
    with pytest.raises(InvalidInput, match="within a year"):
        planned(TODAY + timedelta(days=400))
    with pytest.raises(InvalidInput, match="purpose"):
        Visit.plan(at(0), uuid4(), "r1", "c-1", TODAY, "", TODAY)


def test_a_visit_happens_once_and_a_cancelled_one_never() -> None:
    visit = planned()
    visit.log(at(5), report(1))
    with pytest.raises(StateConflict):
        visit.log(at(6), report(2))
    with pytest.raises(StateConflict):
        visit.cancel(at(6), "changed mind")
    other = planned()
    other.cancel(at(1), "customer closed for the holiday")
    steps: list[Callable[[], None]] = [
        lambda: other.log(at(5), report(1)),
        lambda: other.review(at(5), "m1", ReviewDecision.APPROVE, None, TODAY),
        lambda: other.cancel(at(5), "again"),
    ]
    for step in steps:
        with pytest.raises(StateConflict):
            step()


def test_a_visit_without_a_plan_has_nothing_to_review() -> None:
    visit = Visit.log_unplanned(at(5), uuid4(), "r1", "c-1", report(1))
    with pytest.raises(StateConflict, match="without a plan"):
        visit.review(at(6), "m1", ReviewDecision.APPROVE, None, TODAY)
