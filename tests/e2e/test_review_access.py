"""Who may take each review step and read each review view: the negative cases, spelled out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.e2e.conftest import Api
from tests.e2e.review_support import (
    CYCLE,
    DIRECTOR,
    HRBP,
    MANAGER,
    SCHEME,
    TEAM,
    Team,
    build_team,
    even,
    marks,
    open_cycle,
    to_calibration,
)

R = f"/cycles/{CYCLE}/reviews/rep-s1"
ASSESSMENT = {"marks": marks(even(6)), "rating": "3.5"}
AMENDMENT = {"marks": marks({"teamwork": 1}), "reason": "a correction"}
CASE = {"what": "x", "on": "2025-02-01", "where": "y"}
TALK = {"held_on": "2025-04-01", "duration_minutes": 30, "notes": "n", "growth_plan": "g"}
RUBRIC = {
    "code": "mine",
    "version": 1,
    "name": "Mine",
    "form": "behaviours",
    "values": [{"code": "v", "name": "V", "behaviours": ["b"]}],
}

# (what, path, body, people who must be refused)
WRITES: list[tuple[str, str, Any, list[str]]] = [
    ("publish a rubric", "/rubrics", RUBRIC, [MANAGER, HRBP, "audit-sun"]),
    ("configure the scheme", "/review-scheme", SCHEME, [MANAGER, HRBP, "audit-sun"]),
    ("self-assessment", f"{R}/self-assessment", ASSESSMENT, [MANAGER, "rep-s2", HRBP, "audit-sun"]),
    (
        "manager assessment",
        f"{R}/manager-assessment",
        ASSESSMENT,
        [DIRECTOR, "rep-s1", HRBP, "mgr-li", "audit-sun"],
    ),
    (
        "HRBP review",
        f"{R}/hrbp-review",
        {"decision": "countersign"},
        ["hrbp-liu", MANAGER, "rep-s1", DIRECTOR],
    ),
    (
        "veto resolution",
        f"{R}/veto-resolution",
        {"outcome": "withdrawn", "resolution": "r"},
        [MANAGER, "rep-s1", "hrbp-liu", "mgr-li"],
    ),
    ("amendment", f"{R}/amendments", AMENDMENT, [MANAGER, "rep-s1", "hrbp-liu", "audit-sun"]),
    (
        "calibration change",
        f"{R}/calibration-changes",
        {"rating": "4", "reason": "r"},
        [MANAGER, "rep-s1", "mgr-li"],
    ),
    (
        "integrity finding",
        f"{R}/integrity-findings",
        {"finding": "f", "evidence": [CASE]},
        [MANAGER, "rep-s1", "rep-s2"],
    ),
    ("conversation", f"{R}/conversation", TALK, [DIRECTOR, HRBP, "rep-s1", "mgr-li"]),
    ("acknowledgement", f"{R}/acknowledgement", {}, [MANAGER, "rep-s2", HRBP]),
    ("appeal", f"{R}/appeals", {"grounds": "g"}, [MANAGER, "rep-s2", HRBP]),
    (
        "appeal decision",
        f"{R}/appeals/1/decision",
        {"outcome": "rejected", "reason": "r"},
        [MANAGER, "rep-s1", "hrbp-liu"],
    ),
    ("finalisation", f"{R}/finalisation", None, [MANAGER, DIRECTOR, "rep-s1", "hrbp-liu"]),
    (
        "open a cycle",
        "/cycles",
        {
            "cycle_id": "x",
            "period": "2025-Q1",
            "people": ["rep-s1"],
            "rubric_code": "six-values",
            "rubric_version": 1,
        },
        [MANAGER, HRBP, "audit-sun"],
    ),
    (
        "finalise calibration",
        f"/cycles/{CYCLE}/calibrations",
        {"kind": "team", "group_id": TEAM},
        [MANAGER, "rep-s1", "mgr-li", "audit-sun"],
    ),
]
READS: list[tuple[str, str, dict[str, str], list[str]]] = [
    ("a review", R, {}, ["rep-s2", "mgr-li", "hrbp-liu", "admin"]),
    ("its history", f"{R}/history", {}, ["rep-s2", "mgr-li", "hrbp-liu", "admin"]),
    ("reviews across cycles", "/people/rep-s1/reviews", {}, ["rep-s2", "mgr-zhang", "admin"]),
    ("a queue", "/people/rep-s1/queue", {}, ["rep-s2", "mgr-li", "admin"]),
    (
        "the calibration board",
        f"/cycles/{CYCLE}/calibration-board",
        {"kind": "team", "group_id": TEAM},
        ["rep-s1", "mgr-li", "hrbp-liu"],
    ),
]


@pytest.fixture
def team(api: Api) -> Team:
    team = build_team(api)
    open_cycle(team)
    return team


def test_each_step_is_refused_to_those_who_may_not_take_it(team: Team) -> None:
    for what, path, body, refused in WRITES:
        for person in refused:
            head = team.api.c.ledger.head()
            response = team.post(path, person, body)
            assert response.status_code == 403, (what, person, response.text)
            assert response.headers["content-type"] == "application/problem+json"
            assert team.api.c.ledger.head() == head, (what, person)


def test_each_view_is_refused_to_those_who_may_not_see_it(team: Team) -> None:
    # The reads carry no min_position: bring the views to the head first, or a board read
    # before the reviews view has its rows answers 404 (no such group) instead of 403.
    team.api.c.runner.catch_up()
    for what, path, params, refused in READS:
        for person in refused:
            response = team.get(path, person, **params)
            assert response.status_code == 403, (what, person, response.text)
    for person in ("rep-s1", MANAGER, HRBP, DIRECTOR, "audit-sun"):
        assert team.get(R, person).status_code == 200, person


def test_the_talent_matrix_shows_only_whom_the_caller_may_see(api: Api) -> None:
    team = build_team(api)
    open_cycle(team, people=["rep-s1", "rep-s2"])
    for person in ("rep-s1", "rep-s2"):
        to_calibration(team, person)
    small = {"kind": "team", "group_id": TEAM, "justification": "two people cannot fit 361"}
    team.ok(team.post(f"/cycles/{CYCLE}/calibrations", HRBP, small))
    position = 0
    for person in ("rep-s1", "rep-s2"):
        talk = TALK | {"held_on": _today()}
        team.ok(team.post(team.review(person, "conversation"), MANAGER, talk))
        team.ok(team.post(team.review(person, "acknowledgement"), person, {}))
        position = team.ok(team.post(team.review(person, "finalisation"), HRBP))["position"]
    seen = {
        person: [
            p["person_id"]
            for p in team.ok(
                team.get(f"/cycles/{CYCLE}/talent-matrix", person, min_position=position)
            )["people"]
        ]
        for person in (HRBP, MANAGER, "audit-sun", "rep-s1", "mgr-zhang", "hrbp-liu")
    }
    assert seen == {
        HRBP: ["rep-s1", "rep-s2"],
        MANAGER: ["rep-s1", "rep-s2"],
        "audit-sun": ["rep-s1", "rep-s2"],
        "rep-s1": ["rep-s1"],
        "mgr-zhang": [],
        "hrbp-liu": [],
    }


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def test_a_manager_of_another_time_may_not_take_the_step(team: Team) -> None:
    """Steps belong to the manager of the review's day (the period's last), not of today."""
    moved = {"effective_on": "2025-04-15", "team_id": "hz-2", "manager_id": "mgr-zhang"}
    team.ok(team.post("/people/rep-s1/moves", "admin", moved))
    team.ok(team.post(f"{R}/self-assessment", "rep-s1", ASSESSMENT))
    head = team.api.c.ledger.head()
    refused = team.post(f"{R}/manager-assessment", "mgr-zhang", ASSESSMENT)
    assert refused.status_code == 403, refused.text
    assert "2025-03-31" in refused.json()["detail"]
    assert team.get(R, "mgr-zhang").status_code == 403  # nor may they read it
    assert team.api.c.ledger.head() == head
    team.ok(team.post(f"{R}/manager-assessment", MANAGER, ASSESSMENT))


def test_the_queue_shows_each_person_their_waiting_steps(team: Team) -> None:
    def actions(person: str, viewer: str | None = None) -> set[tuple[str, str]]:
        team.api.c.runner.catch_up()
        items = team.ok_list(team.get(f"/people/{person}/queue", viewer or person))
        return {(i["person_id"], i["action"]) for i in items}

    assert actions("rep-s1") == {("rep-s1", "assess yourself")}
    assert actions(MANAGER) == set()
    team.ok(team.post(f"{R}/self-assessment", "rep-s1", ASSESSMENT))
    assert ("rep-s1", "assess as manager") in actions(MANAGER)
    assert ("rep-s1", "assess as manager") in actions(MANAGER, DIRECTOR)  # seen from above
    assert actions("rep-s1") == set()
    team.ok(team.post(f"{R}/manager-assessment", MANAGER, ASSESSMENT))
    assert actions(HRBP) == {("rep-s1", "countersign or veto")}
    team.ok(team.post(f"{R}/hrbp-review", HRBP, {"decision": "countersign"}))
    assert ("rep-s1", "calibrate") in actions(DIRECTOR)
    assert ("rep-s1", "calibrate") in actions(HRBP)
    assert ("rep-s1", "calibrate") not in actions(MANAGER)
