"""Where a reader lands: ``/`` and ``/ui/`` send each role to the page they come for."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import Response

from api.bootstrap import Container
from api.deps import ContainerDep
from api.web.render import page, teams_overseen
from api.web.session import Reader
from domain.organisation import Role
from services.commands import Actor

router = APIRouter(include_in_schema=False)


@router.get("/")
def root() -> Response:
    return RedirectResponse("/ui/", status_code=307)


@router.get("/ui")
def ui_root() -> Response:
    return RedirectResponse("/ui/", status_code=307)


@router.get("/ui/", response_class=HTMLResponse)
def home(request: Request, reader: Reader, c: ContainerDep) -> Response:
    """A rep to their trajectory, a manager or HRBP to their team, an auditor to the audit;
    anyone else to an index of what they may open."""
    landing = landing_of(c, reader)
    if landing is not None:
        return RedirectResponse(landing, status_code=303)
    return page(request, c, "home.html", reader, teams=teams_overseen(c, reader))


def landing_of(c: Container, reader: Actor) -> str | None:
    if Role.REP in reader.roles:
        return f"/ui/people/{reader.person_id}"
    if reader.roles & {Role.MANAGER, Role.HRBP}:
        teams = teams_overseen(c, reader)
        return f"/ui/teams/{teams[0][0]}" if teams else None
    if Role.AUDITOR in reader.roles:
        return "/ui/audit"
    return None


@router.get("/ui/me")
def my_trajectory(reader: Reader) -> Response:
    return RedirectResponse(f"/ui/people/{reader.person_id}", status_code=303)
