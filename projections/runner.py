"""Runs views forward from the log in batches, and lets readers wait for a position.

One batch is one transaction per view: its events' row changes and the new
tracking position commit together, so a runner stopped between batches resumes
from the last committed position and applies no event twice. In the embedded
store the runner is a thread of the API; with PostgreSQL it may also run as its
own process (``perfledger project run``); two runners on one view are safe,
because the tracking row admits only one of them per batch.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack

from eventsourcing.persistence import IntegrityError

from projections.store import ViewStore
from projections.view import View
from projections.worker import Worker
from services.ledger import PerfLedger

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]  # (position reached, head)


class ViewRunner(Worker):
    name = "view-runner"

    def __init__(
        self,
        app: PerfLedger,
        views: Sequence[View],
        batch_size: int = 1000,
        poll_seconds: float = 0.5,
        create: bool = True,
        rebuild_batch_size: int = 20000,
    ) -> None:
        super().__init__(app, poll_seconds)
        self.views = {v.tracking_name: v for v in views}
        self.batch_size = batch_size
        self.rebuild_batch_size = rebuild_batch_size
        self._locks = {name: threading.Lock() for name in self.views}
        self._advanced = threading.Condition()
        for view in views if create else ():
            view.create()

    # --- running --------------------------------------------------------------------

    def run_batch(self, view: View) -> int:
        """Apply the next batch of the view's events; returns how far it moved."""
        with self._locks[view.tracking_name]:
            start = view.position()
            head = self.app.recorder.max_notification_id() or 0
            if head <= start:
                return 0
            notes = self.app.recorder.select_notifications(
                start, self.batch_size, stop=head, topics=view.topics, inclusive_of_start=False
            )
            # A short batch holds every event of the view's topics up to the head.
            up_to = head if len(notes) < self.batch_size else notes[-1].id
            events = [(self.app.mapper.to_domain_event(n), n.id) for n in notes]
            try:
                view.apply_batch(events, up_to)
            except IntegrityError:
                log.info("view %s: another runner applied this batch", view.tracking_name)
                return 0
        with self._advanced:
            self._advanced.notify_all()
        return up_to - start

    def catch_up(self, names: Sequence[str] | None = None, progress: Progress | None = None) -> int:
        """Run the views to the current head; returns how many positions they moved."""
        moved = 0
        for view in self._select(names):
            head = self.app.recorder.max_notification_id() or 0
            while (step := self.run_batch(view)) > 0:
                moved += step
                if progress is not None:
                    progress(view.position(), head)
        return moved

    def rebuild(self, names: Sequence[str] | None = None, progress: Progress | None = None) -> int:
        """Empty views and run them again from the first event, reading and decoding the log
        once for all of them: each batch of notifications is decoded once and each view gets
        the events of its topics, in its own transaction with its new position."""
        views = self._select(names)
        if not views:
            return 0
        with ExitStack() as held:
            for view in views:
                held.enter_context(self._locks[view.tracking_name])
                view.reset()
            head = self.app.recorder.max_notification_id() or 0
            start = 0
            while start < head:
                start = self._rebuild_batch(views, start, head)
                if progress is not None:
                    progress(start, head)
        with self._advanced:
            self._advanced.notify_all()
        # Whatever was appended while rebuilding, as a live runner would apply it.
        return head + self.catch_up([v.tracking_name for v in views])

    def _rebuild_batch(self, views: Sequence[View], start: int, head: int) -> int:
        notes = self.app.recorder.select_notifications(
            start, self.rebuild_batch_size, stop=head, inclusive_of_start=False
        )
        up_to = head if len(notes) < self.rebuild_batch_size else notes[-1].id
        wanted = [(view, None if view.every_event else set(view.topics)) for view in views]
        topics = set().union(*(t for _, t in wanted if t is not None))
        every = any(t is None for _, t in wanted)
        decoded = [
            (n.topic, self.app.mapper.to_domain_event(n), n.id)
            for n in notes
            if every or n.topic in topics
        ]
        # One transaction for every view's share: a rebuild commits once per batch, not once
        # per view and batch (views are rebuilt together and nothing reads them meanwhile).
        with _one_store(views).transaction() as tx:
            for view, its in wanted:
                events = [(e, i) for topic, e, i in decoded if its is None or topic in its]
                view.apply_in(tx, events, up_to)
        return up_to

    def _select(self, names: Sequence[str] | None) -> list[View]:
        if names is None:
            return list(self.views.values())
        unknown = [n for n in names if n not in self.views]
        if unknown:
            raise KeyError(f"unknown views: {', '.join(unknown)}")
        return [self.views[n] for n in names]

    # --- background -------------------------------------------------------------------

    def step(self) -> int:
        return self.catch_up()

    # --- reading your writes ------------------------------------------------------------

    def settle(self, position: int, names: Sequence[str], timeout: float) -> bool:
        """Bring the named views to ``position`` for a command that decides from them: apply
        what is pending in this thread (safe beside any other runner), then wait for it."""
        if all(self.views[n].position() >= position for n in names):
            return True
        self.catch_up(names)
        return self.wait(position, names, timeout)

    def wait(self, position: int, names: Sequence[str], timeout: float) -> bool:
        """Block until the named views have reached ``position``, or the timeout passes.

        Works with a runner in this process (woken as batches commit) or in
        another one (the stored positions are read again every 50 ms).
        """
        deadline = time.monotonic() + timeout
        while True:
            if all(self.views[n].position() >= position for n in names):
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._wake.set()
            with self._advanced:
                self._advanced.wait(min(remaining, 0.05))


def _one_store(views: Sequence[View]) -> ViewStore:
    """The store every view of a rebuild keeps its tables in (one database per ledger)."""
    stores = {id(v.view): v.view for v in views}
    if len(stores) != 1:
        raise ValueError("views rebuilt together must share one store")
    return next(iter(stores.values()))
