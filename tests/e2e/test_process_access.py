"""Who may not see or do what in the process: a negative case for every endpoint.

Commands that are refused write nothing; reads of someone else's records are
refused, and lists are cut to what the caller may see, by who managed whom on
the record's day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
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
Body = Callable[[World], Any]


@pytest.fixture(scope="module")
def world(shared_api: Api) -> World:
    """rep-wang (under mgr-li in hz-1) with a plan, a visit that happened, a deal, a session."""
    register_customers(shared_api)
    planned = plan(shared_api, "rep-wang", "c-1")
    happened = plan(shared_api, "rep-wang", "c-2")
    log(shared_api, "rep-wang", happened)
    deal = sign(shared_api, "rep-wang", "c-2", "1000", [happened])
    month = local_today().strftime("%Y-%m")
    ok(shared_api.post("/periods", "admin", {"key": month}), 201)
    return {"planned": planned, "happened": happened, "deal": deal, "month": month}


def _customer(w: World) -> Any:
    return {
        "customer_id": "c-9",
        "name": "C9",
        "region_id": "east",
        "segment": "x",
        "status": "prospect",
    }


def _plan(w: World) -> Any:
    return {"customer_id": "c-1", "planned_on": str(local_today()), "purpose": "why now"}


def _day(w: World) -> Any:
    return {"day": str(local_today()), "visits": [outcome(visit_id=w["planned"])]}


def _session(w: World) -> Any:
    today = str(local_today())
    return {
        "rep_id": "rep-wang",
        "held_on": today,
        "topic": "t",
        "agreed": "a",
        "follow_up_on": today,
    }


def _retro(kind: str, subject: str) -> Body:
    def body(w: World) -> Any:
        texts = {"planned": "p", "happened": "h", "why": "w", "what_next": "n"}
        return texts | {"subject_kind": kind, "subject_id": subject, "period_key": w["month"]}

    return body


def _deal() -> Any:
    return {
        "customer_id": "c-1",
        "kind": "new",
        "amount": "10",
        "currency": "CNY",
        "signed_on": str(local_today()),
        "why_signed": "w",
    }


def _money(**extra: Any) -> Body:
    return lambda _: {"amount": "10", **extra}


TODAY = str(local_today())
REFUSED_COMMANDS: list[tuple[str, str, str, Body]] = [
    ("audit-sun", "/customers", "auditors write nothing", _customer),
    ("hrbp-liu", "/customers", "HRBPs do not register customers", _customer),
    ("admin", "/visits", "admins do not plan visits", _plan),
    ("audit-sun", "/visits", "auditors do not plan visits", _plan),
    (
        "admin",
        "/visits/unplanned",
        "admins do not log visits",
        lambda _: outcome(customer_id="c-1"),
    ),
    ("audit-sun", "/visit-days", "auditors do not log visits", _day),
    ("rep-chen", "/visit-days", "a peer cannot log another's plan", _day),
    ("rep-chen", "/visits/{planned}/review", "a peer", lambda _: {"decision": "approve"}),
    (
        "mgr-zhang",
        "/visits/{planned}/review",
        "another team's manager",
        lambda _: {"decision": "approve"},
    ),
    (
        "dir-ma",
        "/visits/{planned}/review",
        "not the direct manager",
        lambda _: {"decision": "approve"},
    ),
    (
        "rep-wang",
        "/visits/{planned}/review",
        "the rep's own plan",
        lambda _: {"decision": "approve"},
    ),
    ("hrbp-liu", "/visits/{planned}/review", "the HRBP", lambda _: {"decision": "approve"}),
    ("rep-chen", "/visits/{planned}/outcome", "a peer", lambda _: outcome()),
    ("mgr-li", "/visits/{planned}/outcome", "the manager", lambda _: outcome()),
    ("rep-chen", "/visits/{planned}/cancellation", "a peer", lambda _: {"reason": "r"}),
    ("mgr-li", "/visits/{planned}/cancellation", "the manager", lambda _: {"reason": "r"}),
    ("admin", "/deals", "admins do not sign deals", lambda _: _deal()),
    ("audit-sun", "/deals", "auditors do not sign deals", lambda _: _deal()),
    ("rep-chen", "/deals/{deal}/cash", "a peer", _money(received_on=TODAY)),
    ("mgr-zhang", "/deals/{deal}/cash", "another team's manager", _money(received_on=TODAY)),
    ("hrbp-liu", "/deals/{deal}/refunds", "the HRBP", _money(refunded_on=TODAY, reason="r")),
    (
        "rep-chen",
        "/deals/{deal}/cancellation",
        "a peer",
        lambda _: {"cancelled_on": TODAY, "reason": "r"},
    ),
    ("rep-chen", "/coaching-sessions", "a peer", _session),
    ("mgr-zhang", "/coaching-sessions", "another team's manager", _session),
    ("rep-wang", "/coaching-sessions", "coaching oneself", _session),
    ("audit-sun", "/coaching-sessions", "auditors write nothing", _session),
    ("rep-chen", "/retrospectives", "a peer's retrospective", _retro("person", "rep-wang")),
    ("rep-wang", "/retrospectives", "a rep for the team", _retro("team", "hz-1")),
    ("mgr-zhang", "/retrospectives", "another team's lead", _retro("team", "hz-1")),
    ("audit-sun", "/retrospectives", "auditors write nothing", _retro("person", "audit-sun")),
]


@pytest.mark.parametrize(
    ("person", "path", "why", "body"),
    REFUSED_COMMANDS,
    ids=[f"{c[1]} {c[2]}" for c in REFUSED_COMMANDS],
)
def test_commands_refused_to_the_wrong_person_write_nothing(
    shared_api: Api, world: World, person: str, path: str, why: str, body: Body
) -> None:
    head = shared_api.c.ledger.head()
    problem(shared_api.post(path.format(**world), person, body(world)), 403)
    assert shared_api.c.ledger.head() == head, why


REFUSED_READS = [
    ("rep-chen", "/visits/{planned}"),
    ("mgr-zhang", "/visits/{planned}"),
    ("admin", "/visits/{happened}"),
    ("rep-chen", "/people/rep-wang/visits"),
    ("mgr-zhang", "/people/rep-wang/visits"),
    ("admin", "/people/rep-wang/visits"),
    ("rep-chen", "/people/rep-wang/visit-counts"),
    ("rep-chen", "/deals/{deal}"),
    ("mgr-zhang", "/deals/{deal}"),
    ("rep-zhao", "/people/rep-wang/deals"),
    ("rep-chen", "/people/rep-wang/coaching"),
    ("mgr-zhang", "/people/rep-wang/coaching"),
    ("rep-chen", "/people/rep-wang/retrospectives"),
    ("rep-zhao", "/teams/hz-1/retrospectives"),
]


@pytest.mark.parametrize(
    ("person", "path"), REFUSED_READS, ids=[f"{p} {u}" for p, u in REFUSED_READS]
)
def test_reads_of_someone_elses_records_are_refused(
    shared_api: Api, world: World, person: str, path: str
) -> None:
    problem(
        shared_api.get(path.format(**world), person, min_position=shared_api.c.ledger.head()), 403
    )


def test_lists_hold_only_what_the_caller_may_see(shared_api: Api, world: World) -> None:
    head = shared_api.c.ledger.head()

    def visit_ids(path: str, person: str) -> set[str]:
        items = ok(shared_api.get(path, person, min_position=head))["items"]
        return {v["visit_id"] for v in items}

    assert visit_ids("/review-queue", "mgr-li") == {world["planned"]}
    assert visit_ids("/review-queue", "mgr-zhang") == set()
    assert visit_ids("/review-queue", "dir-ma") == set()  # reviews belong to the direct manager
    assert visit_ids("/review-queue", "rep-chen") == set()
    assert visit_ids("/customers/c-2/visits", "mgr-li") == {world["happened"]}
    assert visit_ids("/customers/c-2/visits", "audit-sun") == {world["happened"]}
    assert visit_ids("/customers/c-2/visits", "rep-chen") == set()
    assert visit_ids("/customers/c-2/visits", "mgr-zhang") == set()
    # Customers are the organisation's: every employee reads them, nobody anonymous.
    assert ok(shared_api.get("/customers/c-1", "rep-zhao"))["customer_id"] == "c-1"
    problem(shared_api.get("/customers", None), 401)


def test_after_a_move_the_new_manager_reviews_and_each_sees_their_own_days(api: Api) -> None:
    """rep-wang moves from mgr-li to mgr-zhang today: yesterday's visit stays mgr-li's."""
    register_customers(api, "c-1")
    yesterday = just_now(seconds=86_400)
    earlier = ok(
        api.post(
            "/visits/unplanned", "rep-wang", outcome(customer_id="c-1", happened_at=yesterday)
        ),
        201,
    )
    today_plan = plan(api, "rep-wang", "c-1")
    move = {"effective_on": str(local_today()), "team_id": "hz-2", "manager_id": "mgr-zhang"}
    moved = ok(api.post("/people/rep-wang/moves", "admin", move))

    def log_ids(person: str) -> set[str]:
        page = ok(api.get("/people/rep-wang/visits", person, min_position=moved["position"]))
        return {v["visit_id"] for v in page["items"]}

    assert log_ids("mgr-li") == {earlier["id"]}
    assert log_ids("mgr-zhang") == {today_plan}
    assert log_ids("dir-ma") == {earlier["id"], today_plan}
    queue = ok(api.get("/review-queue", "mgr-zhang", min_position=moved["position"]))["items"]
    assert [v["visit_id"] for v in queue] == [today_plan]
    problem(api.post(f"/visits/{today_plan}/review", "mgr-li", {"decision": "approve"}), 403)
    ok(api.post(f"/visits/{today_plan}/review", "mgr-zhang", {"decision": "approve"}))
    problem(api.get(f"/visits/{today_plan}", "mgr-li"), 403)
    day_before = local_today() - timedelta(days=1)
    counts = ok(api.get("/people/rep-wang/visit-counts", "mgr-li", by="day"))["rows"]
    assert [r["label"] for r in counts] == [str(day_before)]
