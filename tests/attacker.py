"""Someone with the database's superuser behind the product's back: tamper tests only.

On PostgreSQL the tests' user ``postgres`` is a superuser; it disables the
append-only triggers first. On SQLite the attacker drops the triggers.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from services.append_only import LEDGER_TABLES, sqlite_triggers
from services.recorders import IDEMPOTENCY_TABLE
from services.settings import Backend, Settings
from services.transparency.snapshot import EVENTS


class Attacker:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.postgres = settings.backend is Backend.POSTGRES
        self.events, self.position = EVENTS[settings.backend]

    @contextmanager
    def session(self) -> Iterator[Any]:
        """A raw connection with the event tables' triggers out of the way."""
        tables = (self.events, IDEMPOTENCY_TABLE, *LEDGER_TABLES)
        if self.postgres:
            with psycopg.connect(self.settings.database_url, autocommit=True) as conn:
                conn.execute(f"SET search_path TO {self.settings.postgres_schema}".encode())
                for t in tables:
                    conn.execute(f"ALTER TABLE {t} DISABLE TRIGGER USER".encode())
                try:
                    yield conn
                finally:
                    for t in tables:
                        conn.execute(f"ALTER TABLE {t} ENABLE TRIGGER USER".encode())
            return
        lite = sqlite3.connect(self.settings.sqlite_path, isolation_level=None)
        try:
            for t in tables:
                for op in ("update", "delete"):
                    lite.execute(f"DROP TRIGGER IF EXISTS {t}_no_{op}")
            yield lite
            for t in tables:
                for statement in sqlite_triggers(t):
                    lite.execute(statement)
        finally:
            lite.close()

    def _sql(self, text: str) -> Any:
        return (
            text.format(events=self.events, pos=self.position).encode()
            if self.postgres
            else (text.format(events=self.events, pos=self.position).replace("%s", "?"))
        )

    def run(self, conn: Any, text: str, params: tuple[Any, ...] = ()) -> list[Any]:
        cursor = conn.execute(self._sql(text), params)
        try:
            return list(cursor.fetchall())
        except (psycopg.ProgrammingError, sqlite3.ProgrammingError):
            return []

    def state(self, conn: Any, position: int) -> bytes:
        rows = self.run(conn, "SELECT state FROM {events} WHERE {pos} = %s", (position,))
        return bytes(rows[0][0])

    # --- the attacks -------------------------------------------------------------------

    def change_one_byte(self, position: int) -> None:
        with self.session() as conn:
            state = bytearray(self.state(conn, position))
            at = state.index(b'"') + 1  # a byte inside the first JSON key
            state[at] ^= 0x01
            self.run(
                conn, "UPDATE {events} SET state = %s WHERE {pos} = %s", (bytes(state), position)
            )

    def delete(self, position: int) -> None:
        with self.session() as conn:
            self.run(conn, "DELETE FROM {events} WHERE {pos} = %s", (position,))

    def insert_forged(self, position: int) -> None:
        """A forged event at ``position``; the events from there on move one place down."""
        with self.session() as conn:
            topic, state = self.run(
                conn, "SELECT topic, state FROM {events} WHERE {pos} = %s", (position,)
            )[0]
            self._shift(conn, position)
            forged = uuid.uuid4()
            self.run(
                conn,
                "INSERT INTO {events} (originator_id, originator_version, topic, state, {pos}) "
                "VALUES (%s, 1, %s, %s, %s)",
                (forged if self.postgres else forged.hex, topic, bytes(state), position),
            )

    def _shift(self, conn: Any, position: int) -> None:
        # Through negatives, so that no two rows share a position on the way.
        self.run(conn, "UPDATE {events} SET {pos} = -{pos} WHERE {pos} >= %s", (position,))
        self.run(conn, "UPDATE {events} SET {pos} = 1 - {pos} WHERE {pos} < 0")

    def swap(self, a: int, b: int) -> None:
        with self.session() as conn:
            self.run(conn, "UPDATE {events} SET {pos} = -1 WHERE {pos} = %s", (a,))
            self.run(conn, "UPDATE {events} SET {pos} = %s WHERE {pos} = %s", (a, b))
            self.run(conn, "UPDATE {events} SET {pos} = %s WHERE {pos} = -1", (b,))

    def wipe_ledger(self) -> None:
        """Empty the ledger's tables, so that the writer rebuilds them from the forged log."""
        with self.session() as conn:
            for table in LEDGER_TABLES:
                self.run(conn, f"DELETE FROM {table}")
