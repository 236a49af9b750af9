"""Tampering behind the product's back, as the database superuser, on both stores.

Each attack disables (PostgreSQL) or drops (SQLite) the append-only triggers
first. ``perfledger verify`` must catch it and name the position and kind,
also when the attacker then rebuilt the ledger tables and re-signed the heads
to match: then only heads (and leaves) exported earlier can tell.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from api.bootstrap import Container
from services.transparency.audit import (
    ALTERED,
    HEAD_MISMATCH,
    INSERTED,
    REMOVED,
    REORDERED,
    STORED_LEDGER,
    Finding,
    Report,
    audit,
)
from services.transparency.export import read_checkpoints, to_file
from services.transparency.snapshot import open_snapshot
from tests.attacker import Attacker
from tests.support import ADMIN

BIN = Path(sys.executable).parent / "perfledger"


@dataclass
class Logged:
    """A log of three chunks, each closed by a head exported to files outside the database."""

    c: Container
    heads_file: Path
    mirror_file: Path
    chunk_ends: list[int]  # the tree size after each chunk
    target: int  # a position in the middle of the second chunk


@pytest.fixture
def logged(demo: Container, tmp_path: Path) -> Logged:
    heads_file, mirror_file = tmp_path / "heads.jsonl", tmp_path / "mirror.jsonl"
    sizes = []
    for chunk in range(3):
        for i in range(10):
            demo.organisation.open_region(ADMIN, f"c{chunk}-{i}", f"Region {chunk}-{i}")
        demo.follower.catch_up()
        head = demo.follower.sign_head()
        to_file(heads_file)(demo.follower.checkpoint(head))
        sizes.append(head.tree_size)
    to_file(mirror_file)(demo.follower.checkpoint(head, 0))
    positions = [n.id for n in demo.app.recorder.select_notifications(1, 10_000)]
    return Logged(demo, heads_file, mirror_file, sizes, target=positions[sizes[0] + 2])


def _check(logged: Logged, *files: Path) -> Report:
    exported = [(str(f), c) for f in files for c in read_checkpoints(f)]
    with open_snapshot(logged.c.settings) as snapshot:
        return audit(snapshot, exported, logged.c.follower.key.public_key)


Attack = Callable[[Attacker, int], None]
ATTACKS: list[tuple[str, Attack, str]] = [
    ("one byte of one event's state", lambda a, p: a.change_one_byte(p), ALTERED),
    ("an event deleted", lambda a, p: a.delete(p), REMOVED),
    ("a forged event inserted", lambda a, p: a.insert_forged(p), INSERTED),
    ("two events swapped", lambda a, p: a.swap(p, p + 5), REORDERED),
]
IDS = [a[0] for a in ATTACKS]


def _finding(report: Report, source: str) -> Finding:
    found = [f for f in report.findings if f.source == source]
    assert found, report.findings
    return found[0]


@pytest.mark.parametrize(("attack", "kind"), [(a, k) for _, a, k in ATTACKS], ids=IDS)
def test_verify_names_the_position_and_kind_of_each_attack(
    logged: Logged, attack: Attack, kind: str
) -> None:
    assert _check(logged).ok
    attack(Attacker(logged.c.settings), logged.target)
    report = _check(logged)
    finding = _finding(report, STORED_LEDGER)
    assert (finding.kind, finding.position) == (kind, logged.target)
    # The heads stored in the database no longer match either.
    assert any(f.kind == HEAD_MISMATCH for f in report.findings)


@pytest.mark.parametrize(("attack", "kind"), [(a, k) for _, a, k in ATTACKS], ids=IDS)
def test_a_rewritten_ledger_is_caught_by_heads_exported_earlier(
    logged: Logged, attack: Attack, kind: str
) -> None:
    attacker = Attacker(logged.c.settings)
    attack(attacker, logged.target)
    # The attacker also holds the signing key: the ledger is rebuilt and re-signed.
    attacker.wipe_ledger()
    logged.c.follower.catch_up()
    logged.c.follower.sign_head()
    assert _check(logged).ok  # nothing inside the database can tell any more

    by_heads = _check(logged, logged.heads_file)
    exported = [f for f in by_heads.findings if f.source.startswith("exported head")]
    assert exported
    assert all(f.kind == HEAD_MISMATCH for f in exported)
    narrowest = min(exported, key=lambda f: (f.through or 0) - (f.position or 0))
    assert narrowest.position is not None
    assert narrowest.through is not None
    assert narrowest.position <= logged.target <= narrowest.through
    # The head after the first chunk still matches: the change lies after it.
    assert narrowest.position > logged.chunk_ends[0]

    by_mirror = _check(logged, logged.mirror_file)
    finding = _finding(by_mirror, "exported leaves")
    assert (finding.kind, finding.position) == (kind, logged.target)


def test_perfledger_verify_reports_the_position_and_fails(logged: Logged) -> None:
    settings = logged.c.settings
    env = {k: v for k, v in os.environ.items() if not k.startswith("PERFLEDGER_")}
    env |= {
        "PERFLEDGER_DATABASE_URL": settings.database_url,
        "PERFLEDGER_POSTGRES_SCHEMA": settings.postgres_schema,
    }  # the development key is found where the container created it
    command = [str(BIN), "verify", "--heads", str(logged.heads_file)]
    clean = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "OK" in clean.stdout
    Attacker(settings).change_one_byte(logged.target)
    tampered = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert tampered.returncode == 1
    assert f"altered at position {logged.target} [stored ledger]" in tampered.stdout
