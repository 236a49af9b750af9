"""Retention, legal holds and erasure requests over HTTP, on each store.

An erasure during retention is recorded and refused with the date it may
proceed; on that date a new request proceeds. A legal hold blocks it (without
a date) until lifted. Only admins record these; bad input is a problem that
writes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.values import ERASED_TEXT
from services.settings import Settings
from tests.e2e.clocked import clocked_api
from tests.e2e.conftest import Api
from tests.e2e.process import local_today, ok, problem
from tests.targets_support import SettableClock

CN = {"jurisdiction": "cn", "months": 24, "basis": "two years after leaving (claims)"}


def _erasure(api: Api, person: str, key: str | None = None) -> dict[str, Any]:
    headers = {} if key is None else {"Idempotency_Key": key}
    body = {"reason": "the person asked (Art. 17)"}
    return ok(api.post(f"/people/{person}/erasure-requests", "admin", body, **headers), 201)


def test_an_erasure_during_retention_is_refused_with_its_date_and_then_proceeds(
    settings: Settings,
) -> None:
    clock = SettableClock()
    clock.set(date(2025, 2, 20))
    with clocked_api(settings, clock) as api:
        ok(api.post("/retention-rules", "admin", CN))
        ok(api.post("/people/rep-zhao/jurisdiction", "admin", {"jurisdiction": "cn"}))
        employed = _erasure(api, "rep-zhao")
        assert (employed["outcome"], employed["proceeds_on"]) == ("refused", None)
        assert [b["kind"] for b in employed["blocked_by"]] == ["employed"]
        ok(api.post("/people/rep-zhao/leaving", "admin", {"effective_on": "2025-02-20"}))

        refused = _erasure(api, "rep-zhao")
        assert (refused["outcome"], refused["proceeds_on"]) == ("refused", "2027-02-20")
        (block,) = refused["blocked_by"]
        assert (block["kind"], block["until"]) == ("retention", "2027-02-20")
        clock.set(date(2027, 2, 19))
        assert _erasure(api, "rep-zhao")["proceeds_on"] == "2027-02-20"

        clock.set(date(2027, 2, 20))
        erased = _erasure(api, "rep-zhao")
        assert (erased["request"], erased["outcome"], erased["blocked_by"]) == (4, "erased", [])
        person = ok(api.get("/people/rep-zhao", "admin", min_position=erased["position"]))
        assert person["name"] == ERASED_TEXT
        file = ok(api.get("/people/rep-zhao/privacy", "audit-sun"))
        assert file["erased"]
        assert file["retention"]["months"] == 24
        assert [r["outcome"] for r in file["requests"]] == ["refused"] * 3 + ["erased"]
        assert {r["reason"] for r in file["requests"]} == {ERASED_TEXT}
        assert [r["proceeds_on"] for r in file["requests"]] == [
            None,
            "2027-02-20",
            "2027-02-20",
            None,
        ]


def test_a_legal_hold_blocks_erasure_until_it_is_lifted(api: Api) -> None:
    rule = {"jurisdiction": "default", "months": 0, "basis": "nothing kept after leaving"}
    ok(api.post("/retention-rules", "admin", rule))
    ok(api.post("/people/rep-chen/leaving", "admin", {"effective_on": str(local_today())}))
    hold = ok(api.post("/people/rep-chen/legal-holds", "admin", {"reason": "claim 2025/117"}), 201)
    assert hold["ids"] == ["1"]
    refused = _erasure(api, "rep-chen")
    assert (refused["outcome"], refused["proceeds_on"]) == ("refused", None)
    assert [(b["kind"], b["until"]) for b in refused["blocked_by"]] == [("legal-hold", None)]
    assert ok(api.get("/people/rep-chen/privacy", "rep-chen"))["holds"][0]["active"] is True

    ok(api.post("/people/rep-chen/legal-holds/1/lift", "admin", {"reason": "settled"}))
    erased = _erasure(api, "rep-chen", key="erase-chen")
    assert (erased["request"], erased["outcome"]) == (2, "erased")
    head = api.c.ledger.head()
    assert _erasure(api, "rep-chen", key="erase-chen") == erased  # a replay writes nothing
    assert api.c.ledger.head() == head
    file = ok(api.get("/people/rep-chen/privacy", "admin"))
    (held,) = file["holds"]
    assert (held["active"], held["reason"], held["lift_reason"]) == (
        False,
        ERASED_TEXT,
        ERASED_TEXT,
    )
    lifted_again = api.post("/people/rep-chen/legal-holds/1/lift", "admin", {"reason": "again"})
    problem(lifted_again, 409)
    assert api.c.ledger.head() == head


def test_rules_default_to_three_years_and_list_what_an_admin_set(api: Api) -> None:
    rules = ok(api.get("/retention-rules", "hrbp-liu"))
    assert rules["rules"] == [{"jurisdiction": "default", "months": 36, "basis": "product default"}]
    ok(api.post("/retention-rules", "admin", CN))
    listed = ok(api.get("/retention-rules", "audit-sun"))["rules"]
    assert [r["jurisdiction"] for r in listed] == ["cn", "default"]
    file = ok(api.get("/people/rep-wang/privacy", "rep-wang"))
    assert (file["jurisdiction"], file["retention"]["months"], file["erased"]) == (
        "default",
        36,
        False,
    )


# --- who may ---------------------------------------------------------------------------

REFUSED = [
    ("get", "/retention-rules", "rep-wang", None),
    ("get", "/retention-rules", "mgr-li", None),
    ("post", "/retention-rules", "mgr-li", CN),
    ("post", "/retention-rules", "hrbp-liu", CN),
    ("post", "/retention-rules", "audit-sun", CN),
    ("post", "/people/rep-wang/jurisdiction", "rep-wang", {"jurisdiction": "cn"}),
    ("post", "/people/rep-wang/jurisdiction", "mgr-li", {"jurisdiction": "cn"}),
    ("post", "/people/rep-wang/legal-holds", "hrbp-liu", {"reason": "a claim"}),
    ("post", "/people/rep-wang/legal-holds", "audit-sun", {"reason": "a claim"}),
    ("post", "/people/rep-wang/legal-holds/1/lift", "mgr-li", {"reason": "over"}),
    ("post", "/people/rep-wang/erasure-requests", "rep-wang", {"reason": "erase me"}),
    ("post", "/people/rep-wang/erasure-requests", "mgr-li", {"reason": "erase her"}),
    ("post", "/people/rep-wang/erasure-requests", "audit-sun", {"reason": "erase her"}),
    ("get", "/people/rep-wang/privacy", "mgr-li", None),
    ("get", "/people/rep-wang/privacy", "rep-chen", None),
    ("get", "/people/rep-wang/privacy", "hrbp-liu", None),
]


@pytest.mark.parametrize(("method", "path", "person", "body"), REFUSED)
def test_who_may_not(
    shared_api: Api, method: str, path: str, person: str, body: dict[str, Any] | None
) -> None:
    api, head = shared_api, shared_api.c.ledger.head()
    response = api.get(path, person) if method == "get" else api.post(path, person, body)
    problem(response, 403)
    assert api.c.ledger.head() == head


# --- bad input ---------------------------------------------------------------------------

BAD = [
    ("/retention-rules", CN | {"jurisdiction": "c n"}, 422, "jurisdiction"),
    ("/retention-rules", CN | {"months": -1}, 422, "months"),
    ("/retention-rules", CN | {"months": 1201}, 422, "months"),
    ("/retention-rules", CN | {"months": "two years"}, 422, "months"),
    ("/retention-rules", CN | {"basis": ""}, 422, "basis"),
    ("/retention-rules", CN | {"extra": 1}, 422, "extra"),
    ("/retention-rules", {"jurisdiction": "cn", "months": 12}, 422, "basis"),
    ("/people/rep-wang/jurisdiction", {"jurisdiction": "x" * 65}, 422, "jurisdiction"),
    ("/people/nobody/jurisdiction", {"jurisdiction": "cn"}, 404, None),
    ("/people/rep-wang/legal-holds", {"reason": ""}, 422, "reason"),
    ("/people/rep-wang/legal-holds", {"reason": "bad\u0000byte"}, 422, "reason"),
    ("/people/rep-wang/legal-holds", {"reason": "x" * 10_001}, 422, "reason"),
    (
        "/people/rep-wang/legal-holds",
        {"reason": "ok", "occurred_at": "2999-01-01T00:00Z"},
        422,
        None,
    ),
    ("/people/nobody/legal-holds", {"reason": "a claim"}, 404, None),
    ("/people/no body/legal-holds", {"reason": "a claim"}, 422, "person_id"),
    ("/people/rep-wang/legal-holds/9/lift", {"reason": "over"}, 404, None),
    ("/people/rep-wang/legal-holds/0/lift", {"reason": "over"}, 422, "hold_no"),
    ("/people/rep-wang/erasure-requests", {}, 422, "reason"),
    ("/people/rep-wang/erasure-requests", {"reason": "x", "why": "y"}, 422, "why"),
    ("/people/nobody/erasure-requests", {"reason": "asked"}, 404, None),
]


@pytest.mark.parametrize(("path", "body", "status", "field"), BAD)
def test_bad_input_is_a_problem_naming_it_and_writes_nothing(
    shared_api: Api, path: str, body: dict[str, Any], status: int, field: str | None
) -> None:
    api, head = shared_api, shared_api.c.ledger.head()
    problem(api.post(path, "admin", body), status, field)
    assert api.c.ledger.head() == head


def test_malformed_json_is_a_400_and_writes_nothing(shared_api: Api) -> None:
    api, head = shared_api, shared_api.c.ledger.head()
    problem(api.post_raw("/people/rep-wang/erasure-requests", "admin", b'{"reason": '), 400)
    assert api.c.ledger.head() == head
