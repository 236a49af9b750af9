"""Incentive programmes as people read them: the terms in force, and every change on record.

A programme's row holds its current terms and state; its changes (the draft,
redrafts, the announcement at a kickoff, each amendment with its reason, the
decision with the figures it used) are rows of their own, in log order, so the
original announced terms stay readable beside every amendment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from decimal import Decimal
from typing import Any, ClassVar

from domain.incentives import Group, Programme, Status, Terms
from domain.standings import Rule
from projections.runner import ViewRunner
from projections.tables import Row, Rows, Table, from_json, iso_day, iso_time, to_json
from projections.view import Handler, View

PROGRAMMES = Table(
    "incentive_programmes",
    (
        ("programme_id", "text"),
        ("period_key", "text"),
        ("starts_on", "text"),
        ("ends_on", "text"),
        ("name", "text"),
        ("terms", "text"),
        ("status", "text"),
        ("organiser_id", "text"),
        ("drafted_at", "text"),
        ("kickoff_id", "text"),
        ("kickoff_at", "text"),
        ("announced_at", "text"),
        ("amendments", "int"),
        ("decided_at", "text"),
        ("decision", "text"),
    ),
    key=("programme_id",),
    indexes=(("period_key", "drafted_at"),),
)
CHANGES = Table(
    "incentive_changes",
    (
        ("programme_id", "text"),
        ("position", "int"),
        ("kind", "text"),
        ("terms", "text"),
        ("reason", "text"),
        ("details", "text"),
        ("recorded_by", "text"),
        ("recorded_at", "text"),
        ("occurred_at", "text"),
    ),
    key=("programme_id", "position"),
)


def _change(rows: Rows, e: Any, kind: str, **fields: Any) -> None:
    rows.put(
        CHANGES,
        {
            "programme_id": str(e.originator_id),
            "position": rows.position,
            "kind": kind,
            "terms": None,
            "reason": None,
            "details": None,
            "recorded_by": e.recorded_by,
            "recorded_at": iso_time(e.recorded_at),
            "occurred_at": iso_time(e.occurred_at),
        }
        | fields,
    )


def _programme(rows: Rows, e: Any) -> Row:
    found = rows.get(PROGRAMMES, str(e.originator_id))
    assert found is not None, e.originator_id
    return found


def drafted(e: Programme.Drafted, rows: Rows) -> None:
    terms = to_json(asdict(e.terms))
    rows.put(
        PROGRAMMES,
        {
            "programme_id": str(e.originator_id),
            "period_key": e.period_key,
            "starts_on": iso_day(e.starts_on),
            "ends_on": iso_day(e.ends_on),
            "name": e.terms.name,
            "terms": terms,
            "status": Status.DRAFTED.value,
            "organiser_id": e.recorded_by,
            "drafted_at": iso_time(e.recorded_at),
            "kickoff_id": None,
            "kickoff_at": None,
            "announced_at": None,
            "amendments": 0,
            "decided_at": None,
            "decision": None,
        },
    )
    _change(rows, e, "drafted", terms=terms)


def redrafted(e: Programme.Redrafted, rows: Rows) -> None:
    terms = to_json(asdict(e.terms))
    rows.put(PROGRAMMES, _programme(rows, e) | {"name": e.terms.name, "terms": terms})
    _change(rows, e, "redrafted", terms=terms)


def announced(e: Programme.Announced, rows: Rows) -> None:
    programme = _programme(rows, e) | {
        "status": Status.ANNOUNCED.value,
        "kickoff_id": e.kickoff_id,
        "kickoff_at": iso_time(e.occurred_at),
        "announced_at": iso_time(e.recorded_at),
    }
    rows.put(PROGRAMMES, programme)
    _change(
        rows,
        e,
        "announced",
        terms=programme["terms"],
        details=to_json({"kickoff_id": e.kickoff_id}),
    )


def amended(e: Programme.Amended, rows: Rows) -> None:
    terms = to_json(asdict(e.terms))
    programme = _programme(rows, e)
    programme |= {"name": e.terms.name, "terms": terms, "amendments": programme["amendments"] + 1}
    rows.put(PROGRAMMES, programme)
    _change(rows, e, "amended", terms=terms, reason=e.reason)


def decided(e: Programme.Decided, rows: Rows) -> None:
    decision = to_json(asdict(e.decision))
    rows.put(
        PROGRAMMES,
        _programme(rows, e)
        | {
            "status": Status.DECIDED.value,
            "decided_at": iso_time(e.recorded_at),
            "decision": decision,
        },
    )
    _change(rows, e, "decided", details=decision)


def terms_of(text: str) -> Terms:
    """The terms as the domain knows them, back from a row."""
    data = from_json(text)
    rule = data["rule"]
    return Terms(
        name=data["name"],
        level=data["level"],
        form=data["form"],
        measure=data["measure"],
        rule=None if rule is None else rule_of(rule),
        teams=tuple(data["teams"]),
        people=tuple(data["people"]),
        groups=tuple(Group(g["name"], tuple(g["members"])) for g in data["groups"]),
        award_code=data["award_code"],
        reward=data["reward"],
    )


def rule_of(data: dict[str, Any]) -> Rule:
    threshold = data["threshold"]
    return Rule(
        data["kind"],
        None if threshold is None else Decimal(threshold),
        data["count"],
        data["lookback"],
    )


class Incentives(View):
    name = "incentives"
    tables = (PROGRAMMES, CHANGES)
    handlers: ClassVar[Mapping[type, Handler]] = {
        Programme.Drafted: drafted,
        Programme.Redrafted: redrafted,
        Programme.Announced: announced,
        Programme.Amended: amended,
        Programme.Decided: decided,
    }

    def programme(self, programme_id: str) -> Row | None:
        rows = self.select(
            "SELECT * FROM {incentive_programmes} WHERE programme_id = %s", [programme_id]
        )
        return rows[0] if rows else None

    def of_period(self, period_key: str) -> list[Row]:
        return self.select(
            "SELECT * FROM {incentive_programmes} WHERE period_key = %s "
            "ORDER BY drafted_at, programme_id",
            [period_key],
        )

    def changes(self, programme_id: str) -> list[Row]:
        return self.select(
            "SELECT * FROM {incentive_changes} WHERE programme_id = %s ORDER BY position",
            [programme_id],
        )


class ProgrammeIndexOfView:
    """The programmes of a period as the incentives view lists them (``ProgrammeIndex``)."""

    def __init__(self, view: Incentives, runner: ViewRunner, wait_seconds: float) -> None:
        self.view, self.runner, self.wait_seconds = view, runner, wait_seconds

    def programmes_of(self, period_key: str) -> list[str]:
        return [r["programme_id"] for r in self.view.of_period(period_key)]

    def reached(self, position: int) -> bool:
        return self.runner.settle(position, [self.view.tracking_name], self.wait_seconds)
