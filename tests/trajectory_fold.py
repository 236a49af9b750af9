"""An independent, straightforward fold of the log into people's monthly figures.

Written for tests, apart from the projection code: one pass over every event in
log order, plain dictionaries, no tables, no batches. The trajectory read must
give the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
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


def fold(events: list[Any]) -> Folded:
    out = Folded()
    closed: set[str] = set()
    deals: dict[Any, Deal.Signed] = {}
    reviews: dict[Any, Review.Opened] = {}
    for e in events:
        if isinstance(e, Period.Closed):
            closed.update(PeriodKey.parse(e.key).months())
        elif isinstance(e, Visit.Happened):
            c = out.counts[(e.owner_id, _month(e.happened_on))]
            c["visits_logged"] += 1
            c["visits_planned"] += e.planned_before_visit
            c["visits_reviewed"] += e.reviewed_before_visit
        elif isinstance(e, Visit.HappenedUnplanned):
            c = out.counts[(e.owner_id, _month(e.happened_on))]
            c["visits_logged"] += 1
            c["visits_unplanned"] += 1
        elif isinstance(e, CoachingRecord.SessionHeld):
            out.counts[(e.rep_id, _month(e.held_on))]["coaching_received"] += 1
        elif isinstance(e, Deal.Signed):
            deals[e.originator_id] = e
            month = _month(e.signed_on)
            late = month in closed
            c = out.counts[(e.owner_id, month)]
            c["deals_signed"] += 1
            c["late_deals"] += late
            m = out.money[(e.owner_id, month, e.amount.currency)]
            m["signed"] += e.amount.minor_units
            m["late_signed"] += e.amount.minor_units if late else 0
        elif isinstance(e, Deal.CashReceived):
            month = _month(e.received_on)
            m = out.money[(e.owner_id, month, e.amount.currency)]
            m["cash"] += e.amount.minor_units
            m["late_cash"] += e.amount.minor_units if month in closed else 0
        elif isinstance(e, Deal.Refunded):
            month = _month(e.refunded_on)
            m = out.money[(e.owner_id, month, e.amount.currency)]
            m["cash"] -= e.amount.minor_units
            m["late_cash"] -= e.amount.minor_units if month in closed else 0
        elif isinstance(e, Deal.Cancelled):
            signed = deals[e.originator_id]
            month = _month(signed.signed_on)
            late = month in closed
            c = out.counts[(e.owner_id, month)]
            c["deals_signed"] -= 1
            c["late_deals"] -= late
            m = out.money[(e.owner_id, month, signed.amount.currency)]
            m["signed"] -= signed.amount.minor_units
            m["late_signed"] -= signed.amount.minor_units if late else 0
        elif isinstance(e, Review.Opened):
            reviews[e.originator_id] = e
        elif isinstance(e, Review.ValuesAssessmentSealed | Review.AssessmentAmended):
            opened = reviews[e.originator_id]
            for score in e.scores:
                key = (opened.person_id, opened.cycle_id, score.value)
                entry = out.values.setdefault(key, {"self": None, "score": None})
                author = getattr(e, "author", "manager")
                entry["self" if author == "self" else "score"] = score.score
    return out


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
