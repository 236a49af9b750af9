"""Targets, forecasts and rules through HTTP: bad input, who may do and read what, teams.

Every refusal is a problem response naming what is wrong, and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.targets import Subject
from services.settings import Settings
from tests.e2e.clocked import clocked_api
from tests.e2e.conftest import Api
from tests.e2e.test_targets_seed_example import ok, problem, strategy
from tests.support import command
from tests.targets_support import SettableClock, seed_strategy


@dataclass
class Prepared:
    """March open, February closed; rep-wang's March target approved, rep-chen's submitted."""

    api: Api
    wang: str
    chen: str


@pytest.fixture
def prepared(settings: Settings) -> Iterator[Prepared]:
    with clocked_api(settings, SettableClock()) as api:
        c, admin = api.c, command("admin", "admin")
        for key in ("2025-02", "2025-03"):
            c.periods.open(admin, key)
        c.periods.close(admin, "2025-02")
        ids = {}
        for person in ("rep-wang", "rep-chen"):
            subject = Subject.of("person", person)
            drafted = c.targets.draft(command(person), subject, "2025-03", seed_strategy())
            ids[person] = UUID(drafted.id)
            c.targets.submit(command(person), ids[person])
        c.targets.approve(command("mgr-li", "manager"), ids["rep-wang"])
        assert c.runner.wait(c.ledger.head(), c.views.names(), timeout=30)
        yield Prepared(api, str(ids["rep-wang"]), str(ids["rep-chen"]))


def lines(*extra: dict[str, Any]) -> dict[str, Any]:
    return strategy("6320000", 140, "0.5") | {"lines": list(extra)}


def money(amount: str, currency: str = "CNY") -> dict[str, str]:
    return {"amount": amount, "currency": currency}


ZHAO = {"subject_id": "rep-zhao", "period": "2025-03"}
WANG, CHEN = "{wang}", "{chen}"
EVENTS = {"kind": "events", "count": 4, "leads_per_event": 50, "average": money("40000")}
FORECAST = {"period": "2025-03", "figures": [{"measure": "cash", "amount": "1", "currency": "CNY"}]}
WEEK = {"week_start": "2025-03-03", "visits": 10, "events": 0, "reason": "fair"}

# (case, person, path, body, status, the field named or a phrase of the detail)
BAD: list[tuple[str, str, str, Any, int, str]] = [
    (
        "negative count",
        "rep-zhao",
        "/targets",
        ZHAO | lines({"kind": "new_signings", "count": -1, "average": money("1")}),
        422,
        "lines.0.new_signings.count",
    ),
    (
        "zero count",
        "rep-zhao",
        "/targets",
        ZHAO | lines({"kind": "renewals", "count": 0, "average": money("1")}),
        422,
        "lines.0.renewals.count",
    ),
    (
        "fractional count",
        "rep-zhao",
        "/targets",
        ZHAO | lines(EVENTS | {"count": 2.5, "conversion_rate": "0.5"}),
        422,
        "lines.0.events.count",
    ),
    (
        "conversion above 1",
        "rep-zhao",
        "/targets",
        ZHAO | lines(EVENTS | {"conversion_rate": "1.5"}),
        422,
        "lines.0.events.conversion_rate",
    ),
    (
        "negative conversion",
        "rep-zhao",
        "/targets",
        ZHAO | lines(EVENTS | {"conversion_rate": "-0.2"}),
        422,
        "lines.0.events.conversion_rate",
    ),
    (
        "currency mismatch",
        "rep-zhao",
        "/targets",
        ZHAO
        | lines(
            {"kind": "new_signings", "count": 1, "average": money("5")},
            {"kind": "renewals", "count": 1, "average": money("5", "USD")},
        ),
        422,
        "lines.1.average.currency",
    ),
    (
        "closed period",
        "rep-zhao",
        "/targets",
        ZHAO | {"period": "2025-02"} | strategy("6320000", 140, "0.5"),
        409,
        "period 2025-02 is closed",
    ),
    (
        "period not configured",
        "rep-zhao",
        "/targets",
        ZHAO | {"period": "2025-05"} | strategy("6320000", 140, "0.5"),
        404,
        "period 2025-05 not found",
    ),
    (
        "unknown measure",
        "rep-zhao",
        "/targets",
        ZHAO | {"figures": [{"measure": "visits", "amount": "3"}], "lines": []},
        422,
        "figures.0.measure",
    ),
    (
        "count with a currency",
        "rep-zhao",
        "/targets",
        ZHAO | {"figures": [{"measure": "renewals", "amount": "3", "currency": "CNY"}]},
        422,
        "figures.0.currency",
    ),
    (
        "money with three places",
        "rep-zhao",
        "/targets",
        ZHAO | {"figures": [{"measure": "cash", "amount": "3.001", "currency": "CNY"}]},
        422,
        "figures.0.amount",
    ),
    (
        "unknown field",
        "rep-zhao",
        "/targets",
        ZHAO | strategy("6320000", 140, "0.5") | {"bonus": 1},
        422,
        "bonus",
    ),
    (
        "someone else's target",
        "rep-chen",
        "/targets",
        ZHAO | strategy("6320000", 140, "0.5"),
        403,
        "only rep-zhao",
    ),
    (
        "a second target for the period",
        "rep-wang",
        "/targets",
        {"subject_id": "rep-wang", "period": "2025-03"} | strategy("6320000", 140, "0.5"),
        409,
        "already has a target",
    ),
    (
        "approval by another team's manager",
        "mgr-zhang",
        f"/targets/{CHEN}/approve",
        None,
        403,
        "was not rep-chen's manager",
    ),
    (
        "approval by the manager's manager",
        "dir-ma",
        f"/targets/{CHEN}/approve",
        None,
        403,
        "was not rep-chen's manager",
    ),
    ("approval by an auditor", "audit-sun", f"/targets/{CHEN}/approve", None, 403, "auditors"),
    (
        "resubmitting an approved target",
        "rep-wang",
        f"/targets/{WANG}/submit",
        None,
        409,
        "already approved",
    ),
    ("sent back without a reason", "mgr-li", f"/targets/{CHEN}/send-back", {}, 422, "reason"),
    (
        "sent back with a blank reason",
        "mgr-li",
        f"/targets/{CHEN}/send-back",
        {"reason": ""},
        422,
        "reason",
    ),
    (
        "revising a version that waits for the manager",
        "rep-chen",
        f"/targets/{CHEN}/revisions",
        strategy("6320000", 140, "0.5") | {"reason": "again"},
        409,
        "waits for the manager",
    ),
    (
        "the manager adjusting the rep's plan",
        "mgr-li",
        f"/targets/{WANG}/plan/adjustments",
        WEEK,
        403,
        "only rep-wang",
    ),
    (
        "a plan week that is not a Monday",
        "rep-wang",
        f"/targets/{WANG}/plan/adjustments",
        WEEK | {"week_start": "2025-03-04"},
        422,
        "week_start",
    ),
    (
        "negative planned visits",
        "rep-wang",
        f"/targets/{WANG}/plan/adjustments",
        WEEK | {"visits": -1},
        422,
        "visits",
    ),
    (
        "a plan before approval",
        "rep-chen",
        f"/targets/{CHEN}/plan/adjustments",
        WEEK,
        409,
        "no approved version",
    ),
    (
        "an unknown target",
        "rep-wang",
        "/targets/00000000-0000-0000-0000-000000000000/submit",
        None,
        404,
        "target",
    ),
    ("a malformed target id", "rep-wang", "/targets/nope/submit", None, 422, "target_id"),
    (
        "a forecast of zero",
        "rep-wang",
        "/people/rep-wang/forecasts",
        FORECAST | {"figures": [{"measure": "cash", "amount": "0", "currency": "CNY"}]},
        422,
        "figures.0.amount",
    ),
    (
        "a forecast by another rep",
        "rep-chen",
        "/people/rep-wang/forecasts",
        FORECAST,
        403,
        "was not rep-wang's manager",
    ),
    (
        "a forecast by the manager's manager",
        "dir-ma",
        "/people/rep-wang/forecasts",
        FORECAST,
        403,
        "was not rep-wang's manager",
    ),
    (
        "a forecast for a closed period",
        "rep-wang",
        "/people/rep-wang/forecasts",
        FORECAST | {"period": "2025-02"},
        409,
        "closed",
    ),
    (
        "a forecast for an unknown person",
        "mgr-li",
        "/people/nobody/forecasts",
        FORECAST,
        404,
        "person nobody",
    ),
    (
        "rules changed by a manager",
        "mgr-li",
        "/target-rules",
        {"accuracy_band": "0.2"},
        403,
        "admin",
    ),
    (
        "a band above 100 %",
        "admin",
        "/target-rules",
        {"accuracy_band": "1.5"},
        422,
        "accuracy_band",
    ),
    (
        "a measure defined twice",
        "admin",
        "/measures",
        {"code": "cash", "name": "Cash", "basis": "cash"},
        409,
        "already defined",
    ),
    (
        "a measure with an unknown basis",
        "admin",
        "/measures",
        {"code": "calls", "name": "Calls", "basis": "calls"},
        422,
        "basis",
    ),
]


def test_bad_input_is_a_problem_naming_it_and_writes_nothing(
    prepared: Prepared, subtests: pytest.Subtests
) -> None:
    """Each case on the same prepared record: none of them may write a thing."""
    api = prepared.api
    for case, person, path, body, status, named in BAD:
        with subtests.test(case):
            head = api.c.ledger.head()
            response = api.post(path.format(wang=prepared.wang, chen=prepared.chen), person, body)
            found = problem(response, status)
            fields = [e["field"] for e in found.get("errors", [])]
            assert named in fields or named in str(found["detail"]), (case, found)
            assert api.c.ledger.head() == head, case


def test_malformed_json_is_a_400_and_writes_nothing(prepared: Prepared) -> None:
    head = prepared.api.c.ledger.head()
    problem(prepared.api.post_raw("/targets", "rep-zhao", b'{"subject_id": '), 400)
    assert prepared.api.c.ledger.head() == head


# --- reads by whom ------------------------------------------------------------------

READS = [
    ("/targets/{wang}", {"rep-wang": 200, "mgr-li": 200, "dir-ma": 200, "hrbp-liu": 200}),
    ("/targets/{wang}", {"audit-sun": 200, "rep-chen": 403, "mgr-zhang": 403, "admin": 403}),
    ("/targets/{wang}/plan", {"rep-wang": 200, "audit-sun": 200, "rep-chen": 403}),
    ("/people/rep-wang/targets", {"mgr-li": 200, "rep-zhao": 403, "admin": 403}),
    ("/people/rep-wang/results/2025-03", {"hrbp-liu": 200, "rep-chen": 403, "mgr-zhang": 403}),
    ("/people/rep-wang/forecasts/2025-03", {"audit-sun": 200, "rep-chen": 403, "admin": 403}),
    ("/teams/hz-1/targets", {"mgr-li": 200, "hrbp-liu": 200, "rep-zhao": 403, "mgr-zhang": 403}),
    ("/teams/hz-1/rollup/2025-03", {"dir-ma": 200, "rep-chen": 200, "rep-zhao": 403}),
    ("/target-rules", {"rep-zhao": 200, "admin": 200}),
]


@pytest.mark.parametrize(("path", "expected"), READS)
def test_who_reads_what(prepared: Prepared, path: str, expected: dict[str, int]) -> None:
    url = path.format(wang=prepared.wang)
    for person, status in expected.items():
        response = prepared.api.get(url, person)
        assert response.status_code == status, (person, url, response.text)


def test_a_manager_reads_a_report_only_for_the_periods_they_managed(prepared: Prepared) -> None:
    """rep-wang moves to mgr-zhang from April: mgr-li keeps March, mgr-zhang gets April."""
    api = prepared.api
    admin = command("admin", "admin")
    api.c.periods.open(admin, "2025-04")
    api.c.organisation.move(admin, "rep-wang", date(2025, 4, 1), "hz-2", "mgr-zhang")
    april = ok(
        api.post(
            "/targets",
            "rep-wang",
            {"subject_id": "rep-wang", "period": "2025-04"} | strategy("6320000", 140, "0.5"),
        ),
        201,
    )
    march = f"/targets/{prepared.wang}"
    assert api.get(march, "mgr-li", min_position=april["position"]).status_code == 200
    assert api.get(march, "mgr-zhang").status_code == 403
    assert api.get(f"/targets/{april['id']}", "mgr-zhang").status_code == 200
    assert api.get(f"/targets/{april['id']}", "mgr-li").status_code == 403
    listed = ok(api.get("/people/rep-wang/targets", "mgr-li"))["items"]
    assert [t["period_key"] for t in listed] == ["2025-03"]
    listed = ok(api.get("/people/rep-wang/targets", "rep-wang"))["items"]
    assert [t["period_key"] for t in listed] == ["2025-03", "2025-04"]


# --- a team's target and its roll-up ---------------------------------------------------


def test_a_team_target_beside_its_members_targets(prepared: Prepared) -> None:
    api = prepared.api
    team = {"subject_kind": "team", "subject_id": "hz-1", "period": "2025-03"}
    body = (
        team
        | strategy("8000000", 140, "0.5")
        | {"lines": [{"kind": "new_signings", "count": 100, "average": money("80000")}]}
    )
    problem(api.post("/targets", "rep-wang", body), 403)  # only the team's lead sets it
    target = ok(
        api.post(
            "/targets",
            "mgr-li",
            body | {"figures": [{"measure": "cash", "amount": "8000000", "currency": "CNY"}]},
        ),
        201,
    )["id"]
    ok(api.post(f"/targets/{target}/submit", "mgr-li"))
    problem(api.post(f"/targets/{target}/approve", "mgr-li"), 403)  # not their own
    approved = ok(api.post(f"/targets/{target}/approve", "dir-ma"))  # the lead's manager

    rollup = ok(api.get("/teams/hz-1/rollup/2025-03", "mgr-li", min_position=approved["position"]))
    assert rollup["team_status"] == "approved"
    assert [m["person_id"] for m in rollup["members"]] == ["mgr-li", "rep-chen", "rep-wang"]
    assert rollup["gaps"] == [
        {
            "measure": "cash",
            "currency": "CNY",
            "team_target": "8000000.00",
            "members_total": "6320000.00",  # rep-wang approved; rep-chen only submitted
            "gap": "1680000.00",
        },
        {
            "measure": "new_customers",
            "currency": None,
            "team_target": None,
            "members_total": "140",
            "gap": None,
        },
        {
            "measure": "renewals",
            "currency": None,
            "team_target": None,
            "members_total": "80",
            "gap": None,
        },
    ]
    seen_by_chen = ok(api.get("/teams/hz-1/rollup/2025-03", "rep-chen"))
    figures = {m["person_id"]: m["figures"] for m in seen_by_chen["members"]}
    assert figures["rep-wang"] is None  # a peer's own figures stay hidden
    assert figures["rep-chen"] == []  # submitted, not approved: nothing in force
    assert seen_by_chen["gaps"] == rollup["gaps"]
    team_history = ok(api.get("/teams/hz-1/targets", "hrbp-liu"))["items"]
    assert [(t["subject_id"], t["status"]) for t in team_history] == [("hz-1", "approved")]


# --- configuration and plan changes -------------------------------------------------------


def test_an_admin_configures_measures_and_rules_that_targets_then_follow(
    prepared: Prepared,
) -> None:
    api = prepared.api
    measure = {"code": "signed", "name": "Signed amount", "basis": "signed_amount"}
    ok(api.post("/measures", "admin", measure), 201)
    ok(api.post("/target-rules", "admin", {"tolerance": "0.05", "visits_per_deal": "3"}))
    rules = ok(api.get("/target-rules", "rep-zhao"))
    assert (rules["tolerance"], rules["visits_per_deal"], rules["accuracy_band"]) == (
        "0.05",
        "3",
        "0.10",
    )
    assert rules["measures"][-1] == measure | {"unit": "money"}

    # 1,000,000 signed, backed by lines of 960,000: within 5 %, refused at the old 1 %.
    body = ZHAO | {
        "figures": [{"measure": "signed", "amount": "1000000", "currency": "CNY"}],
        "lines": [{"kind": "new_signings", "count": 24, "average": money("40000")}],
    }
    target = ok(api.post("/targets", "rep-zhao", body), 201)["id"]
    ok(api.post(f"/targets/{target}/submit", "rep-zhao"))
    approved = ok(api.post(f"/targets/{target}/approve", "mgr-zhang"))
    history = ok(api.get(f"/targets/{target}", "rep-zhao", min_position=approved["position"]))
    assert history["versions"][0]["tolerance"] == "0.05"
    plan = ok(api.get(f"/targets/{target}/plan", "rep-zhao"))
    assert sum(w["planned_visits"] for w in plan["weeks"]) == 72  # 24 deals x 3 visits

    adjusted = ok(api.post(f"/targets/{target}/plan/adjustments", "rep-zhao", WEEK))
    plan = ok(api.get(f"/targets/{target}/plan", "mgr-zhang", min_position=adjusted["position"]))
    assert plan["weeks"][1]["planned_visits"] == 10
    assert plan["adjustments"][0]["reason"] == "fair"
    results = ok(api.get("/people/rep-zhao/results/2025-03", "rep-zhao"))
    signed = next(m for m in results["measures"] if m["measure"] == "signed")
    assert (signed["target"], signed["actual_now"], signed["attainment_now"]) == (
        "1000000.00",
        "0.00",
        "0.0000",
    )


def test_a_stale_if_match_and_a_replayed_key_write_nothing(prepared: Prepared) -> None:
    api = prepared.api
    current = ok(api.get(f"/targets/{prepared.chen}", "mgr-li"))
    head = api.c.ledger.head()
    stale = api.post(f"/targets/{prepared.chen}/approve", "mgr-li", None, If_Match="1")
    assert "version 1" in str(problem(stale, 412)["detail"])
    assert api.c.ledger.head() == head
    assert current["status"] == "submitted"

    first = ok(
        api.post("/people/rep-wang/forecasts", "rep-wang", FORECAST, Idempotency_Key="f-1"), 201
    )
    again = ok(
        api.post("/people/rep-wang/forecasts", "rep-wang", FORECAST, Idempotency_Key="f-1"), 201
    )
    assert again == first
    assert api.c.ledger.head() == head + 2  # the series begun, and one submission
    report = ok(
        api.get("/people/rep-wang/forecasts/2025-03", "rep-wang", min_position=first["position"])
    )
    assert len(report["submissions"]) == 1
