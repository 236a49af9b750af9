"""A month of incentives through HTTP, on each store (the issue's "Done when").

A kickoff announces an individual threshold award, a team PK and a most-improved
award; the month's visits and deals arrive through their APIs; at close the winners
follow from the rules and the figures; a nomination is confirmed by the HRBP; each
person's award history shows what they received; a second close changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.e2e.conftest import Api
from tests.e2e.incentives_support import (
    ORGANISER,
    PERIOD,
    api,
    clock,
    draft,
    kickoff,
    months_of_visits,
    most_improved,
    sign,
    team_pk,
    threshold_award,
)
from tests.e2e.process import ok
from tests.targets_support import SettableClock

__all__ = ["api", "clock"]


def _decision(api: Api, programme_id: str, position: int) -> dict[str, Any]:
    found = ok(api.get(f"/programmes/{programme_id}", "audit-sun", min_position=position))
    assert found["status"] == "decided"
    decision: dict[str, Any] = found["decision"]
    return decision


def _figures(decision: dict[str, Any]) -> dict[str, tuple[str | None, bool]]:
    return {s["subject_id"]: (s["value"], s["won"]) for s in decision["standings"]}


def _awards(api: Api, person: str, viewer: str, position: int) -> list[tuple[str, str | None]]:
    page = ok(api.get(f"/people/{person}/awards", viewer, min_position=position))
    return sorted((a["award_code"], a["via_team"]) for a in page["items"])


def _announce_the_month(api: Api, clock: SettableClock) -> list[str]:
    ok(api.post("/periods", "admin", {"key": PERIOD}), 201)
    ids = [draft(api, threshold_award()), draft(api, team_pk()), draft(api, most_improved())]
    clock.set(date(2025, 3, 3))
    held = ok(kickoff(api, ids, "2025-03-03T01:30:00+00:00"), 201)
    assert sorted(held["ids"]) == sorted(ids)
    return ids


def _the_month_happens(api: Api, clock: SettableClock) -> int:
    clock.set(date(2025, 3, 28))
    months_of_visits(api)
    sign(api, "rep-wang", "100000", date(2025, 3, 12))
    sign(api, "rep-chen", "80000", date(2025, 3, 14))
    return sign(api, "rep-zhao", "150000", date(2025, 3, 20))


def _nominate_and_confirm(api: Api) -> int:
    citation = "closed the Ningbo account after three ride-alongs nobody believed in"
    body = {
        "nominee_id": "rep-chen",
        "award_code": "little-cannon",
        "period": PERIOD,
        "citation": citation,
    }
    nomination = ok(api.post("/nominations", "mgr-li", body), 201)["id"]
    decision = {"decision": "confirm", "reason": "the account is real and the cases check out"}
    return int(
        ok(api.post(f"/nominations/{nomination}/decision", "hrbp-liu", decision))["position"]
    )


def test_a_months_incentives_from_kickoff_to_awards(api: Api, clock: SettableClock) -> None:
    bees, pk, motor = _announce_the_month(api, clock)
    position = _the_month_happens(api, clock)

    live = ok(api.get(f"/programmes/{pk}/scoreboard", "rep-zhao", min_position=position))
    assert live["final"] is False
    assert [(s["subject_id"], s["value"], s["won"]) for s in live["standings"]] == [
        ("hz-1", "180000.00", True),
        ("hz-2", "150000.00", False),
    ]
    nominated = _nominate_and_confirm(api)

    clock.set(date(2025, 4, 1))
    ok(api.post(f"/periods/{PERIOD}/close", "admin"))
    closed = ok(api.post(f"/incentives/{PERIOD}/close", "admin"))
    assert sorted(closed["ids"]) == sorted([bees, pk, motor])

    threshold = _decision(api, bees, closed["position"])
    assert threshold["winners"] == ["rep-chen", "rep-wang"]
    assert threshold["rule"]["text"] == "everyone with a figure >= 5"
    assert _figures(threshold) == {
        "rep-wang": ("5", True),
        "rep-chen": ("5", True),
        "rep-zhao": ("2", False),  # the teams' managers coach; they are not contestants
    }
    team = _decision(api, pk, closed["position"])
    assert team["winners"] == ["hz-1"]
    assert team["members"] == [{"name": "hz-1", "members": ["mgr-li", "rep-chen", "rep-wang"]}]
    improved = _decision(api, motor, closed["position"])
    assert improved["winners"] == ["rep-wang"]
    wang = next(s for s in improved["standings"] if s["subject_id"] == "rep-wang")
    assert (wang["baseline"], wang["score"], wang["rank"]) == ("1.0000", "4.0000", 1)
    chen = next(s for s in improved["standings"] if s["subject_id"] == "rep-chen")
    assert (chen["baseline"], chen["score"], chen["won"]) == ("1.3333", "3.6667", False)

    seen = max(closed["position"], nominated)
    assert _awards(api, "rep-wang", "rep-wang", seen) == [
        ("little-bee", None),
        ("little-motor", None),
        ("pk-champion", "hz-1"),
    ]
    assert _awards(api, "rep-chen", "mgr-li", seen) == [
        ("little-bee", None),
        ("little-cannon", None),
        ("pk-champion", "hz-1"),
    ]
    assert _awards(api, "rep-zhao", "hrbp-liu", seen) == []
    hz1 = ok(api.get("/teams/hz-1/awards", "rep-chen", min_position=seen))["items"]
    assert [(a["award_code"], a["figure"]) for a in hz1] == [("pk-champion", "180000.00")]

    # Closing again decides nothing and writes nothing.
    head = api.c.ledger.head()
    again = ok(api.post(f"/incentives/{PERIOD}/close", "admin"))
    assert (again["ids"], again["position"], api.c.ledger.head()) == ([], head, head)
    assert _decision(api, bees, head) == threshold

    history = ok(api.get(f"/programmes/{pk}", "rep-zhao"))
    assert [c["kind"] for c in history["changes"]] == ["drafted", "announced", "decided"]
    assert history["kickoff_at"] == "2025-03-03T01:30:00.000000Z"
    assert history["organiser_id"] == ORGANISER
