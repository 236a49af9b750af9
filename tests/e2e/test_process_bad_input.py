"""Bad input to the process: a problem response naming the field, and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.conftest import Api
from tests.e2e.process import (
    just_now,
    local_today,
    log,
    ok,
    outcome,
    plan,
    problem,
    register_customers,
    sign,
)

World = dict[str, str]
TODAY = str(local_today())
FUTURE = (datetime.now(UTC) + timedelta(days=2)).isoformat()
UNKNOWN = "0b1e8a52-6f1d-4d5e-9a3b-2c7d8e9f0a1b"


@pytest.fixture(scope="module")
def world(shared_api: Api) -> World:
    return build_world(shared_api)


def build_world(shared_api: Api) -> World:
    """rep-wang's plan, a visit that happened, one without a plan, a deal with 400 paid;
    and a visit of rep-chen's."""
    register_customers(shared_api)
    planned = plan(shared_api, "rep-wang", "c-1")
    happened = plan(shared_api, "rep-wang", "c-2")
    log(shared_api, "rep-wang", happened)
    unplanned = ok(
        shared_api.post("/visits/unplanned", "rep-wang", outcome(customer_id="c-3")), 201
    )
    theirs = ok(shared_api.post("/visits/unplanned", "rep-chen", outcome(customer_id="c-2")), 201)
    deal = sign(shared_api, "rep-wang", "c-2", "1000", [happened])
    ok(shared_api.post(f"/deals/{deal}/cash", "rep-wang", {"amount": "400", "received_on": TODAY}))
    return {
        "planned": planned,
        "happened": happened,
        "unplanned": unplanned["id"],
        "theirs": theirs["id"],
        "deal": deal,
    }


def deal(**changes: Any) -> Callable[[World], Any]:
    def body(w: World) -> Any:
        base = {
            "customer_id": "c-2",
            "kind": "new",
            "amount": "100",
            "currency": "CNY",
            "signed_on": TODAY,
            "why_signed": "the owner trusted the case study",
            "visit_ids": [w["happened"]],
        }
        found = {k: _filled(v, w) for k, v in changes.items()}
        return {k: v for k, v in (base | found).items() if v is not None}

    return body


def _filled(value: Any, w: World) -> Any:
    """``{planned}`` and the like replaced by the world's ids, in strings and lists."""
    if isinstance(value, str):
        return value.format(**w)
    if isinstance(value, list):
        return [_filled(v, w) for v in value]
    return value


def fixed(body: Any) -> Callable[[World], Any]:
    return lambda _: body


def day(entries: list[dict[str, Any]]) -> Callable[[World], Any]:
    def body(w: World) -> Any:
        visits = [
            {k: v.format(**w) if isinstance(v, str) else v for k, v in e.items()} for e in entries
        ]
        return {"day": TODAY, "visits": visits}

    return body


PLAN = {"customer_id": "c-1", "planned_on": TODAY, "purpose": "why"}
GOOD_DAY = [outcome(customer_id="c-1") for _ in range(60)]
# (case, person, path, body, status, field named)
CASES: list[tuple[str, str, str, Callable[[World], Any], int, str | None]] = [
    ("plan for an unknown customer", "rep-wang", "/visits", fixed(PLAN | {"customer_id": "c-404"}), 404, "customer_id"),
    ("plan without a purpose", "rep-wang", "/visits", fixed({"customer_id": "c-1", "planned_on": TODAY}), 422, "purpose"),
    ("plan with a blank purpose", "rep-wang", "/visits", fixed(PLAN | {"purpose": "   "}), 422, "purpose"),
    ("a visit before the calendar began", "rep-wang", "/visits/unplanned", fixed(outcome(customer_id="c-1", happened_at="0001-01-01T00:00:00+14:00")), 422, "happened_at"),
    ("a review dated back", "mgr-li", "/visits/{planned}/review", fixed({"decision": "approve", "occurred_at": "2024-01-01T00:00:00+08:00"}), 422, "occurred_at"),
    ("a day no period can hold", "rep-wang", "/visit-days", fixed({"day": "1800-01-01", "visits": [outcome(customer_id="c-1")]}), 422, "day"),
    ("a deal of more than ten trillion", "rep-wang", "/deals", deal(amount="10000000000000.00"), 422, "amount"),
    ("plan for a past day", "rep-wang", "/visits", fixed(PLAN | {"planned_on": "2024-06-01"}), 422, "planned_on"),
    ("unplanned visit to an unknown customer", "rep-wang", "/visits/unplanned", fixed(outcome(customer_id="c-404")), 404, "customer_id"),
    ("visit in the future", "rep-wang", "/visits/{planned}/outcome", fixed(outcome(happened_at=FUTURE)), 422, "happened_at"),
    ("visit time without offset", "rep-wang", "/visits/{planned}/outcome", fixed(outcome(happened_at="2026-01-01T10:00:00")), 422, "happened_at"),
    ("ride-along by a manager of someone else", "rep-wang", "/visits/{planned}/outcome", fixed(outcome(ride_along_by="mgr-zhang")), 422, "ride_along_by"),
    ("ride-along by the rep", "rep-wang", "/visits/{planned}/outcome", fixed(outcome(ride_along_by="rep-wang")), 422, "ride_along_by"),
    ("a visit logged twice", "rep-wang", "/visits/{happened}/outcome", fixed(outcome()), 409, None),
    ("cancelling a visit that happened", "rep-wang", "/visits/{happened}/cancellation", fixed({"reason": "r"}), 409, None),
    ("cancelling without a reason", "rep-wang", "/visits/{planned}/cancellation", fixed({}), 422, "reason"),
    ("coaching without a note", "mgr-li", "/visits/{planned}/review", fixed({"decision": "coach"}), 422, "note"),
    ("an unknown decision", "mgr-li", "/visits/{planned}/review", fixed({"decision": "maybe"}), 422, "decision"),
    ("reviewing a visit made without a plan", "mgr-li", "/visits/{unplanned}/review", fixed({"decision": "approve"}), 409, None),
    ("reviewing an unknown visit", "mgr-li", f"/visits/{UNKNOWN}/review", fixed({"decision": "approve"}), 404, None),
    ("deal without a reason", "rep-wang", "/deals", deal(why_signed=None), 422, "why_signed"),
    ("deal with a blank reason", "rep-wang", "/deals", deal(why_signed=" \n "), 422, "why_signed"),
    ("deal with a negative amount", "rep-wang", "/deals", deal(amount="-100"), 422, "amount"),
    ("deal with a zero amount", "rep-wang", "/deals", deal(amount="0"), 422, "amount"),
    ("deal with fractions of a cent", "rep-wang", "/deals", deal(amount="1.001"), 422, "amount"),
    ("deal of an unknown kind", "rep-wang", "/deals", deal(kind="upsell"), 422, "kind"),
    ("deal signed in the future", "rep-wang", "/deals", deal(signed_on=str(local_today() + timedelta(days=3))), 422, "signed_on"),
    ("deal for an unknown customer", "rep-wang", "/deals", deal(customer_id="c-404", visit_ids=[]), 404, "customer_id"),
    ("deal naming an unknown visit", "rep-wang", "/deals", deal(visit_ids=[UNKNOWN]), 404, "visit_ids.0"),
    ("deal naming another rep's visit", "rep-wang", "/deals", deal(visit_ids=["{theirs}"]), 404, "visit_ids.0"),
    ("deal naming a visit not yet made", "rep-wang", "/deals", deal(customer_id="c-1", visit_ids=["{planned}"]), 422, "visit_ids.0"),
    ("deal naming a visit to another customer", "rep-wang", "/deals", deal(customer_id="c-3", visit_ids=["{happened}"]), 422, "visit_ids.0"),
    ("cash above the deal amount", "rep-wang", "/deals/{deal}/cash", fixed({"amount": "600.01", "received_on": TODAY}), 422, "amount"),
    ("cash in another currency", "rep-wang", "/deals/{deal}/cash", fixed({"amount": "1", "currency": "USD", "received_on": TODAY}), 422, "currency"),
    ("refund above the cash received", "rep-wang", "/deals/{deal}/refunds", fixed({"amount": "400.01", "refunded_on": TODAY, "reason": "r"}), 422, "amount"),
    ("cancelling a deal with cash not refunded", "rep-wang", "/deals/{deal}/cancellation", fixed({"cancelled_on": TODAY, "reason": "r"}), 422, "cancelled_on"),
    ("cash for an unknown deal", "rep-wang", f"/deals/{UNKNOWN}/cash", fixed({"amount": "1", "received_on": TODAY}), 404, None),
    ("a day with an unknown customer at 57", "rep-wang", "/visit-days", day([*GOOD_DAY[:57], outcome(customer_id="c-404"), *GOOD_DAY[57:]]), 404, "visits.57.customer_id"),
    ("a day with a visit on another day", "rep-wang", "/visit-days", day([*GOOD_DAY[:3], outcome(customer_id="c-1", happened_at=just_now(86_400 * 2))]), 422, "visits.3.happened_at"),
    ("a day naming one plan twice", "rep-wang", "/visit-days", day([outcome(visit_id="{planned}"), outcome(visit_id="{planned}")]), 422, "visits.1.visit_id"),
    ("a day naming neither plan nor customer", "rep-wang", "/visit-days", day([outcome()]), 422, "visits.0.customer_id"),
    ("an empty day", "rep-wang", "/visit-days", day([]), 422, "visits"),
    ("a day with an unknown field", "rep-wang", "/visit-days", day([outcome(customer_id="c-1", mood="great")]), 422, "visits.0.mood"),
    ("a customer in an unknown region", "mgr-li", "/customers", fixed({"customer_id": "c-7", "name": "n", "region_id": "mars", "segment": "s", "status": "prospect"}), 404, "region_id"),
    ("a customer of an unknown status", "mgr-li", "/customers", fixed({"customer_id": "c-7", "name": "n", "region_id": "east", "segment": "s", "status": "lost"}), 422, "status"),
    ("a customer registered twice", "mgr-li", "/customers", fixed({"customer_id": "c-1", "name": "n", "region_id": "east", "segment": "s", "status": "prospect"}), 409, None),
    ("follow-up before the session", "mgr-li", "/coaching-sessions", fixed({"rep_id": "rep-wang", "held_on": TODAY, "topic": "t", "agreed": "a", "follow_up_on": "2024-01-01"}), 422, "follow_up_on"),
    ("a session on an unknown visit", "mgr-li", "/coaching-sessions", fixed({"rep_id": "rep-wang", "held_on": TODAY, "topic": "t", "agreed": "a", "follow_up_on": TODAY, "visit_ids": [UNKNOWN]}), 404, "visit_ids.0"),
    ("a retrospective of an unconfigured period", "rep-wang", "/retrospectives", fixed({"subject_kind": "person", "subject_id": "rep-wang", "period_key": "2025-02", "planned": "p", "happened": "h", "why": "w", "what_next": "n"}), 404, "period_key"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "person", "path", "body", "status", "field"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_process_input_is_a_problem_and_writes_nothing(
    shared_api: Api,
    world: World,
    case: str,
    person: str,
    path: str,
    body: Callable[[World], Any],
    status: int,
    field: str | None,
) -> None:
    head = shared_api.c.ledger.head()
    found = problem(shared_api.post(path.format(**world), person, body(world)), status, field)
    assert found["detail"], case
    assert shared_api.c.ledger.head() == head, case


def test_a_closed_period_refuses_visits_but_keeps_late_deals(api: Api) -> None:
    world = build_world(api)
    month = local_today().strftime("%Y-%m")
    ok(api.post("/periods", "admin", {"key": month}), 201)
    ok(api.post(f"/periods/{month}/close", "admin"))
    head = api.c.ledger.head()
    problem(api.post("/visits", "rep-wang", PLAN), 409, "planned_on")
    problem(
        api.post("/visits/unplanned", "rep-wang", outcome(customer_id="c-1")), 409, "happened_at"
    )
    problem(
        api.post(f"/visits/{world['planned']}/outcome", "rep-wang", outcome()), 409, "happened_at"
    )
    problem(api.post(f"/visits/{world['planned']}/review", "mgr-li", {"decision": "approve"}), 409)
    problem(api.post(f"/visits/{world['planned']}/cancellation", "rep-wang", {"reason": "r"}), 409)
    problem(api.post("/visit-days", "rep-wang", day(GOOD_DAY)(world)), 409, "day")
    assert api.c.ledger.head() == head
    # A deal recorded after its period closed is kept: a late fact about that period.
    late = sign(api, "rep-wang", "c-2", "50", [world["happened"]])
    assert api.c.ledger.head() == head + 1
    assert late


@pytest.mark.parametrize(
    "query",
    [{"end": "0001-01-05"}, {"start": "9999-12-31"}, {"start": "2025-01-01", "end": "2024-01-01"},
     {"start": "2010-01-01", "end": "2025-01-01"}, {"by": "month"}],
)  # fmt: skip
def test_count_ranges_are_bounded(shared_api: Api, world: World, query: dict[str, str]) -> None:
    problem(shared_api.get("/people/rep-wang/visit-counts", "rep-wang", **query), 422)
