"""The command line as a user runs it: the server prints tokens that work."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
    # The first start generates the demo organisation's history: a small one here.
    small = {"PERFLEDGER_DEMO_REPS": "3", "PERFLEDGER_DEMO_YEARS": "1"}
    return env | {"PERFLEDGER_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"} | small | extra


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Served:
    base: str
    logins: dict[str, tuple[str, str]]  # label -> (person, token), as printed
    output: list[str]

    def headers(self, label: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.logins[label][1]}"}


@contextmanager
def _serving(tmp_path: Path) -> Iterator[Served]:
    """``perfledger serve`` on a free port, read up to the moment it serves."""
    port = _free_port()
    proc = subprocess.Popen(
        [str(BIN), "serve", "--port", str(port)],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    served = Served(f"http://127.0.0.1:{port}", {}, [])
    try:
        for line in proc.stdout:
            served.output.append(line)
            parts = line.split()
            if len(parts) == 3 and parts[2].count(".") == 2:
                served.logins[parts[0]] = (parts[1], parts[2])
            if "Uvicorn running" in line or "Application startup complete" in line:
                break
        yield served
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Served]:
    with _serving(tmp_path) as served:
        yield served


def test_serve_prints_tokens_that_work_and_serves_docs(server: Served) -> None:
    assert set(server.logins) == {"rep", "manager", "hrbp", "auditor", "admin"}
    assert httpx.get(f"{server.base}/docs").status_code == 200
    manager, rep = server.logins["manager"][0], server.logins["rep"][0]
    me = httpx.get(f"{server.base}/me", headers=server.headers("manager"))
    assert me.json() == {"person_id": manager, "roles": ["manager"]}
    people = httpx.get(f"{server.base}/people", headers=server.headers("manager"))
    assert {manager, rep} <= {p["person_id"] for p in people.json()["items"]}


def test_a_first_look_can_plan_a_visit_and_see_it_queued(server: Served) -> None:
    base, rep, manager = server.base, server.headers("rep"), server.headers("manager")
    today = str(datetime.now(ZoneInfo("Asia/Shanghai")).date())
    customer = httpx.get(f"{base}/customers", headers=rep).json()["items"][0]["customer_id"]
    why = "their port contract ends this month and they asked for a quote"
    plan = {"customer_id": customer, "planned_on": today, "purpose": why}
    planned = httpx.post(f"{base}/visits", headers=rep, json=plan)
    assert planned.status_code == 201, planned.text
    wait = {"min_position": planned.json()["position"], "limit": 500}
    queue = httpx.get(f"{base}/review-queue", headers=manager, params=wait)
    assert planned.json()["id"] in [v["visit_id"] for v in queue.json()["items"]]


def test_the_first_start_seeds_a_generated_organisation_and_the_second_nothing(
    tmp_path: Path,
) -> None:
    with _serving(tmp_path) as first:
        pass
    with _serving(tmp_path) as second:
        pass
    assert any("Seeded a demo organisation" in line for line in first.output)
    assert not any("Seeded" in line for line in second.output)
    people = {label: person for label, (person, _) in first.logins.items()}
    assert people == {label: person for label, (person, _) in second.logins.items()}
    assert people["admin"] == "adm-0001"


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
