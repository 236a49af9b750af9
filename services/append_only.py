"""Append-only at the database: triggers, the writers' lock, and the application role.

Event-like tables (the events, the idempotency records and the tamper-evident
ledger) refuse UPDATE and DELETE through triggers that hold even for the
table's owner (and, on PostgreSQL, TRUNCATE too). On PostgreSQL ``perfledger
db init``, run as the owner, also creates an application role that may only
SELECT and INSERT on those tables; the service connects as it in production.
Read models and their tracking rows are rebuilt from the log, so the role may
change them.

The library serialises writers with ``LOCK TABLE ... IN EXCLUSIVE MODE``, which
PostgreSQL allows only to roles that may also UPDATE or DELETE. The lock is
therefore taken through a SECURITY DEFINER function owned by the owner, which
the application role may execute: the same lock, without the privileges.
"""

from __future__ import annotations

from collections.abc import Sequence

import psycopg
from psycopg import sql

REFUSAL = "perfledger: the table is append-only; a correction is a new event"
LEDGER_LEAVES = "perfledger_ledger_leaves"
LEDGER_NODES = "perfledger_ledger_nodes"
TREE_HEADS = "perfledger_tree_heads"
LEDGER_TABLES = (LEDGER_LEAVES, LEDGER_NODES, TREE_HEADS)
PG_REFUSE_FUNCTION = "perfledger_refuse_change"
PG_LOCK_FUNCTION = "perfledger_lock_events"


def sqlite_triggers(table: str) -> list[str]:
    """Triggers that abort any UPDATE or DELETE of the table's rows."""
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        for op in ("UPDATE", "DELETE")
    ]


def postgres_refuse_function(schema: str) -> sql.Composed:
    return sql.SQL(
        "CREATE OR REPLACE FUNCTION {schema}.{name}() RETURNS trigger LANGUAGE plpgsql AS "
        "$body$ BEGIN RAISE EXCEPTION '% on %.%: {refusal}', TG_OP, TG_TABLE_SCHEMA, "
        "TG_TABLE_NAME; END $body$"
    ).format(
        schema=sql.Identifier(schema),
        name=sql.Identifier(PG_REFUSE_FUNCTION),
        refusal=sql.SQL(REFUSAL),
    )


def postgres_triggers(schema: str, table: str) -> list[sql.Composed]:
    """Row triggers refusing UPDATE and DELETE, a statement trigger refusing TRUNCATE."""
    template = (
        "CREATE OR REPLACE TRIGGER {trigger} BEFORE {events} ON {schema}.{table} "
        "FOR EACH {each} EXECUTE FUNCTION {schema}.{function}()"
    )
    return [
        sql.SQL(template).format(
            trigger=sql.Identifier(f"{table}_{suffix}"[:63]),
            events=sql.SQL(events),
            schema=sql.Identifier(schema),
            table=sql.Identifier(table),
            each=sql.SQL(each),
            function=sql.Identifier(PG_REFUSE_FUNCTION),
        )
        for suffix, events, each in (
            ("append_only", "UPDATE OR DELETE", "ROW"),
            ("no_truncate", "TRUNCATE", "STATEMENT"),
        )
    ]


def postgres_lock_function(schema: str, events_table: str) -> list[sql.Composed]:
    """The writers' EXCLUSIVE lock, callable by a role without UPDATE or DELETE."""
    name = sql.Identifier(schema, PG_LOCK_FUNCTION)
    return [
        sql.SQL(
            "CREATE OR REPLACE FUNCTION {name}() RETURNS void LANGUAGE plpgsql "
            "SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS "
            "$body$ BEGIN LOCK TABLE {table} IN EXCLUSIVE MODE; END $body$"
        ).format(name=name, table=sql.Identifier(schema, events_table)),
        sql.SQL("REVOKE ALL ON FUNCTION {name}() FROM PUBLIC").format(name=name),
    ]


def postgres_lock_statement(schema: str) -> sql.Composed:
    return sql.SQL("SELECT {name}()").format(name=sql.Identifier(schema, PG_LOCK_FUNCTION))


def grant_application_role(
    owner_url: str, schema: str, role: str, password: str | None, event_tables: Sequence[str]
) -> None:
    """Create (or update) the application role and give it exactly what the service needs.

    Event tables: SELECT and INSERT. Every other table of the schema (read
    models, tracking): SELECT, INSERT, UPDATE, DELETE. Sequences: USAGE. The
    writers' lock function: EXECUTE. Never ownership, never CREATE.
    """
    with psycopg.connect(owner_url) as conn, conn.transaction():
        _ensure_role(conn, role, password)
        who = sql.Identifier(role)
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema), who))
        for table in _tables(conn, schema):
            name = sql.Identifier(schema, table)
            conn.execute(sql.SQL("REVOKE ALL ON {} FROM {}").format(name, who))
            rights = "SELECT, INSERT" if table in event_tables else "SELECT, INSERT, UPDATE, DELETE"
            conn.execute(sql.SQL("GRANT {} ON {} TO {}").format(sql.SQL(rights), name, who))
        conn.execute(
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(
                sql.Identifier(schema), who
            )
        )
        lock = sql.Identifier(schema, PG_LOCK_FUNCTION)
        conn.execute(sql.SQL("GRANT EXECUTE ON FUNCTION {}() TO {}").format(lock, who))


def _ensure_role(
    conn: psycopg.Connection[tuple[object, ...]], role: str, password: str | None
) -> None:
    exists = conn.execute(b"SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    secret = sql.SQL("") if password is None else sql.SQL(" PASSWORD {}").format(password)
    verb = "ALTER" if exists else "CREATE"
    if exists and password is None:
        return
    conn.execute(
        sql.SQL(verb + " ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE{}").format(
            sql.Identifier(role), secret
        )
    )


def _tables(conn: psycopg.Connection[tuple[object, ...]], schema: str) -> list[str]:
    rows = conn.execute(
        b"SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", (schema,)
    ).fetchall()
    return [str(r[0]) for r in rows]
