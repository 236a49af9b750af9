"""Bad input to incentives: a problem response naming what is wrong, and nothing written.

The issue's list: announcing with no rule or nobody eligible, changing announced rules
without an amendment, granting an award the rule does not support, a nomination without
a citation; and the rest of what a client can get wrong.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.conftest import Api
from tests.e2e.incentives_support import fill, hz1_terms
from tests.e2e.process import ok, problem

World = dict[str, str]
FUTURE, PAST, CLOSED = "2030-01", "2025-01", "2024-12"


def _programme(**extra: Any) -> dict[str, Any]:
    return hz1_terms(**{"period": FUTURE} | extra)


PK = {
    "level": "team",
    "form": "pk_competition",
    "rule": {"kind": "best_in_group"},
    "eligible": {"groups": [{"name": "pk", "members": ["hz-1", "hz-2"]}]},
    "award_code": "pk-champion",
}


def _nomination(**extra: Any) -> dict[str, Any]:
    return {
        "nominee_id": "rep-wang",
        "award_code": "little-motor",
        "period": PAST,
        "citation": "kept going",
    } | extra


@pytest.fixture(scope="module")
def world(shared_api: Api) -> World:
    api = shared_api
    for key in (FUTURE, PAST, CLOSED):
        ok(api.post("/periods", "admin", {"key": key}), 201)
    ok(api.post(f"/periods/{CLOSED}/close", "admin"))
    ok(api.post("/teams", "admin", {"team_id": "hz-9", "name": "Empty", "region_id": "east"}), 201)
    lead = {"person_id": "mgr-li", "effective_on": "2024-01-01"}
    ok(api.post("/teams/hz-9/lead", "admin", lead))

    def draft(body: dict[str, Any]) -> str:
        return str(ok(api.post("/programmes", "mgr-li", body), 201)["id"])

    announced = draft(_programme())
    ok(api.post("/kickoffs", "mgr-li", {"period": FUTURE, "programme_ids": [announced]}), 201)
    nominated = ok(api.post("/nominations", "mgr-li", _nomination()), 201)["id"]
    decided = ok(api.post("/nominations", "mgr-li", _nomination()), 201)["id"]
    ok(
        api.post(
            f"/nominations/{decided}/decision", "hrbp-liu", {"decision": "confirm", "reason": "ok"}
        )
    )
    return {
        "announced": announced,
        "fine": draft(_programme(name="fine")),
        "norule": draft(_programme(rule=None)),
        "nobody": draft(_programme(eligible={})),
        "lonely": draft(_programme(eligible={"teams": ["hz-9"]})),
        "past": draft(hz1_terms(period=PAST)),
        "nomination": nominated,
        "decided": decided,
    }


FUTURE_TIME = (datetime.now(UTC) + timedelta(days=2)).isoformat()
UNKNOWN = "00000000-0000-4000-8000-000000000000"
CASES: list[tuple[str, str, str, Any, int, str | None]] = [
    # announcing
    ("no rule", "/kickoffs", "mgr-li", {"programme_ids": ["{norule}"]}, 422, "rule"),
    ("nobody named", "/kickoffs", "mgr-li", {"programme_ids": ["{nobody}"]}, 422, "eligible"),
    ("nobody in the team", "/kickoffs", "mgr-li", {"programme_ids": ["{lonely}"]}, 422, "eligible"),
    (
        "all or nothing",
        "/kickoffs",
        "mgr-li",
        {"programme_ids": ["{fine}", "{norule}"]},
        422,
        "rule",
    ),
    ("twice", "/kickoffs", "mgr-li", {"programme_ids": ["{fine}", "{fine}"]}, 422, "programme_ids"),
    ("already announced", "/kickoffs", "mgr-li", {"programme_ids": ["{announced}"]}, 409, None),
    ("other period", "/kickoffs", "mgr-li", {"programme_ids": ["{past}"]}, 422, "programme_ids.0"),
    ("unknown", "/kickoffs", "mgr-li", {"programme_ids": [UNKNOWN]}, 404, "programme_ids.0"),
    ("none", "/kickoffs", "mgr-li", {"programme_ids": []}, 422, "programme_ids"),
    (
        "in the future",
        "/kickoffs",
        "mgr-li",
        {"programme_ids": ["{fine}"], "occurred_at": FUTURE_TIME},
        422,
        "occurred_at",
    ),
    # changing announced rules
    (
        "redraft announced",
        "/programmes/{announced}/revisions",
        "mgr-li",
        hz1_terms(),
        409,
        "amendments",
    ),
    ("no reason", "/programmes/{announced}/amendments", "mgr-li", hz1_terms(), 422, "reason"),
    (
        "blank reason",
        "/programmes/{announced}/amendments",
        "mgr-li",
        hz1_terms(reason=" ", name="renamed"),
        422,
        "reason",
    ),
    (
        "no change",
        "/programmes/{announced}/amendments",
        "mgr-li",
        hz1_terms(reason="r"),
        422,
        "terms",
    ),
    (
        "amendment without a rule",
        "/programmes/{announced}/amendments",
        "mgr-li",
        hz1_terms(reason="r", rule=None),
        422,
        "rule",
    ),
    ("amend a draft", "/programmes/{fine}/amendments", "mgr-li", hz1_terms(reason="r"), 409, None),
    # awards the rule does not support
    (
        "nominated for a rule's award",
        "/nominations",
        "mgr-li",
        _nomination(award_code="pk-champion"),
        422,
        "award_code",
    ),
    (
        "a person's award to a team",
        "/programmes",
        "dir-ma",
        _programme(**PK | {"award_code": "little-bee"}),
        422,
        "award_code",
    ),
    (
        "unknown award",
        "/programmes",
        "mgr-li",
        _programme(award_code="golden-parachute"),
        404,
        "award_code",
    ),
    (
        "nominated for an unknown award",
        "/nominations",
        "mgr-li",
        _nomination(award_code="nope"),
        404,
        "award_code",
    ),
    # nominations
    (
        "no citation",
        "/nominations",
        "mgr-li",
        {k: v for k, v in _nomination().items() if k != "citation"},
        422,
        "citation",
    ),
    ("blank citation", "/nominations", "mgr-li", _nomination(citation="   "), 422, "citation"),
    ("period not begun", "/nominations", "mgr-li", _nomination(period=FUTURE), 422, "period"),
    ("unknown period", "/nominations", "mgr-li", _nomination(period="2031-02"), 404, "period"),
    (
        "decided twice",
        "/nominations/{decided}/decision",
        "hrbp-liu",
        {"decision": "decline", "reason": "no"},
        409,
        None,
    ),
    (
        "decision without reason",
        "/nominations/{nomination}/decision",
        "hrbp-liu",
        {"decision": "confirm"},
        422,
        "reason",
    ),
    (
        "unknown verdict",
        "/nominations/{nomination}/decision",
        "hrbp-liu",
        {"decision": "maybe", "reason": "r"},
        422,
        "decision",
    ),
    # terms
    ("unknown measure", "/programmes", "mgr-li", _programme(measure="smiles"), 422, "measure"),
    (
        "unknown target measure",
        "/programmes",
        "mgr-li",
        _programme(measure="attainment:bogus"),
        422,
        "measure",
    ),
    (
        "a team's forecast",
        "/programmes",
        "dir-ma",
        _programme(**PK | {"measure": "forecast_error:cash"}),
        422,
        "measure",
    ),
    (
        "a PK by top N",
        "/programmes",
        "dir-ma",
        _programme(**PK | {"rule": {"kind": "top", "count": 1}}),
        422,
        "rule.kind",
    ),
    (
        "threshold missing",
        "/programmes",
        "mgr-li",
        _programme(rule={"kind": "threshold"}),
        422,
        "rule.threshold",
    ),
    (
        "count with a threshold",
        "/programmes",
        "mgr-li",
        _programme(rule={"kind": "threshold", "threshold": "1", "count": 2}),
        422,
        "rule.count",
    ),
    ("material unsaid", "/programmes", "mgr-li", _programme(form="material"), 422, "reward"),
    ("unknown form", "/programmes", "mgr-li", _programme(form="cash_bonus"), 422, "form"),
    (
        "unknown team",
        "/programmes",
        "mgr-li",
        _programme(eligible={"teams": ["hz-404"]}),
        404,
        "eligible",
    ),
    ("unknown field", "/programmes", "mgr-li", _programme(bonus="1000"), 422, "bonus"),
    ("closed period", "/programmes", "mgr-li", _programme(period=CLOSED), 409, None),
    ("unknown period", "/programmes", "mgr-li", _programme(period="2031-01"), 404, "period"),
    ("bad period", "/programmes", "mgr-li", _programme(period="2025-13"), 422, "period"),
    # close and catalogue
    ("open period", f"/incentives/{FUTURE}/close", "admin", None, 409, None),
    ("unknown period", "/incentives/2031-01/close", "admin", None, 404, None),
    (
        "defined twice",
        "/awards",
        "admin",
        {"code": "little-bee", "name": "B", "meaning": "m"},
        409,
        None,
    ),
    (
        "granted by lottery",
        "/awards",
        "admin",
        {"code": "x", "name": "X", "meaning": "m", "granted_by": "lottery"},
        422,
        "granted_by",
    ),
]


@pytest.mark.parametrize(
    ("case", "path", "person", "body", "status", "field"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_input_is_a_problem_naming_it_and_writes_nothing(
    shared_api: Api,
    world: World,
    case: str,
    path: str,
    person: str,
    body: Any,
    status: int,
    field: str | None,
) -> None:
    if path == "/kickoffs":
        body = {"period": FUTURE} | body
    head = shared_api.c.ledger.head()
    found = problem(shared_api.post(path.format(**world), person, fill(body, world)), status, field)
    assert found["detail"]
    assert shared_api.c.ledger.head() == head, case


def test_malformed_json_and_bad_reads_write_nothing(shared_api: Api, world: World) -> None:
    head = shared_api.c.ledger.head()
    problem(shared_api.post_raw("/programmes", "mgr-li", b'{"name": '), 400)
    board = f"/teams/hz-1/leaderboards/{FUTURE}"
    problem(shared_api.get(board, "mgr-li", measure="smiles"), 422, "measure")
    problem(shared_api.get(board, "mgr-li", measure="attainment:bogus"), 422, "measure")
    problem(shared_api.get(board, "mgr-li", measure="visits", board="luck"), 422, "board")
    problem(shared_api.get(f"/teams/hz-404/leaderboards/{FUTURE}", "mgr-li", measure="visits"), 404)
    problem(shared_api.get(f"/programmes/{UNKNOWN}", "mgr-li"), 404)
    problem(shared_api.get("/programmes/not-a-uuid", "mgr-li"), 422)
    assert shared_api.c.ledger.head() == head
    fine = ok(shared_api.get(f"/programmes/{world['fine']}", "mgr-li"))
    assert fine["status"] == "drafted"  # the refused kickoff announced nothing
    unruled = ok(shared_api.get(f"/programmes/{world['norule']}/scoreboard", "mgr-li"))
    assert unruled["rule"] is None  # a draft without its rule is ranked, and nobody wins
    assert [(s["subject_id"], s["rank"]) for s in unruled["standings"]] == [
        ("rep-chen", 1),  # no visits in 2030 yet: every rep ties at zero
        ("rep-wang", 1),
    ]
    assert not any(s["won"] for s in unruled["standings"])
