"""The tamper-evidence commands as an operator (and a person holding a receipt) runs them."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

from api.bootstrap import build
from api.demo import seed_demo
from services.transparency.keys import LogKey, load_public_key
from tests.conftest import sqlite_settings
from tests.e2e.test_cli import BIN, _env
from tests.stand_in import bear_receipts, seal
from tests.support import ADMIN, actor


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), *args], env=_env(tmp_path, **env), capture_output=True, text=True, timeout=120
    )


def test_keygen_makes_a_key_and_public_key_prints_the_logs(tmp_path: Path) -> None:
    private = _run(tmp_path, "ledger", "keygen").stdout
    key = LogKey.from_pem(private)
    shown = _run(tmp_path, "ledger", "public-key", PERFLEDGER_LEDGER_SIGNING_KEY=private).stdout
    assert load_public_key(shown) is not None
    assert shown == key.public_pem


def test_production_refuses_to_start_without_a_signing_key(tmp_path: Path) -> None:
    result = _run(tmp_path, "serve", PERFLEDGER_MODE="production", PERFLEDGER_JWT_SECRET="x" * 40)
    assert result.returncode != 0
    assert "PERFLEDGER_LEDGER_SIGNING_KEY" in result.stdout + result.stderr


def test_db_init_on_sqlite_creates_tables_and_triggers(tmp_path: Path) -> None:
    result = _run(tmp_path, "db", "init")
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(tmp_path / "cli.db")
    try:
        triggers = {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
    finally:
        conn.close()
    assert {"stored_events_no_update", "stored_events_no_delete"} <= triggers
    assert "perfledger_ledger_leaves_no_delete" in triggers


def test_a_person_checks_a_receipt_offline_against_a_later_head(tmp_path: Path) -> None:
    c = build(
        sqlite_settings(tmp_path, seed_demo=False).model_copy(
            update={"database_url": f"sqlite:///{tmp_path}/cli.db"}
        )
    )
    try:
        seed_demo(c)
        bear_receipts(c)
        position = seal(c, "rep-wang", date(2025, 3, 31))
        receipt = c.transparency.receipt(actor("rep-wang", "rep"), position).to_json()
        for i in range(25):
            c.organisation.open_region(ADMIN, f"later-{i}", f"Later {i}")
        organisation_event = c.ledger.head()
    finally:
        c.close()
    (tmp_path / "receipt.json").write_text(json.dumps(receipt))
    (tmp_path / "key.pem").write_text(_run(tmp_path, "ledger", "public-key").stdout)
    head = _run(tmp_path, "ledger", "head", "--to", str(tmp_path / "head.jsonl"))
    assert head.returncode == 0, head.stderr
    later = json.loads((tmp_path / "head.jsonl").read_text())["tree_head"]
    first = receipt["tree_head"]["tree_size"]
    proof = _run(tmp_path, "ledger", "prove", "consistency", str(first), str(later["tree_size"]))
    assert proof.returncode == 0, proof.stderr
    (tmp_path / "proof.json").write_text(proof.stdout)

    check = [
        "ledger",
        "check-receipt",
        str(tmp_path / "receipt.json"),
        "--public-key",
        str(tmp_path / "key.pem"),
        "--later",
        str(tmp_path / "head.jsonl"),
        "--proof",
        str(tmp_path / "proof.json"),
    ]
    ok = _run(tmp_path, *check)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "receipt verifies" in ok.stdout

    receipt["entry"]["version"] += 1  # a forged record
    (tmp_path / "receipt.json").write_text(json.dumps(receipt))
    forged = _run(tmp_path, *check)
    assert forged.returncode == 1
    assert "does NOT verify" in forged.stdout

    refused = _run(tmp_path, "ledger", "receipt", str(organisation_event))
    assert refused.returncode == 2
    assert f"receipt {organisation_event} not found" in refused.stderr
    status = _run(tmp_path, "ledger", "status").stdout
    assert f"log head: {organisation_event}" in status
