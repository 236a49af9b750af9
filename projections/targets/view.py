"""The targets view: targets and versions, plans, actuals, forecasts, period closes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

from domain.deals import Deal
from domain.forecasts import ForecastSeries
from domain.organisation import Organisation
from domain.periods import Period, PeriodKey
from domain.target_rules import Rulebook, TargetRules
from domain.targets import Target
from projections.scoping import visible_rows, visible_spans
from projections.tables import Key, Row, Rows, Table, from_json, in_list
from projections.targets import actuals, calendar, forecasts, plans, versions
from projections.targets.tables import ALL, CONVERSION, CURRENT_RULES, rulebook_of
from projections.view import Handler, View
from services.policy import Scope, Visibility


def chain(*handlers: Callable[[Any, Rows], None]) -> Handler:
    """One event, several parts of the view: applied in order, in the same batch."""

    def apply(event: Any, rows: Rows) -> None:
        for handler in handlers:
            handler(event, rows)

    return apply


class Targets(View):
    """Everything the targets context reads: one view, so a plan derived at approval sees
    the conversion history and the rules exactly as the log stood at that moment."""

    name = "targets"
    tables = ALL
    handlers: ClassVar[Mapping[type, Handler]] = {
        Target.Drafted: versions.drafted,
        Target.Revised: versions.revised,
        Target.Submitted: versions.submitted,
        Target.Approved: chain(versions.approved, plans.derive),
        Target.SentBack: versions.sent_back,
        Target.PlanAdjusted: plans.adjusted,
        Deal.Signed: chain(actuals.signed, plans.conversion_signed),
        Deal.CashReceived: actuals.cash_received,
        Deal.Refunded: actuals.refunded,
        Deal.Cancelled: chain(plans.conversion_cancelled, actuals.cancelled),
        Period.Closed: calendar.period_closed,
        Organisation.Founded: calendar.organisation_founded,
        TargetRules.Configured: calendar.rules_set,
        TargetRules.Changed: calendar.rules_set,
        TargetRules.MeasureDefined: calendar.measure_defined,
        ForecastSeries.Submitted: forecasts.submitted,
    }

    def rows_needed(self, event: Any) -> Iterable[tuple[Table, Key]]:
        """A signing's month of conversion history."""
        if isinstance(event, Deal.Signed):
            return [(CONVERSION, (event.owner_id, event.signed_on.isoformat()[:7], event.kind))]
        return ()

    # --- targets and versions ---------------------------------------------------------

    def target(self, target_id: str) -> Row | None:
        rows = self.select("SELECT * FROM {target_targets} WHERE target_id = %s", [target_id])
        return rows[0] if rows else None

    def target_for(self, kind: str, subject_id: str, period_key: str) -> Row | None:
        rows = self.select(
            "SELECT * FROM {target_targets} WHERE subject_kind = %s AND subject_id = %s "
            "AND period_key = %s",
            [kind, subject_id, period_key],
        )
        return rows[0] if rows else None

    def targets_of(
        self, kind: str, subject_ids: list[str], period_key: str | None = None
    ) -> list[Row]:
        ids, params = in_list(subject_ids)
        sql = f"SELECT * FROM {{target_targets}} WHERE subject_kind = %s AND subject_id IN ({ids})"
        if period_key is not None:
            sql += " AND period_key = %s"
            params.append(period_key)
        return self.select(sql + " ORDER BY subject_id", [kind, *params])

    def history_of(
        self, kind: str, subject_id: str, visibility: Visibility, after: str | None, limit: int
    ) -> list[Row]:
        """A subject's targets in period-key order, only periods the viewer may see."""
        spans, params = visible_spans("starts_on", "ends_on", visibility)
        return self.select(
            "SELECT * FROM {target_targets} WHERE subject_kind = %s AND subject_id = %s "
            f"AND period_key > %s AND {spans} ORDER BY period_key LIMIT %s",
            [kind, subject_id, after or "", *params, limit],
        )

    def versions(self, target_ids: list[str]) -> dict[str, list[Row]]:
        ids, params = in_list(target_ids)
        found: dict[str, list[Row]] = {t: [] for t in target_ids}
        for row in self.select(
            f"SELECT * FROM {{target_versions}} WHERE target_id IN ({ids}) "
            "ORDER BY target_id, version",
            params,
        ):
            found[row["target_id"]].append(row)
        return found

    # --- plans ----------------------------------------------------------------------------

    def weeks(self, target_id: str) -> list[Row]:
        return self.select(
            "SELECT * FROM {target_plan_weeks} WHERE target_id = %s ORDER BY week_start",
            [target_id],
        )

    def adjustments(self, target_id: str) -> list[Row]:
        return self.select(
            "SELECT * FROM {target_plan_adjustments} WHERE target_id = %s ORDER BY position",
            [target_id],
        )

    # --- actuals --------------------------------------------------------------------------

    def sums(self, period: PeriodKey, scope: Scope, close_position: int | None) -> list[Row]:
        """Per quantity and currency: the total now, and as it stood at the period's close."""
        where, params = self._facts_of(period, scope)
        at_close = 2**62 if close_position is None else close_position
        return self.select(
            "SELECT quantity, currency, SUM(delta) AS now_total, "
            "SUM(CASE WHEN position <= %s THEN delta ELSE 0 END) AS close_total "
            f"FROM {{target_facts}} WHERE {where} GROUP BY quantity, currency",
            [at_close, *params],
        )

    def facts(self, period: PeriodKey, scope: Scope, after_position: int = 0) -> list[Row]:
        """The facts about the period in log order (after a position: the late ones)."""
        where, params = self._facts_of(period, scope)
        return self.select(
            f"SELECT * FROM {{target_facts}} WHERE {where} AND position > %s "
            "ORDER BY position, quantity",
            [*params, after_position],
        )

    @staticmethod
    def _facts_of(period: PeriodKey, scope: Scope) -> tuple[str, list[Any]]:
        people, params = visible_rows("subject_id", "on_day", scope)
        span = [period.starts_on.isoformat(), period.ends_on.isoformat()]
        return f"on_day >= %s AND on_day < %s AND {people}", [*span, *params]

    # --- periods, rules, forecasts --------------------------------------------------------

    def close(self, period_key: str) -> Row | None:
        rows = self.select("SELECT * FROM {target_closes} WHERE period_key = %s", [period_key])
        return rows[0] if rows else None

    def rules(self) -> Rulebook:
        rows = self.select("SELECT * FROM {target_rules} WHERE rules_id = %s", [CURRENT_RULES])
        return rulebook_of(rows[0]["rulebook"] if rows else None)

    def closes(self, period_keys: list[str]) -> dict[str, Row]:
        keys, params = in_list(period_keys)
        rows = self.select(f"SELECT * FROM {{target_closes}} WHERE period_key IN ({keys})", params)
        return {r["period_key"]: r for r in rows}

    def facts_between(self, person_id: str, first_day: str, end_day: str) -> list[Row]:
        """A person's facts about days in [first_day, end_day), for many periods at once."""
        return self.select(
            "SELECT position, on_day, quantity, currency, delta FROM {target_facts} "
            "WHERE subject_id = %s AND on_day >= %s AND on_day < %s",
            [person_id, first_day, end_day],
        )

    def forecasts_of(self, person_id: str, period_keys: list[str]) -> dict[str, list[Row]]:
        keys, params = in_list(period_keys)
        found: dict[str, list[Row]] = {k: [] for k in period_keys}
        for r in self.select(
            "SELECT * FROM {target_forecasts} WHERE person_id = %s "
            f"AND period_key IN ({keys}) ORDER BY position",
            [person_id, *params],
        ):
            found[r["period_key"]].append(r | {"figures": from_json(r["figures"])})
        return found

    def forecasts(self, person_id: str, period_key: str) -> list[Row]:
        return [
            r | {"figures": from_json(r["figures"])}
            for r in self.select(
                "SELECT * FROM {target_forecasts} WHERE person_id = %s AND period_key = %s "
                "ORDER BY position",
                [person_id, period_key],
            )
        ]
