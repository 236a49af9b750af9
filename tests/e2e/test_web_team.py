"""The team overview on each store: members with their indices and this period's plan,
the visit plan waiting for the manager, leaderboards; and who may not open it."""

from __future__ import annotations

import re

from tests.e2e.conftest import Api
from tests.e2e.web_support import caught_up, chart, ids_in, signed_in, signed_out, view
from tests.e2e.web_world import MONTH, PURPOSE, month_of_work


def test_the_manager_sees_each_member_the_queue_and_the_boards(api: Api) -> None:
    month_of_work(api)
    caught_up(api)
    signed_in(api, "mgr-li")
    page = view(api, "/ui/teams/hz-1")
    rows = re.findall(r'data-testid="team-member-row" data-person="([^"]+)"', page)
    assert {"rep-wang", "rep-chen"} <= set(rows)
    assert "rep-zhao" not in rows  # the other team's rep
    assert "mgr-li" not in rows  # the manager sits in the team but is not one of its reps
    spark = chart(page, "team-chart-rep-wang")
    assert len(spark["labels"]) <= 12
    assert spark["labels"][-1] == MONTH
    # Plan against actual: Wang's cash 4,000 of 20,000 this month.
    assert "4,000 / 20,000" in page
    # The plan Wang made today waits for Li's review, with its purpose.
    assert PURPOSE in page
    assert {"queue-visit", "leaderboard", "team-rollup", "queue-reviews"} <= ids_in(page)
    visits = re.search(r'data-measure="visits">(.*?)</ol>', page, re.DOTALL)
    assert visits
    assert 'data-person="rep-wang"' in visits.group(1)
    assert "rep-wang</a> · 2 ★" in visits.group(1)


def test_the_hrbp_lands_on_a_partnered_team(api: Api) -> None:
    caught_up(api)
    signed_in(api, "hrbp-liu")
    landing = api.client.get("/ui/", follow_redirects=False)
    assert landing.headers["location"] == "/ui/teams/hz-1"
    assert "team-overview" in ids_in(view(api, "/ui/teams/hz-2"))


def test_another_teams_rep_gets_403_and_no_sign_in_redirects(api: Api) -> None:
    month_of_work(api)
    caught_up(api)
    signed_in(api, "rep-zhao")
    refused = view(api, "/ui/teams/hz-1", 403)
    assert PURPOSE not in refused
    assert "team-member-row" not in refused
    signed_in(api, "mgr-zhang")
    view(api, "/ui/teams/hz-1", 403)
    signed_out(api)
    response = api.client.get("/ui/teams/hz-1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/ui/sign-in")


def test_an_unknown_team_is_404(api: Api) -> None:
    signed_in(api, "audit-sun")
    view(api, "/ui/teams/hz-404", 404)
