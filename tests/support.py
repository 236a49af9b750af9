"""Small builders shared by tests."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper

from domain.organisation import Organisation
from domain.values import Stamp
from projections.tables import MemoryRows, Rows
from projections.view import Handler
from services.commands import Actor, Command
from services.privacy.cipher import PersonalCipher
from services.transcoding import LedgerTranscoder

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
START = date(2024, 1, 1)


def stamp(by: str = "admin") -> Stamp:
    return Stamp.of(by, NOW, None)


def actor(person_id: str, *roles: str) -> Actor:
    return Actor(person_id=person_id, roles=frozenset(roles or ("rep",)))


def command(person_id: str, *roles: str, key: str | None = None) -> Command:
    return Command(actor=actor(person_id, *roles))


ADMIN = command("admin", "admin")


def small_org() -> Organisation:
    """A director over two managers, each with reps; an HRBP partnering team t1."""
    org = Organisation.found(stamp(), "Acme", "Asia/Shanghai")
    org.open_region(stamp(), "east", "East")
    org.form_team(stamp(), "t1", "Team 1", "east")
    org.form_team(stamp(), "t2", "Team 2", "east")
    org.hire(stamp(), "dir", "Director", ["manager"], START, None, None)
    org.hire(stamp(), "m1", "Manager One", ["manager"], START, "t1", "dir")
    org.hire(stamp(), "m2", "Manager Two", ["manager"], START, "t2", "dir")
    org.hire(stamp(), "r1", "Rep One", ["rep"], START, "t1", "m1")
    org.hire(stamp(), "r2", "Rep Two", ["rep"], START, "t1", "m1")
    org.hire(stamp(), "r3", "Rep Three", ["rep"], START, "t2", "m2")
    org.hire(stamp(), "h1", "HRBP", ["hrbp"], START, None, None)
    org.assign_hrbp(stamp(), "t1", "h1", START)
    org.appoint_team_lead(stamp(), "t1", "m1", START)
    return org


# Events as a view receives them: stored (texts sealed) and read back.
CIPHER = PersonalCipher.in_memory()
MAPPER: Mapper[UUID] = Mapper(transcoder=LedgerTranscoder(CIPHER))


def as_stored(events: Sequence[Any], mapper: Mapper[UUID] = MAPPER) -> list[Any]:
    """The events through the store and back, as the view runner hands them to views
    (with a real store's ``app.mapper`` where its views will open the texts)."""
    return [mapper.to_domain_event(mapper.to_stored_event(e)) for e in events]


def fold(handlers: Mapping[type, Handler], events: Sequence[Any], cuts: Sequence[int]) -> Any:
    """A view's tables after applying the events in batches cut at ``cuts``."""
    source = MemoryRows()
    bounds = [0, *sorted(set(cuts)), len(events)]
    position = 0
    for start, end in itertools.pairwise(bounds):
        rows = Rows(source)
        for event in events[start:end]:
            position += 1
            rows.position = position
            handlers[type(event)](event, rows)
        rows.flush()
    return source.tables
