"""The writer's tree and proofs against RFC 6962's definitions and the independent checks."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.transparency.hashing import EMPTY_ROOT, node_hash
from services.transparency.proofs import ProofError, verify_consistency, verify_inclusion
from services.transparency.tree import (
    Frontier,
    NodeKey,
    consistency_spans,
    inclusion_spans,
    needed,
    span_hash,
    split_point,
)


def raw_leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def mth(leaves: list[bytes]) -> bytes:
    """MTH straight from RFC 6962, 2.1: the reference the writer must agree with."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = split_point(len(leaves))
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def path(m: int, leaves: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]) from RFC 6962, 2.1.1."""
    if len(leaves) <= 1:
        return []
    k = split_point(len(leaves))
    if m < k:
        return [*path(m, leaves[:k]), mth(leaves[k:])]
    return [*path(m - k, leaves[k:]), mth(leaves[:k])]


def subproof(m: int, leaves: list[bytes], whole: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b) from RFC 6962, 2.1.2."""
    n = len(leaves)
    if m == n:
        return [] if whole else [mth(leaves)]
    k = split_point(n)
    if m <= k:
        return [*subproof(m, leaves[:k], whole), mth(leaves[k:])]
    return [*subproof(m - k, leaves[k:], False), mth(leaves[:k])]


def build(n: int) -> tuple[list[bytes], dict[NodeKey, bytes], Frontier]:
    """A tree of n leaves as the writer stores it: leaves and completed nodes."""
    leaves = [raw_leaf(i.to_bytes(4, "big")) for i in range(n)]
    stored: dict[NodeKey, bytes] = {}
    frontier = Frontier()
    for i, leaf in enumerate(leaves):
        stored[(0, i)] = leaf
        for level, index, digest in frontier.append(leaf):
            stored[(level, index)] = digest
    return leaves, stored, frontier


def hashes(spans: list[tuple[int, int]], stored: dict[NodeKey, bytes]) -> list[bytes]:
    assert set(needed(spans)) <= set(stored)
    return [span_hash(span, stored) for span in spans]


# The test vectors of the Certificate Transparency reference implementations.
CT_LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57",
    bytes(range(0x60, 0x70)),
]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def test_the_writer_computes_the_reference_roots() -> None:
    frontier = Frontier()
    assert frontier.root() == hashlib.sha256(b"").digest()
    for data, root in zip(CT_LEAVES, CT_ROOTS, strict=True):
        frontier.append(raw_leaf(data))
        assert frontier.root().hex() == root


def test_a_reference_audit_path_verifies() -> None:
    leaves = [raw_leaf(d) for d in CT_LEAVES]
    expected = [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ]
    assert [p.hex() for p in path(0, leaves)] == expected
    verify_inclusion(leaves[0], 0, 8, [bytes.fromhex(h) for h in expected], mth(leaves))


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=300), st.data())
def test_inclusion_proofs_match_rfc_6962_and_verify(n: int, data: st.DataObject) -> None:
    leaves, stored, frontier = build(n)
    assert frontier.root() == mth(leaves)
    index = data.draw(st.integers(min_value=0, max_value=n - 1))
    proof = hashes(inclusion_spans(index, n), stored)
    assert proof == path(index, leaves)
    verify_inclusion(leaves[index], index, n, proof, frontier.root())


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=300), st.data())
def test_consistency_proofs_match_rfc_6962_and_verify(n: int, data: st.DataObject) -> None:
    leaves, stored, _ = build(n)
    m = data.draw(st.integers(min_value=1, max_value=n))
    proof = hashes(consistency_spans(m, n), stored)
    assert proof == subproof(m, leaves, True)
    verify_consistency(m, n, mth(leaves[:m]), mth(leaves), proof)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=2, max_value=200), st.data())
def test_a_changed_inclusion_proof_fails(n: int, data: st.DataObject) -> None:
    leaves, stored, frontier = build(n)
    index = data.draw(st.integers(min_value=0, max_value=n - 1))
    proof = hashes(inclusion_spans(index, n), stored)
    root = frontier.root()
    other = (index + data.draw(st.integers(min_value=1, max_value=n - 1))) % n
    with pytest.raises(ProofError):
        verify_inclusion(leaves[other], index, n, proof, root)
    with pytest.raises(ProofError):
        verify_inclusion(leaves[index], other, n, proof, root)
    if proof:
        at = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
        forged = [*proof[:at], raw_leaf(b"forged"), *proof[at + 1 :]]
        with pytest.raises(ProofError):
            verify_inclusion(leaves[index], index, n, forged, root)
        with pytest.raises(ProofError):
            verify_inclusion(leaves[index], index, n, proof[:-1], root)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=2, max_value=200), st.data())
def test_a_rewritten_history_fails_the_consistency_check(n: int, data: st.DataObject) -> None:
    leaves, _, _ = build(n)
    m = data.draw(st.integers(min_value=1, max_value=n - 1))
    changed = data.draw(st.integers(min_value=0, max_value=m - 1))
    rewritten = [*leaves[:changed], raw_leaf(b"rewritten"), *leaves[changed + 1 :]]
    frontier = Frontier()
    for leaf in rewritten:
        frontier.append(leaf)
    proof = subproof(m, rewritten, True)
    with pytest.raises(ProofError):
        verify_consistency(m, n, mth(leaves[:m]), frontier.root(), proof)


def test_degenerate_consistency_cases() -> None:
    leaves, _, _ = build(4)
    root = mth(leaves)
    verify_consistency(4, 4, root, root, [])
    verify_consistency(0, 4, EMPTY_ROOT, root, [])
    with pytest.raises(ProofError):
        verify_consistency(4, 4, root, mth(leaves[:3]), [])
    with pytest.raises(ProofError):
        verify_consistency(3, 2, root, root, [root])
    with pytest.raises(ProofError):
        verify_consistency(2, 4, mth(leaves[:2]), root, [])
