"""``perfledger keys``: backups never carry a destroyed key and never bring one back."""

from __future__ import annotations

import base64
import json
import subprocess
from datetime import date
from pathlib import Path

from api.bootstrap import Container, build
from api.demo import seed_demo
from domain.privacy import PrivacyFile, RetentionRule
from services.privacy.master import MasterKey
from tests.conftest import sqlite_settings
from tests.e2e.test_cli import BIN, _env
from tests.support import ADMIN


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), "keys", *args], env=_env(tmp_path), capture_output=True, text=True, timeout=120
    )


def _container(tmp_path: Path) -> Container:
    settings = sqlite_settings(tmp_path, seed_demo=False)
    return build(settings.model_copy(update={"database_url": f"sqlite:///{tmp_path}/cli.db"}))


def _subjects(output: str) -> list[str]:
    return [json.loads(line)["subject"] for line in output.splitlines()]


def _erase_zhao_and_crash_while_erasing_chen(tmp_path: Path) -> None:
    """rep-zhao is erased; rep-chen's erasure is recorded but its key outlives a crash."""
    c = _container(tmp_path)
    try:
        seed_demo(c)
        rule = RetentionRule.of("default", 0, "none")
        c.privacy.set_retention(ADMIN, rule)
        c.organisation.record_leaving(ADMIN, "rep-zhao", date(2025, 1, 1))
        c.privacy.request_erasure(ADMIN, "rep-zhao", "asked")
        (tmp_path / "before.jsonl").write_text(_run(tmp_path, "export").stdout)
        stamp = c.ledger.stamp(ADMIN)
        file = PrivacyFile.open(stamp, "rep-chen")
        file.request_erasure(stamp, "asked", date(2026, 1, 1), date(2025, 1, 1), rule)
        c.ledger.commit(ADMIN, file, id="rep-chen")  # and the process dies before the destroy
    finally:
        c.close()


def test_export_leaves_out_destroyed_keys_and_refuses_a_key_the_log_says_is_erased(
    tmp_path: Path,
) -> None:
    _erase_zhao_and_crash_while_erasing_chen(tmp_path)
    before = _subjects((tmp_path / "before.jsonl").read_text())
    assert "rep-wang" in before
    assert "rep-chen" in before
    assert "rep-zhao" not in before

    crashed = _run(tmp_path, "export")
    assert crashed.returncode == 2
    assert "rep-chen" in crashed.stderr
    named = _run(tmp_path, "export", "--subject", "rep-zhao")
    assert named.returncode == 2
    assert "rep-zhao" in named.stderr

    reconciled = _run(tmp_path, "reconcile")
    assert reconciled.returncode == 0, reconciled.stderr
    assert "rep-chen" in reconciled.stdout
    assert "every erasure holds" in _run(tmp_path, "reconcile").stdout
    exported = _run(tmp_path, "export", "--to", str(tmp_path / "keys.jsonl"))
    assert exported.returncode == 0, exported.stderr
    after = _subjects((tmp_path / "keys.jsonl").read_text())
    assert set(before) - set(after) == {"rep-chen"}


def test_import_refuses_to_bring_back_an_erased_persons_key(tmp_path: Path) -> None:
    _erase_zhao_and_crash_while_erasing_chen(tmp_path)
    assert _run(tmp_path, "reconcile").returncode == 0
    imported = _run(tmp_path, "import", str(tmp_path / "before.jsonl"))
    assert imported.returncode == 2
    assert "refused (erased): rep-chen" in imported.stderr
    c = _container(tmp_path)
    try:
        chen = c.app.cipher.keys.fetch("rep-chen")
        assert chen is not None
        assert chen.wrapped is None
    finally:
        c.close()


def test_master_keygen_prints_a_usable_master_key(tmp_path: Path) -> None:
    printed = _run(tmp_path, "master-keygen").stdout.strip()
    assert len(base64.b64decode(printed)) == 32
    assert MasterKey.from_text(printed).key_id
