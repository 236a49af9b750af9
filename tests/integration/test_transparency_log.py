"""The tamper-evident log on real SQLite files and real PostgreSQL: following, proofs."""

from __future__ import annotations

import threading

from api.bootstrap import Container
from projections.transparency.follower import LogFollower
from projections.transparency.store import LogStore
from services.transparency.audit import audit
from services.transparency.proofs import verify_consistency, verify_inclusion, verify_tree_head
from services.transparency.snapshot import open_snapshot
from tests.support import ADMIN, actor

AUDITOR = actor("audit-sun", "auditor")


def _grow(c: Container, n: int, prefix: str = "r") -> None:
    for i in range(n):
        c.organisation.open_region(ADMIN, f"{prefix}{i}", f"Region {prefix}{i}")


def test_the_ledger_follows_every_event_and_the_verifier_agrees(demo: Container) -> None:
    added = demo.follower.catch_up()
    head = demo.ledger.head()
    assert demo.follower.store.tip() == (added, head)
    signed = demo.follower.sign_head()
    verify_tree_head(signed, demo.follower.key.public_key)
    with open_snapshot(demo.settings) as snapshot:
        report = audit(snapshot, public_key=demo.follower.key.public_key)
    assert report.ok, report.findings
    assert report.events == report.ledger_leaves == added
    assert report.heads_checked == 1


def test_a_follower_resumes_from_the_stored_tree(demo: Container) -> None:
    first = LogFollower(
        demo.app, demo.follower.store, demo.follower.key, demo.ledger.clock, batch_size=4
    )
    assert first.run_batch() == 4
    again = LogFollower(
        demo.app, demo.follower.store, demo.follower.key, demo.ledger.clock, batch_size=5
    )
    again.catch_up()
    assert demo.follower.store.tip()[1] == demo.ledger.head()
    with open_snapshot(demo.settings) as snapshot:
        assert audit(snapshot).ok


def test_two_followers_racing_append_each_leaf_once(demo: Container) -> None:
    _grow(demo, 40)
    followers = [
        LogFollower(
            demo.app,
            LogStore(demo.views.directory.view),
            demo.follower.key,
            demo.ledger.clock,
            batch_size=size,
        )
        for size in (3, 7)
    ]
    threads = [threading.Thread(target=f.catch_up) for f in followers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    followers[0].catch_up()
    events = len(demo.app.recorder.select_notifications(1, 10_000))
    assert demo.follower.store.tip() == (events, demo.ledger.head())
    assert followers[0].sign_head().root_hash == followers[1].sign_head().root_hash
    with open_snapshot(demo.settings) as snapshot:
        report = audit(snapshot, public_key=demo.follower.key.public_key)
    assert report.ok, report.findings


def test_proofs_from_the_service_check_out_against_signed_heads(demo: Container) -> None:
    service = demo.transparency
    first = service.sign_head(AUDITOR)
    _grow(demo, 37)
    second = service.sign_head(AUDITOR)
    proof = service.consistency(AUDITOR, first.tree_size, second.tree_size)
    verify_consistency(
        first.tree_size, second.tree_size, first.root_hash, second.root_hash, proof.consistency
    )
    for position in (1, first.tree_size // 2, demo.ledger.head()):
        found = service.inclusion(AUDITOR, position, None)
        assert found.tree_size == second.tree_size
        verify_inclusion(
            found.leaf_hash, found.leaf_index, found.tree_size, found.audit_path, second.root_hash
        )
        assert service.entry(AUDITOR, position).leaf_hash() == found.leaf_hash
