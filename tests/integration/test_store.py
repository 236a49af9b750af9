"""The store and the view runner on real SQLite files and real PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, ClassVar

import pytest
from eventsourcing.utils import get_topic

from api.bootstrap import Container
from domain.errors import InvalidInput
from domain.organisation import Organisation
from projections.registry import build_views
from projections.runner import ViewRunner
from projections.tables import Rows, Table
from projections.view import Handler, View
from services.commands import Command, IdempotencyKey
from services.errors import ConcurrentChange
from services.ledger import Ledger
from services.organisation import OrganisationService
from tests.support import ADMIN

COUNTS = Table("test_event_counts", (("topic", "text"), ("applied", "int")), key=("topic",))
ORG_EVENTS = (Organisation.RegionOpened, Organisation.TeamFormed, Organisation.PersonJoined)


def _count(event: Any, rows: Rows) -> None:
    rows.add(COUNTS, {"topic": get_topic(type(event))}, applied=1)


class EventCounter(View):
    """Counts each event it applies: applying one twice would show."""

    name = "test_event_counter"
    tables = (COUNTS,)
    handlers: ClassVar[Mapping[type, Handler]] = dict.fromkeys(ORG_EVENTS, _count)

    def applied(self) -> int:
        return sum(r["applied"] for r in self.select("SELECT applied FROM {test_event_counts}"))


class BarrierLedger(Ledger):
    """Lets two commands both load the same version before either saves."""

    def __init__(self, inner: Ledger, parties: int) -> None:
        super().__init__(inner.app, inner.clock)
        self.barrier = threading.Barrier(parties, timeout=20)

    def load(self, cls: Any, aggregate_id: Any, kind: str | None = None) -> Any:
        aggregate = super().load(cls, aggregate_id, kind)
        self.barrier.wait()
        return aggregate


def _race(service: OrganisationService, commands: list[Command], regions: list[str]) -> list[Any]:
    results: list[Any] = [None] * len(commands)

    def run(i: int) -> None:
        try:
            results[i] = service.open_region(commands[i], regions[i], f"Region {regions[i]}")
        except Exception as e:
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(commands))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_writers_racing_on_one_aggregate(demo: Container) -> None:
    racing = OrganisationService(BarrierLedger(demo.ledger, 2), demo.policy)
    head = demo.ledger.head()
    results = _race(racing, [ADMIN, ADMIN], ["north", "south"])
    wins = [r for r in results if not isinstance(r, Exception)]
    losses = [r for r in results if isinstance(r, Exception)]
    assert len(wins) == 1
    assert len(losses) == 1
    assert isinstance(losses[0], ConcurrentChange)
    assert demo.ledger.head() == head + 1


def test_a_racing_replay_of_one_key_writes_once_and_answers_both(demo: Container) -> None:
    racing = OrganisationService(BarrierLedger(demo.ledger, 2), demo.policy)
    cmd = Command(actor=ADMIN.actor, idempotency=IdempotencyKey("k-1", "fp"))
    head = demo.ledger.head()
    first, second = _race(racing, [cmd, cmd], ["north", "north"])
    assert first == second
    assert demo.ledger.head() == head + 1


def test_replayed_key_returns_the_first_result_and_writes_nothing(demo: Container) -> None:
    cmd = Command(actor=ADMIN.actor, idempotency=IdempotencyKey("k-2", "fp-a"))
    first = demo.organisation.open_region(cmd, "west", "West")
    head = demo.ledger.head()
    assert demo.organisation.open_region(cmd, "west", "West") == first
    assert demo.ledger.head() == head
    other = Command(actor=ADMIN.actor, idempotency=IdempotencyKey("k-2", "fp-b"))
    with pytest.raises(InvalidInput, match="Idempotency-Key"):
        demo.organisation.open_region(other, "west2", "West 2")
    assert demo.ledger.head() == head


def _counter(c: Container, batch_size: int) -> tuple[ViewRunner, EventCounter]:
    view = EventCounter(c.views.directory.view)
    return ViewRunner(c.app, [view], batch_size=batch_size), view


def _expected(c: Container) -> int:
    topics = [get_topic(e) for e in ORG_EVENTS]
    notes = c.app.recorder.select_notifications(1, 10_000, topics=topics)
    return len(notes)


def test_a_runner_stopped_between_batches_resumes_without_applying_twice(demo: Container) -> None:
    runner, view = _counter(demo, batch_size=4)
    assert runner.run_batch(view) > 0
    first = view.applied()
    assert 0 < first <= 4
    # A new runner (a restarted process) takes over from the stored position.
    again, same_view = _counter(demo, batch_size=4)
    again.catch_up()
    assert same_view.applied() == _expected(demo)


FLAKY = {"calls": 0, "fail_at": 5}


def _flaky(event: Any, rows: Rows) -> None:
    FLAKY["calls"] += 1
    if FLAKY["calls"] == FLAKY["fail_at"]:
        raise RuntimeError("handler bug")
    _count(event, rows)


class FlakyCounter(EventCounter):
    """The counter with a bug that strikes once, on the fifth event."""

    handlers: ClassVar[Mapping[type, Handler]] = dict.fromkeys(ORG_EVENTS, _flaky)


def test_a_failing_batch_leaves_no_trace(demo: Container) -> None:
    FLAKY["calls"] = 0
    view = FlakyCounter(demo.views.directory.view)
    runner = ViewRunner(demo.app, [view], batch_size=1000)
    with pytest.raises(RuntimeError):
        runner.run_batch(view)
    assert view.position() == 0
    assert view.applied() == 0
    runner.catch_up()
    assert view.applied() == _expected(demo)


def test_two_runners_on_one_view_apply_each_event_once(demo: Container) -> None:
    for i in range(10):
        demo.organisation.open_region(ADMIN, f"r{i}", f"Region {i}")
    runners = [_counter(demo, batch_size=3) for _ in range(2)]
    threads = [threading.Thread(target=r.catch_up) for r, _ in runners]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    runners[0][0].catch_up()
    assert runners[0][1].applied() == _expected(demo)


def test_a_rebuilt_view_equals_the_live_one(demo: Container) -> None:
    demo.organisation.open_region(ADMIN, "west", "West")
    demo.runner.catch_up()
    shadow = build_views(demo.views.directory.view, prefix="rb_")
    ViewRunner(demo.app, shadow.all(), batch_size=5).rebuild()
    for live, rebuilt in zip(demo.views.all(), shadow.all(), strict=True):
        assert rebuilt.dump() == live.dump()
        assert rebuilt.position() == live.position()
    before = demo.views.directory.dump()
    demo.runner.rebuild(["directory"])
    assert demo.views.directory.dump() == before
