"""Every forecast submission, with who made it, in which role, and when."""

from __future__ import annotations

from domain.forecasts import ForecastSeries
from domain.periods import PeriodKey
from projections.tables import Rows, iso_day, iso_time
from projections.targets.tables import FORECASTS, figures_json


def submitted(e: ForecastSeries.Submitted, rows: Rows) -> None:
    period = PeriodKey.parse(e.period_key)
    rows.put(
        FORECASTS,
        {
            "position": rows.position,
            "person_id": e.person_id,
            "period_key": e.period_key,
            "starts_on": iso_day(period.starts_on),
            "ends_on": iso_day(period.ends_on),
            "role": e.role,
            "forecaster_id": e.recorded_by,
            "figures": figures_json(e.figures),
            "recorded_at": iso_time(e.recorded_at),
            "occurred_at": iso_time(e.occurred_at),
        },
    )
