"""Wang's month of work through the API: what the trajectory and the pages are tested on."""

from __future__ import annotations

from datetime import timedelta

from tests.e2e.conftest import Api
from tests.e2e.process import local_today, log, ok, plan, register_customers, sign

TODAY = local_today()
MONTH = f"{TODAY.year:04d}-{TODAY.month:02d}"


def month_of_work(api: Api, amount: str, *customers: str) -> list[str]:
    """This month open with Wang's approved target (20,000 cash, 2 new customers); visits to
    c-1 and c-2 planned and logged, the first reviewed before it; a coaching session; a deal
    of ``amount`` with c-1 (led by the first visit) and 4,000 cash received. Returns the two
    visits. ``customers`` registers more than c-1 and c-2."""
    ok(api.post("/periods", "admin", {"key": MONTH}), 201)
    cny = {"currency": "CNY"}
    body = {
        "subject_id": "rep-wang",
        "period": MONTH,
        "figures": [
            {"measure": "cash", "amount": "20000", **cny},
            {"measure": "new_customers", "amount": 2},
        ],
        "lines": [{"kind": "new_signings", "count": 2, "average": {"amount": "10000", **cny}}],
    }
    target = ok(api.post("/targets", "rep-wang", body), 201)["id"]
    ok(api.post(f"/targets/{target}/submit", "rep-wang"))
    ok(api.post(f"/targets/{target}/approve", "mgr-li"))
    register_customers(api, "c-1", "c-2", *customers)
    visits = [plan(api, "rep-wang", "c-1"), plan(api, "rep-wang", "c-2")]
    ok(api.post(f"/visits/{visits[0]}/review", "mgr-li", {"decision": "approve"}))
    for visit in visits:
        log(api, "rep-wang", visit)
    session = {
        "rep_id": "rep-wang",
        "held_on": str(TODAY),
        "topic": "Why c-2 needs a second visit",
        "agreed": "Bring the logistics case",
        "follow_up_on": str(TODAY + timedelta(days=7)),
    }
    ok(api.post("/coaching-sessions", "mgr-li", session), 201)
    deal = sign(api, "rep-wang", "c-1", amount, visits[:1])
    ok(api.post(f"/deals/{deal}/cash", "rep-wang", {"amount": "4000", "received_on": str(TODAY)}))
    return visits
