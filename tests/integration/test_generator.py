"""The history generator on real stores: it writes, it repeats, the views read it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from api.bootstrap import Container, build
from api.generator import GeneratedSummary, generate
from domain.errors import StateConflict
from tests.conftest import postgres_settings, sqlite_settings

BIN = Path(sys.executable).parent / "perfledger"


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Container, GeneratedSummary]]:
    """One generation per store, shared by the tests that read it (it takes seconds)."""
    if request.param == "sqlite":
        settings = sqlite_settings(tmp_path_factory.mktemp("gen"), seed_demo=False)
    else:
        settings = postgres_settings(request.getfixturevalue("pg_url"), seed_demo=False)
    c = build(settings)
    try:
        summary = generate(c.app, reps=12, years=2)
        c.runner.catch_up()
        yield c, summary
    finally:
        c.close()


def count(c: Container, view: str, sql: str) -> int:
    rows = getattr(c.views, view).select(sql)
    return int(rows[0]["n"])


def test_every_event_is_in_the_log(generated: tuple[Container, GeneratedSummary]) -> None:
    c, summary = generated
    assert summary.events == c.ledger.head() == sum(summary.kinds.values())
    assert summary.months == 24
    assert summary.events > 20_000


def test_visits_show_plans_reviews_late_reviews_and_cancellations(
    generated: tuple[Container, GeneratedSummary],
) -> None:
    c, _ = generated
    visits = "SELECT count(*) AS n FROM {visits} WHERE "
    assert count(c, "visits", visits + "unplanned = 1") > 0
    assert count(c, "visits", visits + "planned_before = 1 AND unplanned = 0") > 0
    assert count(c, "visits", visits + "review_late = 1") > 0
    assert count(c, "visits", visits + "status = 'cancelled'") > 0
    assert count(c, "visits", visits + "ride_along_by IS NOT NULL") > 0


def test_deals_recorded_after_their_month_closed_are_late_adjustments(
    generated: tuple[Container, GeneratedSummary],
) -> None:
    c, summary = generated
    late = (
        "SELECT count(DISTINCT f.deal_id) AS n FROM {target_facts} f "
        "JOIN {target_closes} p ON p.period_key = substr(f.on_day, 1, 7) "
        "WHERE f.position > p.close_position"
    )
    assert summary.late_deals > 0
    assert count(c, "targets", late) == summary.late_deals
    assert count(c, "deals", "SELECT count(*) AS n FROM {deals} WHERE received_minor > 0") > 0


def test_reviews_are_final_and_some_assessments_amended(
    generated: tuple[Container, GeneratedSummary],
) -> None:
    c, summary = generated
    rows = c.views.reviews.select("SELECT step, amendments, placement FROM {review_rows}")
    assert rows
    assert {r["step"] for r in rows} == {"final"}
    assert all(r["placement"] for r in rows)
    assert sum(r["amendments"] for r in rows) == summary.amendments > 0


def test_people_join_move_and_leave(generated: tuple[Container, GeneratedSummary]) -> None:
    c, _ = generated
    kinds = c.views.directory.select(
        "SELECT kind, count(*) AS n FROM {directory_history} GROUP BY kind"
    )
    found = {r["kind"]: r["n"] for r in kinds}
    assert found["joined"] > 12
    assert found["moved"] > 0
    assert found["left"] > 0


def _history(c: Container) -> list[Any]:
    notifications = c.app.recorder.select_notifications(start=1, limit=1_000_000)
    return [c.app.mapper.to_domain_event(n) for n in notifications]


def _same(summary: GeneratedSummary) -> dict[str, Any]:
    return {k: v for k, v in asdict(summary).items() if k != "seconds"}


def test_a_seed_gives_the_same_history_and_another_seed_another(tmp_path: Path) -> None:
    runs = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        c = build(sqlite_settings(tmp_path / name, seed_demo=False, mode="development"))
        try:
            runs.append((_same(generate(c.app, reps=4, years=1, seed=seed)), _history(c)))
        finally:
            c.close()
    (first, history), (again, repeated), (other, different) = runs
    assert first == again
    assert history == repeated
    assert first != other
    assert history != different


def test_generate_refuses_a_store_that_holds_an_organisation(container: Container) -> None:
    generate(container.app, reps=2, years=1)
    head = container.ledger.head()
    with pytest.raises(StateConflict):
        generate(container.app, reps=2, years=1)
    assert container.ledger.head() == head


def test_the_command_line_refuses_a_second_run(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PERFLEDGER_")}
    env["PERFLEDGER_DATABASE_URL"] = f"sqlite:///{tmp_path}/cli.db"
    command = [str(BIN), "demo", "generate", "--reps", "2", "--years", "1"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert "events/s" in first.stdout
    assert second.returncode != 0
    assert "already holds an organisation" in second.stdout


@pytest.mark.parametrize(
    "until",
    [
        # The last day is 27 November (Shanghai): its eve at 23:59, and 00:01 on the 28th.
        datetime(2026, 11, 26, 15, 59, tzinfo=UTC),
        datetime(2026, 11, 27, 16, 1, tzinfo=UTC),
    ],
)
def test_a_stop_outside_the_last_day_is_refused_before_anything_is_written(
    container: Container, until: datetime
) -> None:
    with pytest.raises(ValueError, match="until"):
        generate(container.app, reps=1, years=1, end=date(2026, 11, 28), until=until)
    assert container.ledger.head() == 0
