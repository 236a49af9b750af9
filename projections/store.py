"""Where views keep their tables: the same database as the events.

Each store is the library's tracking recorder for its database, extended with
the view tables; a view's batch writes rows and its tracking position through
one transaction. View SQL is written once, with ``%s`` placeholders, and runs
on both stores.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteCursor, SQLiteDatastore, SQLiteTrackingRecorder
from psycopg import Cursor
from psycopg.rows import DictRow

from projections.sealed import Opener
from projections.tables import Key, Row, RowSource, Table

TRACKING_TABLE = "perfledger_tracking"


class ViewTransaction(RowSource, ABC):
    """One transaction of a view store: read rows by key, write rows, track."""

    def __init__(self, store: ViewStore, prefix: str) -> None:
        self.store = store
        self.prefix = prefix

    @abstractmethod
    def with_prefix(self, prefix: str) -> ViewTransaction:
        """The same transaction for a view whose tables carry ``prefix``."""

    def physical(self, table: Table) -> str:
        return self.store.qualify(self.prefix + table.name)

    def fetch(self, table: Table, key: Key) -> Row | None:
        where = " AND ".join(f"{k}=%s" for k in table.key)
        rows = self.query(f"SELECT * FROM {self.physical(table)} WHERE {where}", key)
        return rows[0] if rows else None

    def fetch_many(self, table: Table, keys: Sequence[Key]) -> list[Row]:
        found: list[Row] = []
        for start in range(0, len(keys), FETCH_CHUNK):
            chunk = keys[start : start + FETCH_CHUNK]
            found += self.query(_select_keys(self.physical(table), table, len(chunk)), _flat(chunk))
        return found

    def fetch_all(self, table: Table) -> list[Row]:
        return self.query(f"SELECT * FROM {self.physical(table)}")

    def write(self, table: Table, upserts: Sequence[Row], deletes: Sequence[Key]) -> None:
        name = self.physical(table)
        if deletes:
            where = " AND ".join(f"{k}=%s" for k in table.key)
            self.execute_many(f"DELETE FROM {name} WHERE {where}", deletes)
        if upserts:
            self.execute_many(_upsert(name, table), [tuple(r.values()) for r in upserts])

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    @abstractmethod
    def execute_many(self, sql: str, params: Sequence[Sequence[Any]]) -> None: ...

    @abstractmethod
    def track(self, name: str, position: int) -> None:
        """Record the view's new position; fails if another runner got there first."""

    @abstractmethod
    def forget(self, name: str) -> None:
        """Drop the view's position, so that it is rebuilt from the first event."""


FETCH_CHUNK = 250


def _select_keys(name: str, table: Table, count: int) -> str:
    """Rows of ``count`` keys: ``k IN (...)``, or a row-value list for composite keys."""
    if len(table.key) == 1:
        return f"SELECT * FROM {name} WHERE {table.key[0]} IN ({', '.join(['%s'] * count)})"
    one = "(" + ", ".join(["%s"] * len(table.key)) + ")"
    values = ", ".join([one] * count)
    return f"SELECT * FROM {name} WHERE ({', '.join(table.key)}) IN (VALUES {values})"


def _flat(keys: Sequence[Key]) -> list[Any]:
    return [part for key in keys for part in key]


def _upsert(name: str, table: Table) -> str:
    cols = table.column_names
    values = "(" + ", ".join(["%s"] * len(cols)) + ")"
    others = [c for c in cols if c not in table.key]
    on_conflict = (
        "DO UPDATE SET " + ", ".join(f"{c}=excluded.{c}" for c in others)
        if others
        else "DO NOTHING"
    )
    return (
        f"INSERT INTO {name} ({', '.join(cols)}) VALUES {values} "
        f"ON CONFLICT ({', '.join(table.key)}) {on_conflict}"
    )


class ViewStore(TrackingRecorder, ABC):
    """The tables of the views, in the event store's database; ``texts`` opens the
    sealed text about people that views hold (``projections.sealed``)."""

    texts: Opener

    @abstractmethod
    def transaction(self, prefix: str = "") -> Any:
        """A context manager yielding a ViewTransaction that commits on success."""

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    @abstractmethod
    def position(self, name: str) -> int | None: ...

    @abstractmethod
    def positions(self) -> dict[str, int]: ...

    def qualify(self, name: str) -> str:
        """The name of a view table as SQL refers to it."""
        return name

    def create(self, tables: Sequence[Table], prefix: str = "") -> None:
        with self.transaction(prefix) as tx:
            for table in tables:
                for statement in table.ddl(tx.physical(table), prefix + table.name):
                    tx.execute(statement)

    def reset(self, name: str, tables: Sequence[Table], prefix: str = "") -> None:
        """Empty a view and forget its position, in one transaction, to rebuild it."""
        with self.transaction(prefix) as tx:
            for table in tables:
                tx.execute(f"DELETE FROM {tx.physical(table)}")
            tx.forget(name)


# --- SQLite -------------------------------------------------------------------------


class _SQLiteTransaction(ViewTransaction):
    def __init__(self, store: SQLiteViewStore, cursor: SQLiteCursor, prefix: str) -> None:
        super().__init__(store, prefix)
        self.sqlite = store
        self.cursor = cursor

    def with_prefix(self, prefix: str) -> _SQLiteTransaction:
        if prefix == self.prefix:
            return self
        return _SQLiteTransaction(self.sqlite, self.cursor, prefix)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        self.cursor.execute(_qmark(sql), tuple(params))
        return [dict(r) for r in self.cursor.fetchall()]

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.cursor.execute(_qmark(sql), tuple(params))

    def execute_many(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        self.cursor.executemany(_qmark(sql), [tuple(p) for p in params])

    def track(self, name: str, position: int) -> None:
        self.sqlite._insert_tracking(self.cursor, Tracking(name, position))

    def forget(self, name: str) -> None:
        self.cursor.execute("DELETE FROM tracking WHERE application_name=?", (name,))


def _qmark(sql: str) -> str:
    return sql.replace("%s", "?").replace("%%", "%")


class SQLiteViewStore(SQLiteTrackingRecorder, ViewStore):
    def __init__(self, datastore: SQLiteDatastore, texts: Opener, create: bool = True) -> None:
        super().__init__(datastore)
        self.texts = texts
        if create:
            self.create_table()

    @contextmanager
    def transaction(self, prefix: str = "") -> Iterator[_SQLiteTransaction]:
        with self.datastore.transaction(commit=True) as cursor:
            yield _SQLiteTransaction(self, cursor, prefix)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(_qmark(sql), tuple(params))
            return [dict(r) for r in cursor.fetchall()]

    def position(self, name: str) -> int | None:
        found = self.max_tracking_id(name)
        return None if found is None else int(found)

    def positions(self) -> dict[str, int]:
        rows = self.query("SELECT application_name, notification_id FROM tracking")
        return {r["application_name"]: r["notification_id"] for r in rows}


# --- PostgreSQL ---------------------------------------------------------------------


class _PostgresTransaction(ViewTransaction):
    def __init__(self, store: PostgresViewStore, cursor: Cursor[DictRow], prefix: str) -> None:
        super().__init__(store, prefix)
        self.postgres = store
        self.cursor = cursor

    def with_prefix(self, prefix: str) -> _PostgresTransaction:
        if prefix == self.prefix:
            return self
        return _PostgresTransaction(self.postgres, self.cursor, prefix)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        self.cursor.execute(sql.encode(), tuple(params))
        return [dict(r) for r in self.cursor.fetchall()]

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.cursor.execute(sql.encode(), tuple(params))

    def execute_many(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        self.cursor.executemany(sql.encode(), [tuple(p) for p in params])

    def track(self, name: str, position: int) -> None:
        self.postgres._insert_tracking(self.cursor, Tracking(name, position))

    def forget(self, name: str) -> None:
        self.cursor.execute(
            f"DELETE FROM {self.postgres.tracking} WHERE application_name=%s".encode(),
            (name,),
        )


class PostgresViewStore(PostgresTrackingRecorder, ViewStore):
    def __init__(self, datastore: PostgresDatastore, texts: Opener, create: bool = True) -> None:
        super().__init__(datastore, tracking_table_name=TRACKING_TABLE)
        self.texts = texts
        if create:
            self.create_table()

    def qualify(self, name: str) -> str:
        return f"{self.datastore.schema}.{name}"

    @property
    def tracking(self) -> str:
        return self.qualify(TRACKING_TABLE)

    @contextmanager
    def transaction(self, prefix: str = "") -> Iterator[_PostgresTransaction]:
        with self.datastore.transaction(commit=True) as cursor:
            yield _PostgresTransaction(self, cursor, prefix)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(sql.encode(), tuple(params))
            return [dict(r) for r in cursor.fetchall()]

    def position(self, name: str) -> int | None:
        found = self.max_tracking_id(name)
        return None if found is None else int(found)

    def positions(self) -> dict[str, int]:
        rows = self.query(f"SELECT application_name, notification_id FROM {self.tracking}")
        return {r["application_name"]: r["notification_id"] for r in rows}


def view_store_for(datastore: object, texts: Opener, create: bool = True) -> ViewStore:
    """The view store that shares the event store's connections; ``texts`` opens
    sealed text (the ledger's cipher).

    ``create=False`` where the tables exist and the role may not create any
    (production, after ``perfledger db init``).
    """
    if isinstance(datastore, SQLiteDatastore):
        return SQLiteViewStore(datastore, texts, create)
    if isinstance(datastore, PostgresDatastore):
        return PostgresViewStore(datastore, texts, create)
    raise TypeError(f"no view store for {type(datastore).__name__}")
