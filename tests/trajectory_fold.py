"""An independent, straightforward fold of the log into people's monthly figures.

Written for tests, apart from the projection code: one pass over every event in
log order, plain dictionaries, no tables, no batches. The trajectory read must
give the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.coaching import CoachingRecord
from domain.deals import Deal
from domain.periods import Period, PeriodKey
from domain.reviews import Review
from domain.visits import Visit
from services.ledger import PerfLedger


def _month(day: date) -> str:
    return day.strftime("%Y-%m")


@dataclass
class Folded:
    counts: dict[tuple[str, str], dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    money: dict[tuple[str, str, str], dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    values: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)


def events_of(app: PerfLedger) -> list[Any]:
    """Every event in the log, decoded, in log order."""
    found: list[Any] = []
    start = 1
    while notes := app.recorder.select_notifications(start, 10_000):
        found += [app.mapper.to_domain_event(n) for n in notes]
        start = notes[-1].id + 1
    return found


@dataclass
class _Fold:
    """The state of the fold: the figures, and what it must remember to read later events."""

    out: Folded = field(default_factory=Folded)
    closed: set[str] = field(default_factory=set)
    deals: dict[Any, Deal.Signed] = field(default_factory=dict)
    reviews: dict[Any, Review.Opened] = field(default_factory=dict)

    def counts(self, person: str, day: date) -> dict[str, int]:
        return self.out.counts[(person, _month(day))]

    def money(self, person: str, day: date, currency: str) -> dict[str, int]:
        return self.out.money[(person, _month(day), currency)]

    def late(self, day: date) -> bool:
        return _month(day) in self.closed


def _closed(f: _Fold, e: Period.Closed) -> None:
    f.closed.update(PeriodKey.parse(e.key).months())


def _visit(f: _Fold, e: Visit.Happened) -> None:
    c = f.counts(e.owner_id, e.happened_on)
    c["visits_logged"] += 1
    c["visits_planned"] += e.planned_before_visit
    c["visits_reviewed"] += e.reviewed_before_visit


def _unplanned(f: _Fold, e: Visit.HappenedUnplanned) -> None:
    c = f.counts(e.owner_id, e.happened_on)
    c["visits_logged"] += 1
    c["visits_unplanned"] += 1


def _coached(f: _Fold, e: CoachingRecord.SessionHeld) -> None:
    f.counts(e.rep_id, e.held_on)["coaching_received"] += 1


def _signed(f: _Fold, e: Deal.Signed) -> None:
    f.deals[e.originator_id] = e
    late = f.late(e.signed_on)
    c = f.counts(e.owner_id, e.signed_on)
    c["deals_signed"] += 1
    c["late_deals"] += late
    m = f.money(e.owner_id, e.signed_on, e.amount.currency)
    m["signed"] += e.amount.minor_units
    m["late_signed"] += e.amount.minor_units if late else 0


def _cash(f: _Fold, e: Deal.CashReceived) -> None:
    m = f.money(e.owner_id, e.received_on, e.amount.currency)
    m["cash"] += e.amount.minor_units
    m["late_cash"] += e.amount.minor_units if f.late(e.received_on) else 0


def _refund(f: _Fold, e: Deal.Refunded) -> None:
    m = f.money(e.owner_id, e.refunded_on, e.amount.currency)
    m["cash"] -= e.amount.minor_units
    m["late_cash"] -= e.amount.minor_units if f.late(e.refunded_on) else 0


def _cancelled(f: _Fold, e: Deal.Cancelled) -> None:
    signed = f.deals[e.originator_id]
    late = f.late(signed.signed_on)
    c = f.counts(e.owner_id, signed.signed_on)
    c["deals_signed"] -= 1
    c["late_deals"] -= late
    m = f.money(e.owner_id, signed.signed_on, signed.amount.currency)
    m["signed"] -= signed.amount.minor_units
    m["late_signed"] -= signed.amount.minor_units if late else 0


def _review(f: _Fold, e: Review.Opened) -> None:
    f.reviews[e.originator_id] = e


def _scores(f: _Fold, e: Review.ValuesAssessmentSealed | Review.AssessmentAmended) -> None:
    opened = f.reviews[e.originator_id]
    column = "self" if getattr(e, "author", "manager") == "self" else "score"
    for score in e.scores:
        key = (opened.person_id, opened.cycle_id, score.value)
        f.out.values.setdefault(key, {"self": None, "score": None})[column] = score.score


STEPS: dict[type, Callable[[_Fold, Any], None]] = {
    Period.Closed: _closed,
    Visit.Happened: _visit,
    Visit.HappenedUnplanned: _unplanned,
    CoachingRecord.SessionHeld: _coached,
    Deal.Signed: _signed,
    Deal.CashReceived: _cash,
    Deal.Refunded: _refund,
    Deal.Cancelled: _cancelled,
    Review.Opened: _review,
    Review.ValuesAssessmentSealed: _scores,
    Review.AssessmentAmended: _scores,
}


def fold(events: list[Any]) -> Folded:
    state = _Fold()
    for e in events:
        step = STEPS.get(type(e))
        if step is not None:
            step(state, e)
    return state.out


def trajectory_figures(trajectory: dict[str, Any]) -> Folded:
    """The same figures as the trajectory read shows them, for comparison."""
    out = Folded()
    person = trajectory["person_id"]
    for m in trajectory["months"]:
        c = out.counts[(person, m["month"])]
        c["visits_logged"] = m["visits_logged"]
        c["visits_planned"] = m["visits_planned"]
        c["visits_reviewed"] = m["visits_reviewed"]
        c["visits_unplanned"] = m["visits_unplanned"]
        c["coaching_received"] = m["coaching_received"]
        c["deals_signed"] = m["deals_now"]
        c["late_deals"] = m["late_deals"]
        for money in m["money"]:
            f = out.money[(person, m["month"], money["currency"])]
            f["signed"] = int(money["signed_now"] * 100)
            f["cash"] = int(money["cash_now"] * 100)
            if m["closed"]:
                f["late_signed"] = int((money["signed_now"] - money["signed_at_close"]) * 100)
                f["late_cash"] = int((money["cash_now"] - money["cash_at_close"]) * 100)
    for cycle in trajectory["cycles"]:
        for v in cycle["values"]:
            out.values[(person, cycle["cycle_id"], v["value"])] = {
                "self": v["self_score"],
                "score": v["score"],
            }
    return out


def of_person(folded: Folded, person_id: str, months: set[str]) -> dict[str, Any]:
    """One person's non-zero figures in the months shown, as plain dicts to compare."""
    return {
        "counts": {
            k[1]: {n: v for n, v in c.items() if v}
            for k, c in folded.counts.items()
            if k[0] == person_id and k[1] in months and any(c.values())
        },
        "money": {
            (k[1], k[2]): {n: v for n, v in m.items() if v}
            for k, m in folded.money.items()
            if k[0] == person_id and k[1] in months and any(m.values())
        },
        "values": {k: v for k, v in folded.values.items() if k[0] == person_id},
    }
