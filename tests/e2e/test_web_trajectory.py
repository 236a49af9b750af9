"""The trajectory page on each store: the month the API recorded, drawn in charts and
tables; who may not see it, and what bad input and unknown people answer."""

from __future__ import annotations

from tests.e2e.conftest import Api
from tests.e2e.web_support import caught_up, chart, ids_in, signed_in, signed_out, view
from tests.e2e.web_world import MONTH, month_of_work

CHARTS = {
    "trajectory-chart-process",
    "trajectory-chart-shares",
    "trajectory-chart-indices",
    "trajectory-chart-results",
    "trajectory-chart-forecast",
    "trajectory-chart-values",
    "trajectory-chart-placement",
    "trajectory-chart-ramp",
}


def test_the_manager_sees_the_reps_month_in_charts_and_tables(api: Api) -> None:
    month_of_work(api)
    caught_up(api)
    signed_in(api, "mgr-li")
    page = view(api, "/ui/people/rep-wang")
    assert ids_in(page) >= CHARTS
    assert {"trajectory-periods", "trajectory-cycles", "trajectory-awards"} <= ids_in(page)
    assert "Wang Fang" in page
    process = chart(page, "trajectory-chart-process")
    assert process["labels"][-1] == MONTH
    coaching = next(d for d in process["datasets"] if d["label"] == "Coaching received")
    assert coaching["data"][-1] == 1
    results = chart(page, "trajectory-chart-results")
    deals = next(d for d in results["datasets"] if d["label"] == "Deals signed")
    cash = next(d for d in results["datasets"] if d["label"] == "Cash received")
    assert (deals["data"][-1], cash["data"][-1]) == (1, 4000.0)
    # The period's cash: 4,000 of 20,000, formatted on the server for English.
    assert "4,000" in page
    assert "20,000" in page
    assert "20.0%" in page


def test_a_rep_sees_their_own_trajectory_and_not_a_colleagues(api: Api) -> None:
    month_of_work(api)
    caught_up(api)
    signed_in(api, "rep-wang")
    assert "trajectory-chart-indices" in ids_in(view(api, "/ui/people/rep-wang"))
    me = api.client.get("/ui/me", follow_redirects=False)
    assert me.headers["location"] == "/ui/people/rep-wang"
    signed_in(api, "rep-chen")
    refused = view(api, "/ui/people/rep-wang", 403)
    assert "You may not see this page" in refused
    assert "trajectory-chart-process" not in refused
    assert "4,000" not in refused


def test_no_sign_in_goes_to_the_sign_in_page(api: Api) -> None:
    signed_out(api)
    response = api.client.get("/ui/people/rep-wang", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/ui/sign-in?next=/ui/people/rep-wang"


def test_unknown_people_and_bad_months_answer_html_naming_the_problem(api: Api) -> None:
    signed_in(api, "audit-sun")
    assert "nobody" in view(api, "/ui/people/nobody", 404)
    bad = view(api, "/ui/people/rep-wang?from=2024-13", 422)
    assert 'data-field="from"' in bad
    backwards = view(api, "/ui/people/rep-wang?from=2025-06&to=2025-01", 422)
    assert 'data-field="from"' in backwards
