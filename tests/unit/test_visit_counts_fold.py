"""The visits view is a fold: any batch split gives the same rows, and its counters are
what one would count from the events by hand (shares, repeats, conversions)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.deals import Deal
from domain.errors import DomainError
from domain.values import Money, Stamp
from domain.visits import ReviewDecision, Visit, VisitReport
from projections.tables import MemoryRows, Rows
from projections.visit_counts import COUNTERS, tally
from projections.visits import Visits
from tests.support import NOW, as_stored

CUSTOMERS = ("c-1", "c-2", "c-3")
REPS = ("r1", "r2")
# One visit's story: who, to whom, planned or not, reviewed how (and when), how it ended.
story = st.tuples(
    st.sampled_from(REPS),
    st.sampled_from(CUSTOMERS),
    st.booleans(),
    st.sampled_from([None, ReviewDecision.APPROVE, ReviewDecision.COACH]),
    st.integers(0, 1),
    st.booleans(),
    st.sampled_from(["happened", "cancelled", "open"]),
    st.integers(0, 90),
)
deals = st.lists(st.tuples(st.lists(st.integers(0, 11), max_size=3), st.booleans()), max_size=4)


@dataclass
class Script:
    """Runs random steps against the aggregates, keeping the events they record."""

    clock: datetime = NOW
    visits: list[Visit] = field(default_factory=list)
    deals: list[Deal] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)

    def stamp(self, by: str) -> Stamp:
        self.clock += timedelta(hours=1)
        return Stamp(by, self.clock, self.clock)

    def report(self, minutes_ago: int) -> VisitReport:
        moment = self.clock - timedelta(minutes=minutes_ago)
        return VisitReport(moment, moment.date(), "buyer", "outcome", "next")

    def attempt(self, step: Callable[[], None]) -> None:
        try:
            step()
        except DomainError:
            return  # refused steps record nothing
        for aggregate in (*self.visits, *self.deals):
            self.events += aggregate.collect_events()

    def tell(self, told: tuple[Any, ...]) -> None:
        rep, customer, is_planned, decision, days_late, review_after, ending, minutes_ago = told
        if not is_planned:
            self.attempt(lambda: self.unplanned(rep, customer, minutes_ago))
            return
        self.attempt(lambda: self.plan(rep, customer, 0))
        index = len(self.visits) - 1
        review = (lambda: self.review(index, decision, days_late)) if decision else (lambda: None)
        if not review_after:
            self.attempt(review)
        if ending == "happened":
            self.attempt(lambda: self.log(index, minutes_ago))
        elif ending == "cancelled":
            self.attempt(lambda: self.cancel(index))
        if review_after:
            self.attempt(review)

    def close(self, signed: list[tuple[list[int], bool]]) -> None:
        for indexes, cancelled in signed:
            named = [n % len(self.visits) for n in indexes] if self.visits else []
            self.attempt(lambda: self.sign(named))  # noqa: B023 - run at once
            if cancelled:
                self.attempt(lambda: self.unsign(len(self.deals) - 1))

    def plan(self, rep: str, customer: str, days_ahead: int) -> None:
        stamp = self.stamp(rep)
        on = stamp.recorded_at.date() + timedelta(days=days_ahead)
        self.visits.append(
            Visit.plan(stamp, uuid4(), rep, customer, on, "why", on - timedelta(days=days_ahead))
        )

    def unplanned(self, rep: str, customer: str, minutes_ago: int) -> None:
        stamp = self.stamp(rep)
        self.visits.append(
            Visit.log_unplanned(stamp, uuid4(), rep, customer, self.report(minutes_ago))
        )

    def review(self, index: int, decision: ReviewDecision, days_late: int) -> None:
        stamp = self.stamp("m1")
        day = stamp.recorded_at.date() + timedelta(days=days_late)
        self.visits[index].review(stamp, "m1", decision, "note", day)

    def log(self, index: int, minutes_ago: int) -> None:
        visit = self.visits[index]
        visit.log(self.stamp(visit.owner_id), self.report(minutes_ago))

    def cancel(self, index: int) -> None:
        visit = self.visits[index]
        visit.cancel(self.stamp(visit.owner_id), "reason")

    def sign(self, indexes: list[int]) -> None:
        named = [self.visits[i] for i in indexes]
        ids = [str(v.id) for v in named if v.happened_at is not None]
        amount = Money(Decimal(100), "CNY")
        stamp = self.stamp("r1")
        self.deals.append(
            Deal.sign(
                stamp, uuid4(), "r1", "c-1", "new", amount, stamp.recorded_at.date(), ids, "why"
            )
        )

    def unsign(self, index: int) -> None:
        deal = self.deals[index]
        deal.cancel(self.stamp("r1"), deal.signed_on, "withdrew")


def fold(events: Sequence[Any], cuts: Sequence[int]) -> dict[str, Any]:
    source = MemoryRows()
    bounds = [0, *sorted(set(cuts)), len(events)]
    for start, end in itertools.pairwise(bounds):
        rows = Rows(source)
        for position in range(start, end):
            rows.position = position + 1  # the event's place in the log
            Visits.handlers[type(events[position])](events[position], rows)
        rows.flush()
    return source.tables


def by_hand(events: Sequence[Any]) -> dict[str, int]:
    """The counters as a person would count them from the events."""
    happened = [e for e in events if isinstance(e, Visit.Happened | Visit.HappenedUnplanned)]
    live_deals: dict[Any, list[str]] = {}
    for e in events:
        if isinstance(e, Deal.Signed):
            live_deals[e.originator_id] = e.visit_ids
        elif isinstance(e, Deal.Cancelled):
            live_deals.pop(e.originator_id)
    converted = {v for ids in live_deals.values() for v in ids}
    pairs = {(e.owner_id, e.customer_id) for e in happened}
    return {
        "planned": sum(isinstance(e, Visit.Planned) for e in events),
        "happened": len(happened),
        "unplanned": sum(isinstance(e, Visit.HappenedUnplanned) for e in happened),
        "with_purpose": sum(getattr(e, "planned_before_visit", False) for e in happened),
        "reviewed_before": sum(getattr(e, "reviewed_before_visit", False) for e in happened),
        "cancelled": sum(isinstance(e, Visit.Cancelled) for e in events),
        "repeats": len(happened) - len(pairs),
        "ride_alongs": 0,
        "converted": sum(str(e.originator_id) in converted for e in happened),
    }


@settings(max_examples=80, deadline=None)
@given(st.lists(story, min_size=1, max_size=12), deals, st.lists(st.integers(0, 60), max_size=6))
def test_visit_view_is_one_fold_and_counts_what_happened(
    stories: list[tuple[Any, ...]], signed: list[tuple[list[int], bool]], cuts: list[int]
) -> None:
    script = Script()
    for told in stories:
        script.tell(told)
    script.close(signed)
    events = as_stored(script.events)
    one_by_one = fold(events, list(range(len(events))))
    assert fold(events, [c for c in cuts if c < len(events)]) == one_by_one
    days = list(one_by_one.get("visit_days", {}).values())
    _, total = tally(days, "week")
    assert {k: total[k] for k in COUNTERS} == by_hand(events)
    visits = one_by_one.get("visits", {}).values()
    firsts = [v for v in visits if v["status"] == "happened" and not v["repeat_visit"]]
    assert len({(v["owner_id"], v["customer_id"]) for v in firsts}) == len(firsts)
    for first in firsts:
        same = [
            v["sort_key"]
            for v in visits
            if v["status"] == "happened"
            and (v["owner_id"], v["customer_id"]) == (first["owner_id"], first["customer_id"])
        ]
        assert first["sort_key"] == min(same)
