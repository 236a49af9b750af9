"""The FastAPI application: routers, problem responses, the view runner's life."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import problems, web
from api.bootstrap import Container, build
from api.limits import BodyLimit
from api.routers import (
    audit,
    awards,
    coaching,
    customers,
    cycles,
    deals,
    forecasts,
    incentives,
    ledger,
    organisation,
    periods,
    privacy,
    retrospectives,
    review_config,
    reviews,
    system,
    target_rules,
    targets,
    trajectories,
    visits,
)
from services.settings import Settings

ROUTERS = (
    system.router,
    organisation.router,
    periods.router,
    review_config.router,
    cycles.router,
    reviews.router,
    target_rules.router,
    targets.router,
    forecasts.router,
    customers.router,
    visits.router,
    deals.router,
    coaching.router,
    retrospectives.router,
    ledger.router,
    incentives.router,
    awards.router,
    privacy.router,
    trajectories.router,
    audit.router,
)


def create_app(settings: Settings | None = None, container: Container | None = None) -> FastAPI:
    """The API over a container; the container is built here unless a test brings one."""
    settings = settings or (container.settings if container else Settings())
    owned = container is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        c = app.state.container
        if settings.run_projections and owned:
            c.start_workers()
        try:
            yield
        finally:
            if owned:
                c.close()

    app = FastAPI(
        title="perfledger",
        version="0.1.0",
        description="Sales performance and values evaluation as an immutable event log.",
        lifespan=lifespan,
    )
    app.state.container = container or build(settings)
    problems.install(app, pages={web.PREFIX: web.problem_page})
    for router in ROUTERS:
        app.include_router(router)
    web.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    return app
