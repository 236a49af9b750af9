"""Stores for tests: real SQLite files and a real PostgreSQL database per run.

PostgreSQL tests are never skipped: if the server does not answer, they fail.
Each test gets its own schema in the run's database, so tests do not see each
other's events.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from api.bootstrap import Container, build
from api.demo import seed_demo
from services.settings import Settings

ADMIN_URL = os.environ.get(
    "PERFLEDGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def _url_with_db(url: str, dbname: str) -> str:
    parts = conninfo_to_dict(url)
    user = parts.get("user", "postgres")
    password = f":{parts['password']}" if parts.get("password") else ""
    host, port = parts.get("host", "127.0.0.1"), parts.get("port", "5432")
    return f"postgresql://{user}{password}@{host}:{port}/{dbname}"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, dropped at the end."""
    name = f"perfledger_test_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}".encode())
    yield _url_with_db(ADMIN_URL, name)
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())


def postgres_settings(pg_url: str, **overrides: object) -> Settings:
    schema = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}".encode())
    return Settings(
        database_url=pg_url,
        postgres_schema=schema,
        postgres_pool_size=2,
        postgres_max_overflow=8,
        **overrides,  # type: ignore[arg-type]
    )


def sqlite_settings(tmp_path: Path, **overrides: object) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path}/perfledger.db", **overrides)  # type: ignore[arg-type]


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Which store a test runs on; tests using it run once on each."""
    return str(request.param)


@pytest.fixture
def settings(store: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    if store == "sqlite":
        return sqlite_settings(tmp_path, seed_demo=False, mode="development")
    return postgres_settings(request.getfixturevalue("pg_url"), seed_demo=False)


@pytest.fixture
def container(settings: Settings) -> Iterator[Container]:
    c = build(settings)
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def demo(container: Container) -> Container:
    """The container with the demo organisation founded and the directory caught up."""
    seed_demo(container)
    container.runner.catch_up()
    return container
