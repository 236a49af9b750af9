"""Forecast history and accuracy for a person and a period (a good seller forecasts well).

At close, for the rep and the manager separately, the last forecast recorded
(by the server's clock: a client cannot backdate it) before the cut-off is
compared with the actual as at close: error = |actual - forecast| / forecast,
within the band or not. The same is shown against the actual now, when late
adjustments moved it. The trend is where each series of forecasts went.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from domain.accuracy import Accuracy, trend
from domain.forecasts import ForecastRole
from domain.measures import Basis
from domain.target_rules import Rulebook
from projections.tables import Row
from projections.targets.results import Actuals, PeriodState
from projections.targets.view import Targets
from services.policy import EVERYTHING, Scope


def forecast_report(view: Targets, person_id: str, state: PeriodState) -> dict[str, Any]:
    submissions = view.forecasts(person_id, state.period.key)
    close = state.close or {}
    report = state.describe() | {
        "person_id": person_id,
        "cutoff_at": close.get("cutoff_at"),
        "accuracy_band": close.get("accuracy_band"),
        "submissions": [_submission(s) for s in submissions],
        "trend": _trends(submissions),
        "accuracy": [],
    }
    if state.close is not None:
        actuals = Actuals.of(view, state, Scope(people={person_id: EVERYTHING}))
        report["accuracy"] = _accuracy(submissions, state.close, actuals, view.rules())
    return report


def _submission(row: Row) -> Row:
    keep = ("position", "role", "forecaster_id", "recorded_at", "occurred_at", "figures")
    return {k: row[k] for k in keep}


def _accuracy(submissions: list[Row], close: Row, actuals: Actuals, book: Rulebook) -> list[Row]:
    """Per role: the last forecast before the cut-off, judged per measure."""
    band, cutoff = Decimal(close["accuracy_band"]), close["cutoff_at"]
    found = []
    for role in ForecastRole:
        before = [s for s in submissions if s["role"] == role and s["recorded_at"] < cutoff]
        last = before[-1] if before else None
        found.append(
            {
                "role": role.value,
                "forecast_position": None if last is None else last["position"],
                "forecast_recorded_at": None if last is None else last["recorded_at"],
                "measures": [] if last is None else _judged(last, actuals, book, band),
            }
        )
    return found


def _judged(forecast: Row, actuals: Actuals, book: Rulebook, band: Decimal) -> list[Row]:
    judged = []
    for figure in forecast["figures"]:
        basis = Basis(book.by_code[figure["measure"]].basis).value
        at_close, now = actuals.at_close_and_now(basis, figure["currency"])
        amount = Decimal(figure["amount"])
        judged.append(
            {
                "measure": figure["measure"],
                "currency": figure["currency"],
                "forecast": amount,
                **_verdict("", Accuracy(amount, at_close, band)),
                **_verdict("_now", Accuracy(amount, now, band)),
            }
        )
    return judged


def _verdict(suffix: str, accuracy: Accuracy) -> Row:
    return {
        f"actual{suffix}": accuracy.actual,
        f"error{suffix}": accuracy.error,
        f"within_band{suffix}": accuracy.within_band,
    }


def _trends(submissions: list[Row]) -> list[Row]:
    series: dict[tuple[str, str, str | None], list[Decimal]] = defaultdict(list)
    for s in submissions:
        for figure in s["figures"]:
            key = (s["role"], figure["measure"], figure["currency"])
            series[key].append(Decimal(figure["amount"]))
    return [
        {
            "role": role,
            "measure": measure,
            "currency": currency,
            "submissions": len(values),
            "first": values[0],
            "last": values[-1],
            "change": values[-1] - values[0],
            "direction": trend(values),
        }
        for (role, measure, currency), values in sorted(series.items(), key=_order)
    ]


def _order(item: tuple[tuple[str, str, str | None], list[Decimal]]) -> tuple[str, str, str]:
    (role, measure, currency), _ = item
    return role, measure, currency or ""
