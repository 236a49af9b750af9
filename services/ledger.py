"""The event store of perfledger and the façade use cases save through.

There is one event-sourced application and so one notification log: the audit
history and the tamper-evident ledger both need a single total order of every
fact, across bounded contexts. Each bounded context is a service class over it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, LRUCache
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, Recording, Transcoder
from eventsourcing.utils import get_topic
from psycopg.conninfo import conninfo_to_dict

from domain.errors import InvalidInput, NotFound
from domain.values import Stamp
from services.append_only import LEDGER_TABLES
from services.clock import Clock
from services.commands import Accepted, Command
from services.errors import PreconditionFailed
from services.privacy.cipher import PersonalCipher
from services.privacy.keys import FileKeyStore, KeyStore
from services.privacy.keys_sql import database_key_store
from services.privacy.master import load_master_key
from services.recorders import (
    IDEMPOTENCY_TABLE,
    IdempotencyRecord,
    PostgresLedgerRecorder,
    SQLiteLedgerRecorder,
)
from services.secret_files import development_path
from services.settings import Backend, Settings
from services.sqlite_store import SizedCacheFactory
from services.transcoding import LedgerTranscoder

A = TypeVar("A", bound=Aggregate)


def ledger_env(settings: Settings) -> dict[str, str]:
    """Library settings for the chosen store; read models live in the same database."""
    cache = {
        "AGGREGATE_CACHE_MAXSIZE": str(settings.aggregate_cache_size),
        "AGGREGATE_CACHE_FASTFORWARD": "y",
        # In production the tables exist (``perfledger db init``) and the role may not create.
        "CREATE_TABLE": "y" if settings.creates_schema else "n",
    }
    if settings.backend is Backend.SQLITE:
        if "mode=memory" not in settings.database_url:
            settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        return cache | {
            "PERSISTENCE_MODULE": get_topic(SizedCacheFactory),
            "SQLITE_DBNAME": str(settings.sqlite_path),
            "SQLITE_CACHE_MIB": str(settings.sqlite_cache_mib),
            "SQLITE_LOCK_TIMEOUT": "30",
            "APPLICATION_RECORDER_TOPIC": get_topic(SQLiteLedgerRecorder),
        }
    dsn = conninfo_to_dict(settings.database_url)
    return cache | {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": str(dsn.get("dbname", "postgres")),
        "POSTGRES_HOST": str(dsn.get("host", "127.0.0.1")),
        "POSTGRES_PORT": str(dsn.get("port", "5432")),
        "POSTGRES_USER": str(dsn.get("user", "postgres")),
        "POSTGRES_PASSWORD": str(dsn.get("password", "")),
        "POSTGRES_SCHEMA": settings.postgres_schema,
        "POSTGRES_POOL_SIZE": str(settings.postgres_pool_size),
        "POSTGRES_MAX_OVERFLOW": str(settings.postgres_max_overflow),
        "POSTGRES_CONNECT_TIMEOUT": "10",
        "POSTGRES_LOCK_TIMEOUT": "10",
        "APPLICATION_RECORDER_TOPIC": get_topic(PostgresLedgerRecorder),
    }


class PerfLedger(Application[UUID]):
    """The event-sourced application: one log of every perfledger fact."""

    name = "PerfLedger"

    def __init__(self, env: dict[str, str], cipher: PersonalCipher) -> None:
        # Our settings decide the store, never stray library variables in the process.
        self.cipher = cipher
        super().__init__(env)
        self.saved_listeners: list[Callable[[int], None]] = []
        cipher.on_destroyed(self.forget_cached)

    def construct_transcoder(self) -> Transcoder:
        return LedgerTranscoder(self.cipher)

    def forget_cached(self, subjects: frozenset[str]) -> None:
        """Cached aggregates hold opened texts: after an erasure, load them afresh."""
        del subjects  # any cached aggregate may hold text about them
        cache = self.repository.cache
        if isinstance(cache, LRUCache):
            self.repository.cache = LRUCache(maxsize=cache.maxsize)

    def save_with(self, *aggregates: Aggregate, **kwargs: Any) -> list[Recording[UUID]]:
        """Save, and forget cached copies of aggregates whose save lost a race."""
        try:
            return self.save(*aggregates, **kwargs)
        except IntegrityError:
            if self.repository.cache is not None:
                for aggregate in aggregates:
                    with contextlib.suppress(KeyError):
                        self.repository.cache.get(aggregate.id, evict=True)
            raise

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        if recordings:
            position = recordings[-1].notification.id
            for listener in self.saved_listeners:
                listener(position)

    @property
    def log_recorder(self) -> SQLiteLedgerRecorder | PostgresLedgerRecorder:
        assert isinstance(self.recorder, SQLiteLedgerRecorder | PostgresLedgerRecorder)
        return self.recorder

    @property
    def event_tables(self) -> tuple[str, ...]:
        """The append-only tables: the events, their idempotency records, the ledger."""
        return (self.log_recorder.events_table_name, IDEMPOTENCY_TABLE, *LEDGER_TABLES)


class Ledger:
    """What a use case needs from the store: load, stamp, commit, replay."""

    def __init__(self, app: PerfLedger, clock: Clock) -> None:
        self.app = app
        self.clock = clock
        self._lock = threading.Lock()

    def stamp(self, cmd: Command) -> Stamp:
        return Stamp.of(cmd.actor.person_id, self.clock(), cmd.occurred_at)

    def load(self, cls: type[A], aggregate_id: UUID, kind: str | None = None) -> A:
        try:
            aggregate: Aggregate = self.app.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(kind or cls.__name__.lower(), aggregate_id) from None
        if not isinstance(aggregate, cls):
            raise NotFound(kind or cls.__name__.lower(), aggregate_id)
        return aggregate

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.app.repository

    @staticmethod
    def check_version(cmd: Command, aggregate: Aggregate) -> None:
        """Honour If-Match: refuse to act on a version the client did not read."""
        if cmd.expected_version is not None and cmd.expected_version != aggregate.version:
            raise PreconditionFailed(
                f"If-Match names version {cmd.expected_version}, "
                f"the record is at version {aggregate.version}"
            )

    def commit(
        self, cmd: Command, *aggregates: Aggregate, id: str, ids: tuple[str, ...] = ()
    ) -> Accepted:
        version = aggregates[0].version if len(aggregates) == 1 else None
        result = Accepted(id=id, position=0, version=version, ids=ids)
        record = self._idempotency_record(cmd, result)
        recordings = self.app.save_with(*aggregates, idempotency=record)
        position = recordings[-1].notification.id if recordings else self.head()
        return Accepted(id=id, position=position, version=version, ids=ids)

    def prior_result(self, cmd: Command) -> Accepted | None:
        """The first result of a replayed Idempotency-Key, or None if the key is new."""
        if cmd.idempotency is None:
            return None
        record = self.app.log_recorder.idempotency_record(cmd.actor.person_id, cmd.idempotency.key)
        if record is None:
            return None
        if record.fingerprint != cmd.idempotency.fingerprint:
            raise InvalidInput("Idempotency-Key", "was already used with a different request body")
        result = dict(record.result)
        result["ids"] = tuple(result.get("ids", ()))
        result["position"] = record.position
        return Accepted(**result)

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    @staticmethod
    def _idempotency_record(cmd: Command, result: Accepted) -> IdempotencyRecord | None:
        if cmd.idempotency is None:
            return None
        return IdempotencyRecord(
            actor=cmd.actor.person_id,
            key=cmd.idempotency.key,
            fingerprint=cmd.idempotency.fingerprint,
            result=asdict(result),
        )


def open_ledger(settings: Settings) -> PerfLedger:
    """The event store, with the cipher that seals text about people and its key store."""
    cipher = PersonalCipher(load_master_key(settings), cache_seconds=settings.key_cache_seconds)
    app = PerfLedger(ledger_env(settings), cipher)
    keys = key_store_for(settings, app.factory.datastore)  # type: ignore[attr-defined]
    if settings.creates_schema:
        keys.create()
    cipher.attach(keys)
    return app


def key_store_for(settings: Settings, datastore: object) -> KeyStore:
    """A table in the event store's database, or (``key_store=file``) a directory."""
    if settings.key_store == "file":
        return FileKeyStore(settings.key_store_dir or development_path(settings, "keys"))
    return database_key_store(datastore)


def sqlite_file(settings: Settings) -> Path | None:
    return settings.sqlite_path if settings.backend is Backend.SQLITE else None
