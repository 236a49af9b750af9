"""The seed's example through HTTP: set the target, take the result (定目标 · 拿结果).

A rep drafts a target whose lines do not add up and is refused; fixes it; the
manager sends it back with a reason; the rep revises; the manager approves;
the plan shows weekly visits; forecasts are submitted three times; deals
arrive; the period closes; accuracy and attainment are right; the whole history
is readable by the rep, their manager and an auditor, and not by another rep.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest

from services.settings import Settings
from tests.e2e.clocked import clocked_api
from tests.e2e.conftest import Api
from tests.targets_support import SettableClock, receive_cash, refund, sign_deal

PROBLEM = "application/problem+json"


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock()


@pytest.fixture
def api(settings: Settings, clock: SettableClock) -> Iterator[Api]:
    with clocked_api(settings, clock) as api:
        yield api


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    return body


def money(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "CNY"}


def strategy(cash: str, new_customers: int, conversion: str) -> dict[str, Any]:
    return {
        "figures": [
            {"measure": "cash", "amount": cash, "currency": "CNY"},
            {"measure": "new_customers", "amount": new_customers},
            {"measure": "renewals", "amount": 80},
        ],
        "lines": [
            {"kind": "new_signings", "count": 40, "average": money("40000")},
            {"kind": "renewals", "count": 80, "average": money("9000")},
            {
                "kind": "events",
                "count": 4,
                "leads_per_event": 50,
                "conversion_rate": conversion,
                "average": money("40000"),
            },
        ],
    }


def by_measure(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["measure"]: r for r in rows}


def test_the_seed_example_end_to_end(api: Api, clock: SettableClock) -> None:
    ok(api.post("/periods", "admin", {"key": "2025-03"}), 201)

    # The rep drafts: the lines make 6,320,000 but the figure says 5,000,000.
    body = {"subject_id": "rep-wang", "period": "2025-03"} | strategy("5000000", 140, "0.5")
    target = ok(api.post("/targets", "rep-wang", body), 201)["id"]
    head = api.c.ledger.head()
    refused = problem(api.post(f"/targets/{target}/submit", "rep-wang"), 422)
    assert refused["errors"][0]["field"] == "lines"
    assert "cash: the lines add up to 6320000.00 CNY, the target is 5000000.00 CNY" in str(
        refused["detail"]
    )
    assert "a difference of +1320000.00 CNY" in str(refused["detail"])
    assert api.c.ledger.head() == head

    # Fixed, submitted, sent back with a reason (打回).
    fixed = strategy("6320000", 140, "0.5") | {"reason": "the cash figure was wrong"}
    ok(api.post(f"/targets/{target}/revisions", "rep-wang", fixed))
    ok(api.post(f"/targets/{target}/submit", "rep-wang"))
    why = "50 % conversion at events is not credible: last quarter was 30 %"
    ok(api.post(f"/targets/{target}/send-back", "mgr-li", {"reason": why}))

    # Revised with 30 %: 40 x 40,000 + 80 x 9,000 + 4 x 50 x 30 % x 40,000 = 4,720,000.
    revised = strategy("4720000", 100, "0.3") | {"reason": "conversion as last quarter"}
    ok(api.post(f"/targets/{target}/revisions", "rep-wang", revised))
    ok(api.post(f"/targets/{target}/submit", "rep-wang"))
    head = api.c.ledger.head()
    problem(api.post(f"/targets/{target}/approve", "mgr-zhang"), 403)  # not rep-wang's manager
    assert api.c.ledger.head() == head
    approved = ok(api.post(f"/targets/{target}/approve", "mgr-li"))

    # The plan: 100 new + 80 renewals at 5 visits a deal (no history) over March's weeks.
    plan = ok(api.get(f"/targets/{target}/plan", "rep-wang", min_position=approved["position"]))
    assert [w["planned_visits"] for w in plan["weeks"]] == [58, 204, 203, 203, 203, 29]
    assert [w["planned_events"] for w in plan["weeks"]] == [0, 1, 1, 1, 1, 0]
    assert plan["basis"]["new"] == {
        "visits_per_deal": "5",
        "deals": 0,
        "visits": 0,
        "source": "default",
    }

    # Forecasts: three by the rep (the last after the cut-off), one by the manager.
    for day, person, amount in [
        (date(2025, 2, 25), "rep-wang", "4500000"),
        (date(2025, 2, 27), "mgr-li", "4000000"),
        (date(2025, 2, 28), "rep-wang", "4800000"),
        (date(2025, 3, 15), "rep-wang", "5000000"),
    ]:
        clock.set(day)
        figures = [{"measure": "cash", "amount": amount, "currency": "CNY"}]
        forecast = {"period": "2025-03", "figures": figures}
        ok(api.post("/people/rep-wang/forecasts", person, forecast), 201)

    # Deals arrive: 4,600,000 cash, two new customers, one renewal.
    ledger = api.c.ledger
    clock.set(date(2025, 3, 5))
    first = sign_deal(ledger, "rep-wang", 2_000_000, date(2025, 3, 5), visits=["v1", "v2", "v3"])
    receive_cash(ledger, first, 2_000_000, date(2025, 3, 5))
    clock.set(date(2025, 3, 12))
    renewal = sign_deal(ledger, "rep-wang", 1_500_000, date(2025, 3, 12), "renewal", ["v4"])
    receive_cash(ledger, renewal, 1_500_000, date(2025, 3, 12))
    clock.set(date(2025, 3, 26))
    third = sign_deal(ledger, "rep-wang", 1_200_000, date(2025, 3, 20))
    receive_cash(ledger, third, 1_100_000, date(2025, 3, 26))

    # The period closes; a refund about March is recorded after it: a late adjustment.
    clock.set(date(2025, 4, 2))
    ok(api.post("/periods/2025-03/close", "admin"))
    clock.set(date(2025, 4, 5))
    late = refund(ledger, third, 100_000, date(2025, 3, 30))

    results = ok(api.get("/people/rep-wang/results/2025-03", "mgr-li", min_position=late.position))
    assert results["closed"] is True
    measures = by_measure(results["measures"])
    assert measures["cash"] | {"name": "Cash"} == {
        "measure": "cash",
        "name": "Cash",
        "unit": "money",
        "currency": "CNY",
        "target": "4720000.00",
        "actual_at_close": "4600000.00",
        "attainment_at_close": "0.9746",
        "actual_now": "4500000.00",
        "attainment_now": "0.9534",
        "late_adjustment": "-100000.00",
    }
    assert (measures["new_customers"]["actual_at_close"], measures["new_customers"]["target"]) == (
        "2",
        "100",
    )
    assert measures["new_customers"]["attainment_at_close"] == "0.0200"
    assert measures["renewals"]["attainment_at_close"] == "0.0125"
    assert [(f["fact"], f["amount"], f["on_day"]) for f in results["late_adjustments"]] == [
        ("refund", "-100000.00", "2025-03-30")
    ]

    report = ok(api.get("/people/rep-wang/forecasts/2025-03", "audit-sun"))
    assert [(s["role"], s["figures"][0]["amount"]) for s in report["submissions"]] == [
        ("rep", "4500000.00"),
        ("manager", "4000000.00"),
        ("rep", "4800000.00"),
        ("rep", "5000000.00"),
    ]
    # Midnight on 1 March where the organisation works (Asia/Shanghai, UTC+8).
    assert report["cutoff_at"] == "2025-02-28T16:00:00.000000Z"
    accuracy = {a["role"]: a for a in report["accuracy"]}
    rep = accuracy["rep"]["measures"][0]
    assert (rep["forecast"], rep["actual"], rep["error"], rep["within_band"]) == (
        "4800000.00",
        "4600000.00",
        "0.0417",
        True,
    )
    assert (rep["actual_now"], rep["error_now"], rep["within_band_now"]) == (
        "4500000.00",
        "0.0625",
        True,
    )
    manager = accuracy["manager"]["measures"][0]
    assert (manager["error"], manager["within_band"]) == ("0.1500", False)
    trends = {t["role"]: t for t in report["trend"]}
    assert (trends["rep"]["direction"], trends["rep"]["change"]) == ("rising", "500000.00")
    assert trends["rep"]["submissions"] == 3
    assert trends["manager"]["direction"] == "single"

    # The whole history, readable by the rep, the manager and an auditor; not another rep.
    for reader in ("rep-wang", "mgr-li", "audit-sun", "hrbp-liu", "dir-ma"):
        history = ok(api.get(f"/targets/{target}", reader))
        assert [(v["version"], v["status"]) for v in history["versions"]] == [
            (1, "drafted"),
            (2, "sent_back"),
            (3, "approved"),
        ], reader
        assert history["versions"][1]["decision_reason"] == why
        assert history["versions"][2]["reason"] == "conversion as last quarter"
        assert history["versions"][2]["decided_by"] == "mgr-li"
        assert ok(api.get("/people/rep-wang/targets", reader))["items"][0]["target_id"] == target
        ok(api.get("/people/rep-wang/forecasts/2025-03", reader))
        ok(api.get("/people/rep-wang/results/2025-03", reader))
        ok(api.get(f"/targets/{target}/plan", reader))
    for outsider in ("rep-chen", "rep-zhao", "admin"):
        problem(api.get(f"/targets/{target}", outsider), 403)
        problem(api.get(f"/targets/{target}/plan", outsider), 403)
        problem(api.get("/people/rep-wang/targets", outsider), 403)
        problem(api.get("/people/rep-wang/forecasts/2025-03", outsider), 403)
        problem(api.get("/people/rep-wang/results/2025-03", outsider), 403)
