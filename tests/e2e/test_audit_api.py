"""The HR audit history and as-of reads over HTTP, on both stores: an amended assessment
shows the original, the amendment and its reason, in order, to an auditor and to those who
may see the person, and nothing to anyone else; an as-of read returns what stood then."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from domain.reviews import review_id
from projections.registry import build_views
from projections.runner import ViewRunner
from tests.e2e.conftest import Api
from tests.e2e.review_support import (
    CYCLE,
    HRBP,
    MANAGER,
    TEAM,
    Team,
    build_team,
    even,
    marks,
    open_cycle,
    to_calibration,
)

PERSON, OTHER = "rep-s1", "rep-s2"
AUDITOR = "audit-sun"
REASON = "a teamwork case belonged to a colleague"
EVENTS = "/audit/events"


@pytest.fixture(scope="module")
def team(shared_api: Api) -> Team:
    """rep-s1's review through the HRBP review, then amended by the HRBP with a reason."""
    team = build_team(shared_api)
    open_cycle(team, [PERSON, OTHER])
    to_calibration(team, PERSON, points=18, rating="3.5")
    body = {"marks": marks({"teamwork": 2}), "reason": REASON}
    team.ok(team.post(team.review(PERSON, "amendments"), HRBP, body))
    return team


def read(team: Team, reader: str, path: str = EVENTS, **params: Any) -> httpx.Response:
    params["min_position"] = team.api.c.ledger.head()
    response: httpx.Response = team.api.client.get(
        path, headers=team.headers(reader), params=params
    )
    return response


def items(team: Team, reader: str = AUDITOR, **params: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = team.ok(read(team, reader, limit=500, **params))["items"]
    return found


def history(team: Team, reader: str = AUDITOR) -> list[dict[str, Any]]:
    """The review's history, named by its cycle and person."""
    return items(team, reader, cycle=CYCLE, person=PERSON)


def refused(response: httpx.Response, status: int = 403) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


def text(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    return response.text


def moment(entry: dict[str, Any], shift: int = 0) -> str:
    """An event's recorded time, shifted by microseconds, as a query parameter."""
    return (
        datetime.fromisoformat(entry["recorded_at"]) + timedelta(microseconds=shift)
    ).isoformat()


def test_the_auditor_sees_the_original_the_amendment_and_its_reason_in_order(team: Team) -> None:
    events = history(team)
    assert [e["event_type"] for e in events] == [
        "Review.Opened",
        "Review.ValuesAssessmentSealed",
        "Review.PerformanceRated",
        "Review.ValuesAssessmentSealed",
        "Review.PerformanceRated",
        "Review.HrbpCountersigned",
        "Review.AssessmentAmended",
    ]
    positions = [e["position"] for e in events]
    assert positions == sorted(positions)
    assert len(set(positions)) == len(positions)
    original, amendment = events[3], events[6]
    assert (original["actor"], amendment["actor"]) == (MANAGER, HRBP)
    assert "Manager values assessment" in original["summary"]
    assert amendment["amends"] == original["position"]
    assert REASON in amendment["summary"]
    assert "teamwork 3 → 2" in amendment["summary"]
    assert events[2]["amends"] is None
    assert {e["person_id"] for e in events} == {PERSON}
    assert amendment["record_id"] == review_id("2025-Q1", PERSON).hex
    assert all(e["recorded_at"].endswith("Z") for e in events)


@pytest.mark.parametrize("person", [PERSON, MANAGER, HRBP])
def test_the_person_their_manager_and_hrbp_read_the_same_history(team: Team, person: str) -> None:
    assert history(team, person) == history(team)
    mine = items(team, person, person=PERSON)
    assert [e["event_type"] for e in mine][-1] == "Review.AssessmentAmended"


# Who must not see rep-s1's history, and how they ask.
NEGATIVE = [
    (OTHER, {"person": PERSON}),
    (OTHER, {"cycle": CYCLE, "person": PERSON}),
    (OTHER, {}),
    (OTHER, {"actor": MANAGER}),
    (PERSON, {}),
    (MANAGER, {"type": "Review.AssessmentAmended"}),
    ("mgr-li", {"person": PERSON}),
    ("hrbp-liu", {"cycle": CYCLE, "person": PERSON}),
    ("admin", {"person": PERSON, "type": "Review.AssessmentAmended"}),
]


@pytest.mark.parametrize(("person", "params"), NEGATIVE)
@pytest.mark.parametrize("path", [EVENTS, EVENTS + ".csv", EVENTS + ".jsonl"])
def test_anyone_else_gets_403_and_nothing(
    team: Team, person: str, params: dict[str, Any], path: str
) -> None:
    response = read(team, person, path, **params)
    if person == "admin":  # admins read the organisation's history, not reviews
        assert response.status_code == 200, response.text
        assert REASON not in response.text
        assert "AssessmentAmended" not in response.text
        return
    body = refused(response)
    assert REASON not in response.text
    assert body["status"] == 403


def test_a_record_as_of_is_refused_to_those_who_may_not_see_it(team: Team) -> None:
    review = review_id("2025-Q1", PERSON)
    for person in (OTHER, "mgr-li", "admin"):
        body = refused(read(team, person, f"/audit/records/{review}"))
        assert REASON not in json.dumps(body)
    assert team.ok(read(team, PERSON, f"/audit/records/{review}"))["person_id"] == PERSON


def test_filters_by_actor_type_and_time_select_what_the_full_list_holds(team: Team) -> None:
    every = items(team)
    by_hrbp = items(team, actor=f"{HRBP},nobody")
    assert by_hrbp == [e for e in every if e["actor"] == HRBP]
    assert {e["event_type"] for e in by_hrbp} >= {"Review.AssessmentAmended"}
    kinds = ["Review.AssessmentAmended", "Review.ValuesAssessmentSealed"]
    assert items(team, type=kinds) == [e for e in every if e["event_type"] in kinds]
    assert items(team, type=",".join(kinds)) == items(team, type=kinds)
    seal, amendment = history(team)[3], history(team)[6]
    between = items(team, since=moment(seal), until=moment(amendment))
    assert between == [
        e for e in every if seal["recorded_at"] <= e["recorded_at"] < amendment["recorded_at"]
    ]
    assert between[0] == seal
    assert amendment not in between


def test_exports_parse_and_equal_the_json_list(team: Team) -> None:
    listed = items(team, person=PERSON)
    exported = text(read(team, AUDITOR, EVENTS + ".csv", person=PERSON))
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert rows == [{k: "" if v is None else str(v) for k, v in e.items()} for e in listed]
    lines = text(read(team, AUDITOR, EVENTS + ".jsonl", person=PERSON)).splitlines()
    assert [json.loads(line) for line in lines] == listed


def test_as_of_before_the_amendment_reads_the_original_and_after_the_amendment(
    team: Team,
) -> None:
    events = history(team)
    opened, amendment = events[0], events[6]
    before = team.ok(read(team, AUDITOR, team.review(PERSON), as_of=moment(amendment, -1)))
    after = team.ok(read(team, AUDITOR, team.review(PERSON), as_of=moment(amendment)))
    scores = {s["value"]: s["score"] for s in before["effective"]["scores"]}
    assert (scores["teamwork"], before["amendments"], before["figures_now"]) == (3, [], None)
    assert {s["value"]: s["score"] for s in after["effective"]["scores"]}["teamwork"] == 2
    assert after["amendments"][0]["reason"] == REASON
    assert before["manager_assessment"]["figures"] == after["manager_assessment"]["figures"]
    record = f"/audit/records/{opened['record_id']}"
    then = team.ok(read(team, AUDITOR, record, as_of=moment(amendment, -1)))
    assert (then["version"], then["position"]) == (events[5]["version"], events[5]["position"])
    assert {s["value"]: s["score"] for s in then["state"]["scores"]}["teamwork"] == 3
    for path in (record, team.review(PERSON)):
        refused(read(team, AUDITOR, path, as_of=moment(opened, -1)), 404)


def test_the_calibration_board_as_of_shows_the_ratings_and_amendments_then(team: Team) -> None:
    amendment = history(team)[6]
    board = f"/cycles/{CYCLE}/calibration-board"
    group = {"kind": "team", "group_id": TEAM}
    then = team.ok(read(team, AUDITOR, board, as_of=moment(amendment, -1), **group))
    now = team.ok(read(team, AUDITOR, board, **group))
    mine = [next(m for m in b["members"] if m["person_id"] == PERSON) for b in (then, now)]
    assert [(m["rating"], m["amendments"]) for m in mine] == [("3.5", 0), ("3.5", 1)]
    assert then["distribution"] == now["distribution"]
    first = history(team)[0]
    refused(read(team, AUDITOR, board, as_of=moment(first, -(10**9)), **group), 404)


BAD = [
    (EVENTS, {"since": "yesterday"}, "query.since"),
    (EVENTS, {"until": "2025-01-01T00:00:00"}, "query.until"),  # no offset
    (EVENTS, {"type": "review amended"}, "type"),
    (EVENTS, {"actor": "no body"}, "actor"),
    (EVENTS, {"after": "-1"}, "query.after"),
    (EVENTS, {"limit": "0"}, "query.limit"),
    (EVENTS, {"record": "not-a-record"}, "query.record"),
    (EVENTS, {"since": "2025-02-01T00:00:00Z", "until": "2025-01-01T00:00:00Z"}, "until"),
    (EVENTS, {"cycle": CYCLE}, "cycle"),
    (EVENTS + ".csv", {"since": "yesterday"}, "query.since"),
    ("/audit/records/not-a-uuid", {}, "path.record_id"),
    (f"/cycles/{CYCLE}/reviews/{PERSON}", {"as_of": "soon"}, "query.as_of"),
]


@pytest.mark.parametrize(("path", "params", "field"), BAD)
def test_bad_input_is_a_problem_naming_the_field(
    team: Team, path: str, params: dict[str, str], field: str
) -> None:
    body = refused(read(team, AUDITOR, path, **params), 422)
    assert field in [e["field"] for e in body["errors"]], body


def test_an_unknown_record_is_not_found(team: Team) -> None:
    unknown = review_id("2025-Q1", "nobody")
    refused(read(team, AUDITOR, f"/audit/records/{unknown}"), 404)
    refused(read(team, AUDITOR, record=unknown.hex), 404)


def test_the_audit_view_rebuilt_equals_the_live_one(team: Team) -> None:
    c = team.api.c
    c.runner.catch_up()
    shadow = build_views(c.views.audit.view, prefix="shadow_")
    ViewRunner(c.app, [shadow.audit], batch_size=7).rebuild()
    assert shadow.audit.dump() == c.views.audit.dump()
    assert len(shadow.audit.dump()["audit_events"]) == c.ledger.head()


def test_pages_concatenate_to_the_full_list_and_stay_stable_as_events_are_appended(
    team: Team,
) -> None:
    every = items(team)
    assert [e["position"] for e in every] == list(range(1, team.api.c.ledger.head() + 1))
    pages, after = [], 0
    while True:
        page = team.ok(read(team, AUDITOR, limit=9, after=after))
        pages += page["items"]
        if page["next"] is None:
            break
        after = page["next"]
        if len(pages) == 18:  # new events land while the auditor pages through
            team.ok(
                team.post(
                    team.review(OTHER, "self-assessment"),
                    OTHER,
                    {"marks": marks(even(6), what="I"), "rating": "3.5"},
                )
            )
    now = items(team)
    assert len(now) > len(every)
    assert now[: len(every)] == every
    assert pages == now
    assert len({e["position"] for e in pages}) == len(pages)
