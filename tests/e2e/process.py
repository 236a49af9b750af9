"""Builders for the process tests: customers, plans, outcomes and deals through HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from tests.e2e.conftest import Api

SHANGHAI = ZoneInfo("Asia/Shanghai")  # the demo organisation's timezone
PROBLEM = "application/problem+json"


def local_today() -> date:
    return datetime.now(SHANGHAI).date()


def just_now(seconds: int = 0) -> str:
    return (datetime.now(UTC) - timedelta(seconds=seconds)).isoformat()


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def problem(response: httpx.Response, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    if field is not None:
        named = [e["field"] for e in body.get("errors", [])]
        assert field in named or field in body["detail"], body
    return body


def register_customers(api: Api, *ids: str) -> int:
    position = 0
    for customer_id in ids or ("c-1", "c-2", "c-3"):
        body = {
            "customer_id": customer_id,
            "name": f"Customer {customer_id}",
            "region_id": "east",
            "segment": "SME manufacturing",
            "status": "prospect",
        }
        position = ok(api.post("/customers", "mgr-li", body), 201)["position"]
    return position


def plan(api: Api, rep: str, customer: str, on: date | None = None, why: str = "why") -> str:
    body = {"customer_id": customer, "planned_on": str(on or local_today()), "purpose": why}
    return str(ok(api.post("/visits", rep, body), 201)["id"])


def outcome(**extra: Any) -> dict[str, Any]:
    return {
        "happened_at": just_now(),
        "met": "the owner and the buyer",
        "outcome": "agreed to a trial",
        "next_step": "send the contract",
    } | extra


def log(api: Api, rep: str, visit_id: str, **extra: Any) -> dict[str, Any]:
    return ok(api.post(f"/visits/{visit_id}/outcome", rep, outcome(**extra)))


def sign(api: Api, rep: str, customer: str, amount: str, visits: list[str], **extra: Any) -> str:
    body = {
        "customer_id": customer,
        "kind": "new",
        "amount": amount,
        "currency": "CNY",
        "signed_on": str(local_today()),
        "why_signed": "the trial showed the saving",
        "visit_ids": visits,
    } | extra
    return str(ok(api.post("/deals", rep, body), 201)["id"])
