"""Plans: the weeks an approved person's strategy needs, and the person's changes to them.

The plan is derived when a version is approved, from its lines and the
person's conversion (visits per signed deal) in the months before the period,
as the log stood at that moment; so rebuilding the view gives the same plan.
"""

from __future__ import annotations

from decimal import Decimal

from domain.deals import Deal, DealKind
from domain.periods import PeriodKey
from domain.plans import Conversion, derive_plan, months_before
from domain.ratios import number_text
from domain.target_rules import Rulebook
from domain.targets import SubjectKind, Target
from projections.tables import Rows, from_json, iso_day, iso_time, to_json
from projections.targets.tables import (
    CONVERSION,
    DEALS,
    PLAN_ADJUSTMENTS,
    PLAN_WEEKS,
    TARGETS,
    VERSIONS,
    current_rules,
    require,
)


def conversion_signed(e: Deal.Signed, rows: Rows) -> None:
    key = {"person_id": e.owner_id, "month": e.signed_on.isoformat()[:7], "kind": e.kind}
    rows.add(CONVERSION, key, deals=1, visits=len(e.visit_ids))


def conversion_cancelled(e: Deal.Cancelled, rows: Rows) -> None:
    deal = require(rows.get(DEALS, str(e.originator_id)), e)
    key = {"person_id": deal["owner_id"], "month": deal["signed_on"][:7], "kind": deal["kind"]}
    rows.add(CONVERSION, key, deals=-1, visits=-deal["visits"])


def _conversion(
    rows: Rows, person_id: str, period: PeriodKey, kind: str, book: Rulebook
) -> Conversion:
    deals = visits = 0
    for month in months_before(period, book.history_months):
        row = rows.get(CONVERSION, person_id, month, kind)
        if row is not None:
            deals, visits = deals + row["deals"], visits + row["visits"]
    return Conversion.of(deals, visits, book.visits_per_deal)


def derive(e: Target.Approved, rows: Rows) -> None:
    target_id = str(e.originator_id)
    target = require(rows.get(TARGETS, target_id), e)
    if target["subject_kind"] != SubjectKind.PERSON:
        return
    totals = from_json(require(rows.get(VERSIONS, target_id, e.version), e)["totals"])
    period, book = PeriodKey.parse(target["period_key"]), current_rules(rows)
    new, renewal = (
        _conversion(rows, target["subject_id"], period, kind, book)
        for kind in (DealKind.NEW.value, DealKind.RENEWAL.value)
    )
    weeks = derive_plan(
        period,
        Decimal(totals["new_customers"]),
        Decimal(totals["renewals"]),
        int(totals["events"]),
        (new, renewal),
    )
    for week in weeks:
        rows.put(
            PLAN_WEEKS,
            {
                "target_id": target_id,
                "week_start": iso_day(week.starts_on),
                "days": week.days,
                "version": e.version,
                "derived_visits": week.visits,
                "derived_events": week.events,
                "visits": week.visits,
                "events": week.events,
                "adjusted_by": None,
                "adjusted_at": None,
            },
        )
    basis = {"new": _describe(new), "renewal": _describe(renewal)}
    rows.put(TARGETS, target | {"plan_version": e.version, "plan_basis": to_json(basis)})


def _describe(conversion: Conversion) -> dict[str, object]:
    return {
        "visits_per_deal": number_text(conversion.visits_per_deal),
        "deals": conversion.deals,
        "visits": conversion.visits,
        "source": conversion.source,
    }


def adjusted(e: Target.PlanAdjusted, rows: Rows) -> None:
    target_id, week_start = str(e.originator_id), iso_day(e.week_start)
    week = require(rows.get(PLAN_WEEKS, target_id, week_start), e)
    rows.put(
        PLAN_ADJUSTMENTS,
        {
            "target_id": target_id,
            "position": rows.position,
            "version": e.version,
            "week_start": week_start,
            "visits_before": week["visits"],
            "visits": e.visits,
            "events_before": week["events"],
            "events": e.events,
            "reason": e.reason,
            "recorded_by": e.recorded_by,
            "recorded_at": iso_time(e.recorded_at),
        },
    )
    adjusted_at = iso_time(e.recorded_at)
    rows.put(
        PLAN_WEEKS,
        week
        | {
            "visits": e.visits,
            "events": e.events,
            "adjusted_by": e.recorded_by,
            "adjusted_at": adjusted_at,
        },
    )
