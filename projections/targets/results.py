"""Results of a period: actuals beside targets, as at close and now, with late adjustments.

Attainment = actual / target per measure. A closed period's figures "as at
close" are the facts up to the close's position in the log; facts recorded
later about the period's days are late adjustments, shown beside them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from domain.accuracy import attainment
from domain.measures import Basis, Figure
from domain.periods import PeriodKey
from domain.target_rules import Rulebook
from domain.targets import SubjectKind
from domain.values import DateRange
from projections.tables import Row, from_json
from projections.targets.tables import NO_CURRENCY, figures_of, from_minor
from projections.targets.view import Targets
from services.policy import EVERYTHING, Scope

MONEY_QUANTITIES = {b.value for b in Basis if b.is_money}


@dataclass(frozen=True)
class PeriodState:
    """A period and, once closed, its close (position, band, cut-off)."""

    period: PeriodKey
    close: Row | None

    @classmethod
    def of(cls, view: Targets, key: str) -> PeriodState:
        period = PeriodKey.parse(key)
        return cls(period, view.close(period.key))

    @property
    def span(self) -> DateRange:
        return period_span(self.period)

    @property
    def closed(self) -> bool:
        return self.close is not None

    @property
    def close_position(self) -> int | None:
        return None if self.close is None else int(self.close["close_position"])

    def describe(self) -> Row:
        return {
            "period_key": self.period.key,
            "closed": self.closed,
            "closed_at": None if self.close is None else self.close["closed_at"],
        }


def period_span(period: PeriodKey) -> DateRange:
    """The days of a period: records about it are visible to whoever may see one of them."""
    return DateRange(period.starts_on, period.ends_on)


def amount_of(quantity: str, units: int) -> Decimal:
    return from_minor(units) if quantity in MONEY_QUANTITIES else Decimal(units)


class Actuals:
    """Sums of facts per quantity and currency: now, and as at the period's close."""

    def __init__(self, sums: Iterable[Row]) -> None:
        self._sums = {
            (r["quantity"], r["currency"]): (int(r["close_total"]), int(r["now_total"]))
            for r in sums
        }

    @classmethod
    def of(cls, view: Targets, state: PeriodState, scope: Scope) -> Actuals:
        return cls(view.sums(state.period, scope, state.close_position))

    def at_close_and_now(self, quantity: str, currency: str | None) -> tuple[Decimal, Decimal]:
        at_close, now = self._sums.get((quantity, currency or NO_CURRENCY), (0, 0))
        return amount_of(quantity, at_close), amount_of(quantity, now)

    def currencies(self, quantity: str) -> set[str]:
        return {c for q, c in self._sums if q == quantity}


def approved_figures(target: Row | None, versions: list[Row]) -> list[Figure]:
    """The figures of the version in force (the last approved), if any."""
    if target is None or target["approved_version"] is None:
        return []
    found = [v for v in versions if v["version"] == target["approved_version"]]
    return figures_of(found[0]["figures"]) if found else []


def measure_results(
    book: Rulebook, figures: list[Figure], actuals: Actuals, closed: bool
) -> list[Row]:
    """One row per measure (and, for money, per currency seen): target, actuals, attainment."""
    results = []
    for measure in book.measures:
        basis = Basis(measure.basis)
        targets = {
            f.currency or NO_CURRENCY: f.amount for f in figures if f.measure == measure.code
        }
        currencies = (
            sorted(set(targets) | actuals.currencies(basis.value))
            if basis.is_money
            else [NO_CURRENCY]
        )
        for currency in currencies:
            target = targets.get(currency)
            at_close, now = actuals.at_close_and_now(basis.value, currency)
            results.append(
                {
                    "measure": measure.code,
                    "name": measure.name,
                    "unit": measure.unit,
                    "currency": currency or None,
                    "target": target,
                    "actual_now": now,
                    "attainment_now": None if target is None else attainment(now, target),
                    **_at_close(closed, target, at_close, now),
                }
            )
    return results


def _at_close(closed: bool, target: Decimal | None, at_close: Decimal, now: Decimal) -> Row:
    if not closed:
        return {"actual_at_close": None, "attainment_at_close": None, "late_adjustment": None}
    return {
        "actual_at_close": at_close,
        "attainment_at_close": None if target is None else attainment(at_close, target),
        "late_adjustment": now - at_close,
    }


def fact_row(row: Row) -> Row:
    return {
        "position": row["position"],
        "person_id": row["subject_id"],
        "quantity": row["quantity"],
        "fact": row["fact"],
        "on_day": row["on_day"],
        "amount": amount_of(row["quantity"], int(row["delta"])),
        "currency": row["currency"] or None,
        "deal_id": row["deal_id"],
        "recorded_at": row["recorded_at"],
    }


def results_report(
    view: Targets, state: PeriodState, scope: Scope, figures: list[Figure]
) -> dict[str, Any]:
    """Targets beside actuals for a subject (its facts given by ``scope``) and a period."""
    actuals = Actuals.of(view, state, scope)
    late = (
        []
        if state.close_position is None
        else view.facts(state.period, scope, state.close_position)
    )
    return state.describe() | {
        "measures": measure_results(view.rules(), figures, actuals, state.closed),
        "late_adjustments": [fact_row(r) for r in late],
    }


def version_row(row: Row) -> Row:
    return row | {
        "figures": from_json(row["figures"]),
        "lines": from_json(row["lines"]),
        "totals": from_json(row["totals"]),
    }


def target_report(target: Row, versions: list[Row]) -> Row:
    """A target with every version it went through, oldest first."""
    return target | {
        "plan_basis": from_json(target["plan_basis"]),
        "versions": [version_row(v) for v in versions],
    }


def person_results_report(view: Targets, person_id: str, state: PeriodState) -> dict[str, Any]:
    """A person's targets beside their actuals for a period."""
    target = view.target_for(SubjectKind.PERSON.value, person_id, state.period.key)
    versions = view.versions([target["target_id"]]) if target else {}
    figures = approved_figures(target, versions[target["target_id"]] if target else [])
    scope = Scope(people={person_id: EVERYTHING})
    return results_report(view, state, scope, figures) | {
        "person_id": person_id,
        "target_id": None if target is None else target["target_id"],
        "approved_version": None if target is None else target["approved_version"],
    }


def approved_version(view: Targets, target: Row) -> Row | None:
    """The version in force, if one was approved."""
    if target["approved_version"] is None:
        return None
    versions = view.versions([target["target_id"]])[target["target_id"]]
    return next((v for v in versions if v["version"] == target["approved_version"]), None)
