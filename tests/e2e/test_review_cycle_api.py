"""A full quarter cycle for a team of eight, through the HTTP API, on each store."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Api
from tests.e2e.review_support import (
    CYCLE,
    DIRECTOR,
    HRBP,
    MANAGER,
    REPS,
    TEAM,
    Team,
    assess,
    build_team,
    marks,
    open_cycle,
)

# (self points, manager points, rating) out of 30 points on the six-values rubric.
PLAN = {
    "rep-s1": (24, 24, "5"),  # composite 4.5, values 4: star
    "rep-s2": (24, 24, "4"),  # calibrated to 3.75 below: still a star
    "rep-s3": (24, 16, "5"),  # amended to 15 points, values 2.5, composite 3.75: wild dog
    "rep-s4": (18, 18, "3.75"),  # composite 3.38: ox
    "rep-s5": (21, 21, "3.75"),  # ox
    "rep-s6": (18, 18, "3.5"),  # composite 3.25: ox
    "rep-s7": (18, 18, "3"),  # composite 3: white rabbit
    "rep-s8": (18, 12, "3.25"),  # values 2: dog
}
PLACED = {
    "star": ["rep-s1", "rep-s2"],
    "wild dog": ["rep-s3"],
    "ox": ["rep-s4", "rep-s5", "rep-s6"],
    "white rabbit": ["rep-s7"],
    "dog": ["rep-s8"],
}


def _assess_everyone(team: Team) -> None:
    for person, (own, points, rating) in PLAN.items():
        assess(team, person, own, points, rating)
    seen = team.ok(team.get(team.review("rep-s1"), MANAGER))
    assert seen["self_assessment"]["points"] == 24
    assert seen["gap"][0] == {"value": "customer-first", "self": 4, "manager": 4, "gap": 0}
    gap = team.ok(team.get(team.review("rep-s3"), MANAGER))["gap"]
    assert sum(g["gap"] for g in gap) == -8  # the manager saw the self-scores and the gap
    figures = seen["manager_assessment"]["figures"]  # what the manager saw, sealed
    assert figures["available"] is True
    assert (figures["attainment"], figures["coaching_sessions"]) == (None, 0)  # none recorded


def _hrbp_reviews_with_one_veto(team: Team) -> None:
    for person in REPS:
        if person != "rep-s3":
            team.ok(
                team.post(team.review(person, "hrbp-review"), HRBP, {"decision": "countersign"})
            )
    veto = {"decision": "veto", "reason": "the teamwork cases show level 2, not 3"}
    team.ok(team.post(team.review("rep-s3", "hrbp-review"), HRBP, veto))
    amendment = {
        "marks": marks({"teamwork": 2}, what="checked"),
        "reason": "the third teamwork case was a colleague's work",
        "responds_to": "veto",
    }
    team.ok(team.post(team.review("rep-s3", "amendments"), HRBP, amendment))
    resolution = {"outcome": "amended", "resolution": "manager agreed; teamwork corrected"}
    team.ok(team.post(team.review("rep-s3", "veto-resolution"), HRBP, resolution))


def _calibrate_outside_the_band(team: Team) -> None:
    change = {"rating": "3.75", "reason": "two deals slipped into April"}
    team.ok(team.post(team.review("rep-s2", "calibration-changes"), DIRECTOR, change))
    board = team.ok(
        team.get(f"/cycles/{CYCLE}/calibration-board", DIRECTOR, kind="team", group_id=TEAM)
    )
    assert board["guidance"] == "361"
    assert board["within_tolerance"] is False
    high = next(b for b in board["distribution"] if b["band"] == "high")
    assert (high["count"], high["percent"], high["outside"]) == (5, "62.50", True)
    head = team.api.c.ledger.head()
    refused = team.post(
        f"/cycles/{CYCLE}/calibrations", DIRECTOR, {"kind": "team", "group_id": TEAM}
    )
    assert refused.status_code == 422, refused.text
    assert "justification" in refused.json()["detail"]
    assert team.api.c.ledger.head() == head
    justified = {
        "kind": "team",
        "group_id": TEAM,
        "justification": "a record quarter: five reps beat target by 20% with planned visits",
    }
    team.ok(team.post(f"/cycles/{CYCLE}/calibrations", DIRECTOR, justified))


def _converse_acknowledge_appeal_finalise(team: Team) -> int:
    for person in REPS:
        minutes = 90 if person == "rep-s1" else 45
        talk = {
            "held_on": _today(),
            "duration_minutes": minutes,
            "notes": f"talked through {person}'s quarter",
            "growth_plan": "plan visits with a purpose; one ride-along a week",
        }
        team.ok(team.post(team.review(person, "conversation"), MANAGER, talk))
    for person in REPS:
        body = {"disagreement": "my integrity cases were not read"} if person == "rep-s8" else {}
        team.ok(team.post(team.review(person, "acknowledgement"), person, body))
    team.ok(team.post(team.review("rep-s8", "appeals"), "rep-s8", {"grounds": "see my cases"}), 201)
    decision = {"outcome": "rejected", "reason": "the cases were read; none shows level 3"}
    team.ok(team.post(team.review("rep-s8", "appeals/1/decision"), HRBP, decision))
    position = 0
    for person in REPS:
        position = team.ok(team.post(team.review(person, "finalisation"), HRBP))["position"]
    return position


def _today() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).date().isoformat()


def _check_history(team: Team, person: str) -> list[dict[str, Any]]:
    history: list[dict[str, Any]] = team.get(team.review(person, "history"), "audit-sun").json()
    versions = [e["version"] for e in history]
    assert versions == list(range(1, len(history) + 1))  # every event, in order
    recorded = [e["recorded_at"] for e in history]
    assert recorded == sorted(recorded)
    assert all(e["recorded_by"] and e["occurred_at"] for e in history)
    return history


def test_a_full_quarter_cycle_for_a_team_of_eight(api: Api) -> None:
    team = build_team(api)
    open_cycle(team)
    _assess_everyone(team)
    _hrbp_reviews_with_one_veto(team)
    _calibrate_outside_the_band(team)
    position = _converse_acknowledge_appeal_finalise(team)

    matrix = team.ok(team.get(f"/cycles/{CYCLE}/talent-matrix", HRBP, min_position=position))
    assert {k: sorted(v) for k, v in matrix["cells"].items()} == PLACED
    assert len(matrix["people"]) == 8

    kinds = [e["kind"] for e in _check_history(team, "rep-s3")]
    assert kinds == [
        "Opened",
        "ValuesAssessmentSealed",
        "PerformanceRated",
        "ValuesAssessmentSealed",
        "PerformanceRated",
        "HrbpVetoed",
        "AssessmentAmended",
        "VetoResolved",
        "Calibrated",
        "ConversationHeld",
        "Acknowledged",
        "ReviewFinalised",
        "TalentPlaced",
    ]
    amended = _check_history(team, "rep-s3")[6]["details"]
    assert amended["original_scores"][0]["value"] == "teamwork"
    assert amended["original_scores"][0]["score"] == 3  # the sealed original, beside
    assert amended["scores"][0]["score"] == 2
    assert amended["reason"] == "the third teamwork case was a colleague's work"
    for person in REPS:
        assert _check_history(team, person)[-1]["kind"] == "TalentPlaced"

    s3 = team.ok(team.get(team.review("rep-s3"), "audit-sun"))
    assert s3["manager_assessment"]["points"] == 16  # what was sealed stays as sealed
    assert s3["effective"]["values_points"] == 15
    assert s3["amendments"][0]["original_rating"] == "5"
    assert s3["step"] == "final"

    s1 = team.ok(team.get(team.review("rep-s1"), "rep-s1"))
    conversation = [e for e in _check_history(team, "rep-s1") if e["kind"] == "ConversationHeld"]
    assert conversation[0]["details"]["flagged"] is True
    assert s1["effective"]["placement"] == "star"

    rows = team.ok(team.get("/people/rep-s8/reviews", MANAGER, min_position=position))["items"]
    assert [(r["cycle_id"], r["placement"], r["disagreed"]) for r in rows] == [(CYCLE, "dog", True)]
    s2 = team.ok(team.get("/people/rep-s2/reviews", "rep-s2"))["items"][0]
    assert s2["rating"] == "3.75"
