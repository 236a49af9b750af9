"""The foundation through HTTP: authentication, access by date, replay, bad input."""

from __future__ import annotations

import re
import threading
from datetime import UTC, date, datetime, timedelta

import jwt
import pytest

from services.organisation import OrganisationService
from tests.e2e.conftest import Api
from tests.integration.test_store import BarrierLedger

PROBLEM = "application/problem+json"


def _problem(response: object, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"] == PROBLEM  # type: ignore[attr-defined]
    body: dict[str, object] = response.json()  # type: ignore[attr-defined]
    assert body["status"] == status
    return body


def test_docs_and_openapi_are_served(api: Api) -> None:
    assert api.client.get("/docs").status_code == 200
    spec = api.client.get("/openapi.json").json()
    responses = spec["paths"]["/people"]["post"]["responses"]
    assert {"401", "403", "409", "422"} <= set(responses)
    assert "application/problem+json" in responses["422"]["content"]


@pytest.mark.parametrize(
    "token",
    [
        None,
        "not-a-jwt",
        jwt.encode({"sub": "rep-wang", "roles": ["rep"], "exp": 9999999999}, "wrong-secret"),
        "expired",
        "unknown-role",
        "none-alg",
    ],
)
def test_requests_without_a_valid_token_get_401(api: Api, token: str | None) -> None:
    secret = api.c.settings.jwt_secret.get_secret_value()
    past = datetime.now(UTC) - timedelta(hours=1)
    forged = {
        "expired": jwt.encode({"sub": "rep-wang", "roles": ["rep"], "exp": past}, secret),
        "unknown-role": jwt.encode(
            {"sub": "rep-wang", "roles": ["ceo"], "exp": past + timedelta(days=1)}, secret
        ),
        "none-alg": jwt.encode({"sub": "audit-sun", "roles": ["auditor"]}, "", algorithm="none"),
    }
    token = forged.get(token or "", token)
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    response = api.client.get("/people/rep-wang", headers=headers)
    _problem(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_rep_cannot_read_another_reps_record(api: Api) -> None:
    assert api.get("/people/rep-wang/history", "rep-wang").status_code == 200
    _problem(api.get("/people/rep-wang/history", "rep-chen"), 403)
    _problem(api.get("/people/rep-wang", "rep-chen"), 403)
    listed = api.get("/people", "rep-chen", min_position=api.c.ledger.head()).json()["items"]
    assert [p["person_id"] for p in listed] == ["rep-chen"]


def test_after_a_move_the_old_manager_loses_the_days_after_it(api: Api) -> None:
    moved = api.post(
        "/people/rep-wang/moves",
        "admin",
        {"effective_on": "2025-03-01", "team_id": "hz-2", "manager_id": "mgr-zhang"},
    )
    assert moved.status_code == 200, moved.text
    change = api.post("/people/rep-wang/roles", "admin", {"roles": ["rep", "manager"]})
    position = change.json()["position"]

    def history(person: str) -> list[str]:
        r = api.get("/people/rep-wang/history", person, min_position=position)
        assert r.status_code == 200, r.text
        return [e["kind"] for e in r.json()["items"]]

    assert history("mgr-li") == ["joined"]  # only what happened under mgr-li
    assert history("mgr-zhang") == ["moved", "roles_changed"]
    assert history("dir-ma") == ["joined", "moved", "roles_changed"]
    assert history("audit-sun") == ["joined", "moved", "roles_changed"]
    _problem(api.get("/people/rep-wang/history", "rep-zhao"), 403)


def test_a_replayed_idempotency_key_writes_no_second_event(api: Api) -> None:
    body = {"region_id": "west", "name": "West China"}
    first = api.post("/regions", "admin", body, Idempotency_Key="abc-1")
    assert first.status_code == 201, first.text
    head = api.c.ledger.head()
    again = api.post("/regions", "admin", body, Idempotency_Key="abc-1")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert api.c.ledger.head() == head
    other = api.post("/regions", "admin", body | {"name": "Other"}, Idempotency_Key="abc-1")
    assert "Idempotency-Key" in str(_problem(other, 422)["detail"])
    assert api.c.ledger.head() == head


def test_if_match_on_a_stale_version_is_refused(api: Api) -> None:
    first = api.post("/regions", "admin", {"region_id": "west", "name": "West"})
    version = first.json()["version"]
    stale = api.post(
        "/regions", "admin", {"region_id": "nw", "name": "NW"}, If_Match=str(version - 1)
    )
    _problem(stale, 412)
    fresh = api.post(
        "/regions", "admin", {"region_id": "nw", "name": "NW"}, If_Match=f'"{version}"'
    )
    assert fresh.status_code == 201, fresh.text


def test_racing_writers_over_http_one_wins_one_gets_409(api: Api) -> None:
    api.c.organisation = OrganisationService(BarrierLedger(api.c.ledger, 2), api.c.policy)
    statuses: list[int] = []

    def post(region: str) -> None:
        r = api.post("/regions", "admin", {"region_id": region, "name": region})
        statuses.append(r.status_code)

    threads = [threading.Thread(target=post, args=(r,)) for r in ("north", "south")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201, 409]


def test_writes_need_the_right_person(api: Api) -> None:
    body = {"region_id": "west", "name": "West"}
    _problem(api.post("/regions", "mgr-li", body), 403)
    _problem(api.post("/regions", "audit-sun", body), 403)
    _problem(api.post("/regions", None, body), 401)


FUTURE = (datetime.now(UTC) + timedelta(days=2)).isoformat()
BAD_BODIES = [
    ("malformed JSON", b'{"person_id": "x", ', 400),
    ("wrong type", {"person_id": 5, "name": "X", "roles": ["rep"], "joined_on": "2025-01-01"}, 422),
    ("bad date", {"person_id": "x", "name": "X", "roles": ["rep"], "joined_on": "soon"}, 422),
    (
        "unknown field",
        {"person_id": "x", "name": "X", "roles": ["rep"], "joined_on": "2025-01-01", "salary": 1},
        422,
    ),
    (
        "oversized string",
        {"person_id": "x", "name": "X" * 201, "roles": ["rep"], "joined_on": "2025-01-01"},
        422,
    ),
    (
        "NUL byte",
        {"person_id": "x", "name": "X\u0000Y", "roles": ["rep"], "joined_on": "2025-01-01"},
        422,
    ),
    (
        "unknown role",
        {"person_id": "x", "name": "X", "roles": ["ceo"], "joined_on": "2025-01-01"},
        422,
    ),
    ("bad id", {"person_id": "x y", "name": "X", "roles": ["rep"], "joined_on": "2025-01-01"}, 422),
    (
        "future occurred_at",
        {
            "person_id": "x",
            "name": "X",
            "roles": ["rep"],
            "joined_on": "2025-01-01",
            "occurred_at": FUTURE,
        },
        422,
    ),
    (
        "naive occurred_at",
        {
            "person_id": "x",
            "name": "X",
            "roles": ["rep"],
            "joined_on": "2025-01-01",
            "occurred_at": "2025-01-01T00:00:00",
        },
        422,
    ),
    ("not an object", [1, 2, 3], 422),
    (
        "unknown team",
        {
            "person_id": "x",
            "name": "X",
            "roles": ["rep"],
            "joined_on": "2025-01-01",
            "team_id": "nope",
        },
        404,
    ),
    (
        "duplicate person",
        {"person_id": "rep-wang", "name": "X", "roles": ["rep"], "joined_on": "2025-01-01"},
        409,
    ),
]


@pytest.mark.parametrize(("case", "body", "status"), BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_bad_input_gets_a_problem_and_writes_nothing(
    api: Api, case: str, body: object, status: int
) -> None:
    head = api.c.ledger.head()
    if isinstance(body, bytes):
        response = api.post_raw("/people", "admin", body)
    else:
        response = api.post("/people", "admin", body)
    problem = _problem(response, status)
    assert problem["detail"]
    assert api.c.ledger.head() == head, case


def test_the_problem_names_the_bad_field(api: Api) -> None:
    body = {"person_id": "x", "name": "X\u0000", "roles": ["rep"], "joined_on": "2025-01-01"}
    problem = _problem(api.post("/people", "admin", body), 422)
    assert problem["errors"] == [
        {
            "field": "name",
            "message": "Value error, must not contain NUL or other control characters",
        }
    ]
    future = {"person_id": "x", "name": "X", "roles": ["rep"], "joined_on": "2025-01-01"}
    problem = _problem(api.post("/people", "admin", future | {"occurred_at": FUTURE}), 422)
    assert problem["errors"] == [{"field": "occurred_at", "message": "must not be in the future"}]


def test_an_oversized_body_is_refused_before_reading(api: Api) -> None:
    head = api.c.ledger.head()
    huge = b'{"name": "' + b"x" * (api.c.settings.max_body_bytes + 10) + b'"}'
    _problem(api.post_raw("/people", "admin", huge), 413)
    assert api.c.ledger.head() == head


def test_reads_wait_for_their_own_write(api: Api) -> None:
    body = {
        "person_id": "rep-new",
        "name": "New Rep",
        "roles": ["rep"],
        "joined_on": str(date.today()),
    }
    hired = api.post("/people", "admin", body | {"team_id": "hz-1", "manager_id": "mgr-li"})
    position = hired.json()["position"]
    seen = api.get("/people/rep-new", "mgr-li", min_position=position)
    assert seen.status_code == 200, seen.text
    assert seen.json()["manager_id"] == "mgr-li"
    _problem(api.get("/people/rep-new", "mgr-li", min_position=position + 1000), 422)


def test_chain_and_members_as_of_a_date(api: Api) -> None:
    chain = api.get("/people/rep-wang/chain", "hrbp-liu", on="2025-01-01")
    assert chain.json()["people"] == ["mgr-li", "dir-ma"]
    members = api.get("/teams/hz-1/members", "mgr-li", on="2025-01-01")
    assert members.json()["people"] == ["mgr-li", "rep-chen", "rep-wang"]
    _problem(api.get("/teams/hz-1/members", "rep-zhao", on="2025-01-01"), 403)
    _problem(api.get("/people/rep-wang/chain", "rep-zhao", on="2025-01-01"), 403)


# A plausible value for every path parameter of every route, so that each route
# gets past path validation and is refused for want of a token.
SAMPLE_PATH_VALUES = {
    "person_id": "rep-wang",
    "team_id": "hz-1",
    "hrbp_id": "hrbp-liu",
    "key": "2025-03",
    "cycle_id": "2025-Q1",
    "rubric_key": "six-values:1",
    "appeal_no": "1",
    "target_id": "00000000-0000-0000-0000-000000000000",
    "period": "2025-03",
    "visit_id": "5b0f3c9e-8d1a-4e7b-9c2d-1f6a0b3e4d5c",
    "deal_id": "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
    "customer_id": "c-1",
    "position": "1",
    "programme_id": "3f9a1c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7",
    "nomination_id": "8e2d4c6a-1b3f-4a5e-9c7d-0f1e2d3c4b5a",
    "hold_no": "1",
    "region_id": "east",
    "record_id": "00000000-0000-0000-0000-000000000000",
}


def test_every_route_refuses_an_anonymous_caller(api: Api) -> None:
    spec = api.client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        if path == "/health":
            continue
        concrete = re.sub(r"\{(\w+)\}", lambda m: SAMPLE_PATH_VALUES[m.group(1)], path)
        for method in operations:
            response = api.client.request(method.upper(), concrete, params={"on": "2025-01-01"})
            assert response.status_code == 401, (method, path, response.text)
