"""Checks for anyone who does not trust the operator: proofs, tree heads, receipts.

The algorithms are RFC 9162's (2.1.3.2 inclusion, 2.1.4.2 consistency). This
module needs only the standard library, ``cryptography`` for Ed25519 and the
two hash functions of ``hashing``; it shares nothing else with the writer, so
it can be copied out and run by a third party against what the service gave
them. Every check raises ``ProofError`` naming what failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from services.transparency.hashing import leaf_hash, node_hash
from services.transparency.heads import TreeHead, b64, key_id_of, unb64


class ProofError(Exception):
    """A proof, signature or receipt does not hold."""


def _lsb(n: int) -> bool:
    return bool(n & 1)


def root_from_inclusion(leaf: bytes, index: int, size: int, path: Sequence[bytes]) -> bytes:
    """The root an audit path leads to (RFC 9162, 2.1.3.2); raises if the path is malformed."""
    if index >= size or index < 0:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    fn, sn, digest = index, size - 1, leaf
    for sibling in path:
        if sn == 0:
            raise ProofError("the audit path is longer than the tree is deep")
        if _lsb(fn) or fn == sn:
            digest = node_hash(sibling, digest)
            while not _lsb(fn) and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            digest = node_hash(digest, sibling)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("the audit path is shorter than the tree is deep")
    return digest


def verify_inclusion(
    leaf: bytes, index: int, size: int, path: Sequence[bytes], root: bytes
) -> None:
    """The leaf sits at ``index`` in the tree of ``size`` leaves whose root is ``root``."""
    if root_from_inclusion(leaf, index, size, path) != root:
        raise ProofError(f"leaf {index} is not in the tree of size {size} with this root")


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> None:
    """The tree of ``second`` leaves extends the tree of ``first`` (RFC 9162, 2.1.4.2)."""
    if not 0 <= first <= second:
        raise ProofError(f"a tree of size {second} cannot extend one of size {first}")
    if first == second or first == 0:
        if proof or (first == second and first_root != second_root):
            raise ProofError("equal or empty trees need an empty proof and equal roots")
        return
    if not proof:
        raise ProofError("the consistency proof is empty")
    path = [first_root, *proof] if first & (first - 1) == 0 else list(proof)
    fr, sr = _consistency_roots(first, second, path)
    if fr != first_root or sr != second_root:
        raise ProofError(f"the tree of size {second} does not extend the tree of size {first}")


def _consistency_roots(first: int, second: int, path: Sequence[bytes]) -> tuple[bytes, bytes]:
    """The two roots a consistency path leads to (steps 3 to 7 of RFC 9162, 2.1.4.2)."""
    fn, sn = first - 1, second - 1
    while _lsb(fn):
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the consistency proof is longer than the tree is deep")
        if _lsb(fn) or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not _lsb(fn) and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("the consistency proof is shorter than the tree is deep")
    return fr, sr


def verify_tree_head(head: TreeHead, public_key: Ed25519PublicKey) -> None:
    """The head was signed by the log's key."""
    if head.key_id != key_id_of(public_key):
        raise ProofError(f"the tree head of size {head.tree_size} names another key")
    try:
        public_key.verify(head.signature, head.message())
    except InvalidSignature:
        raise ProofError(
            f"the signature on the tree head of size {head.tree_size} is not the log's"
        ) from None


# --- receipts -------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A stored event exactly as the store holds it."""

    position: int
    aggregate_id: UUID
    version: int
    topic: str
    state: bytes

    def leaf_hash(self) -> bytes:
        return leaf_hash(self.position, self.aggregate_id, self.version, self.topic, self.state)


@dataclass(frozen=True)
class Receipt:
    """Proof that one record was in the log: its entry, leaf, signed head and audit path."""

    position: int
    leaf_index: int
    leaf_hash: bytes
    tree_head: TreeHead
    audit_path: tuple[bytes, ...]
    entry: Entry | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "position": self.position,
            "leaf_index": self.leaf_index,
            "leaf_hash": b64(self.leaf_hash),
            "tree_head": self.tree_head.to_json(),
            "audit_path": [b64(p) for p in self.audit_path],
        }
        if self.entry is not None:
            data["entry"] = entry_json(self.entry)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Receipt:
        entry = data.get("entry")
        return cls(
            position=int(data["position"]),
            leaf_index=int(data["leaf_index"]),
            leaf_hash=unb64(data["leaf_hash"]),
            tree_head=TreeHead.from_json(data["tree_head"]),
            audit_path=tuple(unb64(p) for p in data["audit_path"]),
            entry=None if entry is None else entry_from_json(entry),
        )


def entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "position": entry.position,
        "aggregate_id": str(entry.aggregate_id),
        "version": entry.version,
        "topic": entry.topic,
        "state": b64(entry.state),
    }


def entry_from_json(data: dict[str, Any]) -> Entry:
    return Entry(
        position=int(data["position"]),
        aggregate_id=UUID(data["aggregate_id"]),
        version=int(data["version"]),
        topic=str(data["topic"]),
        state=unb64(data["state"]),
    )


def verify_receipt(
    receipt: Receipt,
    public_key: Ed25519PublicKey,
    later: TreeHead | None = None,
    consistency: Sequence[bytes] = (),
) -> None:
    """The receipt's record is in the log, and (given a later head) is still there unchanged.

    Checks: the head's signature; the entry (when the receipt carries it)
    hashes to the receipt's leaf; the audit path leads from the leaf to the
    head's root; and the later head is signed and extends the receipt's head.
    """
    verify_tree_head(receipt.tree_head, public_key)
    if receipt.entry is not None:
        if receipt.entry.position != receipt.position:
            raise ProofError("the receipt's entry is for another position")
        if receipt.entry.leaf_hash() != receipt.leaf_hash:
            raise ProofError("the receipt's entry does not hash to its leaf")
    head = receipt.tree_head
    verify_inclusion(
        receipt.leaf_hash, receipt.leaf_index, head.tree_size, receipt.audit_path, head.root_hash
    )
    if later is not None:
        verify_tree_head(later, public_key)
        verify_consistency(
            head.tree_size, later.tree_size, head.root_hash, later.root_hash, consistency
        )
