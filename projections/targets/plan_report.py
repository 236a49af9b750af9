"""Plan vs. actual per week: the visits and events planned beside what happened.

A week's actuals are the visits logged that week (from the process context's
day counters, passed in by the caller), the visits behind the deals signed that
week (each deal names its visits), the signings and the cash.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from domain.measures import Basis
from domain.periods import PeriodKey
from projections.tables import Row, from_json
from projections.targets.actuals import DEAL_VISITS
from projections.targets.results import amount_of, approved_version
from projections.targets.view import Targets
from services.policy import EVERYTHING, Scope

WEEK_ACTUALS = (Basis.NEW_CUSTOMERS.value, Basis.RENEWALS.value, DEAL_VISITS)


def _monday(day: str) -> str:
    parsed = date.fromisoformat(day)
    return (parsed - timedelta(days=parsed.weekday())).isoformat()


def plan_report(
    view: Targets, target: Row, logged_visits: Mapping[str, int] | None = None
) -> dict[str, Any]:
    """The weeks of the plan in force, each with the actuals of its days (cash in the
    currency of the approved strategy); ``logged_visits`` counts visits per Monday."""
    version = approved_version(view, target)
    currency = None if version is None else from_json(version["totals"])["money"]["currency"]
    period = PeriodKey.parse(target["period_key"])
    scope = Scope(people={target["subject_id"]: EVERYTHING})
    actual: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for fact in view.facts(period, scope):
        if fact["quantity"] in WEEK_ACTUALS or (
            fact["quantity"] == Basis.CASH and fact["currency"] == currency
        ):
            week = _monday(fact["on_day"])
            actual[(week, fact["quantity"])] += amount_of(fact["quantity"], int(fact["delta"]))
    logged = logged_visits or {}
    weeks = [
        _week(w, actual) | {"logged_visits": logged.get(w["week_start"], 0)}
        for w in view.weeks(target["target_id"])
    ]
    return {
        "target_id": target["target_id"],
        "person_id": target["subject_id"],
        "period_key": target["period_key"],
        "plan_version": target["plan_version"],
        "basis": from_json(target["plan_basis"]),
        "currency": currency,
        "weeks": weeks,
        "adjustments": view.adjustments(target["target_id"]),
    }


def _week(row: Row, actual: dict[tuple[str, str], Decimal]) -> Row:
    week = row["week_start"]
    return {
        "week_start": week,
        "days": row["days"],
        "planned_visits": row["visits"],
        "planned_events": row["events"],
        "derived_visits": row["derived_visits"],
        "derived_events": row["derived_events"],
        "adjusted_by": row["adjusted_by"],
        "adjusted_at": row["adjusted_at"],
        "new_customers": actual[(week, Basis.NEW_CUSTOMERS.value)],
        "renewals": actual[(week, Basis.RENEWALS.value)],
        "deal_visits": actual[(week, DEAL_VISITS)],
        "cash": actual[(week, Basis.CASH.value)],
    }
