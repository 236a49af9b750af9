"""A person's trajectory, a team's and a region's, through HTTP on each store: what the
process and the results recorded this month show, late facts marked, and who may look."""

from __future__ import annotations

from typing import Any

import pytest

from services.policy import EVERYTHING
from tests.e2e.conftest import Api
from tests.e2e.month_of_work import MONTH, TODAY, month_of_work
from tests.e2e.process import log, ok, plan, problem, register_customers, sign
from tests.trajectory_fold import events_of, fold, of_person, trajectory_figures


def _month_of_work(api: Api) -> int:
    """Wang's month (tests.e2e.month_of_work); then the month closes and a second deal
    comes in late."""
    visits = month_of_work(api, "10000")
    ok(api.post(f"/periods/{MONTH}/close", "admin"))
    sign(api, "rep-wang", "c-2", "2500", visits[1:])
    return api.c.ledger.head()


def _trajectory(api: Api, viewer: str, position: int, **params: Any) -> dict[str, Any]:
    path = "/people/rep-wang/trajectory"
    return ok(api.get(path, viewer, min_position=position, **params))


def test_the_month_shows_process_results_and_the_late_deal_beside_the_close(api: Api) -> None:
    position = _month_of_work(api)
    found = _trajectory(api, "mgr-li", position, **{"from": MONTH})
    month = found["months"][-1]
    assert month["month"] == MONTH
    assert (month["visits_logged"], month["visits_planned"], month["visits_reviewed"]) == (2, 2, 1)
    assert (month["planned_share"], month["reviewed_share"]) == ("1.0000", "0.5000")
    assert month["coaching_received"] == 1
    # The late deal counts now, and is marked: at close the month had one deal.
    assert (month["deals_now"], month["deals_at_close"], month["late_deals"]) == (2, 1, 1)
    assert month["late"] is True
    [cny] = month["money"]
    assert (cny["signed_now"], cny["signed_at_close"]) == ("12500.00", "10000.00")
    assert (cny["cash_now"], cny["cash_at_close"]) == ("4000.00", "4000.00")
    [period] = found["periods"]
    cash = next(m for m in period["measures"] if m["measure"] == "cash")
    assert (cash["actual_now"], cash["actual_at_close"]) == ("4000.00", "4000.00")
    customers = next(m for m in period["measures"] if m["measure"] == "new_customers")
    assert (customers["attainment_now"], customers["attainment_at_close"]) == ("1.0000", "0.5000")
    assert period["late"] is True
    # Result: cash 0.2 and customers 1.0 (capped): 60; at close 35.
    assert (period["result_index"], period["result_index_at_close"]) == ("60.0000", "35.0000")
    assert month["result_index"] == "60.0000"
    assert month["process_index"] is not None
    assert found["series"]["months"] == [MONTH]


def test_a_new_rep_is_compared_with_everyone_elses_same_tenure_month(api: Api) -> None:
    """Five reps join this month and log one to five visits. The three reps who joined in
    2024 lived their first month before the organisation recorded anything (its records
    begin this month): unknown, not zero, so they are not in the cohort. For the one with a
    single visit, the others' month 0 is 2, 3, 4, 5: the median is 3.5 (with the three
    unrecorded months taken as zeros it would have been 2)."""
    register_customers(api, "c-1")
    first_day = TODAY.replace(day=1)
    for n in range(1, 6):
        rep = f"rep-new{n}"
        hire = {
            "person_id": rep,
            "name": f"New Rep {n}",
            "roles": ["rep"],
            "joined_on": str(first_day),
            "team_id": "hz-1",
            "manager_id": "mgr-li",
        }
        ok(api.post("/people", "admin", hire), 201)
        for _ in range(n):
            log(api, rep, plan(api, rep, "c-1"))
    path = "/people/rep-new1/trajectory"
    found = ok(api.get(path, "mgr-li", min_position=api.c.ledger.head()))
    [row] = found["ramp"]
    assert (row["tenure_month"], row["month"], row["cohort"]) == (0, MONTH, 4)
    assert row["visits_logged"] == 1
    assert row["visits_logged_median_of_others"] == "3.5000"
    assert row["deals_signed_median_of_others"] == "0.0000"


def test_team_and_region_trajectories_count_the_team_of_the_day(api: Api) -> None:
    position = _month_of_work(api)
    team = ok(api.get("/teams/hz-1/trajectory", "mgr-li", min_position=position))
    assert team["months"][-1]["month"] == MONTH
    assert team["months"][-1]["visits_logged"] == 2
    assert team["months"][-1]["deals_now"] == 2
    other = ok(api.get("/teams/hz-2/trajectory", "mgr-zhang", min_position=position))
    assert other["months"][-1]["visits_logged"] == 0
    region = ok(api.get("/regions/east/trajectory", "dir-ma", min_position=position))
    assert region["months"][-1]["visits_logged"] == 2


@pytest.mark.parametrize(
    ("viewer", "path"),
    [
        ("rep-chen", "/people/rep-wang/trajectory"),
        ("mgr-zhang", "/people/rep-wang/trajectory"),
        ("mgr-zhang", "/teams/hz-1/trajectory"),
        ("rep-zhao", "/teams/hz-1/trajectory"),
        ("mgr-li", "/regions/east/trajectory"),
        ("rep-wang", "/regions/east/trajectory"),
        ("admin", "/teams/hz-1/trajectory"),
    ],
)
def test_those_who_may_not_see_get_403(api: Api, viewer: str, path: str) -> None:
    problem(api.get(path, viewer), 403)


def test_unknown_and_bad_input_are_named(api: Api) -> None:
    problem(api.get("/people/nobody/trajectory", "audit-sun"), 404)
    problem(api.get("/regions/nowhere/trajectory", "dir-ma"), 404)
    problem(api.get("/people/rep-wang/trajectory", "rep-wang", **{"from": "2025-13"}), 422, "from")
    problem(
        api.get("/people/rep-wang/trajectory", "rep-wang", **{"from": "2025-05", "to": "2025-01"}),
        422,
        "from",
    )
    problem(api.get("/teams/hz-1/trajectory", "mgr-li", to="May"), 422, "to")
    problem(api.get("/people/rep-wang/trajectory", None), 401)


def test_the_trajectory_equals_a_straightforward_fold_of_the_log(api: Api) -> None:
    position = _month_of_work(api)
    api.c.runner.catch_up()
    trajectory = api.c.trajectories.person("rep-wang", EVERYTHING, TODAY)
    assert trajectory is not None
    months = {m["month"] for m in trajectory["months"]}
    expected = of_person(fold(events_of(api.c.app)), "rep-wang", months)
    assert expected["counts"][MONTH]["visits_logged"] == 2
    assert of_person(trajectory_figures(trajectory), "rep-wang", months) == expected
    assert position == api.c.ledger.head()
