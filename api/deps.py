"""Dependencies every router uses: the container, the actor, command options, reads."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Depends, Header, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.bootstrap import Container
from api.models import IDENT_PATTERN
from domain.errors import InvalidInput
from services.calendar import local_day
from services.commands import Actor, Command, IdempotencyKey
from services.errors import Unauthenticated, ViewBehind
from services.policy import Visibility

_ETAG = re.compile(r'^(?:W/)?"?(\d{1,18})"?$')


def container(request: Request) -> Container:
    c: Container = request.app.state.container
    return c


ContainerDep = Annotated[Container, Depends(container)]
_bearer = HTTPBearer(auto_error=False, description="A JWT naming the person and roles")


def current_actor(
    c: ContainerDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    if credentials is None:
        raise Unauthenticated("send Authorization: Bearer <token>")
    return c.tokens.actor(credentials.credentials)


CurrentActor = Annotated[Actor, Depends(current_actor)]


async def command(
    request: Request,
    actor: CurrentActor,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            max_length=200,
            pattern=r"^[\x21-\x7e]+$",
            description="Replaying the same key and body returns the first result.",
        ),
    ] = None,
    if_match: Annotated[
        str | None,
        Header(alias="If-Match", max_length=40, description="The version the client read."),
    ] = None,
) -> Command:
    """The command context of a POST: its actor, replay key and expected version."""
    key = None
    if idempotency_key is not None:
        key = IdempotencyKey(idempotency_key, await _fingerprint(request))
    return Command(actor=actor, idempotency=key, expected_version=_version(if_match))


Cmd = Annotated[Command, Depends(command)]


async def _fingerprint(request: Request) -> str:
    """The request as the key remembers it: method, path and the body's JSON value."""
    raw = await request.body()
    try:
        canonical = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":"))
    except ValueError:
        canonical = raw.decode("utf-8", "replace")
    material = f"{request.method} {request.url.path}\n{canonical}".encode()
    return hashlib.sha256(material).hexdigest()


def _version(if_match: str | None) -> int | None:
    if if_match is None:
        return None
    found = _ETAG.match(if_match.strip())
    if found is None:
        raise InvalidInput("If-Match", 'must be a version number such as "3"')
    return int(found.group(1))


MinPosition = Annotated[
    int | None,
    Query(ge=0, le=2**62, description="Wait (bounded) until the views reach this log position."),
]
After = Annotated[str | None, Query(max_length=200, description="The `next` of the last page.")]
Limit = Annotated[int, Query(ge=1, le=500)]


def wait_for(c: Container, position: int | None, *views: str) -> None:
    """Read-your-writes: hold the read until the views have applied ``position``."""
    if position is None:
        return
    if position > c.ledger.head():
        raise InvalidInput("min_position", "is beyond the end of the log")
    if not c.runner.wait(position, views, c.settings.read_wait_seconds):
        raise ViewBehind(f"the views have not reached position {position} yet; retry shortly")


def today(c: Container) -> date:
    """Today where the organisation works (its timezone), for as-of-today reads."""
    return local_day(c.ledger.clock(), c.policy.organisation().timezone)


@dataclass(frozen=True)
class PersonRecords:
    """A read of one person's records: the days the caller may see, and which page."""

    person_id: str
    visibility: Visibility
    after: str | None
    limit: int


def person_records(*views: str, default_limit: int = 50) -> Callable[..., PersonRecords]:
    """The dependency of a ``/people/{person_id}/...`` list: the policy decides the days the
    caller may see (403 if none), and the read waits for ``views`` to reach ``min_position``."""

    def read(
        person_id: Annotated[str, Path(pattern=IDENT_PATTERN)],
        actor: CurrentActor,
        c: ContainerDep,
        after: After = None,
        limit: Limit = default_limit,
        min_position: MinPosition = None,
    ) -> PersonRecords:
        visibility = c.policy.require_person(actor, person_id)
        wait_for(c, min_position, *views)
        return PersonRecords(person_id, visibility, after, limit)

    return read
