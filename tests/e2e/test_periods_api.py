"""Periods through HTTP: configured and closed by an admin, readable by everyone."""

from __future__ import annotations

from tests.e2e.conftest import Api


def test_an_admin_opens_and_closes_a_period(api: Api) -> None:
    assert api.post("/periods", "admin", {"key": "2025-03"}).status_code == 201
    assert api.post("/periods", "admin", {"key": "2025-Q1"}).status_code == 201
    closed = api.post("/periods/2025-03/close", "admin")
    assert closed.status_code == 200, closed.text
    listed = api.get("/periods", "rep-wang", min_position=closed.json()["position"]).json()
    by_key = {p["period_key"]: p for p in listed}
    assert by_key["2025-03"]["closed_by"] == "admin"
    assert by_key["2025-Q1"]["closed_at"] is None
    assert by_key["2025-Q1"]["starts_on"] == "2025-01-01"
    assert api.post("/periods/2025-03/close", "admin").status_code == 409
    assert api.post("/periods", "admin", {"key": "2025-03"}).status_code == 409


def test_only_an_admin_configures_periods(api: Api) -> None:
    head = api.c.ledger.head()
    assert api.post("/periods", "mgr-li", {"key": "2025-04"}).status_code == 403
    api.post("/periods", "admin", {"key": "2025-04"})
    assert api.post("/periods/2025-04/close", "mgr-li").status_code == 403
    assert api.post("/periods/2025-04/close", "audit-sun").status_code == 403
    assert api.c.ledger.head() == head + 1


def test_bad_period_keys_are_problems(api: Api) -> None:
    assert api.post("/periods", "admin", {"key": "2025-13"}).status_code == 422
    assert api.post("/periods/2025-Q9/close", "admin").status_code == 422
    assert api.post("/periods/2026-01/close", "admin").status_code == 404
