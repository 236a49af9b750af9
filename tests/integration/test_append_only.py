"""Append-only at the database: triggers on both stores, the application role on PostgreSQL."""

from __future__ import annotations

import os
import secrets
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import psycopg
import pytest
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict

from api.bootstrap import Container, build
from api.demo import seed_demo
from domain.privacy import RetentionRule
from domain.values import ERASED_TEXT
from services.commands import Command, IdempotencyKey
from services.privacy.keys_sql import KEYS_TABLE
from services.privacy.master import generate_master_key
from services.settings import Settings
from services.transparency.keys import generate_pem
from tests.conftest import sqlite_settings
from tests.support import ADMIN, actor

BIN = Path(sys.executable).parent / "perfledger"
REP = actor("rep-wang", "rep")


def _rows_in_every_event_table(c: Container) -> None:
    """Events, an idempotency record, leaves, nodes and a signed head."""
    seed_demo(c)
    keyed = Command(actor=ADMIN.actor, idempotency=IdempotencyKey("k-1", "fp"))
    c.organisation.open_region(keyed, "keyed", "Keyed")
    c.follower.catch_up()
    c.follower.sign_head()


def _update_any(table: str, column: str) -> list[str]:
    """An UPDATE (of a column to itself) and a DELETE of every row."""
    return [f"UPDATE {table} SET {column} = {column}", f"DELETE FROM {table}"]


A_COLUMN = {
    "stored_events": "state",
    "perfledger_events": "state",
    "perfledger_idempotency": "key",
    "perfledger_ledger_leaves": "leaf_hash",
    "perfledger_ledger_nodes": "hash",
    "perfledger_tree_heads": "signature",
}


def test_on_sqlite_the_triggers_refuse_updates_and_deletes(tmp_path: Path) -> None:
    c = build(sqlite_settings(tmp_path, seed_demo=False))
    try:
        _rows_in_every_event_table(c)
        tables = c.app.event_tables
    finally:
        c.close()
    conn = sqlite3.connect(tmp_path / "perfledger.db", isolation_level=None)
    try:
        for table in tables:
            before = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert before > 0, table
            for statement in _update_any(table, A_COLUMN[table]):
                with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                    conn.execute(statement)
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == before
    finally:
        conn.close()


# --- PostgreSQL: an owner that is not a superuser, and the application role -------------


@dataclass
class Roles:
    owner_url: str
    app_url: str
    app_role: str
    schema: str


def _as(url: str, user: str, password: str | None = None) -> str:
    parts = conninfo_to_dict(url)
    secret = f":{password}" if password else ""
    host, port, db = parts.get("host", "127.0.0.1"), parts.get("port", "5432"), parts["dbname"]
    return f"postgresql://{user}{secret}@{host}:{port}/{db}"


@pytest.fixture
def roles(pg_url: str) -> Iterator[Roles]:
    """A schema owned by a role that is no superuser (it may create roles); the app role."""
    tag = secrets.token_hex(4)
    owner, app, schema = f"owner_{tag}", f"app_{tag}", f"s_{tag}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {owner} LOGIN CREATEROLE".encode())
        conn.execute(f"CREATE SCHEMA {schema} AUTHORIZATION {owner}".encode())
    yield Roles(_as(pg_url, owner), _as(pg_url, app, "app-secret"), app, schema)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE".encode())
        for role in (app, owner):
            if conn.execute(b"SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                conn.execute(f"DROP OWNED BY {role}".encode())
                conn.execute(f"DROP ROLE {role}".encode())


def _db_init(roles: Roles) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PERFLEDGER_")}
    env |= {
        "PERFLEDGER_DATABASE_URL": roles.owner_url,
        "PERFLEDGER_POSTGRES_SCHEMA": roles.schema,
        "PERFLEDGER_APP_PASSWORD": "app-secret",
        "PERFLEDGER_MODE": "production",  # as compose runs it: no signing key, no secret file
        "PERFLEDGER_JWT_SECRET": "a-production-secret-of-some-length",
        "PERFLEDGER_LEDGER_SIGNING_KEY_FILE": str(Path(roles.schema) / "absent.pem"),
    }
    result = subprocess.run(
        [str(BIN), "db", "init", "--app-role", roles.app_role],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout


# One master key for every container of this module: the keys it wraps outlive a container.
MASTER_KEY = generate_master_key()


def _production(roles: Roles) -> Settings:
    return Settings(
        mode="production",
        database_url=roles.app_url,
        postgres_schema=roles.schema,
        jwt_secret="a-production-secret-of-some-length",
        ledger_signing_key=generate_pem(),
        master_key=MASTER_KEY,
        seed_demo=False,
        postgres_pool_size=2,
    )


def _refused(url: str, schema: str, statement: str) -> psycopg.Error:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"SET search_path TO {schema}".encode())
        with pytest.raises(psycopg.Error) as refused:
            conn.execute(statement.encode())
    return refused.value


@pytest.fixture
def initialised(roles: Roles) -> tuple[Roles, tuple[str, ...]]:
    """``perfledger db init`` as the owner, then the product at work as the application role."""
    _db_init(roles)
    c = build(_production(roles))
    try:
        _rows_in_every_event_table(c)
        c.runner.catch_up()
        assert c.views.directory.person("rep-wang") is not None
        assert c.transparency.latest_head(REP).tree_size == c.follower.size
        return roles, c.app.event_tables
    finally:
        c.close()


def _changes(table: str) -> list[str]:
    return [*_update_any(table, A_COLUMN[table]), f"TRUNCATE {table}"]


def test_on_postgres_the_app_role_may_only_insert_and_select_events(
    initialised: tuple[Roles, tuple[str, ...]],
) -> None:
    roles, tables = initialised
    for table in tables:
        for statement in _changes(table):
            error = _refused(roles.app_url, roles.schema, statement)
            assert isinstance(error, errors.InsufficientPrivilege), (statement, error)
    error = _refused(roles.app_url, roles.schema, "CREATE TABLE sneaky (a int)")
    assert isinstance(error, errors.InsufficientPrivilege)


def test_on_postgres_the_owner_is_refused_by_the_triggers(
    initialised: tuple[Roles, tuple[str, ...]],
) -> None:
    roles, tables = initialised
    for table in tables:
        for statement in _changes(table):
            error = _refused(roles.owner_url, roles.schema, statement)
            assert isinstance(error, errors.RaiseException), (statement, error)
            assert "append-only" in str(error)
    with psycopg.connect(roles.owner_url) as conn:
        conn.execute(f"SET search_path TO {roles.schema}".encode())
        counts = [conn.execute(f"SELECT count(*) FROM {t}".encode()).fetchone() for t in tables]
    assert all(row is not None and row[0] > 0 for row in counts)


def test_on_postgres_the_app_role_erases_a_person_by_destroying_her_key(
    initialised: tuple[Roles, tuple[str, ...]],
) -> None:
    """The key table is no event table: db init lets the application role overwrite it."""
    roles, _ = initialised
    c = build(_production(roles))
    try:
        c.privacy.set_retention(ADMIN, RetentionRule.of("default", 0, "none kept"))
        c.organisation.record_leaving(ADMIN, "rep-zhao", date(2025, 1, 1))
        c.privacy.request_erasure(ADMIN, "rep-zhao", "she asked")
        c.runner.catch_up()
        person = c.views.directory.person("rep-zhao")
        assert person is not None
        assert person["name"] == ERASED_TEXT
    finally:
        c.close()
    with psycopg.connect(roles.owner_url) as conn:
        row = conn.execute(
            f"SELECT wrapped, destroyed_at FROM {roles.schema}.{KEYS_TABLE} "
            "WHERE subject = 'rep-zhao'".encode()
        ).fetchone()
    assert row is not None
    assert row[0] is None
    assert row[1] is not None
