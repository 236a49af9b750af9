"""docker/ as far as we can check it without an engine: structure and references."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_runs_postgres_api_and_worker_separately() -> None:
    compose = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "db-init", "api", "worker"}
    assert services["worker"]["command"] == ["perfledger", "project", "run"]
    api_env = services["api"]["environment"]
    assert api_env["PERFLEDGER_RUN_PROJECTIONS"] == "false"
    assert api_env["PERFLEDGER_DATABASE_URL"].startswith("postgresql://")
    assert services["db-init"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("api", "worker", "db-init"):
        assert (ROOT / "docker" / services[name]["build"]["context"] / "pyproject.toml").exists()
    for name in ("api", "worker"):
        needs = services[name]["depends_on"]["db-init"]["condition"]
        assert needs == "service_completed_successfully"


def test_the_service_connects_as_the_application_role_in_production() -> None:
    services = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())["services"]
    init = services["db-init"]
    assert init["command"][:3] == ["perfledger", "db", "init"]
    owner = init["environment"]["PERFLEDGER_DATABASE_URL"]
    assert owner.startswith("postgresql://perfledger_owner:")
    role = init["command"][init["command"].index("--app-role") + 1]
    for name in ("api", "worker"):
        env = services[name]["environment"]
        assert env["PERFLEDGER_MODE"] == "production"
        assert env["PERFLEDGER_DATABASE_URL"].startswith(f"postgresql://{role}:")
        assert "PERFLEDGER_LEDGER_SIGNING_KEY" in env
        assert "PERFLEDGER_MASTER_KEY" in env
        assert env["PERFLEDGER_LEDGER_EXPORT"]


def test_dockerfile_copies_what_exists_and_runs_the_cli() -> None:
    lines = (ROOT / "docker" / "Dockerfile").read_text().splitlines()
    for line in lines:
        if line.startswith("COPY ") and "--from" not in line:
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source
    assert 'CMD ["perfledger", "serve"]' in lines
    assert any(line.startswith("USER ") for line in lines)
