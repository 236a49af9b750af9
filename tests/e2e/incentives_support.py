"""Builders for the incentives tests: programmes, a kickoff, and a month of visits and deals.

The demo organisation: team hz-1 (lead mgr-li; rep-wang, rep-chen), team hz-2 (lead
mgr-zhang; rep-zhao), dir-ma above both leads, hrbp-liu partnering both teams.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from services.settings import Settings
from tests.e2e.clocked import clocked_api
from tests.e2e.conftest import Api
from tests.e2e.process import ok, register_customers
from tests.targets_support import SettableClock

PERIOD = "2025-03"
ORGANISER = "dir-ma"


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(datetime(2025, 2, 26, 9, 0, tzinfo=UTC))


@pytest.fixture
def api(settings: Settings, clock: SettableClock) -> Iterator[Api]:
    with clocked_api(settings, clock) as api:
        yield api


def threshold_award(**extra: Any) -> dict[str, Any]:
    """小蜜蜂 for everyone in either team who makes five visits or more in the month."""
    return {
        "period": PERIOD,
        "name": "March little bees",
        "measure": "visits",
        "rule": {"kind": "threshold", "threshold": "5"},
        "eligible": {"teams": ["hz-1", "hz-2"]},
        "award_code": "little-bee",
    } | extra


def team_pk(**extra: Any) -> dict[str, Any]:
    """Team hz-1 against team hz-2 on the amount signed; the stakes are not money."""
    return {
        "period": PERIOD,
        "name": "Hangzhou PK: hz-1 vs hz-2",
        "level": "team",
        "form": "pk_competition",
        "measure": "signed_amount:CNY",
        "rule": {"kind": "best_in_group"},
        "eligible": {"groups": [{"name": "hz-1 vs hz-2", "members": ["hz-1", "hz-2"]}]},
        "award_code": "pk-champion",
        "reward": "the losing team serves tea at the winners' celebration",
    } | extra


def most_improved(**extra: Any) -> dict[str, Any]:
    """小马达 for the one who improved most on their own last three months of visits."""
    return {
        "period": PERIOD,
        "name": "March little motor",
        "measure": "visits",
        "rule": {"kind": "most_improved", "count": 1, "lookback": 3},
        "eligible": {"teams": ["hz-1", "hz-2"]},
        "award_code": "little-motor",
    } | extra


def draft(api: Api, body: dict[str, Any], person: str = ORGANISER) -> str:
    return str(ok(api.post("/programmes", person, body), 201)["id"])


def kickoff(api: Api, ids: list[str], held_at: str, person: str = ORGANISER) -> httpx.Response:
    body = {"period": PERIOD, "programme_ids": ids, "occurred_at": held_at}
    return api.post("/kickoffs", person, body)


def log_visits(api: Api, rep: str, day: date, count: int, customer: str = "c-1") -> int:
    """``count`` visits without a plan on one day (11:00 in Shanghai); the log position."""
    at = datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC)
    entry = {
        "customer_id": customer,
        "met": "the owner",
        "outcome": "talked it through",
        "next_step": "call back",
    }
    visits = [entry | {"happened_at": at.replace(minute=i).isoformat()} for i in range(count)]
    body = {"day": day.isoformat(), "visits": visits}
    return int(ok(api.post("/visit-days", rep, body), 201)["position"])


def sign(api: Api, rep: str, amount: str, on: date, customer: str = "c-2") -> int:
    body = {
        "customer_id": customer,
        "kind": "new",
        "amount": amount,
        "currency": "CNY",
        "signed_on": on.isoformat(),
        "why_signed": "the trial showed the saving",
    }
    return int(ok(api.post("/deals", rep, body), 201)["position"])


# Visits per month: December to February are each rep's own past, March the contest.
HISTORY = {
    "rep-wang": {"2024-12": 1, "2025-01": 1, "2025-02": 1, "2025-03": 5},
    "rep-chen": {"2025-02": 4, "2025-03": 5},
    "rep-zhao": {"2025-01": 1, "2025-02": 1, "2025-03": 2},
}


def months_of_visits(api: Api) -> int:
    """The visits of HISTORY, each month's on its 10th; the last log position."""
    register_customers(api)
    position = 0
    for rep, months in HISTORY.items():
        for month, count in months.items():
            year, number = (int(p) for p in month.split("-"))
            position = log_visits(api, rep, date(year, number, 10), count)
    return position


# --- bodies for the tests on a shared app (no clock to move) -----------------------------


def hz1_terms(**extra: Any) -> dict[str, Any]:
    """A programme's terms: 小蜜蜂 for anyone in hz-1 with a visit."""
    return {
        "name": "hz-1 bees",
        "measure": "visits",
        "rule": {"kind": "threshold", "threshold": "1"},
        "eligible": {"teams": ["hz-1"]},
        "award_code": "little-bee",
    } | extra


def fill(body: Any, ids: dict[str, str]) -> Any:
    """The body with the ids put in for their ``{names}``."""
    if isinstance(body, str):
        return body.format(**ids)
    if isinstance(body, dict):
        return {k: fill(v, ids) for k, v in body.items()}
    if isinstance(body, list):
        return [fill(v, ids) for v in body]
    return body
