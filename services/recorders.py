"""Event recorders that also keep the command's idempotency record.

The record of an ``Idempotency-Key`` is inserted in the same transaction as the
events the command wrote, so a crash can never leave events without their key
(a retry would write them twice) or a key without its events. The library's
insert path is kept as it is: on PostgreSQL it takes the EXCLUSIVE table lock
that makes notification ids follow commit order.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from services.append_only import (
    postgres_lock_function,
    postgres_lock_statement,
    postgres_refuse_function,
    postgres_triggers,
    sqlite_triggers,
)

IDEMPOTENCY_TABLE = "perfledger_idempotency"
IDEMPOTENCY_COLUMNS = (
    "actor TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, "
    "result TEXT NOT NULL, position BIGINT NOT NULL, PRIMARY KEY (actor, key)"
)


@dataclass(frozen=True)
class IdempotencyRecord:
    """What a command with an Idempotency-Key wrote: its request and its result."""

    actor: str
    key: str
    fingerprint: str
    result: dict[str, Any]
    position: int = 0

    def row(self, position: int) -> tuple[str, str, str, str, int]:
        return (self.actor, self.key, self.fingerprint, json.dumps(self.result), position)


def _record_from(row: Any) -> IdempotencyRecord:
    return IdempotencyRecord(
        actor=row["actor"],
        key=row["key"],
        fingerprint=row["fingerprint"],
        result=json.loads(row["result"]),
        position=int(row["position"]),
    )


class SQLiteLedgerRecorder(SQLiteApplicationRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {IDEMPOTENCY_TABLE} ({IDEMPOTENCY_COLUMNS})",
            *sqlite_triggers(self.events_table_name),
            *sqlite_triggers(IDEMPOTENCY_TABLE),
        ]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        record: IdempotencyRecord | None = kwargs.get("idempotency")
        if record is not None and ids:
            c.execute(
                f"INSERT INTO {IDEMPOTENCY_TABLE} VALUES (?,?,?,?,?)",
                record.row(max(ids)),
            )
        return ids

    def idempotency_record(self, actor: str, key: str) -> IdempotencyRecord | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT * FROM {IDEMPOTENCY_TABLE} WHERE actor=? AND key=?",
                (actor, key),
            )
            row = c.fetchone()
        return None if row is None else _record_from(row)

    def positions_of(self, originator_id: UUID) -> list[tuple[int, str]]:
        """Where each event of one aggregate sits in the log, with its topic, in order."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT rowid, topic FROM {self.events_table_name} "
                "WHERE originator_id=? ORDER BY originator_version",
                (originator_id.hex,),
            )
            return [(int(r[0]), str(r[1])) for r in c.fetchall()]


class PostgresLedgerRecorder(PostgresApplicationRecorder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.idempotency_table = Identifier(self.datastore.schema, IDEMPOTENCY_TABLE)
        self.sql_create_statements.append(
            SQL("CREATE TABLE IF NOT EXISTS {0} (" + IDEMPOTENCY_COLUMNS + ")").format(
                self.idempotency_table
            )
        )
        schema = self.datastore.schema
        self.sql_create_statements += [
            postgres_refuse_function(schema),
            *postgres_triggers(schema, self.events_table_name),
            *postgres_triggers(schema, IDEMPOTENCY_TABLE),
            *postgres_lock_function(schema, self.events_table_name),
        ]
        # The same EXCLUSIVE lock as the library's, through a function the
        # application role may call without holding UPDATE or DELETE rights.
        self.lock_table_statements = [
            *self.lock_table_statements[:-1],
            postgres_lock_statement(schema),
        ]

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        record: IdempotencyRecord | None = kwargs.get("idempotency")
        if record is not None and ids:
            # A nested pipeline syncs on exit, so a duplicate key fails here, as
            # an IntegrityError, rather than later at commit.
            with curs.connection.pipeline():
                curs.execute(
                    SQL("INSERT INTO {0} VALUES (%s,%s,%s,%s,%s)").format(self.idempotency_table),
                    record.row(max(ids)),
                )
        return ids

    def idempotency_record(self, actor: str, key: str) -> IdempotencyRecord | None:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(
                SQL("SELECT * FROM {0} WHERE actor=%s AND key=%s").format(self.idempotency_table),
                (actor, key),
            )
            row = curs.fetchone()
        return None if row is None else _record_from(row)

    def positions_of(self, originator_id: UUID) -> list[tuple[int, str]]:
        """Where each event of one aggregate sits in the log, with its topic, in order."""
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(
                SQL(
                    "SELECT notification_id, topic FROM {0}.{1} "
                    "WHERE originator_id=%s ORDER BY originator_version"
                ).format(Identifier(self.datastore.schema), Identifier(self.events_table_name)),
                (originator_id,),
            )
            return [(int(r["notification_id"]), str(r["topic"])) for r in curs.fetchall()]
