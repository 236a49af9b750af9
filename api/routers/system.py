"""Health and identity: what any caller needs before anything else."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import ContainerDep, CurrentActor
from api.problems import PROBLEM_RESPONSES

router = APIRouter(tags=["system"], responses=PROBLEM_RESPONSES)


class Health(BaseModel):
    status: str
    head: int
    views: dict[str, int]


class Me(BaseModel):
    person_id: str
    roles: list[str]


@router.get("/health")
def health(c: ContainerDep) -> Health:
    """Unauthenticated: the log head and how far each view has applied it."""
    positions = c.views.directory.view.positions()
    return Health(
        status="ok",
        head=c.ledger.head(),
        views={name: positions.get(name, 0) for name in c.views.names()},
    )


@router.get("/me")
def me(actor: CurrentActor) -> Me:
    return Me(person_id=actor.person_id, roles=sorted(actor.roles))
