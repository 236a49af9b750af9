"""Coaching sessions and retrospectives through HTTP, on each store."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.e2e.conftest import Api
from tests.e2e.process import local_today, log, ok, outcome, plan, problem, register_customers, sign

TODAY = local_today()


def session(**extra: Any) -> dict[str, Any]:
    return {
        "rep_id": "rep-wang",
        "held_on": str(TODAY),
        "topic": "Why c-2 stalled after the second visit",
        "agreed": "Call the owner before Friday; bring the logistics case",
        "follow_up_on": str(TODAY + timedelta(days=7)),
    } | extra


def test_a_session_checks_the_follow_up_agreed_at_the_last_one(api: Api) -> None:
    register_customers(api)
    visit_id = plan(api, "rep-wang", "c-2")
    log(api, "rep-wang", visit_id)
    deal_id = sign(api, "rep-wang", "c-2", "800", [visit_id])
    first = ok(
        api.post("/coaching-sessions", "mgr-li", session(visit_ids=[visit_id], deal_ids=[deal_id])),
        201,
    )

    head = api.c.ledger.head()
    problem(api.post("/coaching-sessions", "mgr-li", session()), 422, "follow_up_check")
    assert api.c.ledger.head() == head
    check = {"status": "partly", "note": "called, but the case was not ready"}
    second = ok(
        api.post(
            "/coaching-sessions",
            "dir-ma",
            session(topic="Ride-along debrief", follow_up_check=check),
        ),
        201,
    )
    earlier = str(TODAY - timedelta(days=1))
    checked = {"follow_up_check": {"status": "done", "note": "n"}}
    problem(
        api.post("/coaching-sessions", "mgr-li", session(held_on=earlier) | checked), 422, "held_on"
    )
    problem(
        api.post("/coaching-sessions", "mgr-li", session(rep_id="rep-chen") | checked),
        422,
        "follow_up_check",
    )

    for viewer in ("rep-wang", "mgr-li", "dir-ma", "hrbp-liu", "audit-sun"):
        history = ok(api.get("/people/rep-wang/coaching", viewer, min_position=second["position"]))
        assert [s["session_id"] for s in history["items"]] == [second["id"], first["id"]], viewer
    history = ok(api.get("/people/rep-wang/coaching", "rep-wang"))["items"]
    newest, oldest = history
    assert (newest["manager_id"], newest["follow_up_status"]) == ("dir-ma", None)
    assert oldest["follow_up_status"] == "partly"
    assert oldest["follow_up_note"] == check["note"]
    assert oldest["follow_up_checked_in"] == second["id"]
    assert (oldest["visit_ids"], oldest["deal_ids"]) == ([visit_id], [deal_id])


def test_retrospectives_of_a_person_and_a_team_with_their_results_and_versions(api: Api) -> None:
    register_customers(api)
    month = TODAY.strftime("%Y-%m")
    ok(api.post("/periods", "admin", {"key": month}), 201)
    visit_id = ok(api.post("/visits/unplanned", "rep-wang", outcome(customer_id="c-1")), 201)["id"]
    wang = sign(api, "rep-wang", "c-1", "1000", [visit_id])
    sign(api, "rep-chen", "c-2", "500.50", [], kind="renewal")
    ok(api.post(f"/deals/{wang}/cash", "rep-wang", {"amount": "400", "received_on": str(TODAY)}))
    texts = {
        "planned": "8 visits a day",
        "happened": "6 a day",
        "why": "two sick days",
        "what_next": "plan the week on Monday",
    }
    mine = {"subject_kind": "person", "subject_id": "rep-wang", "period_key": month} | texts
    written = ok(api.post("/retrospectives", "rep-wang", mine), 201)
    head = api.c.ledger.head()
    problem(api.post("/retrospectives", "mgr-li", mine | {"why": "no plan"}), 422, "reason")
    assert api.c.ledger.head() == head
    revised = ok(
        api.post(
            "/retrospectives", "mgr-li", mine | {"why": "no plan", "reason": "after our talk"}
        ),
        201,
    )
    assert revised["id"] == written["id"]

    page = ok(
        api.get("/people/rep-wang/retrospectives", "hrbp-liu", min_position=revised["position"])
    )
    [retro] = page["items"]
    assert (retro["period_key"], retro["version"], retro["why"]) == (month, 2, "no plan")
    assert [(v["why"], v["reason"]) for v in retro["versions"]] == [
        ("two sick days", None),
        ("no plan", "after our talk"),
    ]
    assert retro["results"]["signed"] == [
        {"kind": "new", "currency": "CNY", "deals": 1, "amount": "1000.00"}
    ]
    assert retro["results"]["cash"] == [{"currency": "CNY", "amount": "400.00"}]

    team = {"subject_kind": "team", "subject_id": "hz-1", "period_key": month} | texts
    by_lead = ok(api.post("/retrospectives", "mgr-li", team), 201)
    for viewer in ("mgr-li", "rep-chen", "hrbp-liu", "dir-ma"):
        teams = ok(api.get("/teams/hz-1/retrospectives", viewer, min_position=by_lead["position"]))
        [team_retro] = teams["items"]
        assert team_retro["results"]["signed"] == [
            {"kind": "new", "currency": "CNY", "deals": 1, "amount": "1000.00"},
            {"kind": "renewal", "currency": "CNY", "deals": 1, "amount": "500.50"},
        ], viewer

    next_month = (TODAY.replace(day=28) + timedelta(days=5)).strftime("%Y-%m")
    ok(api.post("/periods", "admin", {"key": next_month}), 201)
    ahead = mine | {"period_key": next_month}
    problem(api.post("/retrospectives", "rep-wang", ahead), 422, "period_key")
