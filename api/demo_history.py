"""The demo organisation the development server starts with: years of generated history
up to this moment, its views built, so the first look shows trajectories over years and
this month open, with live targets and queues."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from api.bootstrap import Container
from api.generator import DEFAULT_SEED, GeneratedSummary, generate
from api.generator import Progress as SimulationProgress
from api.generator.calendar import local_day
from projections.runner import Progress as RebuildProgress


@dataclass(frozen=True)
class DemoHistory:
    """How big a demo organisation to generate, and from which seed."""

    reps: int
    years: int
    seed: int = DEFAULT_SEED


@dataclass(frozen=True)
class SeedProgress:
    """Where each phase reports: the days simulated, then the views built."""

    simulating: SimulationProgress | None = None
    building_views: RebuildProgress | None = None


def seed_demo_history(
    c: Container, history: DemoHistory, now: datetime, progress: SeedProgress | None = None
) -> GeneratedSummary | None:
    """Unless the store holds an organisation: generate ``history`` ending at ``now`` (the
    generator's working days are Shanghai's, as the organisation's are), then rebuild every
    view from the first event. None when there was an organisation: nothing is written."""
    if c.organisation.is_founded():
        return None
    progress = progress or SeedProgress()
    summary = generate(
        c.app,
        reps=history.reps,
        years=history.years,
        seed=history.seed,
        progress=progress.simulating,
        end=local_day(now) + timedelta(days=1),
        until=now,
    )
    c.runner.rebuild(progress=progress.building_views)
    return summary
