"""Bad input to reviews gets a clear problem and writes nothing; configuration is versioned."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Api
from tests.e2e.review_support import (
    CYCLE,
    HRBP,
    MANAGER,
    SCHEME,
    Team,
    build_team,
    even,
    marks,
    open_cycle,
    to_calibration,
)

R = f"/cycles/{CYCLE}/reviews/rep-s1"
GOOD = marks(even(6))
NO_CASE = [{k: v for k, v in m.items() if k != "what"} for m in GOOD]
BLANK_CASE = [m | {"where": "   "} for m in GOOD]
SKIPPED = [{"value": "teamwork", "rank": 2, "what": "x", "on": "2025-02-01", "where": "y"}]

# (case, path, person, body, status, words the problem must use)
BAD: list[tuple[str, str, str, Any, int, str]] = [
    ("a score without a case", "self-assessment", "rep-s1", {"marks": NO_CASE}, 422, "what"),
    ("a case left blank", "self-assessment", "rep-s1", {"marks": BLANK_CASE}, 422, "case"),
    ("a level skipped", "self-assessment", "rep-s1", {"marks": SKIPPED}, 422, "gate rule"),
    (
        "a rating off the scale",
        "self-assessment",
        "rep-s1",
        {"marks": GOOD, "rating": "4.5"},
        422,
        "scale",
    ),
    ("an unknown field", "self-assessment", "rep-s1", {"marks": GOOD, "score": 30}, 422, "score"),
    (
        "the manager before the self-assessment",
        "manager-assessment",
        MANAGER,
        {"marks": GOOD, "rating": "4"},
        409,
        "step",
    ),
    (
        "a conversation before calibration",
        "conversation",
        MANAGER,
        {"held_on": "2025-04-02", "duration_minutes": 30, "notes": "n", "growth_plan": "g"},
        409,
        "calibration",
    ),
    ("an amendment without a reason", "amendments", HRBP, {"marks": GOOD}, 422, "reason"),
    (
        "an amendment with a blank reason",
        "amendments",
        HRBP,
        {"marks": GOOD, "reason": " "},
        422,
        "reason",
    ),
    ("a veto without a reason", "hrbp-review", HRBP, {"decision": "veto"}, 422, "reason"),
    ("an acknowledgement out of order", "acknowledgement", "rep-s1", {}, 409, "step"),
    ("finalising out of order", "finalisation", HRBP, None, 409, "step"),
]


@pytest.fixture
def team(api: Api) -> Team:
    team = build_team(api)
    open_cycle(team)
    return team


@pytest.mark.parametrize(
    ("case", "step", "person", "body", "status", "words"), BAD, ids=[b[0] for b in BAD]
)
def test_bad_input_is_a_problem_and_writes_nothing(
    team: Team, case: str, step: str, person: str, body: Any, status: int, words: str
) -> None:
    head = team.api.c.ledger.head()
    response = team.post(f"{R}/{step}", person, body)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert words in response.text
    assert team.api.c.ledger.head() == head, case


def test_an_unknown_review_or_cycle_is_not_found(team: Team) -> None:
    assert team.get(f"/cycles/{CYCLE}/reviews/rep-zhao", "audit-sun").status_code == 404
    assert team.get("/cycles/nope/reviews/rep-s1", "audit-sun").status_code == 404
    assert team.get("/cycles/nope", "audit-sun").status_code == 404
    assert team.get("/rubrics/six-values:9", "rep-s1").status_code == 404


def test_opening_a_cycle_refuses_what_cannot_be_reviewed(team: Team) -> None:
    head = team.api.c.ledger.head()
    body = {"cycle_id": "c2", "period": "2025-Q1", "rubric_code": "six-values", "rubric_version": 1}
    cases = [
        (body | {"people": ["rep-s1"]}, 409),  # already reviewed for 2025-Q1
        (body | {"people": ["admin"]}, 422),  # no team or manager on the review's day
        (body | {"people": ["hrbp-liu"], "period": "2025-03"}, 422),  # a month is not a cycle
        (body | {"people": ["hrbp-liu"], "period": "2025-Q2"}, 404),  # period not configured
        (body | {"people": ["hrbp-liu"], "rubric_version": 7}, 404),
        (body | {"people": ["hrbp-liu", "hrbp-liu"]}, 422),
        (body | {"people": ["nobody"]}, 404),
        (body | {"people": ["hrbp-liu"], "guidance": "451"}, 422),
    ]
    for request, status in cases:
        response = team.post("/cycles", "admin", request)
        assert response.status_code == status, (request, response.text)
    assert team.api.c.ledger.head() == head


def test_a_cycle_keeps_the_rubric_and_scheme_it_opened_with(team: Team) -> None:
    """Later rubric versions and schemes never change the assessments of an earlier cycle."""
    to_calibration(team, "rep-s1", points=18, rating="3.5")
    before = team.ok(team.get(R, "audit-sun"))
    v2 = {
        "code": "six-values",
        "version": 2,
        "name": "Six values, revised",
        "form": "behaviours",
        "values": [{"code": "teamwork", "name": "Teamwork", "behaviours": ["helps"]}],
    }
    team.ok(team.post("/rubrics", "admin", v2), 201)
    again = team.post("/rubrics", "admin", v2)
    assert again.status_code == 409, again.text
    team.ok(team.post("/review-scheme", "admin", SCHEME), 201)
    scheme = team.ok(team.get("/review-scheme", "rep-s1"))
    assert (scheme["version"], scheme["performance_weight"], scheme["default_guidance"]) == (
        1,
        60,
        "271",
    )
    after = team.ok(team.get(R, "audit-sun"))
    assert after["effective"] == before["effective"]
    assert after["rubric_key"] == "six-values:1"
    cycle = team.ok(team.get(f"/cycles/{CYCLE}", "rep-s1"))
    assert (cycle["rubric"]["key"], cycle["scheme"]["version"], cycle["guidance"]) == (
        "six-values:1",
        0,
        "361",
    )
    keys = [r["key"] for r in team.get("/rubrics", "rep-s1").json()]
    assert keys == ["five-values:1", "six-values:1", "six-values:2"]


def test_a_red_line_overrides_the_performance_side(team: Team) -> None:
    to_calibration(team, "rep-s1", points=30, rating="5")
    finding = {
        "finding": "backdated three contracts to meet the quarter",
        "evidence": [
            {
                "what": "contract dated 31 March, signed 3 April",
                "on": "2025-04-03",
                "where": "legal archive 17",
            }
        ],
    }
    team.ok(team.post(f"{R}/integrity-findings", HRBP, finding))
    review = team.ok(team.get(R, "rep-s1"))
    assert review["effective"]["composite"] == "5.00"
    assert (review["effective"]["placement"], review["effective"]["red_line"]) == ("dog", True)


def test_a_bad_scheme_or_rubric_is_a_problem(team: Team) -> None:
    head = team.api.c.ledger.head()
    bad_weights = SCHEME | {"performance_weight": 70}
    assert team.post("/review-scheme", "admin", bad_weights).status_code == 422
    gapped = {"code": "x", "version": 1, "name": "X", "form": "levels", "values": []}
    assert team.post("/rubrics", "admin", gapped).status_code == 422
    assert team.api.c.ledger.head() == head


def test_an_amendment_may_re_score_a_value_to_zero(team: Team) -> None:
    to_calibration(team, "rep-s1", points=18, rating="3.5")
    body = {"marks": [], "rescored": ["passion"], "reason": "none of the passion cases holds"}
    team.ok(team.post(f"{R}/amendments", HRBP, body))
    review = team.ok(team.get(R, "audit-sun"))
    assert review["manager_assessment"]["points"] == 18
    assert review["effective"]["values_points"] == 15
    (amendment,) = review["amendments"]
    assert amendment["original_scores"][0]["score"] == 3
    assert amendment["scores"] == [{"value": "passion", "score": 0, "marks": []}]


def test_calibrating_a_group_nobody_is_in_is_not_found(team: Team) -> None:
    head = team.api.c.ledger.head()
    for person in ("rep-s1", HRBP):
        body = {"kind": "team", "group_id": "hz-1"}
        response = team.post(f"/cycles/{CYCLE}/calibrations", person, body)
        assert response.status_code == 404, response.text
    assert team.api.c.ledger.head() == head
