"""A trajectory as people read it: series over months and periods, from precomputed rows.

Reads a bounded number of queries per trajectory (months, money, targets, facts,
forecasts, closes, reviews, values, awards, the ramp), whatever the length of
the log; everything else is arithmetic on those rows (``domain.trajectory``).
Only the months, periods and cycles the viewer may see are shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from domain.periods import PeriodKey
from domain.trajectory import (
    RAMP_WINDOW,
    WINDOWS,
    Norms,
    median_of_others,
    month_key,
    month_start,
    months_between,
    overall,
    process_index,
    ratio,
    result_index,
    rolling,
    tenure_month,
    trend,
    working_days,
    year_on_year,
)
from domain.values import DateRange
from projections.awards import Awards
from projections.reviews import Reviews
from projections.scoping import narrowed
from projections.tables import Row
from projections.targets.accuracy import _accuracy
from projections.targets.results import Actuals, approved_figures, measure_results
from projections.targets.tables import from_minor
from projections.targets.view import Targets
from projections.trajectory.view import COUNTS, MONEY, RAMP_MEASURES, Trajectories
from services.policy import Visibility

DEFAULT_NORMS = Norms()
SERIES = (
    "visits_per_working_day",
    "planned_share",
    "reviewed_share",
    "coaching_received",
    "deals_signed",
    "process_index",
    "result_index",
    "overall_index",
)


def month_span(key: str) -> DateRange:
    start = month_start(key)
    return DateRange(start, (start + timedelta(days=32)).replace(day=1))


@dataclass(frozen=True)
class TrajectoryReader:
    trajectories: Trajectories
    targets: Targets
    reviews: Reviews
    awards: Awards
    norms: Norms = DEFAULT_NORMS

    # --- a person --------------------------------------------------------------------------

    def person(
        self,
        person_id: str,
        visibility: Visibility,
        today: date,
        first: str | None = None,
        last: str | None = None,
    ) -> dict[str, Any] | None:
        """The person's trajectory over the months shown (default: the whole tenure)."""
        person = self.trajectories.person(person_id)
        if person is None:
            return None
        joined = date.fromisoformat(person["joined_on"])
        left = date.fromisoformat(person["left_on"]) if person["left_on"] else None
        end = min(today, left - timedelta(days=1)) if left else today
        # A veteran's months before the organisation's records began are unknown, not zero.
        begins = self.trajectories.records_begin()
        first = max(first or month_key(joined), month_key(joined), begins or "")
        last = min(last or month_key(end), month_key(end))
        shown = [m for m in months_between(first, last) if visibility.overlaps(month_span(m))]
        if not shown:
            return _empty(person_id, person)
        # Periods, cycles and awards of the months shown only: the read's cost follows them.
        span = DateRange(month_start(shown[0]), month_span(shown[-1]).end)
        visibility = narrowed(visibility, [span])
        periods = self._periods(person_id, visibility)
        months = self._months(person_id, joined, end, shown, periods)
        return {
            "person_id": person_id,
            "joined_on": person["joined_on"],
            "left_on": person["left_on"],
            "first_month": shown[0],
            "last_month": shown[-1],
            "months": months,
            "series": series_of(months),
            "periods": periods,
            "cycles": self._cycles(person_id, visibility),
            "awards": self.awards.received("person", person_id, visibility, None, 1000),
            "ramp": self._ramp(person_id, today, months, begins),
        }

    def _months(
        self, person_id: str, joined: date, end: date, shown: list[str], periods: list[Row]
    ) -> list[Row]:
        counts = {
            r["month"]: r for r in self.trajectories.months_of(person_id, shown[0], shown[-1])
        }
        money: dict[str, list[Row]] = defaultdict(list)
        for r in self.trajectories.money_of(person_id, shown[0], shown[-1]):
            money[r["month"]].append(r)
        closed = self.trajectories.closed_months(shown[0], shown[-1])
        results = _result_index_by_month(periods)
        out = []
        for key in shown:
            row = counts.get(key) or dict.fromkeys(COUNTS, 0)
            days = working_days(key, joined, end)
            month = month_row(key, row, money[key], days, key in closed, self.norms)
            month["tenure_month"] = tenure_month(joined, month_start(key))
            out.append(month | _with_result(month, results.get(key)))
        return out

    # --- periods: targets, attainment, forecasts -------------------------------------------

    def _periods(self, person_id: str, visibility: Visibility) -> list[Row]:
        targets = self.targets.history_of("person", person_id, visibility, None, 10_000)
        keys = [t["period_key"] for t in targets]
        if not keys:
            return []
        versions = self.targets.versions([t["target_id"] for t in targets])
        closes = self.targets.closes(keys)
        spans = {k: PeriodKey.parse(k) for k in keys}
        first_day = min(p.starts_on for p in spans.values()).isoformat()
        end_day = max(p.ends_on for p in spans.values()).isoformat()
        facts = self.targets.facts_between(person_id, first_day, end_day)
        forecasts = self.targets.forecasts_of(person_id, keys)
        book = self.targets.rules()
        out = []
        for target in targets:
            key = target["period_key"]
            period, close = spans[key], closes.get(key)
            actuals = Actuals(_sums(facts, period, close))
            figures = approved_figures(target, versions[target["target_id"]])
            measures = measure_results(book, figures, actuals, close is not None)
            accuracy = _accuracy(forecasts[key], close, actuals, book) if close else []
            out.append(
                {
                    "period_key": key,
                    "starts_on": period.starts_on.isoformat(),
                    "ends_on": period.ends_on.isoformat(),
                    "closed": close is not None,
                    "measures": measures,
                    "result_index": result_index(
                        [m["attainment_now"] for m in measures if m["target"] is not None]
                    ),
                    "result_index_at_close": None
                    if close is None
                    else result_index(
                        [m["attainment_at_close"] for m in measures if m["target"] is not None]
                    ),
                    "late": any(m["late_adjustment"] for m in measures),
                    "forecast_accuracy": accuracy,
                }
            )
        return out

    # --- cycles: ratings, placement, values ----------------------------------------------------

    def _cycles(self, person_id: str, visibility: Visibility) -> list[Row]:
        values: dict[str, list[Row]] = defaultdict(list)
        for v in self.trajectories.values_of(person_id):
            values[v["cycle_id"]].append(v)
        out = []
        for r in self.reviews.of_person(person_id, visibility, "", 10_000):
            out.append(
                {
                    "cycle_id": r["cycle_id"],
                    "period_key": r["period_key"],
                    "as_of": r["as_of"],
                    "step": r["step"],
                    "rating": r["rating"],
                    "placement": r["placement"],
                    "composite": r["composite"],
                    "values_score": r["values_score"],
                    "amendments": r["amendments"],
                    "red_line": bool(r["red_line"]),
                    "values": [
                        {
                            k: v[k]
                            for k in ("value", "self_score", "manager_score", "score", "amendments")
                        }
                        for v in values.get(r["cycle_id"], [])
                    ],
                }
            )
        return out

    # --- ramp: month k against everyone else's month k -----------------------------------------

    def _ramp(
        self, person_id: str, today: date, months: list[Row], records_begin: str | None
    ) -> list[Row]:
        ks = [m["tenure_month"] for m in months if m["tenure_month"] < RAMP_WINDOW]
        if not ks:
            return []
        reps = self.trajectories.reps()
        cohort = cohort_sizes(reps, today, max(ks), records_begin)
        own_is_rep = any(r["person_id"] == person_id for r in reps)
        histograms = {m: self.trajectories.ramp(m, min(ks), max(ks)) for m in RAMP_MEASURES}
        out = []
        for month in months:
            k = month["tenure_month"]
            if k >= RAMP_WINDOW:
                continue
            others = cohort.get(k, 0) - (1 if own_is_rep else 0)
            out.append(
                {
                    "tenure_month": k,
                    "month": month["month"],
                    "cohort": max(others, 0),
                    **{measure: month[measure] for measure in RAMP_MEASURES},
                    **{
                        f"{measure}_median_of_others": median_of_others(
                            histograms[measure].get(k, {}),
                            cohort.get(k, 0),
                            month[measure] if own_is_rep else None,
                        )
                        for measure in RAMP_MEASURES
                    },
                }
            )
        return out

    # --- teams and regions ----------------------------------------------------------------

    def group(
        self, kind: str, group_id: str, visibility: Visibility, first: str, last: str
    ) -> dict[str, Any]:
        """A team's or region's months: the facts of whoever sat in it on each fact's day."""
        first = max(first, self.trajectories.records_begin() or first)
        shown = [m for m in months_between(first, last) if visibility.overlaps(month_span(m))]
        counts = {
            r["month"]: r for r in self.trajectories.group_months(kind, group_id, first, last)
        }
        money: dict[str, list[Row]] = defaultdict(list)
        for r in self.trajectories.group_money(kind, group_id, first, last):
            money[r["month"]].append(r)
        closed = self.trajectories.closed_months(first, last)
        months = [
            month_row(
                key,
                counts.get(key) or dict.fromkeys(COUNTS, 0),
                money[key],
                None,
                key in closed,
                self.norms,
            )
            for key in shown
        ]
        return {"kind": kind, "group_id": group_id, "months": months, "series": series_of(months)}


# --- arithmetic on rows ------------------------------------------------------------------------


def month_row(
    key: str,
    counts: Row,
    money: Sequence[Row],
    days: int | None,
    closed: bool,
    norms: Norms,
) -> Row:
    """One month of process and results, with shares and the process index."""
    logged = int(counts["visits_logged"])
    per_day = None if days is None else ratio(logged, days)
    planned = ratio(int(counts["visits_planned"]), logged)
    reviewed = ratio(int(counts["visits_reviewed"]), logged)
    coaching = int(counts["coaching_received"])
    signed = int(counts["deals_signed"]) - int(counts["deals_cancelled"])
    late = int(counts["late_deals"])
    return {
        "month": key,
        "closed": closed,
        **{name: int(counts[name]) for name in COUNTS},
        "working_days": days,
        "visits_per_working_day": per_day,
        "planned_share": planned,
        "reviewed_share": reviewed,
        "deals_now": signed,
        "deals_at_close": signed - late if closed else None,
        "late": bool(late) or any(m["late_signed_minor"] or m["late_cash_minor"] for m in money),
        "money": [money_row(m, closed) for m in money],
        "process_index": process_index(per_day, planned, reviewed, coaching, norms)
        if days
        else None,
    }


def money_row(row: Row, closed: bool) -> Row:
    amounts = {name: from_minor(int(row[name])) for name in MONEY}
    signed = amounts["signed_minor"] - amounts["cancelled_minor"]
    cash = amounts["cash_minor"] - amounts["refunded_minor"]
    return {
        "currency": row["currency"],
        "signed_now": signed,
        "signed_at_close": signed - amounts["late_signed_minor"] if closed else None,
        "cash_now": cash,
        "cash_at_close": cash - amounts["late_cash_minor"] if closed else None,
        "cancelled": amounts["cancelled_minor"],
        "refunded": amounts["refunded_minor"],
    }


def series_of(months: list[Row]) -> dict[str, Any]:
    """Each measure's raw series beside its rolling means, trend and change on a year before."""
    out: dict[str, Any] = {"months": [m["month"] for m in months]}
    for name in SERIES:
        values = [_decimal(m.get(name)) for m in months]
        out[name] = {
            "values": values,
            **{f"rolling_{w}": rolling(values, w) for w in WINDOWS},
            "trend": trend(values),
            "year_on_year": year_on_year(values),
        }
    return out


def cohort_sizes(
    reps: list[Row], today: date, last_k: int, records_begin: str | None = None
) -> dict[int, int]:
    """How many reps have lived their tenure month k by today (for k up to ``last_k``), in
    months the organisation kept records of: a veteran's unrecorded first months would
    count as zeros and pull every median down."""
    sizes: dict[int, int] = defaultdict(int)
    for r in reps:
        joined = date.fromisoformat(r["joined_on"])
        end = date.fromisoformat(r["left_on"]) - timedelta(days=1) if r["left_on"] else today
        reached = min(tenure_month(joined, end), last_k)
        recorded = _first_recorded_k(joined, records_begin)
        for k in range(recorded, reached + 1):
            sizes[k] += 1
    return sizes


def _first_recorded_k(joined: date, records_begin: str | None) -> int:
    """The first tenure month the records cover, labelled as the read labels months."""
    if records_begin is None or records_begin <= month_key(joined):
        return 0
    return tenure_month(joined, month_start(records_begin))


def _sums(facts: list[Row], period: PeriodKey, close: Row | None) -> list[Row]:
    """The period's facts per quantity and currency, now and as at its close."""
    at_close = 2**62 if close is None else int(close["close_position"])
    first, end = period.starts_on.isoformat(), period.ends_on.isoformat()
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for f in facts:
        if first <= f["on_day"] < end:
            totals = sums[(f["quantity"], f["currency"])]
            totals[0] += int(f["delta"])
            totals[1] += int(f["delta"]) if int(f["position"]) <= at_close else 0
    return [
        {"quantity": q, "currency": c, "now_total": now, "close_total": close_total}
        for (q, c), (now, close_total) in sums.items()
    ]


def _result_index_by_month(periods: list[Row]) -> dict[str, Row]:
    """Each month's result index: that of the shortest period with a target covering it."""
    found: dict[str, tuple[int, Row]] = {}
    for p in periods:
        months = PeriodKey.parse(p["period_key"]).months()
        for m in months:
            if m not in found or len(months) < found[m][0]:
                found[m] = (len(months), p)
    return {m: p for m, (_, p) in found.items()}


def _with_result(month: Row, period: Row | None) -> Row:
    """The month's result index (from its period) beside its process index, equally weighed."""
    result = None if period is None else period["result_index"]
    return {
        "result_period": None if period is None else period["period_key"],
        "result_index": result,
        "overall_index": overall(month["process_index"], result),
    }


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def _empty(person_id: str, person: Row) -> dict[str, Any]:
    return {
        "person_id": person_id,
        "joined_on": person["joined_on"],
        "left_on": person["left_on"],
        "first_month": None,
        "last_month": None,
        "months": [],
        "series": series_of([]),
        "periods": [],
        "cycles": [],
        "awards": [],
        "ramp": [],
    }
