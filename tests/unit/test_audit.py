"""The verifier on a log in memory: every kind of tampering is named at its position."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.transparency.audit import (
    ALTERED,
    BAD_SIGNATURE,
    HEAD_MISMATCH,
    INSERTED,
    NODE_MISMATCH,
    REMOVED,
    REORDERED,
    STORED_LEDGER,
    Event,
    TreeFold,
    audit,
)
from services.transparency.heads import TreeHead
from services.transparency.keys import LogKey, generate_pem
from services.transparency.tree import Frontier

KEY = LogKey.from_pem(generate_pem())


@dataclass
class MemorySnapshot:
    """Events and a ledger written by the writer's own code, in memory."""

    log: list[Event]
    ledger: list[tuple[int, bytes]] = field(default_factory=list)
    stored_nodes: list[tuple[int, int, bytes]] = field(default_factory=list)
    stored_heads: list[TreeHead] = field(default_factory=list)

    def events(self) -> Iterator[Event]:
        return iter(sorted(self.log, key=lambda e: e.position))

    def leaves(self) -> Iterator[tuple[int, bytes]]:
        return iter(self.ledger)

    def nodes(self) -> Iterator[tuple[int, int, bytes]]:
        return iter(sorted(self.stored_nodes, key=lambda n: (((n[1] + 1) << n[0]), n[0])))

    def heads(self) -> list[TreeHead]:
        return self.stored_heads


def _event(position: int, n: int) -> Event:
    state = f'{{"region_id": "r{n}", "timestamp": "2026-01-01T00:00:{n % 60:02d}"}}'.encode()
    return Event(position, uuid.uuid4(), 1, "domain.organisation:Organisation.RegionOpened", state)


def logged(n: int, step: int = 1) -> MemorySnapshot:
    """n events at positions step, 2*step, ...; the writer's ledger; one signed head."""
    snapshot = MemorySnapshot([_event((i + 1) * step, i) for i in range(n)])
    frontier = Frontier()
    for event in snapshot.log:
        leaf = event.leaf_at(event.position)
        snapshot.ledger.append((event.position, leaf))
        snapshot.stored_nodes += frontier.append(leaf)
    snapshot.stored_heads.append(KEY.sign(frontier.size, 1_700_000_000_000, frontier.root()))
    return snapshot


def _at(snapshot: MemorySnapshot, position: int) -> int:
    return next(i for i, e in enumerate(snapshot.log) if e.position == position)


def alter(s: MemorySnapshot, p: int) -> None:
    i = _at(s, p)
    s.log[i] = replace(s.log[i], state=s.log[i].state.replace(b"r", b"R", 1))


def remove(s: MemorySnapshot, p: int) -> None:
    del s.log[_at(s, p)]


def remove_and_close_the_gap(s: MemorySnapshot, p: int) -> None:
    del s.log[_at(s, p)]
    s.log = [replace(e, position=e.position - 1) if e.position > p else e for e in s.log]


def insert_and_shift(s: MemorySnapshot, p: int) -> None:
    s.log = [replace(e, position=e.position + 1) if e.position >= p else e for e in s.log]
    s.log.append(_event(p, 999))


def swap(s: MemorySnapshot, a: int, b: int) -> None:
    i, j = _at(s, a), _at(s, b)
    s.log[i], s.log[j] = replace(s.log[j], position=a), replace(s.log[i], position=b)


def _first(snapshot: MemorySnapshot) -> tuple[str, int | None]:
    report = audit(snapshot, public_key=KEY.public_key)
    found = [f for f in report.findings if f.source == STORED_LEDGER]
    assert found, report.findings
    assert any(f.kind == HEAD_MISMATCH for f in report.findings)
    return found[0].kind, found[0].position


def test_an_untouched_log_verifies() -> None:
    report = audit(logged(37), public_key=KEY.public_key)
    assert report.ok, report.findings
    assert (report.events, report.ledger_leaves, report.heads_checked) == (37, 37, 1)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=2, max_value=80), st.data())
def test_each_change_is_named_at_its_position(n: int, data: st.DataObject) -> None:
    snapshot = logged(n)
    p = data.draw(st.integers(min_value=1, max_value=n))
    kind = data.draw(st.sampled_from([ALTERED, REMOVED, "closed", INSERTED, REORDERED]))
    if kind == ALTERED:
        alter(snapshot, p)
    elif kind == REMOVED:
        remove(snapshot, p)
    elif kind == "closed":
        remove_and_close_the_gap(snapshot, p)
        kind = REMOVED
    elif kind == INSERTED:
        insert_and_shift(snapshot, p)
    else:
        p = data.draw(st.integers(min_value=1, max_value=n - 1))
        swap(snapshot, p, data.draw(st.integers(min_value=p + 1, max_value=n)))
    assert _first(snapshot) == (kind, p)


def test_an_event_put_into_a_gap_of_the_positions_is_inserted() -> None:
    snapshot = logged(10, step=2)  # positions 2, 4, ... 20
    snapshot.log.append(_event(7, 999))
    assert _first(snapshot) == (INSERTED, 7)


def test_a_changed_stored_node_is_named_when_the_leaves_agree() -> None:
    snapshot = logged(16)
    level, index, _ = snapshot.stored_nodes[5]
    snapshot.stored_nodes[5] = (level, index, bytes(32))
    report = audit(snapshot, public_key=KEY.public_key)
    assert [f.kind for f in report.findings] == [NODE_MISMATCH]
    assert report.findings[0].position == (index << level) + 1


def test_a_head_signed_by_another_key_is_refused() -> None:
    snapshot = logged(5)
    head = snapshot.stored_heads[0]
    impostor = LogKey.from_pem(generate_pem())
    snapshot.stored_heads = [impostor.sign(head.tree_size, head.timestamp, head.root_hash)]
    report = audit(snapshot, public_key=KEY.public_key)
    assert [f.kind for f in report.findings] == [BAD_SIGNATURE]


@pytest.mark.parametrize("n", [0, 1, 2, 3, 7, 8, 9, 100, 257])
def test_the_verifiers_fold_and_the_writers_tree_agree(n: int) -> None:
    leaves = [e.leaf_at(e.position) for e in logged(n).log]
    frontier, fold = Frontier(), TreeFold()
    written: list[tuple[int, int, bytes]] = []
    folded: list[tuple[int, int, bytes]] = []
    for leaf in leaves:
        written += frontier.append(leaf)
        folded += fold.push(leaf)
    assert fold.root() == frontier.root()
    assert folded == written
