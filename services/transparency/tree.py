"""The writer's running Merkle tree: append leaves, keep the right edge, plan proofs.

The tree is kept as its complete subtrees: node (level, index) covers leaves
``[index * 2**level, (index + 1) * 2**level)``; level 0 are the leaves. Appending
a leaf completes one new node on average (at most log2 n), and every subtree an
RFC 6962 proof names is made of at most log2 n stored nodes, so neither
appending nor proving rereads the tree, whatever its size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from services.transparency.hashing import EMPTY_ROOT, node_hash

NodeKey = tuple[int, int]  # (level, index)
Node = tuple[int, int, bytes]  # (level, index, hash)
Span = tuple[int, int]  # leaves [start, end)


def split_point(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1): where RFC 6962 splits a tree."""
    return 1 << ((n - 1).bit_length() - 1)


def right_edge(size: int) -> list[NodeKey]:
    """The complete subtrees a tree of ``size`` leaves is made of, largest first."""
    keys: list[NodeKey] = []
    start = 0
    for level in reversed(range(size.bit_length())):
        if size >> level & 1:
            keys.append((level, start >> level))
            start += 1 << level
    return keys


@dataclass
class Frontier:
    """The hashes of the right edge: all a writer needs to append and to name the root."""

    size: int = 0
    hashes: list[bytes] = field(default_factory=list)

    def append(self, leaf: bytes) -> list[Node]:
        """Add a leaf; returns the inner nodes it completed."""
        index, digest, level = self.size, leaf, 0
        completed: list[Node] = []
        while index >> level & 1:
            digest = node_hash(self.hashes.pop(), digest)
            level += 1
            completed.append((level, index >> level, digest))
        self.hashes.append(digest)
        self.size += 1
        return completed

    def root(self) -> bytes:
        if not self.hashes:
            return EMPTY_ROOT
        digest = self.hashes[-1]
        for left in reversed(self.hashes[:-1]):
            digest = node_hash(left, digest)
        return digest


# --- proofs, as the spans of the tree whose hashes they list ------------------------


def inclusion_spans(index: int, size: int) -> list[Span]:
    """The audit path of leaf ``index`` in a tree of ``size`` (RFC 6962, 2.1.1), as spans."""
    spans: list[Span] = []
    start, end = 0, size
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            spans.append((start + k, end))
            end = start + k
        else:
            spans.append((start, start + k))
            start += k
    return spans[::-1]


def consistency_spans(first: int, second: int) -> list[Span]:
    """The consistency proof between sizes ``first`` and ``second`` (RFC 6962, 2.1.2)."""
    spans: list[Span] = []
    start, end, m, whole = 0, second, first, True
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            spans.append((start + k, end))
            end = start + k
        else:
            spans.append((start, start + k))
            start, m, whole = start + k, m - k, False
    if not whole:
        spans.append((start, end))
    return spans[::-1]


def stored_parts(span: Span) -> list[NodeKey]:
    """The stored complete subtrees a proof's span is made of, left to right."""
    start, end = span
    keys: list[NodeKey] = []
    while start < end:
        level = (end - start).bit_length() - 1
        if start:
            level = min(level, (start & -start).bit_length() - 1)
        keys.append((level, start >> level))
        start += 1 << level
    return keys


def span_hash(span: Span, stored: Mapping[NodeKey, bytes]) -> bytes:
    parts = [stored[key] for key in stored_parts(span)]
    digest = parts[-1]
    for left in reversed(parts[:-1]):
        digest = node_hash(left, digest)
    return digest


def needed(spans: Sequence[Span]) -> list[NodeKey]:
    """Every stored node a proof reads, so that one query fetches them all."""
    return sorted({key for span in spans for key in stored_parts(span)})
