"""Targets and every version they went through, as the history shows them."""

from __future__ import annotations

from typing import Any

from domain.strategy import line_totals
from domain.targets import Target, TargetStatus
from domain.values import PersonalText
from projections.tables import Rows, iso_day, iso_time, to_json
from projections.targets.tables import TARGETS, VERSIONS, figures_json, require


def _version(e: Any, target_id: str, number: int, reason: PersonalText | None) -> dict[str, Any]:
    return {
        "target_id": target_id,
        "version": number,
        "status": TargetStatus.DRAFTED.value,
        "figures": figures_json(e.figures),
        "lines": to_json([line.describe() for line in e.lines]),
        "totals": to_json(line_totals(e.lines).describe()),
        "drafted_by": e.recorded_by,
        "drafted_at": iso_time(e.recorded_at),
        "reason": reason,
        "submitted_by": None,
        "submitted_at": None,
        "tolerance": None,
        "decided_by": None,
        "decided_at": None,
        "decision_reason": None,
    }


def drafted(e: Target.Drafted, rows: Rows) -> None:
    target_id = str(e.originator_id)
    rows.put(
        TARGETS,
        {
            "target_id": target_id,
            "subject_kind": e.subject_kind,
            "subject_id": e.subject_id,
            "period_key": e.period_key,
            "starts_on": iso_day(e.starts_on),
            "ends_on": iso_day(e.ends_on),
            "current_version": 1,
            "status": TargetStatus.DRAFTED.value,
            "approved_version": None,
            "plan_version": None,
            "plan_basis": None,
        },
    )
    rows.put(VERSIONS, _version(e, target_id, 1, None))


def revised(e: Target.Revised, rows: Rows) -> None:
    target_id = str(e.originator_id)
    rows.put(VERSIONS, _version(e, target_id, e.version, e.reason))
    _status(rows, target_id, e.version, TargetStatus.DRAFTED)


def submitted(e: Target.Submitted, rows: Rows) -> None:
    target_id = str(e.originator_id)
    version = require(rows.get(VERSIONS, target_id, e.version), e)
    rows.put(
        VERSIONS,
        version
        | {
            "status": TargetStatus.SUBMITTED.value,
            "submitted_by": e.recorded_by,
            "submitted_at": iso_time(e.recorded_at),
            "tolerance": e.tolerance,
        },
    )
    _status(rows, target_id, e.version, TargetStatus.SUBMITTED)


def approved(e: Target.Approved, rows: Rows) -> None:
    _decided(e, rows, TargetStatus.APPROVED, None)
    target = require(rows.get(TARGETS, str(e.originator_id)), e)
    rows.put(TARGETS, target | {"approved_version": e.version})


def sent_back(e: Target.SentBack, rows: Rows) -> None:
    _decided(e, rows, TargetStatus.SENT_BACK, e.reason)


def _decided(e: Any, rows: Rows, status: TargetStatus, reason: PersonalText | None) -> None:
    target_id = str(e.originator_id)
    version = require(rows.get(VERSIONS, target_id, e.version), e)
    rows.put(
        VERSIONS,
        version
        | {
            "status": status.value,
            "decided_by": e.recorded_by,
            "decided_at": iso_time(e.recorded_at),
            "decision_reason": reason,
        },
    )
    _status(rows, target_id, e.version, status)


def _status(rows: Rows, target_id: str, version: int, status: TargetStatus) -> None:
    target = require(rows.get(TARGETS, target_id), target_id)
    rows.put(TARGETS, target | {"current_version": version, "status": status.value})
