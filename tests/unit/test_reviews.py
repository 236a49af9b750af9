"""The review aggregate: steps in order, refusals that write nothing, state from events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from eventsourcing.application import project_aggregate

from domain.errors import DomainError, InvalidInput, RuleBroken, StateConflict
from domain.figures import CycleFigures
from domain.review_steps import AssessmentSealed, Step
from domain.reviews import Review
from domain.rubrics import Case, MarkClaim
from domain.scheme import DEFAULT_SCHEME
from domain.standard_rubrics import SIX_VALUES
from domain.values import PersonalText, Stamp

NOW = datetime(2025, 4, 10, 9, 0, tzinfo=UTC)
FIGURES = CycleFigures.unavailable("not connected")


def stamp(by: str = "m1") -> Stamp:
    return Stamp.of(by, NOW, None)


def claims(points: int) -> list[MarkClaim]:
    values = [v.code for v in SIX_VALUES.values]
    base, extra = divmod(points, len(values))
    return [
        MarkClaim(value, rank, "served a customer well", date(2025, 3, 1), "CRM 7")
        for i, value in enumerate(values)
        for rank in range(1, base + (1 if i < extra else 0) + 1)
    ]


def opened() -> Review:
    return Review.open(
        stamp("admin"), "c1", "2025-Q1", "r1", date(2025, 3, 31), ("t1", "east", "m1"), True
    )


def at(step: Step) -> Review:
    """A review taken through the steps up to ``step``."""
    review = opened()
    moves: list[Callable[[Review], None]] = [
        lambda r: r.seal_self_assessment(
            stamp("r1"), SIX_VALUES, claims(18), None, DEFAULT_SCHEME, None
        ),
        lambda r: r.seal_manager_assessment(
            stamp(), SIX_VALUES, claims(18), Decimal("3.5"), DEFAULT_SCHEME, None, FIGURES
        ),
        lambda r: r.countersign(stamp("h1"), None),
        lambda r: r.mark_calibrated(stamp("dir"), "team:t1"),
        lambda r: r.hold_conversation(stamp(), DEFAULT_SCHEME, NOW.date(), 50, "notes", "plan"),
        lambda r: r.acknowledge(stamp("r1"), None),
        lambda r: r.finalise(stamp("h1"), SIX_VALUES, DEFAULT_SCHEME),
    ]
    for move in moves[: step.order]:
        move(review)
    assert review.step == step
    return review


def test_the_steps_follow_in_order_to_final() -> None:
    review = at(Step.FINAL)
    kinds = [type(e).__name__ for e in review.collect_events()]
    assert kinds[-2:] == ["ReviewFinalised", "TalentPlaced"]


def test_state_rebuilt_from_the_events_equals_the_state_in_memory() -> None:
    review = at(Step.FINALISATION)
    review.lodge_appeal(stamp("r1"), "my cases")
    review.amend(
        stamp("h1"), SIX_VALUES, claims(1)[:1], Decimal(4), DEFAULT_SCHEME, "fix", "appeal:1"
    )
    events = review.collect_events()
    rebuilt = project_aggregate(None, events)
    assert isinstance(rebuilt, Review)
    for name in ("step", "scores", "self_scores", "rating", "appeals", "amendments", "version"):
        assert getattr(rebuilt, name) == getattr(review, name), name


REFUSALS: list[tuple[str, Step, Callable[[Review], None], type[DomainError]]] = [
    (
        "self-assessment again",
        Step.MANAGER,
        lambda r: r.seal_self_assessment(
            stamp("r1"), SIX_VALUES, claims(30), None, DEFAULT_SCHEME, None
        ),
        AssessmentSealed,
    ),
    (
        "manager assessment again",
        Step.CALIBRATION,
        lambda r: r.seal_manager_assessment(
            stamp(), SIX_VALUES, claims(30), Decimal(5), DEFAULT_SCHEME, None, FIGURES
        ),
        AssessmentSealed,
    ),
    (
        "manager before self",
        Step.SELF,
        lambda r: r.seal_manager_assessment(
            stamp(), SIX_VALUES, claims(3), Decimal(5), DEFAULT_SCHEME, None, FIGURES
        ),
        StateConflict,
    ),
    (
        "rating off the scale",
        Step.MANAGER,
        lambda r: r.seal_manager_assessment(
            stamp(), SIX_VALUES, claims(3), Decimal("4.5"), DEFAULT_SCHEME, None, FIGURES
        ),
        InvalidInput,
    ),
    (
        "a level skipped",
        Step.SELF,
        lambda r: r.seal_self_assessment(
            stamp("r1"),
            SIX_VALUES,
            [MarkClaim("teamwork", 2, "x", date(2025, 3, 1), "y")],
            None,
            DEFAULT_SCHEME,
            None,
        ),
        RuleBroken,
    ),
    (
        "a case dated in the future",
        Step.SELF,
        lambda r: r.seal_self_assessment(
            stamp("r1"),
            SIX_VALUES,
            [MarkClaim("teamwork", 1, "x", date(2026, 1, 1), "y")],
            None,
            DEFAULT_SCHEME,
            None,
        ),
        InvalidInput,
    ),
    (
        "countersign before the manager",
        Step.MANAGER,
        lambda r: r.countersign(stamp("h1"), None),
        StateConflict,
    ),
    ("veto without a reason", Step.HRBP, lambda r: r.veto(stamp("h1"), " "), InvalidInput),
    (
        "resolve without a veto",
        Step.HRBP,
        lambda r: r.resolve_veto(stamp("h1"), "withdrawn", "ok"),
        StateConflict,
    ),
    (
        "conversation before calibration",
        Step.CALIBRATION,
        lambda r: r.hold_conversation(stamp(), DEFAULT_SCHEME, NOW.date(), 30, "n", "p"),
        StateConflict,
    ),
    (
        "conversation dated before calibration",
        Step.CONVERSATION,
        lambda r: r.hold_conversation(stamp(), DEFAULT_SCHEME, date(2025, 1, 1), 30, "n", "p"),
        RuleBroken,
    ),
    (
        "amendment without a reason",
        Step.CALIBRATION,
        lambda r: r.amend(stamp("h1"), SIX_VALUES, claims(1)[:1], None, DEFAULT_SCHEME, "", None),
        InvalidInput,
    ),
    (
        "amendment changing nothing",
        Step.CALIBRATION,
        lambda r: r.amend(stamp("h1"), SIX_VALUES, [], Decimal("3.5"), DEFAULT_SCHEME, "why", None),
        InvalidInput,
    ),
    (
        "amendment before any assessment",
        Step.MANAGER,
        lambda r: r.amend(stamp("h1"), SIX_VALUES, [], Decimal(4), DEFAULT_SCHEME, "why", None),
        StateConflict,
    ),
    (
        "finalise before acknowledgement",
        Step.ACKNOWLEDGEMENT,
        lambda r: r.finalise(stamp("h1"), SIX_VALUES, DEFAULT_SCHEME),
        StateConflict,
    ),
    (
        "appeal before the manager",
        Step.MANAGER,
        lambda r: r.lodge_appeal(stamp("r1"), "why"),
        StateConflict,
    ),
    (
        "finding without evidence",
        Step.FINAL,
        lambda r: r.record_integrity_finding(stamp("h1"), SIX_VALUES, DEFAULT_SCHEME, "lied", []),
        RuleBroken,
    ),
]


@pytest.mark.parametrize(
    ("case", "step", "change", "error"), REFUSALS, ids=[r[0] for r in REFUSALS]
)
def test_refusals_write_nothing(
    case: str, step: Step, change: Callable[[Review], None], error: type[DomainError]
) -> None:
    review = at(step)
    before = (review.version, len(review.pending_events))
    with pytest.raises(error):
        change(review)
    assert (review.version, len(review.pending_events)) == before, case


def test_a_veto_is_resolved_by_an_amendment_made_first() -> None:
    review = at(Step.HRBP)
    review.veto(stamp("h1"), "cases do not support level 3")
    with pytest.raises(RuleBroken, match="amendment"):
        review.resolve_veto(stamp("h1"), "amended", "fixed")
    review.amend(
        stamp("h1"),
        SIX_VALUES,
        claims(1)[:1],
        None,
        DEFAULT_SCHEME,
        "case belonged to another",
        "veto",
    )
    review.resolve_veto(stamp("h1"), "amended", "fixed")
    assert review.step == Step.CALIBRATION
    assert review.scores[0].score == 1  # customer-first, from 3 to 1


def test_a_veto_may_be_withdrawn_and_a_value_re_scored_to_zero() -> None:
    review = at(Step.HRBP)
    review.veto(stamp("h1"), "is passion really at level 3?")
    review.resolve_veto(stamp("h1"), "withdrawn", "the manager showed the three cases")
    assert (review.step, review.veto_open) == (Step.CALIBRATION, False)
    review.amend(
        stamp("dir"), SIX_VALUES, [], None, DEFAULT_SCHEME, "no case holds", None, ["passion"]
    )
    assert {s.value: s.score for s in review.scores}["passion"] == 0
    with pytest.raises(InvalidInput, match="not a value"):
        review.amend(stamp("dir"), SIX_VALUES, [], None, DEFAULT_SCHEME, "why", None, ["luck"])


def test_an_upheld_appeal_needs_its_amendment_and_re_places_after_final() -> None:
    review = at(Step.FINAL)
    review.lodge_appeal(stamp("r1"), "my rating ignores the March deals")
    with pytest.raises(RuleBroken):
        review.decide_appeal(stamp("h1"), 1, "upheld", "agreed")
    review.amend(stamp("h1"), SIX_VALUES, [], Decimal(4), DEFAULT_SCHEME, "March deals", "appeal:1")
    review.decide_appeal(stamp("h1"), 1, "upheld", "agreed")
    placed = [e for e in review.collect_events() if isinstance(e, Review.TalentPlaced)]
    assert [p.rating for p in placed] == [Decimal("3.5"), Decimal(4)]


def test_an_integrity_finding_overrides_the_placement() -> None:
    review = at(Step.FINAL)
    evidence = [
        Case(
            PersonalText("r1", "backdated a contract"),
            date(2025, 3, 2),
            PersonalText("r1", "audit 9"),
        )
    ]
    review.record_integrity_finding(
        stamp("h1"), SIX_VALUES, DEFAULT_SCHEME, "falsified records", evidence
    )
    placed = [e for e in review.collect_events() if isinstance(e, Review.TalentPlaced)]
    assert (placed[-1].placement, placed[-1].red_line) == ("dog", True)


def test_a_long_conversation_is_flagged_for_a_rep_only() -> None:
    review = at(Step.CONVERSATION)
    review.hold_conversation(stamp(), DEFAULT_SCHEME, NOW.date(), 61, "n", "p")
    held = [e for e in review.collect_events() if isinstance(e, Review.ConversationHeld)]
    assert held[0].flagged is True
