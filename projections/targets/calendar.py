"""Period closes and the rules in force: what a period's verdicts are judged by.

When a period closes, its position in the log is kept with the forecast band
and cut-off then in force (midnight in the organisation's timezone): actuals up
to that position are the figures "as at close", later facts about the period
are late adjustments, and a later change of the rules never rewrites a closed
period's verdict.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.organisation import Organisation
from domain.periods import Period, PeriodKey
from domain.target_rules import TargetRules
from projections.tables import Rows, iso_day, iso_time
from projections.targets.tables import (
    CLOCK,
    CLOSES,
    CURRENT_RULES,
    RULES,
    current_rules,
    rulebook_json,
)

ORGANISATION_CLOCK = "organisation"


def organisation_founded(e: Organisation.Founded, rows: Rows) -> None:
    rows.put(CLOCK, {"clock_id": ORGANISATION_CLOCK, "timezone": e.timezone})


def _midnight(day: date, rows: Rows) -> datetime:
    """The start of a day where the organisation works (UTC if none is on record)."""
    clock = rows.get(CLOCK, ORGANISATION_CLOCK)
    zone = ZoneInfo(clock["timezone"]) if clock else UTC
    return datetime.combine(day, time(0), zone)


def period_closed(e: Period.Closed, rows: Rows) -> None:
    period = PeriodKey.parse(e.key)
    rules = current_rules(rows)
    cutoff = _midnight(period.starts_on + timedelta(days=rules.forecast_cutoff_days), rows)
    rows.put(
        CLOSES,
        {
            "period_key": e.key,
            "starts_on": iso_day(period.starts_on),
            "ends_on": iso_day(period.ends_on),
            "closed_at": iso_time(e.recorded_at),
            "close_position": rows.position,
            "accuracy_band": str(rules.accuracy_band),
            "cutoff_at": iso_time(cutoff),
        },
    )


def rules_set(e: TargetRules.Configured | TargetRules.Changed, rows: Rows) -> None:
    rows.put(RULES, {"rules_id": CURRENT_RULES, "rulebook": rulebook_json(e.rulebook)})


def measure_defined(e: TargetRules.MeasureDefined, rows: Rows) -> None:
    book = current_rules(rows)
    book = replace(book, measures=(*book.measures, e.measure))
    rows.put(RULES, {"rules_id": CURRENT_RULES, "rulebook": rulebook_json(book)})
