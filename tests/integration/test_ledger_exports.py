"""Tree heads leave the database: at intervals and on demand, to a file or a webhook."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from api.bootstrap import Container, build
from api.demo import seed_demo
from services.settings import Settings
from services.transparency.audit import Leaves, exported_leaves
from services.transparency.export import Checkpoint, exporter_for, read_checkpoints, to_stdout
from services.transparency.heads import TreeHead
from services.transparency.proofs import verify_tree_head
from tests.support import ADMIN


@pytest.fixture
def exporting(settings: Settings, tmp_path: Path) -> Iterator[tuple[Container, Path]]:
    path = tmp_path / "exports" / "heads.jsonl"
    c = build(
        settings.model_copy(update={"ledger_export": str(path), "ledger_export_leaves": True})
    )
    try:
        seed_demo(c)
        yield c, path
    finally:
        c.close()


def _grow(c: Container, n: int, prefix: str) -> None:
    for i in range(n):
        c.organisation.open_region(ADMIN, f"{prefix}{i}", f"Region {prefix}{i}")


def test_heads_are_signed_at_intervals_and_only_when_the_log_grew(
    exporting: tuple[Container, Path],
) -> None:
    c, path = exporting
    c.follower.head_seconds = 3600
    assert c.follower.step() > 0
    first = c.follower.store.latest_head()
    assert first is not None  # the first head is due at once
    assert first.tree_size == c.follower.size
    _grow(c, 3, "a")
    c.follower.step()
    assert c.follower.store.latest_head() == first  # not yet: the interval has not passed
    c.follower.head_seconds = 0
    c.follower.step()
    second = c.follower.store.latest_head()
    assert second is not None
    assert second.tree_size == first.tree_size + 3
    c.follower.step()
    assert c.follower.store.latest_head() == second  # nothing new to sign
    assert [cp.tree_head for cp in read_checkpoints(path)] == [first, second]


def test_exported_leaves_rebuild_the_ledger_outside_the_database(
    exporting: tuple[Container, Path],
) -> None:
    c, path = exporting
    for chunk in range(3):
        _grow(c, 4, f"c{chunk}-")
        c.follower.catch_up()
        c.follower.sign_head()
    checkpoints = read_checkpoints(path)
    assert [cp.first_index for cp in checkpoints] == [
        0,
        *[cp.tree_head.tree_size for cp in checkpoints[:-1]],
    ]
    mirrored = exported_leaves(checkpoints)
    assert mirrored is not None
    stored = Leaves(
        (position, digest)
        for page in c.follower.store.leaf_pages(0, c.follower.size)
        for _, position, digest in page
    )
    assert mirrored.positions == stored.positions
    assert mirrored.hashes == stored.hashes
    for cp in checkpoints:
        verify_tree_head(cp.tree_head, c.follower.key.public_key)


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        del args


@pytest.fixture
def webhook() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Receiver.received = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tree-heads"
    finally:
        server.shutdown()
        server.server_close()


def test_heads_are_posted_to_the_operators_webhook(settings: Settings, webhook: str) -> None:
    c = build(settings.model_copy(update={"ledger_export": webhook}))
    try:
        seed_demo(c)
        c.follower.catch_up()
        head = c.follower.sign_head()
    finally:
        c.close()
    assert len(_Receiver.received) == 1
    posted = TreeHead.from_json(_Receiver.received[0]["tree_head"])
    assert posted == head
    assert "leaves" not in _Receiver.received[0]


def test_a_failing_export_keeps_the_head(settings: Settings) -> None:
    c = build(settings.model_copy(update={"ledger_export": "http://127.0.0.1:9/unreachable"}))
    try:
        seed_demo(c)
        c.follower.catch_up()
        head = c.follower.sign_head()
        assert c.follower.store.latest_head() == head
    finally:
        c.close()


def test_heads_print_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    head = TreeHead(3, 1_700_000_000_000, bytes(32), bytes(64), bytes(32))
    assert exporter_for("-") is to_stdout
    to_stdout(Checkpoint(head))
    to_stdout(Checkpoint(head))
    lines = capsys.readouterr().out.splitlines()
    assert [TreeHead.from_json(json.loads(line)["tree_head"]) for line in lines] == [head, head]
    with pytest.raises(ValueError, match="unsupported target"):
        exporter_for("ftp://example.org/heads")
