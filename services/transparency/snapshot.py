"""The verifier's own read of the store: one read-only snapshot, its own queries.

It does not go through the event store library or the writer's tables code,
so a fault there cannot hide a fault in the log. Rows stream in order, so a
log of millions of events is read once, without holding it in memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql

from services.append_only import LEDGER_LEAVES, LEDGER_NODES, TREE_HEADS
from services.settings import Backend, Settings
from services.transparency.audit import Event
from services.transparency.heads import TreeHead

# Where each store keeps its events, and the column that is the log position.
EVENTS = {
    Backend.SQLITE: ("stored_events", "rowid"),
    Backend.POSTGRES: ("perfledger_events", "notification_id"),
}
FETCH = 2000
# Subtrees in the order a fold over the leaves completes them.
NODE_ORDER = "ORDER BY ((node_index + 1) << level), level"


class StoreSnapshot:
    """Reads from one connection inside one read-only transaction."""

    def __init__(self, connection: Any, names: dict[str, str], postgres: bool) -> None:
        self.connection = connection
        self.names = names
        self.postgres = postgres
        self._cursors = 0

    def _rows(self, query: str) -> Iterator[Any]:
        if self.postgres:
            self._cursors += 1
            cursor = self.connection.cursor(name=f"verify_{self._cursors}")
            cursor.itersize = FETCH
        else:
            cursor = self.connection.cursor()
        cursor.execute(
            query.format(**self.names).encode() if self.postgres else query.format(**self.names)
        )
        yield from cursor

    def events(self) -> Iterator[Event]:
        for position, aggregate_id, version, topic, state in self._rows(
            "SELECT {position}, originator_id, originator_version, topic, state "
            "FROM {events} ORDER BY {position}"
        ):
            yield Event(int(position), aggregate_id, int(version), topic, bytes(state))

    def leaves(self) -> Iterator[tuple[int, bytes]]:
        for position, digest in self._rows(
            "SELECT position, leaf_hash FROM {leaves} ORDER BY leaf_index"
        ):
            yield int(position), bytes(digest)

    def nodes(self) -> Iterator[tuple[int, int, bytes]]:
        for level, index, digest in self._rows(
            "SELECT level, node_index, hash FROM {nodes} " + NODE_ORDER
        ):
            yield int(level), int(index), bytes(digest)

    def heads(self) -> list[TreeHead]:
        return [
            TreeHead(int(size), int(ts), bytes(root), bytes(sig), bytes(key))
            for size, ts, root, sig, key in self._rows(
                "SELECT tree_size, timestamp_ms, root_hash, signature, key_id FROM {heads} "
                "ORDER BY tree_size, timestamp_ms"
            )
        ]


@contextmanager
def open_snapshot(settings: Settings) -> Iterator[StoreSnapshot]:
    """A read-only, repeatable view of the store for the length of the check."""
    if settings.backend is Backend.SQLITE:
        with _sqlite(settings) as snapshot:
            yield snapshot
        return
    with _postgres(settings) as snapshot:
        yield snapshot


@contextmanager
def _sqlite(settings: Settings) -> Iterator[StoreSnapshot]:
    table, position = EVENTS[Backend.SQLITE]
    uri = f"file:{settings.sqlite_path}?mode=ro"
    connection = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        connection.execute("BEGIN")  # one snapshot (WAL) for every read below
        names = {"events": table, "position": position, "leaves": LEDGER_LEAVES}
        names |= {"nodes": LEDGER_NODES, "heads": TREE_HEADS}
        yield StoreSnapshot(connection, names, postgres=False)
    finally:
        connection.close()


@contextmanager
def _postgres(settings: Settings) -> Iterator[StoreSnapshot]:
    table, position = EVENTS[Backend.POSTGRES]
    schema = settings.postgres_schema
    with psycopg.connect(settings.database_url) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        with connection.transaction():

            def q(name: str) -> str:
                return sql.Identifier(schema, name).as_string(connection)

            names = {"events": q(table), "position": position, "leaves": q(LEDGER_LEAVES)}
            names |= {"nodes": q(LEDGER_NODES), "heads": q(TREE_HEADS)}
            yield StoreSnapshot(connection, names, postgres=True)
