"""Retrospectives of people and teams per period, with every version kept."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from domain.retrospectives import Retrospective, Written
from domain.values import PersonalText
from projections.paging import continuing
from projections.scoping import visible_spans
from projections.tables import Row, Rows, Table, iso_day, iso_time
from projections.view import Handler, View
from services.policy import Visibility

TEXTS = ("planned", "happened", "why", "what_next")
RETROS = Table(
    "retrospectives",
    (
        ("retro_id", "text"),
        ("subject_kind", "text"),
        ("subject_id", "text"),
        ("period_key", "text"),
        ("starts_on", "text"),
        ("ends_on", "text"),
        ("sort_key", "text"),
        *((name, "text") for name in TEXTS),
        ("version", "int"),
        ("written_by", "text"),
        ("written_at", "text"),
        ("revised_by", "text"),
        ("revised_at", "text"),
    ),
    key=("retro_id",),
    indexes=(("subject_kind", "subject_id", "sort_key"),),
)
VERSIONS = Table(
    "retrospective_versions",
    (
        ("retro_id", "text"),
        ("version", "int"),
        *((name, "text") for name in TEXTS),
        ("reason", "text"),
        ("recorded_by", "text"),
        ("recorded_at", "text"),
    ),
    key=("retro_id", "version"),
)


def _texts(e: Written) -> dict[str, Any]:
    return {name: getattr(e, name) for name in TEXTS}


def _version(rows: Rows, e: Written, version: int, reason: PersonalText | None) -> None:
    rows.put(
        VERSIONS,
        {
            "retro_id": str(e.originator_id),
            "version": version,
            **_texts(e),
            "reason": reason,
            "recorded_by": e.recorded_by,
            "recorded_at": iso_time(e.recorded_at),
        },
    )


def held(e: Retrospective.Held, rows: Rows) -> None:
    starts, ends = iso_day(e.starts_on), iso_day(e.ends_on)
    rows.put(
        RETROS,
        {
            "retro_id": str(e.originator_id),
            "subject_kind": e.subject_kind,
            "subject_id": e.subject_id,
            "period_key": e.period_key,
            "starts_on": starts,
            "ends_on": ends,
            "sort_key": f"{starts}|{ends}|{e.originator_id}",
            **_texts(e),
            "version": 1,
            "written_by": e.recorded_by,
            "written_at": iso_time(e.recorded_at),
            "revised_by": None,
            "revised_at": None,
        },
    )
    _version(rows, e, 1, None)


def revised(e: Retrospective.Revised, rows: Rows) -> None:
    retro = rows.get(RETROS, str(e.originator_id))
    assert retro is not None, e.originator_id
    version = retro["version"] + 1
    retro |= _texts(e) | {
        "version": version,
        "revised_by": e.recorded_by,
        "revised_at": iso_time(e.recorded_at),
    }
    rows.put(RETROS, retro)
    _version(rows, e, version, e.reason)


class Retrospectives(View):
    name = "retrospectives"
    tables = (RETROS, VERSIONS)
    handlers: ClassVar[Mapping[type, Handler]] = {
        Retrospective.Held: held,
        Retrospective.Revised: revised,
    }

    def of_subject(
        self, kind: str, subject_id: str, visibility: Visibility, before: str | None, limit: int
    ) -> list[Row]:
        """A page of retrospectives, latest period first, whose period the viewer may see
        (some day of it)."""
        spans, params = visible_spans("starts_on", "ends_on", visibility)
        cursor, cursor_params = continuing(before)
        return self.select(
            "SELECT * FROM {retrospectives} WHERE subject_kind = %s AND subject_id = %s "
            f"{cursor} AND {spans} ORDER BY sort_key DESC LIMIT %s",
            [kind, subject_id, *cursor_params, *params, limit],
        )

    def versions(self, retro_id: str) -> list[Row]:
        return self.select(
            "SELECT * FROM {retrospective_versions} WHERE retro_id = %s ORDER BY version",
            [retro_id],
        )
