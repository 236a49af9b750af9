"""A generated organisation's history, on each store: the trajectory read equals an
independent fold of the log for sampled people, teams count the team of the day, and
every view rebuilt from scratch equals the live one row by row."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from random import Random
from typing import Any

from api.bootstrap import Container
from api.generator.run import GeneratedSummary, generate
from domain.organisation import Organisation
from domain.visits import Visit
from projections.registry import build_views
from projections.runner import ViewRunner
from services.policy import EVERYTHING
from tests.trajectory_fold import events_of, fold, of_person, trajectory_figures

REPS, YEARS, SEED = 14, 2, 20261128


def _generated(container: Container) -> GeneratedSummary:
    summary = generate(container.app, reps=REPS, years=YEARS, seed=SEED, batch=997)
    # Live: the runner applies the log in its own batches, as it would while serving.
    container.runner.catch_up()
    return summary


def _sample(container: Container, count: int) -> list[str]:
    reps = sorted(r["person_id"] for r in container.views.trajectories.reps())
    return Random(SEED).sample(reps, count)


def test_trajectories_equal_a_straightforward_fold_of_the_log(container: Container) -> None:
    summary = _generated(container)
    folded = fold(events_of(container.app))
    checked = 0
    for person_id in _sample(container, 6):
        trajectory = container.trajectories.person(person_id, EVERYTHING, summary.end)
        assert trajectory is not None
        months = {m["month"] for m in trajectory["months"]}
        expected = of_person(folded, person_id, months)
        assert of_person(trajectory_figures(trajectory), person_id, months) == expected
        checked += sum(c.get("visits_logged", 0) for c in expected["counts"].values())
    assert checked > 100, "the sample logged visits"
    assert summary.late_deals > 0
    assert summary.amendments > 0


def _team_visits(events: list[Any]) -> dict[tuple[str, str], int]:
    """Visits per team and month, each counted for the team its rep sat in on the visit's
    day as the organisation's record stood when the visit was recorded."""
    placements: dict[str, list[tuple[date, str | None]]] = {}
    found: dict[tuple[str, str], int] = defaultdict(int)
    for e in events:
        if isinstance(e, Organisation.PersonJoined):
            placements[e.person_id] = [(e.joined_on, e.team_id)]
        elif isinstance(e, Organisation.PersonMoved):
            placements[e.person_id] = sorted(
                [*placements[e.person_id], (e.effective_on, e.team_id)], key=lambda p: p[0]
            )
        elif isinstance(e, Visit.Happened | Visit.HappenedUnplanned):
            teams = [t for on, t in placements.get(e.owner_id, []) if on <= e.happened_on]
            if teams and teams[-1] is not None:
                found[(teams[-1], e.happened_on.strftime("%Y-%m"))] += 1
    return dict(found)


def test_teams_count_each_visit_for_the_team_of_its_day(container: Container) -> None:
    summary = _generated(container)
    events = events_of(container.app)
    moves = [e for e in events if isinstance(e, Organisation.PersonMoved)]
    assert moves, "the generated history moves people between teams"
    expected = _team_visits(events)
    teams = sorted({team for team, _ in expected})
    first = min(month for _, month in expected)
    last = summary.end.strftime("%Y-%m")
    shown: dict[tuple[str, str], int] = {}
    for team in teams:
        found = container.trajectories.group("team", team, EVERYTHING, first, last)
        shown |= {(team, m["month"]): m["visits_logged"] for m in found["months"]}
    assert {k: v for k, v in shown.items() if v} == expected


def test_every_view_rebuilt_from_scratch_equals_the_live_one(container: Container) -> None:
    _generated(container)
    shadow = build_views(container.views.directory.view, prefix="rb_")
    ViewRunner(container.app, shadow.all(), batch_size=4099).rebuild()
    for live, rebuilt in zip(container.views.all(), shadow.all(), strict=True):
        assert rebuilt.position() == live.position(), live.name
        assert rebuilt.dump() == live.dump(), live.name
