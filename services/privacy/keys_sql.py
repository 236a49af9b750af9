"""The key store as a table in the event store's database (SQLite or PostgreSQL).

Its own table, never an event table: destroying a key overwrites its row. The
SQL is written once with ``%s`` placeholders; each store runs it its own way.
SQLite destroys with ``secure_delete`` on and truncates the write-ahead log,
so the old row's bytes do not stay in free pages or the log file. PostgreSQL
keeps the old row version until vacuum reclaims it (see the README).
"""

from __future__ import annotations

import base64
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from typing import Any

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

from services.privacy.keys import KeyStore, StoredKey

KEYS_TABLE = "perfledger_person_keys"
COLUMNS = "subject, wrapped, master_key_id, created_at, destroyed_at"


class SqlKeyStore(ABC):
    table: str

    @abstractmethod
    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]: ...

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def create(self) -> None:
        self._execute(
            f"CREATE TABLE IF NOT EXISTS {self.table} (subject TEXT PRIMARY KEY, wrapped TEXT, "
            "master_key_id TEXT NOT NULL, created_at TEXT NOT NULL, destroyed_at TEXT)"
        )

    def fetch(self, subject: str) -> StoredKey | None:
        rows = self._query(f"SELECT {COLUMNS} FROM {self.table} WHERE subject = %s", [subject])
        return _key(rows[0]) if rows else None

    def add(self, key: StoredKey) -> StoredKey:
        self._execute(
            f"INSERT INTO {self.table} ({COLUMNS}) VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (subject) DO NOTHING",
            _row(key),
        )
        found = self.fetch(key.subject)
        assert found is not None, key.subject
        return found

    def destroy(self, subject: str, at: str) -> None:
        self._execute(*self._tombstone(subject, at))

    def _tombstone(self, subject: str, at: str) -> tuple[str, list[Any]]:
        return (
            f"INSERT INTO {self.table} AS k ({COLUMNS}) VALUES (%s, NULL, '', %s, %s) "
            "ON CONFLICT (subject) DO UPDATE SET wrapped = NULL, "
            "destroyed_at = COALESCE(k.destroyed_at, excluded.destroyed_at)",
            [subject, at, at],
        )

    def destroyed_count(self) -> int:
        rows = self._query(f"SELECT count(*) AS n FROM {self.table} WHERE destroyed_at IS NOT NULL")
        return int(rows[0]["n"])

    def destroyed(self) -> list[str]:
        rows = self._query(
            f"SELECT subject FROM {self.table} WHERE destroyed_at IS NOT NULL ORDER BY subject"
        )
        return [str(r["subject"]) for r in rows]

    def live(self) -> Iterator[StoredKey]:
        rows = self._query(
            f"SELECT {COLUMNS} FROM {self.table} WHERE destroyed_at IS NULL ORDER BY subject"
        )
        return iter([_key(r) for r in rows])


def _row(key: StoredKey) -> list[Any]:
    wrapped = None if key.wrapped is None else base64.b64encode(key.wrapped).decode()
    return [key.subject, wrapped, key.master_key_id, key.created_at, key.destroyed_at]


def _key(row: dict[str, Any]) -> StoredKey:
    wrapped = row["wrapped"]
    return StoredKey(
        subject=row["subject"],
        wrapped=None if wrapped is None else base64.b64decode(wrapped),
        master_key_id=row["master_key_id"],
        created_at=row["created_at"],
        destroyed_at=row["destroyed_at"],
    )


class SQLiteKeyStore(SqlKeyStore):
    table = KEYS_TABLE

    def __init__(self, datastore: SQLiteDatastore) -> None:
        self.datastore = datastore

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql.replace("%s", "?"), tuple(params))
            return [dict(r) for r in c.fetchall()]

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(sql.replace("%s", "?"), tuple(params))

    def destroy(self, subject: str, at: str) -> None:
        """Overwrite with ``secure_delete`` on (zeroing the old bytes), then empty the log."""
        sql, params = self._tombstone(subject, at)
        with self.datastore.get_connection(commit=True) as conn:
            conn.cursor().execute("PRAGMA secure_delete = ON")
            try:
                with conn.transaction(commit=True) as c:
                    c.execute(sql.replace("%s", "?"), tuple(params))
            finally:
                conn.cursor().execute("PRAGMA secure_delete = OFF")
            conn.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")


class PostgresKeyStore(SqlKeyStore):
    def __init__(self, datastore: PostgresDatastore) -> None:
        self.datastore = datastore
        self.table = f"{datastore.schema}.{KEYS_TABLE}"

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(sql.encode(), tuple(params))
            return [dict(r) for r in curs.fetchall()]

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(sql.encode(), tuple(params))


def database_key_store(datastore: object) -> KeyStore:
    """The key table in the same database as the events."""
    if isinstance(datastore, SQLiteDatastore):
        return SQLiteKeyStore(datastore)
    if isinstance(datastore, PostgresDatastore):
        return PostgresKeyStore(datastore)
    raise TypeError(f"no key store for {type(datastore).__name__}")
