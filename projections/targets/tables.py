"""The tables of the targets view, and how their values are written and read back.

Money is stored in integer minor units (exact sums on both stores); an exact
product with more places (a strategy line) is stored as decimal text in JSON.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from domain.measures import Figure, Measure
from domain.ratios import money_text, number_text
from domain.target_rules import DEFAULT_RULEBOOK, Rulebook
from domain.values import MONEY_PLACES
from projections.tables import Row, Rows, Table, from_json, to_json

TARGETS = Table(
    "target_targets",
    (
        ("target_id", "text"),
        ("subject_kind", "text"),
        ("subject_id", "text"),
        ("period_key", "text"),
        ("starts_on", "text"),
        ("ends_on", "text"),
        ("current_version", "int"),
        ("status", "text"),
        ("approved_version", "int"),
        ("plan_version", "int"),
        ("plan_basis", "text"),
    ),
    key=("target_id",),
    indexes=(("subject_kind", "subject_id", "period_key"),),
)
VERSIONS = Table(
    "target_versions",
    (
        ("target_id", "text"),
        ("version", "int"),
        ("status", "text"),
        ("figures", "text"),
        ("lines", "text"),
        ("totals", "text"),
        ("drafted_by", "text"),
        ("drafted_at", "text"),
        ("reason", "text"),
        ("submitted_by", "text"),
        ("submitted_at", "text"),
        ("tolerance", "text"),
        ("decided_by", "text"),
        ("decided_at", "text"),
        ("decision_reason", "text"),
    ),
    key=("target_id", "version"),
)
PLAN_WEEKS = Table(
    "target_plan_weeks",
    (
        ("target_id", "text"),
        ("week_start", "text"),
        ("days", "int"),
        ("version", "int"),
        ("derived_visits", "int"),
        ("derived_events", "int"),
        ("visits", "int"),
        ("events", "int"),
        ("adjusted_by", "text"),
        ("adjusted_at", "text"),
    ),
    key=("target_id", "week_start"),
)
PLAN_ADJUSTMENTS = Table(
    "target_plan_adjustments",
    (
        ("target_id", "text"),
        ("position", "int"),
        ("version", "int"),
        ("week_start", "text"),
        ("visits_before", "int"),
        ("visits", "int"),
        ("events_before", "int"),
        ("events", "int"),
        ("reason", "text"),
        ("recorded_by", "text"),
        ("recorded_at", "text"),
    ),
    key=("target_id", "position"),
)
# Per person, month and deal kind: deals signed and the visits that led to them.
CONVERSION = Table(
    "target_conversion",
    (
        ("person_id", "text"),
        ("month", "text"),
        ("kind", "text"),
        ("deals", "int"),
        ("visits", "int"),
    ),
    key=("person_id", "month", "kind"),
)
DEALS = Table(
    "target_deals",
    (
        ("deal_id", "text"),
        ("owner_id", "text"),
        ("kind", "text"),
        ("signed_on", "text"),
        ("amount", "int"),
        ("currency", "text"),
        ("visits", "int"),
        ("cancelled_on", "text"),
    ),
    key=("deal_id",),
)
# One row per quantity an event moves: the actuals are sums over these, by day,
# and a row recorded after its period closed is a late adjustment.
FACTS = Table(
    "target_facts",
    (
        ("position", "int"),
        ("quantity", "text"),
        ("subject_id", "text"),
        ("on_day", "text"),
        ("currency", "text"),
        ("delta", "int"),
        ("fact", "text"),
        ("deal_id", "text"),
        ("recorded_at", "text"),
    ),
    key=("position", "quantity"),
    indexes=(("subject_id", "on_day"),),
)
CLOSES = Table(
    "target_closes",
    (
        ("period_key", "text"),
        ("starts_on", "text"),
        ("ends_on", "text"),
        ("closed_at", "text"),
        ("close_position", "int"),
        ("accuracy_band", "text"),
        ("cutoff_at", "text"),
    ),
    key=("period_key",),
)
RULES = Table("target_rules", (("rules_id", "text"), ("rulebook", "text")), key=("rules_id",))
# The organisation's timezone: a forecast cut-off is midnight where the organisation works.
CLOCK = Table("target_clock", (("clock_id", "text"), ("timezone", "text")), key=("clock_id",))
FORECASTS = Table(
    "target_forecasts",
    (
        ("position", "int"),
        ("person_id", "text"),
        ("period_key", "text"),
        ("starts_on", "text"),
        ("ends_on", "text"),
        ("role", "text"),
        ("forecaster_id", "text"),
        ("figures", "text"),
        ("recorded_at", "text"),
        ("occurred_at", "text"),
    ),
    key=("position",),
    indexes=(("person_id", "period_key"),),
)
ALL = (
    CLOCK,
    TARGETS,
    VERSIONS,
    PLAN_WEEKS,
    PLAN_ADJUSTMENTS,
    CONVERSION,
    DEALS,
    FACTS,
    CLOSES,
    RULES,
    FORECASTS,
)
CURRENT_RULES = "current"
NO_CURRENCY = ""  # counts have none; '' keeps them groupable on both stores


def figures_json(figures: list[Figure]) -> str:
    """Money with its two places (5000000 is shown as 5000000.00), counts as whole numbers."""
    return to_json(
        [
            {
                "measure": f.measure,
                "amount": money_text(f.amount) if f.currency else number_text(f.amount),
                "currency": f.currency,
            }
            for f in figures
        ]
    )


def figures_of(text: str | None) -> list[Figure]:
    return [
        Figure(f["measure"], Decimal(f["amount"]), f["currency"]) for f in from_json(text) or []
    ]


def from_minor(units: int) -> Decimal:
    """Minor units back to an amount with its two places."""
    return Decimal(units).scaleb(-MONEY_PLACES)


def rulebook_json(book: Rulebook) -> str:
    return to_json(book.describe())


def rulebook_of(text: str | None) -> Rulebook:
    if text is None:
        return DEFAULT_RULEBOOK
    data: dict[str, Any] = from_json(text)
    return Rulebook(
        measures=tuple(Measure(m["code"], m["name"], m["basis"]) for m in data["measures"]),
        tolerance=Decimal(data["tolerance"]),
        accuracy_band=Decimal(data["accuracy_band"]),
        forecast_cutoff_days=int(data["forecast_cutoff_days"]),
        visits_per_deal=Decimal(data["visits_per_deal"]),
        history_months=int(data["history_months"]),
    )


def current_rules(rows: Rows) -> Rulebook:
    row = rows.get(RULES, CURRENT_RULES)
    return rulebook_of(None if row is None else row["rulebook"])


def require(row: Row | None, what: object) -> Row:
    """A row an earlier event must have written; its absence is a bug, not bad input."""
    assert row is not None, what
    return row
