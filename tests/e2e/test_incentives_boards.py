"""Leaderboards per team, measure and period; amendments everyone eligible can see.

Through HTTP on each store: after a month of visits, a team's board ranks its people with
the top marked (ties share the top), the most-improved board compares each person with
their own earlier months, and an amendment of an announced programme is read, with its
reason, beside the terms first announced, by a rep the programme names.
"""

from __future__ import annotations

from datetime import date

from tests.e2e.conftest import Api
from tests.e2e.incentives_support import (
    ORGANISER,
    PERIOD,
    api,
    clock,
    draft,
    kickoff,
    months_of_visits,
    threshold_award,
)
from tests.e2e.process import ok, problem
from tests.targets_support import SettableClock

__all__ = ["api", "clock"]


def test_a_teams_boards_rank_people_and_their_growth(api: Api, clock: SettableClock) -> None:
    clock.set(date(2025, 3, 28))
    position = months_of_visits(api)
    board = f"/teams/hz-1/leaderboards/{PERIOD}"
    ranked = ok(api.get(board, "rep-chen", measure="visits", min_position=position))
    assert [(r["person_id"], r["value"], r["rank"], r["top"]) for r in ranked["rows"]] == [
        ("rep-chen", "5", 1, True),
        ("rep-wang", "5", 1, True),
        ("mgr-li", "0", 3, False),
    ]
    improved = ok(api.get(board, "hrbp-liu", measure="visits", board="most_improved"))
    assert improved["lookback"] == 3
    assert [(r["person_id"], r["improvement"], r["top"]) for r in improved["rows"]] == [
        ("rep-wang", "4.0000", True),
        ("rep-chen", "3.6667", False),
        ("mgr-li", "0.0000", False),
    ]
    last_month = ok(api.get(board, "dir-ma", measure="visits", board="most_improved", lookback=1))
    assert [(r["person_id"], r["baseline"]) for r in last_month["rows"]][:2] == [
        ("rep-wang", "1.0000"),
        ("rep-chen", "4.0000"),
    ]
    shares = ok(api.get("/teams/hz-2/leaderboards/2025-03", "mgr-zhang", measure="planned_share"))
    assert [(r["person_id"], r["value"]) for r in shares["rows"]] == [
        ("rep-zhao", "0.0000"),  # two visits, neither planned
        ("mgr-zhang", None),  # no visits: no share to rank
    ]


def test_an_amendment_is_read_beside_the_terms_announced(api: Api, clock: SettableClock) -> None:
    ok(api.post("/periods", "admin", {"key": PERIOD}), 201)
    bees = draft(api, threshold_award())
    clock.set(date(2025, 3, 3))
    ok(kickoff(api, [bees], "2025-03-03T01:30:00+00:00"), 201)
    clock.set(date(2025, 3, 10))
    lower = threshold_award(rule={"kind": "threshold", "threshold": "4"}) | {
        "reason": "the Spring Festival took a week of the month"
    }
    del lower["period"]
    changed = ok(api.post(f"/programmes/{bees}/amendments", ORGANISER, lower))
    seen = ok(api.get(f"/programmes/{bees}", "rep-zhao", min_position=changed["position"]))
    assert seen["amendments"] == 1
    assert seen["terms"]["rule"]["threshold"] == "4"
    announced, amended = seen["changes"][1:]
    assert (announced["kind"], announced["terms"]["rule"]["threshold"]) == ("announced", "5")
    assert announced["kickoff_id"] == seen["kickoff_id"]
    assert (amended["kind"], amended["terms"]["rule"]["text"]) == (
        "amended",
        "everyone with a figure >= 4",
    )
    assert amended["reason"] == "the Spring Festival took a week of the month"
    assert amended["recorded_by"] == ORGANISER


def test_a_pk_between_two_people_is_scored_live_then_decided(
    api: Api, clock: SettableClock
) -> None:
    ok(api.post("/periods", "admin", {"key": PERIOD}), 201)
    duel = {
        "period": PERIOD,
        "name": "Wang vs Zhao",
        "form": "pk_competition",
        "measure": "visits",
        "rule": {"kind": "best_in_group"},
        "eligible": {"groups": [{"name": "duel", "members": ["rep-wang", "rep-zhao"]}]},
        "reward": "the loser buys the winner a coffee",
    }
    pk = draft(api, duel)
    problem(api.post("/programmes", "mgr-li", duel), 403)  # rep-zhao is not mgr-li's
    clock.set(date(2025, 3, 3))
    ok(kickoff(api, [pk], "2025-03-03T01:30:00+00:00"), 201)
    clock.set(date(2025, 3, 28))
    position = months_of_visits(api)
    live = ok(api.get(f"/programmes/{pk}/scoreboard", "rep-zhao", min_position=position))
    assert [(s["subject_id"], s["value"], s["won"]) for s in live["standings"]] == [
        ("rep-wang", "5", True),
        ("rep-zhao", "2", False),
    ]
    assert live["rule"]["text"] == "the best of each pair or group"
    problem(api.get(f"/programmes/{pk}/scoreboard", "rep-chen"), 403)  # not in the duel
    clock.set(date(2025, 4, 1))
    ok(api.post(f"/periods/{PERIOD}/close", "admin"))
    closed = ok(api.post(f"/incentives/{PERIOD}/close", "admin"))
    final = ok(api.get(f"/programmes/{pk}/scoreboard", "rep-wang", min_position=closed["position"]))
    assert final["final"] is True
    assert [(s["subject_id"], s["group"], s["won"]) for s in final["standings"]] == [
        ("rep-wang", "duel", True),
        ("rep-zhao", "duel", False),
    ]
    seen = ok(api.get(f"/programmes/{pk}", "rep-wang"))
    assert seen["terms"]["reward"] == "the loser buys the winner a coffee"
    assert seen["terms"]["form"] == "pk_competition"
