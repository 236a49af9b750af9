"""The demo organisation the development server starts with: years of generated history up
to this moment, the views built from it, and tokens for people who really work there."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import Container, build
from api.demo_history import DemoHistory, seed_demo_history
from api.demo_logins import DemoPeople, demo_people, demo_tokens, token_for
from api.generator import GeneratedSummary
from api.generator.calendar import local_day
from domain.periods import PeriodKey
from services.clock import utc_now
from tests.conftest import sqlite_settings

# Several years, few reps: the shape of the default demo in seconds rather than a minute.
HISTORY = DemoHistory(reps=6, years=3)


@dataclass
class Seeded:
    c: Container
    client: TestClient
    summary: GeneratedSummary
    now: datetime
    path: Path

    @property
    def today(self) -> date:
        return local_day(self.now)

    def people(self) -> DemoPeople:
        return demo_people(self.c.policy.organisation(), self.today)

    def get(self, path: str, person: str, **params: Any) -> Any:
        token = token_for(self.c, person)
        response = self.client.get(
            path, headers={"Authorization": f"Bearer {token}"}, params=params
        )
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    path = tmp_path_factory.mktemp("demo")
    c = build(sqlite_settings(path, seed_demo=False))
    try:
        now = utc_now()
        summary = seed_demo_history(c, HISTORY, now)
        assert summary is not None
        with TestClient(create_app(container=c)) as client:
            yield Seeded(c, client, summary, now, path)
    finally:
        c.close()


def _events(c: Container) -> list[Any]:
    notifications = c.app.recorder.select_notifications(start=1, limit=10_000_000)
    return [c.app.mapper.to_domain_event(n) for n in notifications]


def test_the_first_start_writes_years_of_history_up_to_today_and_builds_every_view(
    seeded: Seeded,
) -> None:
    head = seeded.c.ledger.head()
    assert seeded.summary.events == head > 10_000
    assert seeded.summary.months >= 12 * HISTORY.years
    assert seeded.summary.end == seeded.today
    assert {view.tracking_name: view.position() for view in seeded.c.views.all()} == {
        view.tracking_name: head for view in seeded.c.views.all()
    }


def test_no_event_is_recorded_or_happens_after_the_moment_it_was_seeded(seeded: Seeded) -> None:
    events = _events(seeded.c)
    assert max(e.timestamp for e in events) <= seeded.now
    assert max(e.occurred_at for e in events) <= seeded.now
    # The last day is lived up to the moment, not skipped: it was recorded today (Shanghai),
    # unless the seed ran before the organisation's first action of a day.
    assert local_day(max(e.timestamp for e in events)) >= date.fromordinal(
        seeded.today.toordinal() - 1
    )


def test_this_month_and_quarter_are_open_and_months_before_last_closed(seeded: Seeded) -> None:
    periods = seeded.get("/periods", seeded.people().rep)
    open_keys = {p["period_key"] for p in periods if p["closed_at"] is None}
    month, quarter = PeriodKey.containing(seeded.today)[:2]
    assert {month.key, quarter.key} <= open_keys
    # Last month closes on this month's third working day; every month before it is closed,
    # the first, part-simulated one too.
    last_month = PeriodKey.containing(month.starts_on - timedelta(days=1))[0]
    months = [p for p in periods if p["kind"] == "month"]
    earlier = [p for p in months if p["ends_on"] <= last_month.starts_on.isoformat()]
    assert len(earlier) >= 12 * HISTORY.years - 1
    assert all(p["closed_at"] is not None for p in earlier)


def test_the_demo_rep_has_years_of_trajectory_and_an_approved_target_this_month(
    seeded: Seeded,
) -> None:
    rep, month = seeded.people().rep, PeriodKey.containing(seeded.today)[0].key
    trajectory = seeded.get(f"/people/{rep}/trajectory", rep)
    assert len(trajectory["months"]) > 12 * HISTORY.years
    assert trajectory["last_month"] == month
    targets = seeded.get(f"/people/{rep}/targets", rep, limit=100)["items"]
    assert [t["status"] for t in targets if t["period_key"] == month] == ["approved"]


def test_the_team_has_visits_planned_ahead(seeded: Seeded) -> None:
    rows = seeded.c.views.visits.select(
        "SELECT count(*) AS n FROM {visits} WHERE planned_on >= %s AND status = 'planned'",
        [seeded.today.isoformat()],
    )
    assert rows[0]["n"] > 0


def test_the_tokens_name_people_employed_today_in_those_roles(seeded: Seeded) -> None:
    org, today, people = seeded.c.policy.organisation(), seeded.today, seeded.people()
    tokens = demo_tokens(seeded.c)
    claims = {label: jwt.decode(t, options={"verify_signature": False}) for label, _, t in tokens}
    assert {label: claim["sub"] for label, claim in claims.items()} == dict(people.logins())
    for label, claim in claims.items():
        assert org.is_employed_on(claim["sub"], today)
        assert label in claim["roles"]
        assert sorted(org.person(claim["sub"]).roles) == claim["roles"]


def test_the_manager_and_hrbp_named_are_the_reps_today(seeded: Seeded) -> None:
    org, today, people = seeded.c.policy.organisation(), seeded.today, seeded.people()
    assert org.manager_on(people.rep, today) == people.manager
    assert org.manager_on(people.other_rep, today) == people.manager
    assert people.other_rep != people.rep
    assert any(w.contains(today) for w in org.windows_partnered(people.hrbp, people.rep))


def test_the_rep_named_has_served_longest_of_the_reps_in_a_team(seeded: Seeded) -> None:
    org, today, rep = seeded.c.policy.organisation(), seeded.today, seeded.people().rep
    placed = [p for pid, p in org.people.items() if "rep" in p.roles and org.manager_on(pid, today)]
    assert org.person(rep).tenure.joined_on == min(p.tenure.joined_on for p in placed)
    assert org.person(rep).tenure.joined_on.year <= today.year - HISTORY.years


def test_a_second_start_seeds_nothing_and_names_the_same_people(seeded: Seeded) -> None:
    head = seeded.c.ledger.head()
    again = build(sqlite_settings(seeded.path, seed_demo=False))
    try:
        assert seed_demo_history(again, HISTORY, utc_now()) is None
        assert again.ledger.head() == head
        assert [(label, pid) for label, pid, _ in demo_tokens(again)] == [
            (label, pid) for label, pid, _ in demo_tokens(seeded.c)
        ]
    finally:
        again.close()


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2025, 12, 31, 16, 30, tzinfo=UTC),  # 00:30 on New Year's day in Shanghai
        datetime(2028, 2, 29, 7, 0, tzinfo=UTC),  # a leap day, mid-afternoon there
        datetime(2026, 10, 4, 2, 0, tzinfo=UTC),  # the National Day week: nobody works
    ],
)
def test_a_history_ending_at_any_moment_has_nothing_after_it_and_its_periods_open(
    tmp_path: Path, moment: datetime
) -> None:
    c = build(sqlite_settings(tmp_path, seed_demo=False))
    try:
        assert seed_demo_history(c, DemoHistory(reps=3, years=1), moment) is not None
        events = _events(c)
        assert max(e.timestamp for e in events) <= moment
        assert max(e.occurred_at for e in events) <= moment
        rows = c.views.periods.list()
        open_keys = {r["period_key"] for r in rows if r["closed_at"] is None}
        month, quarter = PeriodKey.containing(local_day(moment))[:2]
        assert {month.key, quarter.key} <= open_keys
    finally:
        c.close()
