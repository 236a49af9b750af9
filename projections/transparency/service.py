"""Use cases over the tamper-evident log: tree heads, proofs, entries and receipts.

Tree heads and consistency proofs say nothing about any record, so every
person may have them. Anything about one record (its stored bytes, its leaf,
its inclusion proof, its receipt) goes through the access policy: the record's
person and those who may read their records that day, or auditors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from domain.errors import InvalidInput, NotFound
from domain.organisation import Role
from projections.transparency.follower import LogFollower
from projections.transparency.store import LogStore
from services.commands import Actor
from services.errors import ViewBehind
from services.ledger import PerfLedger
from services.policy import AccessPolicy
from services.transparency.hashing import as_uuid
from services.transparency.heads import TreeHead, b64
from services.transparency.keys import LogKey
from services.transparency.proofs import Entry, Receipt
from services.transparency.receipts import ReceiptRegistry
from services.transparency.tree import (
    Span,
    consistency_spans,
    inclusion_spans,
    needed,
    span_hash,
)


@dataclass(frozen=True)
class Inclusion:
    """An audit path: the leaf of a position in the tree of ``tree_size`` leaves."""

    position: int
    leaf_index: int
    leaf_hash: bytes
    tree_size: int
    audit_path: tuple[bytes, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "leaf_index": self.leaf_index,
            "leaf_hash": b64(self.leaf_hash),
            "tree_size": self.tree_size,
            "audit_path": [b64(p) for p in self.audit_path],
        }


@dataclass(frozen=True)
class Consistency:
    """Proof that the tree of ``second`` leaves extends the tree of ``first``."""

    first: int
    second: int
    consistency: tuple[bytes, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "first": self.first,
            "second": self.second,
            "consistency": [b64(p) for p in self.consistency],
        }


@dataclass
class TransparencyService:
    app: PerfLedger
    policy: AccessPolicy
    store: LogStore
    follower: LogFollower
    key: LogKey
    registry: ReceiptRegistry

    # --- the log as a whole: for everyone --------------------------------------------

    def latest_head(self, actor: Actor) -> TreeHead:
        """The newest signed tree head (one is signed now if there is none yet)."""
        del actor
        head = self.store.latest_head()
        return head if head is not None else self.follower.sign_head()

    def sign_head(self, actor: Actor) -> TreeHead:
        """Admins and auditors may have the log followed to its end and signed now."""
        self.policy.require_role(actor, Role.ADMIN, Role.AUDITOR)
        self.follower.catch_up()
        return self.follower.sign_head()

    def consistency(self, actor: Actor, first: int, second: int) -> Consistency:
        """Proof that the tree of ``second`` leaves extends the tree of ``first`` leaves."""
        del actor
        if not 1 <= first <= second:
            raise InvalidInput("first", "must be at least 1 and at most second")
        self._require_size("second", second)
        return Consistency(first, second, self._hashes(consistency_spans(first, second)))

    # --- one record: through the policy ------------------------------------------------

    def entry(self, actor: Actor, position: int) -> Entry:
        """The record at a position exactly as stored, to recompute its leaf."""
        note = self._authorised(actor, position)
        return _entry(note)

    def inclusion(self, actor: Actor, position: int, tree_size: int | None) -> Inclusion:
        """The audit path of a record in the tree of ``tree_size`` leaves.

        By default, under the newest signed head, signing one if none includes the record.
        """
        self._authorised(actor, position)
        index, leaf = self._leaf(position)
        size = tree_size if tree_size is not None else self._head_including(index).tree_size
        if size <= index:
            raise InvalidInput("tree_size", f"must be more than the leaf index {index}")
        self._require_size("tree_size", size)
        path = self._hashes(inclusion_spans(index, size))
        return Inclusion(position, index, leaf, size, path)

    def receipt(self, actor: Actor, position: int) -> Receipt:
        """A receipt for a receipt-bearing record: its entry, leaf, a signed head, the path.

        The head is the newest; if none includes the record yet, one is signed now.
        """
        note = self._authorised(actor, position)
        if not self.registry.bears_receipt(note.topic):
            raise NotFound("receipt", position)
        index, leaf = self._leaf(position)
        head = self._head_including(index)
        path = self._hashes(inclusion_spans(index, head.tree_size))
        return Receipt(position, index, leaf, head, path, _entry(note))

    def receipts_of(self, actor: Actor, originator_id: UUID) -> list[Receipt]:
        """Receipts for every receipt-bearing event of one record (a review), in log order."""
        positions = self.app.log_recorder.positions_of(originator_id)
        return [
            self.receipt(actor, position)
            for position, topic in positions
            if self.registry.bears_receipt(topic)
        ]

    # --- helpers --------------------------------------------------------------------

    def _authorised(self, actor: Actor, position: int) -> Notification:
        notes = self.app.recorder.select_notifications(position, 1, stop=position)
        if not notes:
            raise NotFound("log entry", position)
        note = notes[0]
        concerns = None
        if self.registry.bears_receipt(note.topic):
            concerns = self.registry.concerns(note.topic, self.app.mapper.to_domain_event(note))
        self.policy.require_log_entry(actor, concerns)
        return note

    def _leaf(self, position: int) -> tuple[int, bytes]:
        found = self.store.leaf_at(position)
        if found is None:
            self.follower.catch_up()
            found = self.store.leaf_at(position)
        if found is None:
            raise ViewBehind(f"the ledger has not reached position {position} yet; retry shortly")
        return found

    def _head_including(self, leaf_index: int) -> TreeHead:
        head = self.store.latest_head()
        if head is None or head.tree_size <= leaf_index:
            head = self.follower.sign_head()
        return head

    def _require_size(self, field: str, size: int) -> None:
        held, _ = self.store.tip()
        if size > held:
            raise InvalidInput(field, f"the ledger holds {held} leaves")

    def _hashes(self, spans: Sequence[Span]) -> tuple[bytes, ...]:
        stored = self.store.hashes(needed(spans))
        return tuple(span_hash(span, stored) for span in spans)


def _entry(note: Notification) -> Entry:
    aggregate_id = as_uuid(note.originator_id)
    return Entry(note.id, aggregate_id, note.originator_version, note.topic, note.state)
