"""The process on real SQLite files and real PostgreSQL: races, scale, rebuilds."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from api.bootstrap import Container
from domain.coaching import Session
from domain.retrospectives import RetroNotes, SubjectKind
from domain.values import Money, Stamp
from domain.visits import ReviewDecision, Visit, VisitReport
from projections.registry import build_views
from projections.runner import ViewRunner
from projections.visit_counts import tally
from projections.visits import VISITS, Visits
from services.calendar import local_day
from services.commands import Accepted, Command, IdempotencyKey
from services.customers import NewCustomer
from services.deals import Signing
from services.errors import ConcurrentChange
from services.periods import PeriodService
from services.policy import EVERYTHING
from services.retrospectives import Subject
from services.visits import LoggedVisit, VisitService
from tests.integration.test_store import BarrierLedger
from tests.support import ADMIN, as_stored, command

WANG, LI = command("rep-wang", "rep"), command("mgr-li", "manager")


def today(c: Container) -> date:
    return local_day(datetime.now(UTC), c.policy.organisation().timezone)


def customers(c: Container, *ids: str) -> None:
    for customer_id in ids:
        c.customers.register(LI, NewCustomer(customer_id, customer_id, "east", "SME", "prospect"))


def visited(customer_id: str | None = None, visit_id: UUID | None = None) -> LoggedVisit:
    return LoggedVisit(
        datetime.now(UTC), "buyer", "trial", "contract", visit_id=visit_id, customer_id=customer_id
    )


def test_two_day_logs_racing_for_one_plan_write_one_day_only(demo: Container) -> None:
    customers(demo, "c-1")
    plan = UUID(demo.visits.plan(WANG, "c-1", today(demo), "why now").id)
    racing = VisitService(
        BarrierLedger(demo.ledger, 2), demo.policy, PeriodService(demo.ledger, demo.policy)
    )
    head = demo.ledger.head()
    results: list[Accepted | Exception] = []

    def log_day() -> None:
        try:
            results.append(
                racing.log_day(WANG, today(demo), [visited(visit_id=plan), visited("c-1")])
            )
        except Exception as e:
            results.append(e)

    threads = [threading.Thread(target=log_day) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    won = [r for r in results if isinstance(r, Accepted)]
    lost = [r for r in results if isinstance(r, Exception)]
    assert len(won) == 1
    assert [type(e) for e in lost] == [ConcurrentChange]
    assert demo.ledger.head() == head + 2  # the winner's two visits; nothing of the loser's


def ten_years_of_visits(owner: str, days: int, per_day: int) -> list[Any]:
    """Visits without a plan, ``per_day`` a day for ``days`` days up to yesterday."""
    start = datetime(2026, 5, 31, 1, 0, tzinfo=UTC) - timedelta(days=days)
    recorded = Stamp(owner, datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC))
    events: list[Any] = []
    for n in range(days * per_day):
        at = start + timedelta(days=n // per_day, minutes=n % per_day)
        report = VisitReport(at, at.date(), "buyer", "outcome", "next")
        customer = f"c-{n % 50}"
        events += Visit.log_unplanned(recorded, uuid4(), owner, customer, report).collect_events()
    return events


def test_a_rep_with_ten_years_of_visits_is_paged_off_the_index(container: Container) -> None:
    view = Visits(container.views.visits.view, prefix="ten_")
    view.create()
    events = as_stored(
        ten_years_of_visits("r1", 3650, 3) + ten_years_of_visits("r2", 400, 2),
        container.app.mapper,
    )
    for start in range(0, len(events), 5000):
        batch = events[start : start + 5000]
        view.apply_batch([(e, start + i + 1) for i, e in enumerate(batch)], start + len(batch))

    seen: list[str] = []
    cursor = None
    while True:
        page = view.log("r1", EVERYTHING, cursor, 500)
        seen += [r["sort_key"] for r in page]
        if len(page) < 500:
            break
        cursor = page[-1]["sort_key"]
    assert len(seen) == len(set(seen)) == 3650 * 3
    assert seen == sorted(seen, reverse=True)

    _, total = tally(view.days("r1", EVERYTHING, "2016-01-01", "2026-06-01"), "week")
    assert (total["happened"], total["repeats"], total["unplanned"]) == (10950, 10950 - 50, 10950)
    assert _plan_reads_the_index(view, cursor)


def _plan_reads_the_index(view: Visits, cursor: str | None) -> bool:
    """The page query walks the (owner_id, sort_key) index and sorts nothing itself."""
    sql, params = view.log_query("r1", EVERYTHING, cursor, 50)
    if view.view.qualify("x") == "x":  # SQLite
        plan = " / ".join(r["detail"] for r in view.select("EXPLAIN QUERY PLAN " + sql, params))
        assert "TEMP B-TREE" not in plan, plan
        return "ten_visits_ix0" in plan
    with view.view.transaction() as tx:
        tx.execute(f"ANALYZE {view.table(VISITS)}")
    plan = " / ".join(str(r["QUERY PLAN"]) for r in view.select("EXPLAIN " + sql, params))
    assert "Sort" not in plan.replace("Sort Key", ""), plan
    return "ten_visits_ix0" in plan


def process_flow(c: Container) -> None:
    """The process through the services: every event type the new views handle."""
    customers(c, "c-1", "c-2")
    day, month = today(c), today(c).strftime("%Y-%m")
    first = c.visits.plan(WANG, "c-1", day, "renewal due")
    second = c.visits.plan(WANG, "c-2", day, "new buyer")
    c.visits.review(LI, UUID(first.id), ReviewDecision.COACH, "bring the case")
    c.visits.review(LI, UUID(second.id), ReviewDecision.APPROVE, None)
    c.visits.log_day(WANG, day, [visited(visit_id=UUID(first.id)), visited("c-1")])
    c.visits.cancel(WANG, UUID(second.id), "customer away")
    signing = Signing("c-1", "new", Money(Decimal(1000), "CNY"), day, "trial worked", [first.id])
    deal = UUID(c.deals.sign(WANG, signing).id)
    c.deals.receive_cash(WANG, deal, Decimal(1000), None, day)
    c.deals.refund(LI, deal, Decimal(1000), "CNY", day, "returned")
    c.deals.cancel(WANG, deal, day, "withdrew")
    session = Session("mgr-li", day, "stalled deal", "call the owner", day, [first.id], [str(deal)])
    c.coaching.hold_session(LI, "rep-wang", session, None)
    c.periods.open(ADMIN, month)
    notes = RetroNotes("p", "h", "w", "n")
    c.retrospectives.write(WANG, Subject(SubjectKind.PERSON, "rep-wang", month), notes)
    c.retrospectives.write(LI, Subject(SubjectKind.PERSON, "rep-wang", month), notes, "more detail")


def test_the_process_views_rebuilt_from_the_log_equal_the_live_ones(demo: Container) -> None:
    process_flow(demo)
    demo.runner.catch_up()
    shadow = build_views(demo.views.directory.view, prefix="rb_")
    ViewRunner(demo.app, shadow.all(), batch_size=7).rebuild()
    for live, rebuilt in zip(demo.views.all(), shadow.all(), strict=True):
        assert rebuilt.dump() == live.dump(), live.name
    visits = demo.views.visits.log("rep-wang", EVERYTHING, None, 10)
    assert sorted(v["status"] for v in visits) == ["cancelled", "happened", "happened"]
    assert sum(v["deal_count"] for v in visits) == 0  # the deal was cancelled


def test_a_command_with_an_idempotency_key_over_a_day_log_writes_once(demo: Container) -> None:
    customers(demo, "c-1")
    keyed = Command(actor=WANG.actor, idempotency=IdempotencyKey("day-1", "fingerprint"))
    entries = [visited("c-1") for _ in range(120)]
    first = demo.visits.log_day(keyed, today(demo), entries)
    head = demo.ledger.head()
    assert demo.visits.log_day(keyed, today(demo), entries) == first
    assert demo.ledger.head() == head
    assert len(first.ids) == 120
