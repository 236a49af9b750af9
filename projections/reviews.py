"""Reviews across cycles: each review's step and scores, cycles, calibrations, placements.

One row per review, keyed by the review's id, dated by the day the review is
about (``as_of``) so that the access policy's windows filter it like any other
record of the person. The talent matrix is the placed rows of a cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from domain.cycles import ReviewCycle
from domain.reviews import Review
from projections.scoping import visible_days, visible_rows
from projections.tables import Row, Rows, Table, flag, from_json, iso_day, iso_time, to_json
from projections.view import Handler, View
from services.policy import Scope, Visibility
from services.review_records import plain

REVIEWS = Table(
    "review_rows",
    (
        ("review_id", "text"),
        ("cycle_id", "text"),
        ("period_key", "text"),
        ("person_id", "text"),
        ("as_of", "text"),
        ("team_id", "text"),
        ("region_id", "text"),
        ("manager_id", "text"),
        ("step", "text"),
        ("self_points", "int"),
        ("points", "int"),
        ("rating", "text"),
        ("amendments", "int"),
        ("veto_open", "bool"),
        ("appeal_open", "bool"),
        ("red_line", "bool"),
        ("conversation_flagged", "bool"),
        ("disagreed", "bool"),
        ("placement", "text"),
        ("composite", "text"),
        ("values_score", "text"),
        ("finalised_at", "text"),
    ),
    key=("review_id",),
    indexes=(("cycle_id", "person_id"), ("person_id", "as_of"), ("step",)),
)
CYCLES = Table(
    "review_cycles",
    (
        ("cycle_id", "text"),
        ("period_key", "text"),
        ("as_of", "text"),
        ("rubric_key", "text"),
        ("guidance", "text"),
        ("scheme_version", "int"),
        ("people", "int"),
        ("opened_at", "text"),
        ("opened_by", "text"),
    ),
    key=("cycle_id",),
)
CALIBRATIONS = Table(
    "review_calibrations",
    (
        ("cycle_id", "text"),
        ("grp", "text"),
        ("members", "text"),
        ("distribution", "text"),
        ("justification", "text"),
        ("finalised_at", "text"),
        ("finalised_by", "text"),
    ),
    key=("cycle_id", "grp"),
)


def cycle_opened(e: ReviewCycle.Opened, rows: Rows) -> None:
    rows.put(
        CYCLES,
        {
            "cycle_id": e.cycle_id,
            "period_key": e.period_key,
            "as_of": iso_day(e.as_of),
            "rubric_key": e.rubric.key,
            "guidance": e.guidance.name,
            "scheme_version": e.scheme.version,
            "people": len(e.people),
            "opened_at": iso_time(e.recorded_at),
            "opened_by": e.recorded_by,
        },
    )


def calibration_finalised(e: ReviewCycle.CalibrationFinalised, rows: Rows) -> None:
    rows.put(
        CALIBRATIONS,
        {
            "cycle_id": e.cycle_id,
            "grp": e.group,
            "members": to_json(e.members),
            "distribution": to_json(plain(e.distribution)),
            "justification": e.justification,
            "finalised_at": iso_time(e.recorded_at),
            "finalised_by": e.recorded_by,
        },
    )


def review_opened(e: Review.Opened, rows: Rows) -> None:
    row: Row = dict.fromkeys(REVIEWS.column_names)
    row |= {
        "review_id": e.originator_id.hex,
        "cycle_id": e.cycle_id,
        "period_key": e.period_key,
        "person_id": e.person_id,
        "as_of": iso_day(e.as_of),
        "team_id": e.team_id,
        "region_id": e.region_id,
        "manager_id": e.manager_id,
        "step": "self-assessment",
        "amendments": 0,
    }
    row |= {name: 0 for name, kind in REVIEWS.columns if kind == "bool"}
    rows.put(REVIEWS, row)


def _change(e: Any, rows: Rows, **values: Any) -> None:
    row = rows.get(REVIEWS, e.originator_id.hex)
    assert row is not None, e.originator_id
    rows.put(REVIEWS, row | values)


def _step_after(step: str) -> Handler:
    def handler(e: Any, rows: Rows) -> None:
        _change(e, rows, step=step)

    return handler


def values_sealed(e: Review.ValuesAssessmentSealed, rows: Rows) -> None:
    _change(e, rows, **{"self_points" if e.author == "self" else "points": e.points})


def performance_rated(e: Review.PerformanceRated, rows: Rows) -> None:
    if e.author == "self":
        _change(e, rows, step="manager-assessment")
    else:
        _change(e, rows, step="hrbp-review", rating=str(e.rating))


def vetoed(e: Review.HrbpVetoed, rows: Rows) -> None:
    _change(e, rows, veto_open=1)


def veto_resolved(e: Review.VetoResolved, rows: Rows) -> None:
    _change(e, rows, veto_open=0, step="calibration")


def amended(e: Review.AssessmentAmended, rows: Rows) -> None:
    row = rows.get(REVIEWS, e.originator_id.hex)
    assert row is not None
    points = row["points"] + sum(s.score for s in e.scores) - sum(s.score for s in e.replaced)
    rating = row["rating"] if e.rating is None else str(e.rating)
    rows.put(REVIEWS, row | {"points": points, "rating": rating, "amendments": e.amendment_no})


def rating_calibrated(e: Review.RatingCalibrated, rows: Rows) -> None:
    _change(e, rows, rating=str(e.rating))


def conversation_held(e: Review.ConversationHeld, rows: Rows) -> None:
    _change(e, rows, step="acknowledgement", conversation_flagged=flag(e.flagged))


def acknowledged(e: Review.Acknowledged, rows: Rows) -> None:
    _change(e, rows, step="finalisation", disagreed=flag(e.disagreement is not None))


def appeal_lodged(e: Review.AppealLodged, rows: Rows) -> None:
    _change(e, rows, appeal_open=1)


def appeal_decided(e: Review.AppealDecided, rows: Rows) -> None:
    _change(e, rows, appeal_open=0)


def integrity_finding(e: Review.IntegrityFindingRecorded, rows: Rows) -> None:
    _change(e, rows, red_line=1)


def finalised(e: Review.ReviewFinalised, rows: Rows) -> None:
    _change(e, rows, step="final", finalised_at=iso_time(e.recorded_at))


def talent_placed(e: Review.TalentPlaced, rows: Rows) -> None:
    _change(
        e,
        rows,
        placement=e.placement,
        composite=str(e.composite),
        values_score=str(e.values_score),
        rating=str(e.rating),
    )


class Reviews(View):
    """Every review's state for lists, boards, the talent matrix and the queue."""

    name = "reviews"
    tables = (REVIEWS, CYCLES, CALIBRATIONS)
    handlers: ClassVar[Mapping[type, Handler]] = {
        ReviewCycle.Opened: cycle_opened,
        ReviewCycle.CalibrationFinalised: calibration_finalised,
        Review.Opened: review_opened,
        Review.ValuesAssessmentSealed: values_sealed,
        Review.PerformanceRated: performance_rated,
        Review.HrbpCountersigned: _step_after("calibration"),
        Review.HrbpVetoed: vetoed,
        Review.VetoResolved: veto_resolved,
        Review.AssessmentAmended: amended,
        Review.RatingCalibrated: rating_calibrated,
        Review.Calibrated: _step_after("conversation"),
        Review.ConversationHeld: conversation_held,
        Review.Acknowledged: acknowledged,
        Review.AppealLodged: appeal_lodged,
        Review.AppealDecided: appeal_decided,
        Review.IntegrityFindingRecorded: integrity_finding,
        Review.ReviewFinalised: finalised,
        Review.TalentPlaced: talent_placed,
    }

    def of_person(
        self, person_id: str, visibility: Visibility, after: str, limit: int
    ) -> list[Row]:
        """A person's reviews across cycles, oldest first, on the days the viewer may see."""
        days, params = visible_days("as_of", visibility)
        return self.select(
            "SELECT * FROM {review_rows} WHERE person_id = %s AND as_of || cycle_id > %s "
            f"AND {days} ORDER BY as_of, cycle_id LIMIT %s",
            [person_id, after, *params, limit],
        )

    def of_cycle(self, cycle_id: str, scope: Scope, placed_only: bool = False) -> list[Row]:
        """A cycle's reviews the viewer may see, in person order."""
        seen, params = visible_rows("person_id", "as_of", scope)
        placed = " AND placement IS NOT NULL" if placed_only else ""
        return self.select(
            f"SELECT * FROM {{review_rows}} WHERE cycle_id = %s AND {seen}{placed} "
            "ORDER BY person_id",
            [cycle_id, *params],
        )

    def open_reviews(self, scope: Scope) -> list[Row]:
        """Reviews not yet final that the viewer may see: candidates for a queue."""
        seen, params = visible_rows("person_id", "as_of", scope)
        return self.select(
            f"SELECT * FROM {{review_rows}} WHERE (step <> 'final' OR appeal_open = 1) AND {seen} "
            "ORDER BY as_of, cycle_id, person_id",
            params,
        )

    def cycles(self) -> list[Row]:
        return self.select("SELECT * FROM {review_cycles} ORDER BY as_of, cycle_id")

    def calibrations(self, cycle_id: str) -> dict[str, Row]:
        rows = self.select("SELECT * FROM {review_calibrations} WHERE cycle_id = %s", [cycle_id])
        return {
            r["grp"]: r
            | {"members": from_json(r["members"]), "distribution": from_json(r["distribution"])}
            for r in rows
        }
