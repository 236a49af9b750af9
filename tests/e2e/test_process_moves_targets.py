"""The process feeds the result: deals and visits logged through their API move the
target's actuals, the forecast's accuracy and the plan's weekly visits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.e2e.conftest import Api
from tests.e2e.process import local_today, log, ok, plan, register_customers, sign


def _strategy() -> dict[str, Any]:
    cny = {"currency": "CNY"}
    return {
        "figures": [
            {"measure": "cash", "amount": "15000", **cny},
            {"measure": "new_customers", "amount": 1},
            {"measure": "renewals", "amount": 1},
        ],
        "lines": [
            {"kind": "new_signings", "count": 1, "average": {"amount": "10000", **cny}},
            {"kind": "renewals", "count": 1, "average": {"amount": "5000", **cny}},
        ],
    }


def _measures(api: Api, period: str, position: int) -> dict[str, dict[str, Any]]:
    results = ok(api.get(f"/people/rep-wang/results/{period}", "mgr-li", min_position=position))
    return {m["measure"]: m for m in results["measures"]}


def test_deals_and_visits_through_the_api_move_targets_and_forecasts(api: Api) -> None:
    today = local_today()
    period = f"{today.year:04d}-{today.month:02d}"
    ok(api.post("/periods", "admin", {"key": period}), 201)
    # Forecasts count until the period's end, so this month's forecast is judged.
    ok(api.post("/target-rules", "admin", {"forecast_cutoff_days": 31}))
    target = ok(
        api.post(
            "/targets", "rep-wang", {"subject_id": "rep-wang", "period": period} | _strategy()
        ),
        201,
    )["id"]
    ok(api.post(f"/targets/{target}/submit", "rep-wang"))
    ok(api.post(f"/targets/{target}/approve", "mgr-li"))
    forecast = {
        "period": period,
        "figures": [{"measure": "cash", "amount": "11000", "currency": "CNY"}],
    }
    ok(api.post("/people/rep-wang/forecasts", "rep-wang", forecast), 201)

    register_customers(api, "c-1", "c-2")
    v1, v2 = plan(api, "rep-wang", "c-1"), plan(api, "rep-wang", "c-2")
    log(api, "rep-wang", v1)
    log(api, "rep-wang", v2)
    new = sign(api, "rep-wang", "c-1", "10000", [v1])
    renewal = sign(api, "rep-wang", "c-2", "5000", [v2], kind="renewal")
    day = str(today)
    ok(api.post(f"/deals/{new}/cash", "rep-wang", {"amount": "4000", "received_on": day}))
    ok(api.post(f"/deals/{new}/cash", "mgr-li", {"amount": "6000", "received_on": day}))
    ok(api.post(f"/deals/{renewal}/cash", "rep-wang", {"amount": "5000", "received_on": day}))
    refund = {"amount": "5000", "refunded_on": day, "reason": "the product did not fit"}
    refunded = ok(api.post(f"/deals/{renewal}/refunds", "rep-wang", refund))

    measures = _measures(api, period, refunded["position"])
    assert measures["cash"]["actual_now"] == "10000.00"
    assert measures["cash"]["attainment_now"] == "0.6667"
    assert (measures["new_customers"]["actual_now"], measures["renewals"]["actual_now"]) == (
        "1",
        "1",
    )

    cancel = {"cancelled_on": day, "reason": "the customer withdrew"}
    cancelled = ok(api.post(f"/deals/{renewal}/cancellation", "rep-wang", cancel))
    measures = _measures(api, period, cancelled["position"])
    assert measures["renewals"]["actual_now"] == "0"
    assert measures["cash"]["actual_now"] == "10000.00"

    plan_report = ok(
        api.get(f"/targets/{target}/plan", "rep-wang", min_position=cancelled["position"])
    )
    assert sum(w["logged_visits"] for w in plan_report["weeks"]) == 2
    # The cancelled deal's visit is taken back: only the new deal's visit counts.
    assert sum(Decimal(w["deal_visits"]) for w in plan_report["weeks"]) == 1

    closed = ok(api.post(f"/periods/{period}/close", "admin"))
    report = ok(
        api.get(
            f"/people/rep-wang/forecasts/{period}", "audit-sun", min_position=closed["position"]
        )
    )
    rep = {a["role"]: a for a in report["accuracy"]}["rep"]["measures"][0]
    assert (rep["forecast"], rep["actual"], rep["within_band"]) == ("11000.00", "10000.00", True)
    assert rep["error"] == "0.0909"
