"""The command line as a user runs it: the server prints tokens that work."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import jwt
import pytest

from api.bootstrap import build
from api.demo import seed_demo
from tests.conftest import postgres_settings

BIN = Path(sys.executable).parent / "perfledger"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PERFLEDGER_")}
    return env | {"PERFLEDGER_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"} | extra


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    port = _free_port()
    proc = subprocess.Popen(
        [str(BIN), "serve", "--port", str(port)],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    tokens: dict[str, str] = {}
    try:
        for line in proc.stdout:
            parts = line.split()
            if len(parts) == 3 and parts[2].count(".") == 2:
                tokens[parts[0]] = parts[2]
            if "Uvicorn running" in line or "Application startup complete" in line:
                break
        base = f"http://127.0.0.1:{port}"
        yield base, tokens
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_prints_tokens_that_work_and_serves_docs(server: tuple[str, dict[str, str]]) -> None:
    base, tokens = server
    assert set(tokens) >= {"rep", "manager", "hrbp", "auditor"}
    assert httpx.get(f"{base}/docs").status_code == 200
    me = httpx.get(f"{base}/me", headers={"Authorization": f"Bearer {tokens['manager']}"})
    assert me.json() == {"person_id": "mgr-li", "roles": ["manager"]}
    people = httpx.get(f"{base}/people", headers={"Authorization": f"Bearer {tokens['manager']}"})
    assert {p["person_id"] for p in people.json()["items"]} == {"mgr-li", "rep-wang", "rep-chen"}


def test_a_first_look_can_plan_a_visit_and_see_it_queued(
    server: tuple[str, dict[str, str]],
) -> None:
    base, tokens = server
    rep = {"Authorization": f"Bearer {tokens['rep']}"}
    manager = {"Authorization": f"Bearer {tokens['manager']}"}
    today = str(datetime.now(ZoneInfo("Asia/Shanghai")).date())
    why = "their port contract ends this month and they asked for a quote"
    plan = {"customer_id": "c-nb-ports", "planned_on": today, "purpose": why}
    planned = httpx.post(f"{base}/visits", headers=rep, json=plan)
    assert planned.status_code == 201, planned.text
    position = planned.json()["position"]
    queue = httpx.get(f"{base}/review-queue", headers=manager, params={"min_position": position})
    assert [v["visit_id"] for v in queue.json()["items"]] == [planned.json()["id"]]


def test_token_command_mints_a_token_for_the_person_and_roles(tmp_path: Path) -> None:
    out = subprocess.run(
        [str(BIN), "token", "--person", "rep-wang", "--role", "rep"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    claims = jwt.decode(out, options={"verify_signature": False})
    assert claims["sub"] == "rep-wang"
    assert claims["roles"] == ["rep"]


def test_production_refuses_the_development_secret(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(BIN), "serve"],
        env=_env(tmp_path, PERFLEDGER_MODE="production"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "development JWT secret" in result.stderr + result.stdout


def test_rebuild_and_status_from_the_command_line(tmp_path: Path) -> None:
    env = _env(tmp_path)
    subprocess.run([str(BIN), "demo", "seed"], env=env, check=True, capture_output=True)
    rebuilt = subprocess.run(
        [str(BIN), "project", "rebuild", "--all"], env=env, capture_output=True, text=True
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    status = subprocess.run(
        [str(BIN), "project", "status"], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "directory" in status
    head = int(status.split("log head:")[1].split()[0])
    assert head > 0
    row = next(line for line in status.splitlines() if "directory" in line)
    assert [int(n) for n in re.findall(r"\d+", row)] == [head, 0]


def test_the_projection_worker_runs_as_its_own_process(pg_url: str, tmp_path: Path) -> None:
    settings = postgres_settings(pg_url, run_projections=False)
    env = _env(
        tmp_path,
        PERFLEDGER_DATABASE_URL=settings.database_url,
        PERFLEDGER_POSTGRES_SCHEMA=settings.postgres_schema,
    )
    c = build(settings)
    try:
        seed_demo(c)
        head = c.ledger.head()
        assert c.views.directory.position() == 0
        worker = subprocess.Popen([str(BIN), "project", "run"], env=env, stdout=subprocess.DEVNULL)
        try:
            assert c.runner.wait(head, c.views.names(), timeout=60)
        finally:
            worker.terminate()
            worker.wait(timeout=20)
        assert c.views.directory.person("rep-wang") is not None
    finally:
        c.close()
