"""Follows the notification log in order and grows the tamper-evident tree.

Each batch reads the next stored events after the last leaf, hashes exactly
their stored bytes, and inserts the leaves and the nodes they complete in one
transaction, like a view's batch and its tracking position: a stopped
follower resumes from the stored tree, and two followers (the API's thread and
the worker process) are safe, because the leaf index admits one of them.
While the log grows it signs a tree head every ``head_seconds``; anyone may
ask for one now (``sign_head``). Every head is stored and exported.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence

from eventsourcing.persistence import IntegrityError

from projections.transparency.store import Leaf, LogStore
from projections.worker import Worker
from services.clock import Clock
from services.ledger import PerfLedger
from services.transparency.export import Checkpoint, Exporter, export_quietly
from services.transparency.hashing import leaf_hash
from services.transparency.heads import TreeHead, timestamp_of
from services.transparency.keys import LogKey
from services.transparency.tree import Frontier, Node

log = logging.getLogger(__name__)


class LogFollower(Worker):
    name = "ledger-follower"

    def __init__(
        self,
        app: PerfLedger,
        store: LogStore,
        key: LogKey,
        clock: Clock,
        exporters: Sequence[Exporter] = (),
        *,
        batch_size: int = 1000,
        head_seconds: float = 60.0,
        poll_seconds: float = 0.5,
        export_leaves: bool = False,
    ) -> None:
        super().__init__(app, poll_seconds)
        self.store = store
        self.key = key
        self.clock = clock
        self.exporters = list(exporters)
        self.batch_size = batch_size
        self.head_seconds = head_seconds
        self.export_leaves = export_leaves
        self._lock = threading.Lock()
        self._frontier = Frontier()
        self._last_position = 0
        self._last_signed = float("-inf")

    # --- growing the tree ---------------------------------------------------------------

    @property
    def size(self) -> int:
        return self._frontier.size

    def run_batch(self) -> int:
        """Hash the next batch of events into the tree; returns how many leaves were added."""
        with self._lock:
            frontier, last = self._current()
            head = self.app.recorder.max_notification_id() or 0
            if head <= last:
                return 0
            notes = self.app.recorder.select_notifications(
                last, self.batch_size, stop=head, inclusive_of_start=False
            )
            grown = Frontier(frontier.size, list(frontier.hashes))
            leaves: list[Leaf] = []
            nodes: list[Node] = []
            for n in notes:
                digest = leaf_hash(n.id, n.originator_id, n.originator_version, n.topic, n.state)
                leaves.append((grown.size, n.id, digest))
                nodes += grown.append(digest)
            try:
                self.store.append(leaves, nodes)
            except IntegrityError:
                if self.store.tip()[0] == frontier.size:
                    raise  # nobody else grew the tree: the conflict is not a race
                log.info("another follower appended these leaves; reloading the tree")
                return len(notes)
            self._frontier, self._last_position = grown, notes[-1].id
            return len(notes)

    def catch_up(self) -> int:
        """Follow the log to its current head; returns how many leaves were added."""
        added = 0
        while (step := self.run_batch()) > 0:
            added += step
        return added

    def _current(self) -> tuple[Frontier, int]:
        """The tree as stored: another follower may have grown it since our last batch."""
        size, last = self.store.tip()
        if size != self._frontier.size or last != self._last_position:
            self._frontier, self._last_position = self.store.frontier()
        return self._frontier, self._last_position

    # --- signed heads -------------------------------------------------------------------

    def sign_head(self) -> TreeHead:
        """Sign the stored tree as it stands, store the head and export it."""
        previous = self.store.latest_head()
        with self._lock:
            frontier, _ = self._current()
            head = self.key.sign(frontier.size, timestamp_of(self.clock()), frontier.root())
        self.store.add_head(head)
        self._last_signed = time.monotonic()
        if self.exporters:
            export_quietly(
                self.exporters, self.checkpoint(head, self._leaves_since(previous, head))
            )
        return head

    def _leaves_since(self, previous: TreeHead | None, head: TreeHead) -> int | None:
        """Where an exported head's leaves start: after the previous head (None: no leaves)."""
        if not self.export_leaves:
            return None
        if previous is None or previous.tree_size > head.tree_size:
            return 0
        return previous.tree_size

    def checkpoint(self, head: TreeHead, since: int | None = None) -> Checkpoint:
        """The head; with ``since``, also the leaves from that index up to the head's size."""
        if since is None:
            return Checkpoint(head)
        positions: list[int] = []
        hashes: list[bytes] = []
        for page in self.store.leaf_pages(since, head.tree_size):
            positions += [position for _, position, _ in page]
            hashes += [digest for _, _, digest in page]
        return Checkpoint(head, since, positions, hashes)

    def _head_due(self) -> bool:
        if self.size == 0 or time.monotonic() - self._last_signed < self.head_seconds:
            return False
        latest = self.store.latest_head()
        return latest is None or latest.tree_size < self.size

    # --- background -------------------------------------------------------------------

    def step(self) -> int:
        """One round of the background loop: follow the log, sign a head if one is due."""
        added = self.catch_up()
        if self._head_due():
            self.sign_head()
        return added

    def idle_seconds(self) -> float:
        return min(self.poll_seconds, self.head_seconds)
