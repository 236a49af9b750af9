"""Periods and their state, for lists and for every view that groups by period."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from domain.periods import Period
from projections.tables import Row, Rows, Table, iso_day, iso_time
from projections.view import Handler, View

PERIODS = Table(
    "periods",
    (
        ("period_key", "text"),
        ("kind", "text"),
        ("starts_on", "text"),
        ("ends_on", "text"),
        ("closed_at", "text"),
        ("closed_by", "text"),
    ),
    key=("period_key",),
    indexes=(("starts_on",),),
)


def period_opened(e: Period.Opened, rows: Rows) -> None:
    rows.put(
        PERIODS,
        {
            "period_key": e.key,
            "kind": e.kind,
            "starts_on": iso_day(e.starts_on),
            "ends_on": iso_day(e.ends_on),
            "closed_at": None,
            "closed_by": None,
        },
    )


def period_closed(e: Period.Closed, rows: Rows) -> None:
    period = rows.get(PERIODS, e.key)
    assert period is not None, e.key
    rows.put(PERIODS, period | {"closed_at": iso_time(e.recorded_at), "closed_by": e.recorded_by})


class Periods(View):
    name = "periods"
    tables = (PERIODS,)
    handlers: ClassVar[Mapping[type, Handler]] = {
        Period.Opened: period_opened,
        Period.Closed: period_closed,
    }

    def list(self, kind: str | None = None) -> list[Row]:
        if kind is None:
            return self.select("SELECT * FROM {periods} ORDER BY starts_on, period_key")
        return self.select(
            "SELECT * FROM {periods} WHERE kind = %s ORDER BY starts_on, period_key", [kind]
        )
