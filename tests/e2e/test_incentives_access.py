"""Who may not see or do what in incentives: a negative case for every endpoint.

Refused commands write nothing. A draft is its organiser's; an announced programme is
read by those it names and those who may see their records in the period; a team's
leaderboards by its members, its lead and those above, its HRBP and auditors, not by
other teams' reps nor by admins, who keep the directory but read no one's performance.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Api
from tests.e2e.incentives_support import fill, hz1_terms
from tests.e2e.process import ok, problem

World = dict[str, str]
FUTURE, PAST = "2030-01", "2025-01"
XU = "hrbp-xu"  # an HRBP who partners no team


def _as(api: Api, person: str) -> dict[str, str]:
    roles = ["hrbp"] if person == XU else None
    return {"Authorization": f"Bearer {api.token(person, roles)}"}


def _post(api: Api, path: str, person: str, body: Any) -> httpx.Response:
    response: httpx.Response = api.client.post(path, headers=_as(api, person), json=body)
    return response


def _get(api: Api, path: str, person: str | None, **params: Any) -> httpx.Response:
    headers = {} if person is None else _as(api, person)
    response: httpx.Response = api.client.get(path, headers=headers, params=params)
    return response


def _programme(**extra: Any) -> dict[str, Any]:
    return hz1_terms(period=FUTURE, **extra)


@pytest.fixture(scope="module")
def world(shared_api: Api) -> World:
    """An announced hz-1 programme and a draft (both mgr-li's); a pending nomination."""
    api = shared_api
    for key in (FUTURE, PAST):
        ok(api.post("/periods", "admin", {"key": key}), 201)
    hrbp = {"person_id": XU, "name": "Xu", "roles": ["hrbp"], "joined_on": "2024-01-01"}
    ok(api.post("/people", "admin", hrbp), 201)
    announced = ok(api.post("/programmes", "mgr-li", _programme()), 201)["id"]
    draft = ok(api.post("/programmes", "mgr-li", _programme(name="draft")), 201)["id"]
    ok(api.post("/kickoffs", "mgr-li", {"period": FUTURE, "programme_ids": [announced]}), 201)
    nomination = {
        "nominee_id": "rep-wang",
        "award_code": "little-motor",
        "period": PAST,
        "citation": "kept going",
    }
    nominated = ok(api.post("/nominations", "mgr-li", nomination), 201)["id"]
    return {"announced": announced, "draft": draft, "nomination": nominated}


AMEND = hz1_terms(reason="why", name="changed")
REFUSED_COMMANDS: list[tuple[str, str, str, Any]] = [
    ("rep-wang", "/programmes", "a rep organises nothing", _programme()),
    ("mgr-zhang", "/programmes", "another team's lead", _programme()),
    (XU, "/programmes", "an HRBP not partnering the team", _programme()),
    ("admin", "/programmes", "admins keep the directory", _programme()),
    ("audit-sun", "/programmes", "auditors write nothing", _programme()),
    (
        "mgr-zhang",
        "/programmes",
        "a team PK with a team one does not lead",
        _programme(
            level="team",
            form="pk_competition",
            rule={"kind": "best_in_group"},
            eligible={"groups": [{"name": "pk", "members": ["hz-1", "hz-2"]}]},
            award_code=None,
        ),
    ),
    ("dir-ma", "/programmes/{draft}/revisions", "not its organiser", hz1_terms()),
    (
        "mgr-zhang",
        "/kickoffs",
        "another's draft",
        {"period": FUTURE, "programme_ids": ["{draft}"]},
    ),
    ("hrbp-liu", "/programmes/{announced}/amendments", "not its organiser", AMEND),
    ("audit-sun", "/programmes/{announced}/amendments", "auditors write nothing", AMEND),
    ("mgr-li", f"/incentives/{FUTURE}/close", "winners are decided by the admin", None),
    ("hrbp-liu", f"/incentives/{FUTURE}/close", "the HRBP neither", None),
    (
        "mgr-li",
        "/awards",
        "the catalogue is the organisation's",
        {"code": "x", "name": "X", "meaning": "m"},
    ),
    (
        "audit-sun",
        "/awards",
        "auditors write nothing",
        {"code": "x", "name": "X", "meaning": "m"},
    ),
    (
        "rep-chen",
        "/nominations",
        "a peer",
        {
            "nominee_id": "rep-wang",
            "award_code": "little-motor",
            "period": PAST,
            "citation": "c",
        },
    ),
    (
        "mgr-zhang",
        "/nominations",
        "another team's manager",
        {
            "nominee_id": "rep-wang",
            "award_code": "little-motor",
            "period": PAST,
            "citation": "c",
        },
    ),
    (
        "mgr-li",
        "/nominations/{nomination}/decision",
        "the nominator is not the HRBP",
        {"decision": "confirm", "reason": "r"},
    ),
    (
        XU,
        "/nominations/{nomination}/decision",
        "an HRBP who does not partner the nominee",
        {"decision": "confirm", "reason": "r"},
    ),
]


@pytest.mark.parametrize(
    ("person", "path", "why", "body"),
    REFUSED_COMMANDS,
    ids=[f"{c[1]} {c[2]}" for c in REFUSED_COMMANDS],
)
def test_commands_refused_to_the_wrong_person_write_nothing(
    shared_api: Api, world: World, person: str, path: str, why: str, body: Any
) -> None:
    head = shared_api.c.ledger.head()
    problem(_post(shared_api, path.format(**world), person, fill(body, world)), 403)
    assert shared_api.c.ledger.head() == head, why


REFUSED_READS = [
    ("rep-wang", "/programmes/{draft}"),  # a draft is its organiser's
    ("rep-zhao", "/programmes/{announced}"),  # another team's programme
    ("admin", "/programmes/{announced}"),
    ("rep-zhao", "/programmes/{announced}/scoreboard"),
    ("admin", "/programmes/{announced}/scoreboard"),
    ("rep-zhao", f"/teams/hz-1/leaderboards/{FUTURE}"),
    ("admin", f"/teams/hz-1/leaderboards/{FUTURE}"),
    (XU, f"/teams/hz-1/leaderboards/{FUTURE}"),
    ("rep-zhao", "/nominations/{nomination}"),
    ("mgr-zhang", "/nominations/{nomination}"),
    ("rep-chen", "/people/rep-wang/nominations"),
    ("rep-chen", "/people/rep-wang/awards"),
    ("admin", "/people/rep-wang/awards"),
    ("rep-zhao", "/teams/hz-1/awards"),
    ("admin", "/teams/hz-1/awards"),
]


@pytest.mark.parametrize(
    ("person", "path"), REFUSED_READS, ids=[f"{p} {u}" for p, u in REFUSED_READS]
)
def test_reads_beyond_ones_team_are_refused(
    shared_api: Api, world: World, person: str, path: str
) -> None:
    head = shared_api.c.ledger.head()
    problem(
        _get(shared_api, path.format(**world), person, measure="visits", min_position=head), 403
    )


ALLOWED_READS = [
    ("mgr-li", "/programmes/{draft}"),
    ("audit-sun", "/programmes/{draft}"),
    ("rep-wang", "/programmes/{announced}"),
    ("dir-ma", "/programmes/{announced}/scoreboard"),
    ("hrbp-liu", "/programmes/{announced}/scoreboard"),
    ("rep-chen", f"/teams/hz-1/leaderboards/{FUTURE}"),
    ("mgr-li", f"/teams/hz-1/leaderboards/{FUTURE}"),
    ("dir-ma", f"/teams/hz-1/leaderboards/{FUTURE}"),
    ("hrbp-liu", f"/teams/hz-1/leaderboards/{FUTURE}"),
    ("audit-sun", f"/teams/hz-1/leaderboards/{FUTURE}"),
    ("hrbp-liu", "/nominations/{nomination}"),
    ("rep-wang", "/people/rep-wang/nominations"),
    ("rep-chen", "/teams/hz-1/awards"),
]


@pytest.mark.parametrize(
    ("person", "path"), ALLOWED_READS, ids=[f"{p} {u}" for p, u in ALLOWED_READS]
)
def test_the_team_and_those_above_it_read(
    shared_api: Api, world: World, person: str, path: str
) -> None:
    head = shared_api.c.ledger.head()
    ok(_get(shared_api, path.format(**world), person, measure="visits", min_position=head))


def test_period_lists_hold_only_what_the_caller_may_read(shared_api: Api, world: World) -> None:
    head = shared_api.c.ledger.head()

    def listed(person: str) -> set[str]:
        found = _get(shared_api, f"/periods/{FUTURE}/programmes", person, min_position=head)
        return {p["programme_id"] for p in ok_list(found)}

    assert listed("mgr-li") == {world["announced"], world["draft"]}
    assert listed("rep-wang") == {world["announced"]}
    assert listed("rep-zhao") == set()
    assert listed("audit-sun") == {world["announced"], world["draft"]}
    for path in ("/incentive-measures", "/awards"):
        problem(_get(shared_api, path, None), 401)
        assert ok_list(_get(shared_api, path, "rep-zhao"))


def ok_list(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found
