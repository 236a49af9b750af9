"""A loop in a thread of its own, woken by each new event and polling otherwise.

The view runner and the ledger follower both run this way: in a thread of the
API with the embedded store, or in the worker process (``perfledger project
run``). A failing round is logged and retried after a pause, so a bug neither
stops the loop nor spins the CPU.
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod

from services.ledger import PerfLedger

log = logging.getLogger(__name__)
# Pause after a failing round, so a bug does not spin the CPU.
ERROR_BACKOFF = 2.0


class Worker(ABC):
    name = "worker"

    def __init__(self, app: PerfLedger, poll_seconds: float) -> None:
        self.app = app
        self.poll_seconds = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @abstractmethod
    def step(self) -> int:
        """One round of work; returns how much it moved (0: nothing to do)."""

    def idle_seconds(self) -> float:
        """How long to wait for a new event when a round found nothing to do."""
        return self.poll_seconds

    def start(self) -> None:
        self.app.saved_listeners.append(self.wake)
        self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self.wake in self.app.saved_listeners:
            self.app.saved_listeners.remove(self.wake)

    def wake(self, position: int = 0) -> None:
        del position  # any new event is a reason to look
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                moved = self.step()
            except Exception:
                log.exception("%s failed; retrying", self.name)
                self._stop.wait(ERROR_BACKOFF)
                continue
            if not moved:
                self._wake.wait(self.idle_seconds())

    def run_forever(self) -> None:
        """Run in the calling thread until stopped (the worker process)."""
        self.start()
        try:
            while not self._stop.wait(1.0):
                pass
        finally:
            self.stop()
