"""Receipts: fetched after sealing, checked against a head taken a thousand events later."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from api.bootstrap import Container
from services.transparency.keys import LogKey, generate_pem
from services.transparency.proofs import ProofError, Receipt, verify_receipt
from tests.stand_in import bear_receipts, seal
from tests.support import ADMIN, actor

REP = actor("rep-wang", "rep")
AUDITOR = actor("audit-sun", "auditor")


@pytest.fixture
def sealed(demo: Container) -> tuple[Container, int]:
    bear_receipts(demo)
    return demo, seal(demo, "rep-wang", date(2025, 3, 31))


def test_a_receipt_verifies_against_a_head_a_thousand_events_later(
    sealed: tuple[Container, int],
) -> None:
    c, position = sealed
    key = c.transparency.key.public_key
    receipt = c.transparency.receipt(REP, position)
    verify_receipt(receipt, key)
    kept = json.dumps(receipt.to_json())  # what the person keeps

    for i in range(1000):
        c.organisation.open_region(ADMIN, f"later-{i}", f"Later {i}")
    later = c.transparency.sign_head(AUDITOR)
    assert later.tree_size >= receipt.tree_head.tree_size + 1000
    proof = c.transparency.consistency(REP, receipt.tree_head.tree_size, later.tree_size)

    verify_receipt(Receipt.from_json(json.loads(kept)), key, later, proof.consistency)
    # The record itself is unchanged: as stored now, it hashes to the receipt's leaf.
    assert c.transparency.entry(REP, position).leaf_hash() == receipt.leaf_hash


def _flip(text: str, at: int = 0) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[at % len(raw)] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def _entry_score(data: dict[str, Any], score: int) -> None:
    state = json.loads(base64.b64decode(data["entry"]["state"]))
    state["score"] = score
    data["entry"]["state"] = base64.b64encode(json.dumps(state).encode()).decode()


Forgery = Callable[[dict[str, Any]], None]
FORGERIES: list[tuple[str, Forgery]] = [
    ("a better score in the entry", lambda d: _entry_score(d, 5)),
    ("another leaf hash", lambda d: d.update(leaf_hash=_flip(d["leaf_hash"]))),
    ("another position", lambda d: d.update(position=d["position"] + 1)),
    ("another leaf index", lambda d: d.update(leaf_index=d["leaf_index"] + 1)),
    ("a changed audit path", lambda d: d["audit_path"].__setitem__(0, _flip(d["audit_path"][0]))),
    ("a shortened audit path", lambda d: d["audit_path"].pop()),
    (
        "another root",
        lambda d: d["tree_head"].update(sha256_root_hash=_flip(d["tree_head"]["sha256_root_hash"])),
    ),
    (
        "another tree size",
        lambda d: d["tree_head"].update(tree_size=d["tree_head"]["tree_size"] + 1),
    ),
    ("another time", lambda d: d["tree_head"].update(timestamp=d["tree_head"]["timestamp"] + 1)),
    (
        "a broken signature",
        lambda d: d["tree_head"].update(
            tree_head_signature=_flip(d["tree_head"]["tree_head_signature"], 7)
        ),
    ),
]


@pytest.mark.parametrize("forge", [f for _, f in FORGERIES], ids=[n for n, _ in FORGERIES])
def test_a_forged_receipt_fails(sealed: tuple[Container, int], forge: Forgery) -> None:
    c, position = sealed
    for i in range(20):  # so that the audit path has several steps
        c.organisation.open_region(ADMIN, f"more-{i}", f"More {i}")
    data = c.transparency.receipt(REP, position).to_json()
    verify_receipt(Receipt.from_json(data), c.transparency.key.public_key)
    forge(data)
    with pytest.raises(ProofError):
        verify_receipt(Receipt.from_json(data), c.transparency.key.public_key)


def test_a_receipt_signed_by_another_key_fails(sealed: tuple[Container, int]) -> None:
    c, position = sealed
    genuine = c.transparency.receipt(REP, position)
    impostor = LogKey.from_pem(generate_pem())
    head = genuine.tree_head
    forged = Receipt(
        genuine.position,
        genuine.leaf_index,
        genuine.leaf_hash,
        impostor.sign(head.tree_size, head.timestamp, head.root_hash),
        genuine.audit_path,
        genuine.entry,
    )
    verify_receipt(forged, impostor.public_key)  # consistent with itself...
    with pytest.raises(ProofError):
        verify_receipt(forged, c.transparency.key.public_key)  # ...but not the log's


def test_a_later_head_that_rewrote_history_fails(sealed: tuple[Container, int]) -> None:
    c, position = sealed
    receipt = c.transparency.receipt(REP, position)
    for i in range(10):
        c.organisation.open_region(ADMIN, f"after-{i}", f"After {i}")
    later = c.transparency.sign_head(AUDITOR)
    proof = c.transparency.consistency(REP, receipt.tree_head.tree_size, later.tree_size)
    key = c.transparency.key.public_key
    verify_receipt(receipt, key, later, proof.consistency)
    forged_steps = (bytes(32), *proof.consistency[1:])
    with pytest.raises(ProofError):
        verify_receipt(receipt, key, later, forged_steps)
