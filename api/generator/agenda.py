"""The simulated clock and the writer: actions run in time order, events go out in batches.

Every action runs at its moment on the agenda and stamps what it records with that
moment, so events are recorded (and stored) in the order of their ``recorded_at``:
the notification log reads like a history that really happened, and a fact recorded
after a period closed sits after the close in the log too.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from eventsourcing.domain import Aggregate, DomainEventProtocol

Action = Callable[[], None]
# The event store's ``put``: a list of events, stored in order in one transaction. It
# is given events rather than aggregates because ``Application.save`` checks each
# argument against a runtime protocol, which costs more than encoding the event.
Save = Callable[[list[DomainEventProtocol[Any]]], object]


class Agenda:
    """What happens when: a queue of actions by moment, run in order."""

    def __init__(self) -> None:
        self._queue: list[tuple[datetime, int, Action]] = []
        self._count = 0
        self.now = datetime(1900, 1, 1, tzinfo=UTC)

    def at(self, moment: datetime, action: Action) -> None:
        # The counter breaks ties in the order actions were planned, so runs repeat exactly.
        heapq.heappush(self._queue, (moment, self._count, action))
        self._count += 1

    def run_until(self, limit: datetime) -> None:
        while self._queue and self._queue[0][0] < limit:
            moment, _, action = heapq.heappop(self._queue)
            # Never step back: an action planned for a moment already past runs now.
            self.now = max(self.now, moment)
            action()


class Writer:
    """Collects the events aggregates record and saves them many aggregates at a time.

    One ``save`` is one transaction: a batch of a few thousand events costs about
    what one command costs through a service.
    """

    def __init__(self, save: Save, batch: int) -> None:
        self.save = save
        self.batch = batch
        self.pending: list[DomainEventProtocol[Any]] = []
        self.written = 0
        self.kinds: Counter[str] = Counter()

    def add(self, *aggregates: Aggregate) -> None:
        for aggregate in aggregates:
            self.pending.extend(aggregate.collect_events())

    def flush_if_full(self) -> None:
        if len(self.pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        self.save(self.pending)
        self.kinds.update(type(e).__qualname__ for e in self.pending)
        self.written += len(self.pending)
        self.pending = []
