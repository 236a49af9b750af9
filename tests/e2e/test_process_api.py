"""The process through HTTP, on each store: plan, review, log, deal, cash, refund, counts."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Api
from tests.e2e.process import (
    local_today,
    log,
    ok,
    outcome,
    plan,
    register_customers,
    sign,
)


def counts(api: Api, viewer: str, position: int) -> dict[str, Any]:
    total: dict[str, Any] = ok(
        api.get("/people/rep-wang/visit-counts", viewer, min_position=position)
    )["total"]
    return total


def test_plans_reviews_outcomes_deals_cash_refund_and_every_share(api: Api) -> None:
    register_customers(api)
    v1 = plan(api, "rep-wang", "c-1", why="Renewal due in May; the new buyer starts this week")
    v2 = plan(api, "rep-wang", "c-2", why="Competitor's contract ends; they asked for a quote")
    v3 = plan(api, "rep-wang", "c-3", why="New factory opened in our district")

    head = api.c.ledger.head()
    queue = ok(api.get("/review-queue", "mgr-li", min_position=head))["items"]
    assert {v["visit_id"] for v in queue} == {v1, v2, v3}
    assert ok(api.get("/review-queue", "mgr-zhang", min_position=head))["items"] == []

    coach = {"decision": "coach", "note": "one: bring the case study; two: meet the owner"}
    ok(api.post(f"/visits/{v1}/review", "mgr-li", coach))
    approved = ok(api.post(f"/visits/{v2}/review", "mgr-li", {"decision": "approve"}))
    queue = ok(api.get("/review-queue", "mgr-li", min_position=approved["position"]))["items"]
    assert [v["visit_id"] for v in queue] == [v3]

    for visit_id in (v1, v2, v3):
        log(api, "rep-wang", visit_id)
    unplanned = ok(api.post("/visits/unplanned", "rep-wang", outcome(customer_id="c-1")), 201)

    d1 = sign(api, "rep-wang", "c-1", "10000.00", [v1])
    d2 = sign(api, "rep-wang", "c-2", "5000", [v2], kind="renewal")
    ok(
        api.post(
            f"/deals/{d1}/cash", "rep-wang", {"amount": "4000", "received_on": str(local_today())}
        )
    )
    paid = ok(
        api.post(
            f"/deals/{d1}/cash", "mgr-li", {"amount": "6000.00", "received_on": str(local_today())}
        )
    )
    ok(
        api.post(
            f"/deals/{d2}/cash", "rep-wang", {"amount": 5000, "received_on": str(local_today())}
        )
    )
    refund = {"amount": "5000", "refunded_on": str(local_today()), "reason": "product did not fit"}
    refunded = ok(api.post(f"/deals/{d2}/refunds", "rep-wang", refund))

    total = counts(api, "mgr-li", refunded["position"])
    assert {k: total[k] for k in ("planned", "happened", "unplanned", "with_purpose")} == {
        "planned": 3,
        "happened": 4,
        "unplanned": 1,
        "with_purpose": 3,
    }
    assert (total["reviewed_before"], total["repeats"], total["converted"]) == (2, 1, 2)
    assert total["share_planned_with_purpose"] == 0.75
    assert total["share_reviewed_before"] == 0.5
    assert total["conversion"] == 0.5
    weekly = ok(api.get("/people/rep-wang/visit-counts", "rep-wang", by="week"))
    assert weekly["total"] == total
    assert len(weekly["rows"]) == 1

    deal = ok(api.get(f"/deals/{d1}", "dir-ma", min_position=paid["position"]))
    assert deal["why_signed"] == "the trial showed the saving"
    assert (deal["amount"], deal["received"], deal["refunded"]) == ("10000.00", "10000.00", "0.00")
    assert [s["amount"] for s in deal["steps"]] == ["4000.00", "6000.00"]
    assert [s["recorded_by"] for s in deal["steps"]] == ["rep-wang", "mgr-li"]
    [led_to] = deal["visits"]
    assert led_to["visit_id"] == v1
    assert led_to["review_decision"] == "coach"
    assert led_to["purpose"].startswith("Renewal due")
    assert led_to["outcome"] == "agreed to a trial"

    refunded_deal = ok(api.get(f"/deals/{d2}", "rep-wang", min_position=refunded["position"]))
    assert (refunded_deal["received"], refunded_deal["refunded"]) == ("5000.00", "5000.00")
    assert refunded_deal["steps"][-1]["reason"] == "product did not fit"

    cancelled = ok(
        api.post(
            f"/deals/{d2}/cancellation",
            "rep-wang",
            {"cancelled_on": str(local_today()), "reason": "customer withdrew"},
        )
    )
    total = counts(api, "rep-wang", cancelled["position"])
    assert (total["converted"], total["conversion"]) == (1, 0.25)
    deals = ok(api.get("/people/rep-wang/deals", "hrbp-liu", min_position=cancelled["position"]))[
        "items"
    ]
    assert {d["deal_id"]: d["cancelled_on"] for d in deals} == {d1: None, d2: str(local_today())}

    visits = ok(api.get("/people/rep-wang/visits", "mgr-li"))["items"]
    assert len(visits) == 4
    by_id = {v["visit_id"]: v for v in visits}
    assert by_id[v1]["reviewed_before"]
    assert by_id[v2]["reviewed_before"]
    assert not by_id[v3]["reviewed_before"]
    assert by_id[v3]["planned_before"]
    assert by_id[unplanned["id"]]["unplanned"]
    assert by_id[unplanned["id"]]["repeat_visit"]
    detail = ok(api.get(f"/visits/{v1}", "rep-wang"))
    assert [r["decision"] for r in detail["reviews"]] == ["coach"]
    assert detail["reviews"][0]["note"].startswith("one: bring")


def test_a_review_after_the_visit_is_kept_but_flagged_late(api: Api) -> None:
    register_customers(api, "c-1")
    visit_id = plan(api, "rep-wang", "c-1")
    log(api, "rep-wang", visit_id)
    late = ok(api.post(f"/visits/{visit_id}/review", "mgr-li", {"decision": "approve"}))
    visit = ok(api.get(f"/visits/{visit_id}", "mgr-li", min_position=late["position"]))
    assert visit["review_late"] is True
    assert visit["reviewed_before"] is False
    assert visit["reviews"][0]["late"] is True
    total = counts(api, "rep-wang", late["position"])
    assert (total["happened"], total["reviewed_before"]) == (1, 0)


def test_a_day_of_120_visits_is_logged_in_one_request(api: Api) -> None:
    register_customers(api, *(f"c-{i}" for i in range(10)))
    plans = [plan(api, "rep-wang", f"c-{i}") for i in range(10)]
    entries = [outcome(visit_id=v, happened_at=outcome()["happened_at"]) for v in plans]
    entries += [outcome(customer_id=f"c-{i % 10}") for i in range(110)]
    head = api.c.ledger.head()
    day = {"day": str(local_today()), "visits": entries}
    logged = ok(api.post("/visit-days", "rep-wang", day, Idempotency_Key="day-1"), 201)
    assert len(logged["ids"]) == 120
    assert logged["ids"][:10] == plans
    assert api.c.ledger.head() == head + 120
    again = ok(api.post("/visit-days", "rep-wang", day, Idempotency_Key="day-1"), 201)
    assert again == logged
    assert api.c.ledger.head() == head + 120
    total = counts(api, "rep-wang", logged["position"])
    assert (total["happened"], total["unplanned"], total["with_purpose"]) == (120, 110, 10)
    assert total["repeats"] == 110  # ten customers, each visited twelve times
    first_page = ok(api.get("/people/rep-wang/visits", "rep-wang", limit=100))
    second_page = ok(
        api.get("/people/rep-wang/visits", "rep-wang", limit=100, after=first_page["next"])
    )
    seen = [v["visit_id"] for v in first_page["items"] + second_page["items"]]
    assert sorted(seen) == sorted(logged["ids"])
    assert second_page["next"] is None
