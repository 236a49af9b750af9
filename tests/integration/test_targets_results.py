"""Targets on real SQLite files and real PostgreSQL: results, plans, forecasts, rebuilds."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from api.bootstrap import Container
from api.demo import seed_demo
from domain.targets import Subject
from projections.targets.accuracy import forecast_report
from projections.targets.plan_report import plan_report
from projections.targets.results import PeriodState, person_results_report
from services.commands import Accepted
from services.errors import ConcurrentChange
from services.settings import Settings
from services.target_rules import RuleChanges
from services.targets import TargetService
from tests.integration.test_store import BarrierLedger
from tests.support import command
from tests.targets_support import (
    SettableClock,
    cancel,
    cash,
    clocked_container,
    seed_strategy,
    sign_deal,
    signed_and_paid,
)

ADMIN = command("admin", "admin")
REP, MANAGER = command("rep-wang"), command("mgr-li", "manager")


@dataclass
class World:
    c: Container
    clock: SettableClock

    def at(self, day: date) -> World:
        self.clock.set(day)
        return self

    def approved_target(self, period: str, cash_figure: int = 6_320_000) -> UUID:
        subject = Subject.of("person", "rep-wang")
        target = UUID(self.c.targets.draft(REP, subject, period, seed_strategy(cash_figure)).id)
        self.c.targets.submit(REP, target)
        self.c.targets.approve(MANAGER, target)
        return target

    def seen(self) -> Any:
        self.c.runner.catch_up()
        return self.c.views.targets


@pytest.fixture
def world(settings: Settings) -> Iterator[World]:
    clock = SettableClock()
    with clocked_container(settings, clock) as c:
        seed_demo(c)
        for key in ("2025-01", "2025-02", "2025-03", "2025-Q1"):
            c.periods.open(ADMIN, key)
        yield World(c, clock)


def measures(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["measure"]: m for m in report["measures"]}


def test_facts_recorded_after_close_are_late_adjustments(world: World) -> None:
    ledger = world.at(date(2025, 3, 12)).c.ledger
    world.approved_target("2025-03")
    signed_and_paid(ledger, "rep-wang", 100_000, date(2025, 3, 10))
    withdrawn = sign_deal(ledger, "rep-wang", 40_000, date(2025, 3, 12))
    world.at(date(2025, 4, 1)).c.periods.close(ADMIN, "2025-03")
    world.at(date(2025, 4, 3))
    cancel(ledger, withdrawn, date(2025, 4, 3))  # the customer of March was never won
    signed_and_paid(ledger, "rep-wang", 7_000, date(2025, 3, 31))  # a March deal, told late
    view = world.seen()
    report = person_results_report(view, "rep-wang", PeriodState.of(view, "2025-03"))
    new = measures(report)["new_customers"]
    assert (new["actual_at_close"], new["actual_now"], new["late_adjustment"]) == (2, 2, 0)
    cash_now = measures(report)["cash"]
    assert (cash_now["actual_at_close"], cash_now["actual_now"]) == (100_000, 107_000)
    assert [(f["fact"], f["quantity"], f["amount"]) for f in report["late_adjustments"]] == [
        ("cancelled", "new_customers", -1),
        ("cancelled", "signed_amount", -40_000),
        ("signed", "new_customers", 1),
        ("signed", "signed_amount", 7_000),
        ("cash", "cash", 7_000),
    ]
    # The quarter and the year are not closed: for them the figures are simply current.
    quarter = person_results_report(view, "rep-wang", PeriodState.of(view, "2025-Q1"))
    assert quarter["closed"] is False
    assert measures(quarter)["cash"]["actual_now"] == 107_000
    assert measures(quarter)["cash"]["actual_at_close"] is None


def test_a_plan_uses_the_persons_recent_conversion(world: World) -> None:
    """Five new deals behind 20 visits in January: 4 visits a deal; renewals have none."""
    ledger = world.at(date(2025, 1, 31)).c.ledger
    for _ in range(5):
        signed_and_paid(ledger, "rep-wang", 10_000, date(2025, 1, 20), visits=4)
    target = world.at(date(2025, 2, 25)).approved_target("2025-03")
    view = world.seen()
    plan = plan_report(view, view.target(str(target)))
    assert plan["basis"]["new"]["source"] == "history"
    assert plan["basis"]["new"]["visits_per_deal"] == "4"
    assert plan["basis"]["renewal"]["source"] == "default"
    # 140 new x 4 + 80 renewals x 5 = 960 visits over March
    assert sum(w["planned_visits"] for w in plan["weeks"]) == 960

    world.c.targets.adjust_plan(REP, target, date(2025, 3, 3), 300, 2, "the trade fair week")
    plan = plan_report(world.seen(), view.target(str(target)))
    week = plan["weeks"][1]
    assert (week["planned_visits"], week["derived_visits"], week["adjusted_by"]) == (
        300,
        week["derived_visits"],
        "rep-wang",
    )
    assert [(a["visits_before"], a["visits"], a["reason"]) for a in plan["adjustments"]] == [
        (week["derived_visits"], 300, "the trade fair week")
    ]


def test_actual_weeks_show_the_deals_of_each_week(world: World) -> None:
    target = world.at(date(2025, 2, 25)).approved_target("2025-03")
    ledger = world.at(date(2025, 3, 12)).c.ledger
    signed_and_paid(ledger, "rep-wang", 50_000, date(2025, 3, 11), visits=3)
    signed_and_paid(ledger, "rep-wang", 9_000, date(2025, 3, 12), kind="renewal", visits=1)
    view = world.seen()
    weeks = {w["week_start"]: w for w in plan_report(view, view.target(str(target)))["weeks"]}
    week = weeks["2025-03-10"]
    assert (week["new_customers"], week["renewals"], week["deal_visits"], week["cash"]) == (
        1,
        1,
        4,
        Decimal("59000.00"),
    )
    assert weeks["2025-03-03"]["cash"] == 0


def test_the_cutoff_and_band_in_force_at_close_decide_for_good(world: World) -> None:
    world.at(date(2025, 2, 20)).c.target_rules.change(ADMIN, RuleChanges(forecast_cutoff_days=10))
    for day, amount in ((date(2025, 2, 26), 90_000), (date(2025, 3, 5), 125_000)):
        world.at(day).c.forecasts.submit(REP, "rep-wang", "2025-03", [cash(amount)])
    world.at(date(2025, 3, 20)).c.forecasts.submit(REP, "rep-wang", "2025-03", [cash(200_000)])
    signed_and_paid(world.c.ledger, "rep-wang", 112_500, date(2025, 3, 20))
    world.at(date(2025, 4, 1)).c.periods.close(ADMIN, "2025-03")
    # A later, looser band does not rewrite March's verdict.
    world.c.target_rules.change(ADMIN, RuleChanges(accuracy_band=Decimal("0.5")))
    view = world.seen()
    report = forecast_report(view, "rep-wang", PeriodState.of(view, "2025-03"))
    rep = next(a for a in report["accuracy"] if a["role"] == "rep")
    judged = rep["measures"][0]
    # The 5 March forecast is the last before 11 March: |112,500 - 125,000| / 125,000 = 10 %.
    assert (judged["forecast"], judged["error"], judged["within_band"]) == (
        Decimal("125000.00"),
        Decimal("0.1000"),
        True,
    )
    assert report["accuracy_band"] == "0.10"
    manager = next(a for a in report["accuracy"] if a["role"] == "manager")
    assert manager == {
        "role": "manager",
        "forecast_position": None,
        "forecast_recorded_at": None,
        "measures": [],
    }


def test_a_rebuilt_view_equals_the_live_one(world: World) -> None:
    world.at(date(2025, 2, 25)).approved_target("2025-03")
    ledger = world.at(date(2025, 3, 15)).c.ledger
    signed_and_paid(ledger, "rep-wang", 50_000, date(2025, 3, 11), visits=3)
    world.c.forecasts.submit(MANAGER, "rep-wang", "2025-03", [cash(60_000)])
    world.at(date(2025, 4, 1)).c.periods.close(ADMIN, "2025-03")
    view = world.seen()
    live = view.dump()
    assert live["target_facts"]
    world.c.runner.rebuild(["targets"])
    assert view.dump() == live


def test_two_managers_deciding_at_once_one_wins(world: World) -> None:
    subject = Subject.of("person", "rep-wang")
    target = UUID(world.c.targets.draft(REP, subject, "2025-03", seed_strategy()).id)
    world.c.targets.submit(REP, target)
    c = world.c
    racing = TargetService(BarrierLedger(c.ledger, 2), c.policy, c.periods, c.target_rules)
    results: list[Accepted | Exception] = []

    def decide(approve: bool) -> None:
        try:
            if approve:
                results.append(racing.approve(MANAGER, target))
            else:
                results.append(racing.send_back(MANAGER, target, "no"))
        except Exception as e:
            results.append(e)

    threads = [threading.Thread(target=decide, args=(flag,)) for flag in (True, False)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(type(r).__name__ for r in results) == ["Accepted", "ConcurrentChange"]
    assert any(isinstance(r, ConcurrentChange) for r in results)
