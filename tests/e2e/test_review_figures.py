"""A review shows the process and result figures of its period, read by the measure source.

Through HTTP, on each store: a quarter's target, a forecast, visits (one planned with a
purpose, one not, a manager riding along), a coaching session and a paid deal; after the
quarter closes the manager's assessment seals the figures they saw, and the review shows
them beside the figures now.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from tests.e2e.conftest import Api
from tests.e2e.incentives_support import api, clock
from tests.e2e.process import ok, register_customers
from tests.e2e.review_support import even, marks
from tests.targets_support import SettableClock

__all__ = ["api", "clock"]
QUARTER = "2025-Q1"
CNY_400K = {"measure": "cash", "amount": "400000", "currency": "CNY"}


def _target_and_forecast(api: Api, clock: SettableClock) -> None:
    clock.set(date(2024, 12, 20))
    ok(api.post("/periods", "admin", {"key": QUARTER}), 201)
    body = {
        "subject_id": "rep-wang",
        "period": QUARTER,
        "figures": [CNY_400K],
        "lines": [
            {
                "kind": "new_signings",
                "count": 10,
                "average": {"amount": "40000", "currency": "CNY"},
            }
        ],
    }
    target = ok(api.post("/targets", "rep-wang", body), 201)["id"]
    ok(api.post(f"/targets/{target}/submit", "rep-wang"))
    ok(api.post(f"/targets/{target}/approve", "mgr-li"))
    forecast = {"period": QUARTER, "figures": [CNY_400K | {"amount": "120000"}]}
    ok(api.post("/people/rep-wang/forecasts", "rep-wang", forecast), 201)


def _the_quarter(api: Api, clock: SettableClock) -> None:
    clock.set(date(2025, 2, 10))
    register_customers(api)
    plan = {"customer_id": "c-1", "planned_on": "2025-02-11", "purpose": "renewal is due"}
    visit = ok(api.post("/visits", "rep-wang", plan), 201)["id"]
    clock.set(date(2025, 2, 11), hour=12)
    happened = datetime(2025, 2, 11, 3, 0, tzinfo=UTC).isoformat()
    outcome = {"happened_at": happened, "met": "the owner", "outcome": "ok", "next_step": "sign"}
    ok(api.post(f"/visits/{visit}/outcome", "rep-wang", outcome))
    unplanned = outcome | {"customer_id": "c-2", "ride_along_by": "mgr-li"}
    ok(api.post("/visits/unplanned", "rep-wang", unplanned), 201)
    session = {
        "rep_id": "rep-wang",
        "held_on": "2025-02-11",
        "topic": "closing c-1",
        "agreed": "send the contract",
        "follow_up_on": "2025-02-18",
    }
    ok(api.post("/coaching-sessions", "mgr-li", session), 201)
    deal = {
        "customer_id": "c-1",
        "kind": "new",
        "amount": "100000",
        "currency": "CNY",
        "signed_on": "2025-02-11",
        "why_signed": "the renewal saved them a tender",
    }
    deal_id = ok(api.post("/deals", "rep-wang", deal), 201)["id"]
    paid = {"amount": "100000", "received_on": "2025-02-11"}
    ok(api.post(f"/deals/{deal_id}/cash", "rep-wang", paid))


def _assessed(api: Api, clock: SettableClock) -> dict[str, Any]:
    clock.set(date(2025, 4, 2))
    ok(api.post(f"/periods/{QUARTER}/close", "admin"))
    opening = {
        "cycle_id": QUARTER,
        "period": QUARTER,
        "people": ["rep-wang"],
        "rubric_code": "six-values",
        "rubric_version": 1,
    }
    ok(api.post("/cycles", "admin", opening), 201)
    review = f"/cycles/{QUARTER}/reviews/rep-wang"
    mine = {"marks": marks(even(18), what="I"), "rating": "3.5", "comment": "my quarter"}
    ok(api.post(f"{review}/self-assessment", "rep-wang", mine))
    theirs = {"marks": marks(even(18), what="seen"), "rating": "3.5", "comment": "a quarter"}
    position = ok(api.post(f"{review}/manager-assessment", "mgr-li", theirs))["position"]
    return ok(api.get(review, "hrbp-liu", min_position=position))


def test_a_review_shows_the_figures_of_its_period(api: Api, clock: SettableClock) -> None:
    _target_and_forecast(api, clock)
    _the_quarter(api, clock)
    seen = _assessed(api, clock)
    expected = {
        "available": True,
        "attainment": "0.2500",  # 100,000 of 400,000 cash
        "forecast_accuracy": "0.1667",  # |100,000 - 120,000| / 120,000
        "planned_visit_share": "0.5000",  # one visit of two was planned with a purpose
        "coaching_sessions": 2,  # one session and one ride-along
    }
    sealed = seen["manager_assessment"]["figures"]
    assert {k: sealed[k] for k in expected} == expected
    assert "cash" in sealed["note"]
    assert {k: seen["figures_now"][k] for k in expected} == expected
