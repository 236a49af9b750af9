"""The dashboard pages (``/ui/...``): server-drawn HTML over the API's own reads and policy."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web import audit, home, reviews, signin, team, trajectory
from api.web.errors import problem_page

STATIC = Path(__file__).parent / "static"
ROUTERS = (home.router, signin.router, trajectory.router, team.router, reviews.router, audit.router)
# Problems under this prefix are pages, not problem+json.
PREFIX = "/ui"
__all__ = ["PREFIX", "install", "problem_page"]


def install(app: FastAPI) -> None:
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/ui/static", StaticFiles(directory=STATIC), name="ui-static")
