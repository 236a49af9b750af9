"""A review as its record shows it: read from the review's own events, not a copy.

The audit view must be the record itself, so a review is rebuilt from its
stored events on each read: every event in order with who recorded it, when it
happened and when it was recorded; each amendment shown beside the original
it corrects.
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from eventsourcing.application import project_aggregate

from domain.cycles import ReviewCycle, cycle_uuid
from domain.errors import NotFound
from domain.figures import CycleFigures
from domain.periods import PeriodKey
from domain.review_steps import STEP_HOLDER, Outcome
from domain.reviews import Review, review_id
from domain.rubrics import Rubric, ValueScore
from domain.values import PersonalText
from services.as_of import events_until
from services.commands import Actor
from services.cycles import CycleService
from services.figures import PerformanceFigures
from services.policy import AccessPolicy

Row = dict[str, Any]
STAMP_FIELDS = {"originator_id", "originator_version", "timestamp", "recorded_by", "occurred_at"}


@dataclass(frozen=True)
class Entry:
    version: int
    kind: str
    recorded_by: str
    recorded_at: datetime
    occurred_at: datetime
    details: dict[str, Any]


@dataclass(frozen=True)
class ReviewRecord:
    cycle_id: str
    period_key: str
    person_id: str
    as_of: date
    team_id: str
    region_id: str
    step: str
    waiting_for: str | None
    version: int
    rubric_key: str
    self_assessment: dict[str, Any] | None
    manager_assessment: dict[str, Any] | None
    gap: list[dict[str, Any]]
    amendments: list[dict[str, Any]]
    effective: dict[str, Any] | None
    figures_now: CycleFigures | None
    history: list[Entry]


def plain(value: Any) -> Any:
    """Event fields as JSON-ready values; text about a person as its text."""
    if isinstance(value, PersonalText):
        return value.text
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


@dataclass
class ReviewRecords:
    cycles: CycleService
    policy: AccessPolicy
    figures: PerformanceFigures

    def get(
        self, actor: Actor, cycle_id: str, person_id: str, as_of: datetime | None = None
    ) -> ReviewRecord:
        """The review, for those who may see the person's records of the review's day.

        ``as_of`` reads it as it stood then: only the events recorded by that time (the
        figures are those the manager's rating recorded; today's are not shown).
        """
        cycle = self.cycles.get(cycle_id)
        stored = self.cycles.review(cycle, person_id)
        self.policy.require_person(actor, person_id, stored.as_of)
        events = events_until(self.cycles.ledger.app, stored.id, as_of, "review").events
        review = project_aggregate(None, events)
        assert isinstance(review, Review)
        return self._record(cycle, review, events, now=as_of is None)

    def board_as_of(self, cycle_id: str, moment: datetime) -> tuple[list[Row], dict[str, Row]]:
        """A cycle's reviews and finalised calibrations as they stood at ``moment``, shaped
        like the reviews view's rows (the caller applies the policy to each person)."""
        app = self.cycles.ledger.app
        past = events_until(app, cycle_uuid(cycle_id), moment, "review cycle")
        cycle = past.state()
        assert isinstance(cycle, ReviewCycle)
        rows = []
        for person_id in cycle.people:
            with contextlib.suppress(NotFound):  # a review not opened yet at that moment
                review = events_until(app, review_id(cycle.period_key, person_id), moment, "review")
                rows.append(_board_row(review.state()))
        done = {
            e.group: _calibration_row(e)
            for e in past.events
            if isinstance(e, ReviewCycle.CalibrationFinalised)
        }
        return rows, done

    def _record(
        self, cycle: ReviewCycle, review: Review, events: list[Any], now: bool = True
    ) -> ReviewRecord:
        rubric = cycle.rubric
        sealed = {e.author: e for e in events if isinstance(e, Review.ValuesAssessmentSealed)}
        rated = {e.author: e for e in events if isinstance(e, Review.PerformanceRated)}
        mine = _assessment(rubric, sealed.get("self"), rated.get("self"))
        theirs = _assessment(rubric, sealed.get("manager"), rated.get("manager"))
        original = (sealed.get("manager"), rated.get("manager"))
        return ReviewRecord(
            cycle_id=cycle.cycle_id,
            period_key=cycle.period_key,
            person_id=review.person_id,
            as_of=review.as_of,
            team_id=review.team_id,
            region_id=review.region_id,
            step=review.step.value,
            waiting_for=STEP_HOLDER.get(review.step),
            version=review.version,
            rubric_key=rubric.key,
            self_assessment=mine,
            manager_assessment=theirs,
            gap=_gap(mine, theirs),
            amendments=[_beside_original(e, original) for e in events if _is_amendment(e)],
            effective=_effective(cycle, review),
            figures_now=(
                self.figures.figures_for(review.person_id, PeriodKey.parse(cycle.period_key))
                if now
                else None
            ),
            history=[_entry(e, original) for e in events],
        )


def _board_row(review: Any) -> Row:
    assert isinstance(review, Review)
    return {
        "person_id": review.person_id,
        "team_id": review.team_id,
        "region_id": review.region_id,
        "as_of": review.as_of.isoformat(),
        "step": review.step.value,
        "rating": None if review.rating is None else str(review.rating),
        "amendments": review.amendments,
    }


def _calibration_row(e: ReviewCycle.CalibrationFinalised) -> Row:
    return {
        "cycle_id": e.cycle_id,
        "grp": e.group,
        "members": list(e.members),
        "distribution": plain(e.distribution),
        "justification": e.justification,
        # The reviews view's fixed-width UTC text, so a board reads alike live and as of.
        "finalised_at": e.recorded_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "finalised_by": e.recorded_by,
    }


def _is_amendment(event: Any) -> bool:
    return isinstance(event, Review.AssessmentAmended)


def _scores(rubric: Rubric, scores: list[ValueScore] | tuple[ValueScore, ...]) -> list[Any]:
    """Each value's score with its marks, each mark with the behaviour it claims."""
    out = []
    for score in scores:
        value = rubric.value(score.value)
        marks = []
        for mark in score.marks:
            behaviour = value.behaviour(mark.rank)
            described = plain(mark) | {"behaviour": behaviour.description if behaviour else ""}
            marks.append(described)
        out.append({"value": score.value, "name": value.name, "score": score.score, "marks": marks})
    return out


def _assessment(rubric: Rubric, sealed: Any, rated: Any) -> dict[str, Any] | None:
    if sealed is None:
        return None
    return {
        "sealed_by": sealed.recorded_by,
        "sealed_at": sealed.recorded_at.isoformat(),
        "occurred_at": sealed.occurred_at.isoformat(),
        "scores": _scores(rubric, sealed.scores),
        "points": sealed.points,
        "max_points": sealed.max_points,
        "rating": plain(rated.rating) if rated else None,
        "comment": plain(rated.comment) if rated else None,
        "figures": plain(rated.figures) if rated and rated.figures else None,
    }


def _gap(mine: dict[str, Any] | None, theirs: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Per value: the self score, the manager's, and the difference (manager - self)."""
    if mine is None or theirs is None:
        return []
    own = {s["value"]: s["score"] for s in mine["scores"]}
    return [
        {
            "value": s["value"],
            "self": own.get(s["value"], 0),
            "manager": s["score"],
            "gap": s["score"] - own.get(s["value"], 0),
        }
        for s in theirs["scores"]
    ]


def _details(event: Any, original: tuple[Any, Any]) -> dict[str, Any]:
    """An event's fields; an amendment's with the sealed original beside it."""
    details = {k: plain(v) for k, v in vars(event).items() if k not in STAMP_FIELDS}
    if _is_amendment(event):
        sealed, rated = original
        values = {s.value for s in event.scores}
        details["original_scores"] = [plain(s) for s in sealed.scores if s.value in values]
        details["original_rating"] = plain(rated.rating)
    return details


def _beside_original(event: Any, original: tuple[Any, Any]) -> dict[str, Any]:
    return _details(event, original) | {
        "recorded_by": event.recorded_by,
        "recorded_at": event.recorded_at.isoformat(),
        "occurred_at": event.occurred_at.isoformat(),
    }


def _entry(event: Any, original: tuple[Any, Any]) -> Entry:
    details = _details(event, original)
    return Entry(
        version=event.originator_version,
        kind=type(event).__qualname__.split(".")[-1],
        recorded_by=event.recorded_by,
        recorded_at=event.recorded_at,
        occurred_at=event.occurred_at,
        details=details,
    )


def _effective(cycle: ReviewCycle, review: Review) -> dict[str, Any] | None:
    """The scores as they stand after amendments and calibration."""
    if review.rating is None:
        return None
    outcome: Outcome = review.outcome(cycle.rubric, cycle.scheme)
    described: dict[str, Any] = plain(outcome)
    return described | {"scores": _scores(cycle.rubric, review.scores)}
