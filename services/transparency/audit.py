"""``perfledger verify``: recompute the ledger from the events and compare everything.

The verifier trusts nothing the writer computed. It reads the events, the
stored ledger and the stored heads in one read-only snapshot with its own
queries (``snapshot``), hashes every event, folds the tree its own way (a
stack of complete subtrees) and compares: each leaf with the stored leaf, each
completed subtree with the stored node, each root with every tree head it is
given (stored in the database, or exported to files earlier), and each head's
signature with the log's public key. With the writer it shares only the hash
functions (``hashing``) and the signed format of a head (``heads``).

The first disagreement with a list of leaves (the stored ledger, or leaves
exported with checkpoints) is named by position and kind: ``altered`` (the
event at the position changed), ``removed`` (an event is missing),
``inserted`` (an event appeared) or ``reordered`` (an event sits at another
event's position). A head that does not match says the log was rewritten below
its size: between the last head that matches and itself.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from services.transparency.export import Checkpoint
from services.transparency.hashing import EMPTY_ROOT, leaf_hash, node_hash
from services.transparency.heads import TreeHead
from services.transparency.proofs import ProofError, verify_tree_head

ALTERED, REMOVED, INSERTED, REORDERED = "altered", "removed", "inserted", "reordered"
HEAD_MISMATCH = "head-mismatch"
BAD_SIGNATURE = "bad-signature"
NODE_MISMATCH = "node-mismatch"
STORED_LEDGER = "stored ledger"


@dataclass(frozen=True)
class Event:
    """A stored event as the verifier reads it."""

    position: int
    aggregate_id: UUID | str
    version: int
    topic: str
    state: bytes

    def leaf_at(self, position: int) -> bytes:
        """This event's leaf as if it sat at ``position``: to recognise a moved event."""
        return leaf_hash(position, self.aggregate_id, self.version, self.topic, self.state)


class Snapshot(Protocol):
    """One consistent read of the events and the stored ledger."""

    def events(self) -> Iterator[Event]: ...

    def leaves(self) -> Iterator[tuple[int, bytes]]:
        """(position, leaf hash) in leaf order."""

    def nodes(self) -> Iterator[tuple[int, int, bytes]]:
        """(level, index, hash), in the order the subtrees complete."""

    def heads(self) -> list[TreeHead]: ...


@dataclass(frozen=True)
class Finding:
    """A disagreement: its kind, the first position it concerns (and the last, for a range)."""

    kind: str
    position: int | None
    source: str
    detail: str
    through: int | None = None

    def __str__(self) -> str:
        where = "" if self.position is None else f" at position {self.position}"
        if self.through is not None and self.through != self.position:
            where = f" between positions {self.position} and {self.through}"
        return f"{self.kind}{where} [{self.source}]: {self.detail}"


@dataclass
class Report:
    events: int = 0
    ledger_leaves: int = 0
    heads_checked: int = 0
    pending: int = 0  # events after the stored ledger's last leaf: not yet followed
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


# --- lists of leaves to compare with ----------------------------------------------------


class Leaves:
    """Positions and leaf hashes in leaf order, compactly (a ledger may be millions long)."""

    def __init__(self, pairs: Iterable[tuple[int, bytes]] = ()) -> None:
        self.positions: array[int] = array("q")
        self.hashes = bytearray()
        for position, digest in pairs:
            self.add(position, digest)

    def add(self, position: int, digest: bytes) -> None:
        self.positions.append(position)
        self.hashes += digest

    def __len__(self) -> int:
        return len(self.positions)

    def hash(self, index: int) -> bytes:
        return bytes(self.hashes[index * 32 : index * 32 + 32])

    def home_of(self, event: Event, after: int) -> int | None:
        """The index after ``after`` where this event's content was logged, if any."""
        for index in range(after + 1, len(self)):
            if event.leaf_at(self.positions[index]) == self.hash(index):
                return index
        return None


def exported_leaves(checkpoints: Sequence[Checkpoint]) -> Leaves | None:
    """The leaves exported with checkpoints, joined from index 0 while they are contiguous."""
    runs = sorted((c for c in checkpoints if c.positions), key=lambda c: c.first_index)
    if not runs or runs[0].first_index != 0:
        return None
    leaves = Leaves()
    for run in runs:
        if run.first_index > len(leaves):
            break
        skip = len(leaves) - run.first_index
        for position, digest in zip(run.positions[skip:], run.hashes[skip:], strict=True):
            leaves.add(position, digest)
    return leaves


def classify(event: Event, following: Event | None, expected: Leaves, index: int) -> Finding:
    """Name the first disagreement between the events and a list of leaves."""
    position = expected.positions[index]
    if event.position > position:
        return Finding(REMOVED, position, "", "the event logged here is gone")
    if event.position < position:
        return Finding(INSERTED, event.position, "", "an event appeared that was never logged")
    home = expected.home_of(event, index)
    displaced = following is not None and following.leaf_at(position) == expected.hash(index)
    if home is None and displaced:
        return Finding(INSERTED, position, "", "an event was put here; the logged ones moved on")
    if home == index + 1 and not displaced:
        return Finding(REMOVED, position, "", "the event logged here is gone; later ones moved up")
    if home is not None:
        other = expected.positions[home]
        return Finding(REORDERED, position, "", f"the event logged at {other} now sits here")
    return Finding(ALTERED, position, "", "the stored bytes of the event changed")


class LeafComparison:
    """Walks the events against a list of leaves and keeps the first disagreement."""

    def __init__(self, source: str, expected: Leaves) -> None:
        self.source = source
        self.expected = expected
        self.index = 0
        self.finding: Finding | None = None
        self.beyond = 0

    def feed(self, event: Event, leaf: bytes, following: Event | None) -> None:
        if self.finding is not None:
            return
        if self.index >= len(self.expected):
            self.beyond += 1
            return
        index = self.index
        if event.position == self.expected.positions[index] and leaf == self.expected.hash(index):
            self.index += 1
            return
        found = classify(event, following, self.expected, index)
        self.finding = Finding(found.kind, found.position, self.source, found.detail)

    def finish(self) -> Finding | None:
        if self.finding is None and self.index < len(self.expected):
            position = self.expected.positions[self.index]
            self.finding = Finding(REMOVED, position, self.source, "the log ends before this leaf")
        return self.finding


# --- the tree, folded independently -----------------------------------------------------


class TreeFold:
    """A stack of complete subtrees; reports each subtree as it completes."""

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[tuple[int, bytes]] = []  # (level, hash)

    def push(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        completed = []
        level, digest = 0, leaf
        while self._stack and self._stack[-1][0] == level:
            digest = node_hash(self._stack.pop()[1], digest)
            level += 1
            completed.append((level, self.size >> level, digest))
        self._stack.append((level, digest))
        self.size += 1
        return completed

    def root(self) -> bytes:
        if not self._stack:
            return EMPTY_ROOT
        digest = self._stack[-1][1]
        for _, left in reversed(self._stack[:-1]):
            digest = node_hash(left, digest)
        return digest


class NodeComparison:
    """Compares completed subtrees with the stored nodes, both in completion order."""

    def __init__(self, stored: Iterator[tuple[int, int, bytes]], ledger_size: int) -> None:
        self.stored = stored
        self.ledger_size = ledger_size
        self.finding: Finding | None = None

    def feed(self, completed: Iterable[tuple[int, int, bytes]], positions: array[int]) -> None:
        for level, index, digest in completed:
            if self.finding is not None or (index + 1) << level > self.ledger_size:
                return
            if next(self.stored, None) != (level, index, digest):
                first, last = index << level, ((index + 1) << level) - 1
                self.finding = Finding(
                    NODE_MISMATCH,
                    positions[first],
                    STORED_LEDGER,
                    f"the stored node over leaves {first}-{last} does not match the events",
                )


# --- heads ---------------------------------------------------------------------------------

STORED_HEAD = "stored head"
SourcedHead = tuple[TreeHead, str]


def check_heads(
    heads: Sequence[SourcedHead],
    roots: dict[int, bytes],
    positions: array[int],
    public_key: Ed25519PublicKey | None,
) -> list[Finding]:
    """Each head's signature, and its root against the events' root at its size."""
    findings = [f for h, source in heads if (f := _signature(h, source, public_key))]
    for head, source in heads:
        if roots.get(head.tree_size) != head.root_hash:
            # Only heads from the same side vouch for a prefix: whoever rewrote the
            # database may also have re-signed the heads stored in it.
            peers = [h for h, s in heads if (s == STORED_HEAD) == (source == STORED_HEAD)]
            findings.append(_mismatch(head, source, _good_sizes(peers, roots), positions))
    return findings


def _good_sizes(heads: Iterable[TreeHead], roots: dict[int, bytes]) -> list[int]:
    return sorted({h.tree_size for h in heads if roots.get(h.tree_size) == h.root_hash})


def _signature(head: TreeHead, source: str, key: Ed25519PublicKey | None) -> Finding | None:
    if key is None:
        return None
    try:
        verify_tree_head(head, key)
    except ProofError as e:
        return Finding(BAD_SIGNATURE, None, source, str(e))
    return None


def _mismatch(head: TreeHead, source: str, good: list[int], positions: array[int]) -> Finding:
    """The head's root differs: the change lies after the last good head below it."""
    size = head.tree_size
    below = max((g for g in good if g < size), default=0)
    detail = f"the events do not hash to the root signed at size {size}"
    if size > len(positions):
        detail += f" (only {len(positions)} events remain)"
    if below >= len(positions):
        return Finding(HEAD_MISMATCH, None, source, detail)
    first, last = positions[below], positions[min(size, len(positions)) - 1]
    return Finding(HEAD_MISMATCH, first, source, detail, through=last)


# --- the whole check ------------------------------------------------------------------------


@dataclass
class Walk:
    """What one pass over the events computes."""

    positions: array[int] = field(default_factory=lambda: array("q"))
    roots: dict[int, bytes] = field(default_factory=lambda: {0: EMPTY_ROOT})


def _walk(
    snapshot: Snapshot,
    comparisons: Sequence[LeafComparison],
    nodes: NodeComparison,
    sizes: set[int],
) -> Walk:
    walk, tree = Walk(), TreeFold()
    events = snapshot.events()
    event = next(events, None)
    while event is not None:
        following = next(events, None)
        leaf = event.leaf_at(event.position)
        for comparison in comparisons:
            comparison.feed(event, leaf, following)
        walk.positions.append(event.position)
        nodes.feed(tree.push(leaf), walk.positions)
        if tree.size in sizes:
            walk.roots[tree.size] = tree.root()
        event = following
    return walk


def audit(
    snapshot: Snapshot,
    exported: Sequence[tuple[str, Checkpoint]] = (),
    public_key: Ed25519PublicKey | None = None,
) -> Report:
    """Recompute every leaf and the tree from the events and compare them with everything."""
    ledger = Leaves(snapshot.leaves())
    comparisons = [LeafComparison(STORED_LEDGER, ledger)]
    mirrored = exported_leaves([c for _, c in exported])
    if mirrored is not None:
        comparisons.append(LeafComparison("exported leaves", mirrored))
    heads = [(h, STORED_HEAD) for h in snapshot.heads()]
    heads += [(c.tree_head, f"exported head, {name}") for name, c in exported]
    nodes = NodeComparison(snapshot.nodes(), len(ledger))
    walk = _walk(snapshot, comparisons, nodes, {h.tree_size for h, _ in heads})
    leaf_findings = [f for c in comparisons if (f := c.finish())]
    findings = leaf_findings + check_heads(heads, walk.roots, walk.positions, public_key)
    if nodes.finding is not None and not leaf_findings:
        findings.append(nodes.finding)
    return Report(
        events=len(walk.positions),
        ledger_leaves=len(ledger),
        heads_checked=len(heads),
        pending=comparisons[0].beyond,
        findings=findings,
    )
