"""Records of the generated organisation the page tests open: a review with an amendment on
the manager's team, the team's latest calibration, the rep's latest review."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from api.bootstrap import Container
from api.demo_logins import DemoPeople, token_for

AMENDED = (
    "SELECT cycle_id, person_id FROM {review_rows} WHERE amendments > 0 AND manager_id = %s "
    "AND person_id <> %s ORDER BY as_of DESC, person_id"
)
REVIEWS_OF = "SELECT cycle_id FROM {review_rows} WHERE person_id = %s ORDER BY as_of DESC"
REASON = "The case for the highest mark was not the rep's own (checked by the browser tests)."


@dataclass(frozen=True)
class ReviewRef:
    cycle_id: str
    person_id: str

    @property
    def path(self) -> str:
        return f"/ui/cycles/{self.cycle_id}/reviews/{self.person_id}"


def amended_review(c: Container, people: DemoPeople, base_url: str) -> ReviewRef:
    """A review of someone the manager leads whose assessment was amended. The generator
    amends a few in a hundred; on a day its two years hold none, the HRBP amends the rep's
    latest review here, through the API, as the generator would."""
    for row in c.views.reviews.select(AMENDED, [people.manager, people.manager]):
        today = c.views.directory.person(row["person_id"]) or {}
        if today.get("manager_id") == people.manager and today.get("left_on") is None:
            return ReviewRef(row["cycle_id"], row["person_id"])
    return _amend(c, people, base_url, latest_review(c, people.rep))


def latest_review(c: Container, person_id: str) -> ReviewRef:
    rows = c.views.reviews.select(REVIEWS_OF, [person_id])
    assert rows, f"the generated history holds no review of {person_id}"
    return ReviewRef(rows[0]["cycle_id"], person_id)


def _amend(c: Container, people: DemoPeople, base_url: str, review: ReviewRef) -> ReviewRef:
    headers = {"Authorization": f"Bearer {token_for(c, people.hrbp)}"}
    api = f"{base_url}/cycles/{review.cycle_id}/reviews/{review.person_id}"
    scores = httpx.get(api, headers=headers).raise_for_status().json()["manager_assessment"]
    value = next(s["value"] for s in scores["scores"] if s["score"] > 0)
    body = {"marks": [], "rescored": [value], "reason": REASON}
    written = httpx.post(f"{api}/amendments", json=body, headers=headers).raise_for_status()
    # Other tests read views that must hold the amendment before they look.
    assert c.runner.wait(written.json()["position"], list(c.runner.views), 10)
    return review


def latest_calibration(c: Container, team_id: str) -> tuple[str, str]:
    """(cycle, group) of the team's latest calibration, for the board's query string."""
    for cycle in reversed(c.views.reviews.cycles()):
        if f"team:{team_id}" in c.views.reviews.calibrations(cycle["cycle_id"]):
            return cycle["cycle_id"], team_id
    raise AssertionError(f"the generated history has no calibration of {team_id}")
