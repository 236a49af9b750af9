"""The review page and the calibration board on each store: scores with their cases, the
gap, the amendment beside the original with its reason, receipts; the distribution against
the guidance with its justification; and who may not see them."""

from __future__ import annotations

import re

from tests.e2e.conftest import Api
from tests.e2e.review_support import (
    CYCLE,
    DIRECTOR,
    HRBP,
    MANAGER,
    REPS,
    TEAM,
    build_team,
    marks,
    open_cycle,
    to_calibration,
)
from tests.e2e.web_support import caught_up, ids_in, signed_in, signed_out, view

PERSON = "rep-s1"
REASON = "the third teamwork case was a colleague's work"
JUSTIFICATION = "a record quarter: every rep beat target with planned visits"
REVIEW = f"/ui/cycles/{CYCLE}/reviews/{PERSON}"
BOARD = f"/ui/cycles/{CYCLE}/calibration?kind=team&group_id={TEAM}"


def _amended(api: Api) -> None:
    team = build_team(api)
    open_cycle(team)
    for rep in REPS:
        to_calibration(team, rep, points=18, rating="4")
    amendment = {"marks": marks({"teamwork": 2}, what="checked"), "reason": REASON}
    team.ok(team.post(team.review(PERSON, "amendments"), HRBP, amendment))
    finalise = {"kind": "team", "group_id": TEAM, "justification": JUSTIFICATION}
    team.ok(team.post(f"/cycles/{CYCLE}/calibrations", DIRECTOR, finalise))
    caught_up(api)


def test_the_review_shows_cases_gap_amendment_beside_original_and_receipts(api: Api) -> None:
    _amended(api)
    signed_in(api, HRBP, ["hrbp"])
    page = view(api, REVIEW)
    assert {"self-assessment", "manager-assessment", "review-gap", "review-history"} <= ids_in(page)
    assert "seen: teamwork level 3" in page  # a case of the manager's marks
    amendment = re.search(r'data-testid="amendment">(.*?)</div>', page, re.DOTALL)
    assert amendment is not None
    assert REASON.replace("'", "&#39;") in amendment.group(1)
    original = re.search(r'amendment-original">(\d+)<', amendment.group(1))
    new = re.search(r'amendment-new">(\d+)<', amendment.group(1))
    assert (original and original.group(1), new and new.group(1)) == ("3", "2")
    receipts = re.findall(r'data-testid="receipt"', page)
    assert len(receipts) >= 3  # both sealed assessments and the amendment


def test_the_person_reads_their_review_and_a_colleague_gets_403(api: Api) -> None:
    _amended(api)
    signed_in(api, PERSON, ["rep"])
    assert "review-history" in ids_in(view(api, REVIEW))
    signed_in(api, "rep-s2", ["rep"])
    refused = view(api, REVIEW, 403)
    assert REASON not in refused
    assert "review-history" not in refused
    signed_out(api)
    assert api.client.get(REVIEW, follow_redirects=False).status_code == 303
    signed_in(api, HRBP, ["hrbp"])
    view(api, f"/ui/cycles/no-such-cycle/reviews/{PERSON}", 404)
    bad = view(api, REVIEW + "?as_of=yesterday", 422)
    assert 'data-field="as_of"' in bad


def test_the_board_shows_the_distribution_against_guidance_and_the_justification(
    api: Api,
) -> None:
    _amended(api)
    signed_in(api, DIRECTOR, ["manager"])
    page = view(api, BOARD)
    assert {"calibration-board", "calibration-chart-distribution", "outside-tolerance"} <= ids_in(
        page
    )
    assert JUSTIFICATION in page
    members = re.findall(r'<tr data-person="([^"]+)">', page)
    assert sorted(members) == sorted(REPS)


def test_the_board_refuses_a_rep_and_a_manager_of_another_team(api: Api) -> None:
    _amended(api)
    signed_in(api, PERSON, ["rep"])
    assert JUSTIFICATION not in view(api, BOARD, 403)
    signed_in(api, "mgr-li")
    view(api, BOARD, 403)
    signed_in(api, MANAGER, ["manager"])
    assert "calibration-members" in ids_in(view(api, BOARD))
    view(api, f"/ui/cycles/{CYCLE}/calibration?kind=galaxy&group_id={TEAM}", 422)
