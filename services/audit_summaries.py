"""One readable line per event for the HR audit history, written from the stored event.

Summaries are made at read time, from the event as decoded now: a text about a person
reads as it is now (the text, or ``[erased]`` after the person's erasure). Amendments say
what changed from what to what, and why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from domain.deals import Deal
from domain.organisation import Organisation
from domain.retrospectives import Retrospective
from domain.reviews import Review
from domain.rubrics import ValueScore
from domain.targets import Target
from domain.values import Money, PersonalText
from services.audit_records import event_type

STAMP_FIELDS = {
    "originator_id",
    "originator_version",
    "originator_topic",
    "timestamp",
    "recorded_by",
    "occurred_at",
}
MAX_FIELD = 80


def _text(value: PersonalText | str | None) -> str:
    if value is None:
        return ""
    return value.text if isinstance(value, PersonalText) else value


def _money(value: Money) -> str:
    return f"{value.amount} {value.currency}"


def _scores(scores: Sequence[ValueScore]) -> str:
    return ", ".join(f"{s.value} {s.score}" for s in scores)


def _changes(before: Sequence[ValueScore], after: Sequence[ValueScore]) -> str:
    was = {s.value: s.score for s in before}
    return ", ".join(f"{s.value} {was.get(s.value, 0)} → {s.score}" for s in after)


def _sealed(e: Review.ValuesAssessmentSealed) -> str:
    who = "Self-assessment" if e.author == "self" else "Manager values assessment"
    return f"{who} of {e.person_id} sealed: {e.points}/{e.max_points} points ({_scores(e.scores)})"


def _rated(e: Review.PerformanceRated) -> str:
    who = "their own" if e.author == "self" else "the manager's"
    rating = "no rating" if e.rating is None else f"rating {e.rating}"
    return f"Performance of {e.person_id}, {who}: {rating}"


def _amended(e: Review.AssessmentAmended) -> str:
    parts = [f"Amendment {e.amendment_no} of the manager assessment of {e.person_id}"]
    if e.responds_to:
        parts[0] += f" (responds to {e.responds_to})"
    if e.scores:
        parts.append(f"scores {_changes(e.replaced, e.scores)}")
    if e.rating is not None:
        parts.append(f"rating {e.previous_rating} → {e.rating}")
    return "; ".join(parts) + f". Reason: {_text(e.reason)}"


def _calibrated(e: Review.RatingCalibrated) -> str:
    return (
        f"Rating of {e.person_id} changed in calibration of {e.group}: "
        f"{e.previous_rating} → {e.rating}. Reason: {_text(e.reason)}"
    )


def _signed(e: Deal.Signed) -> str:
    return (
        f"Deal signed by {e.owner_id} with {e.customer_id}: {e.kind}, {_money(e.amount)}. "
        f"Why it signed: {_text(e.why_signed)}"
    )


def _refunded(e: Deal.Refunded) -> str:
    return f"Deal refunded {_money(e.amount)} on {e.refunded_on}. Reason: {_text(e.reason)}"


def _cancelled(e: Deal.Cancelled) -> str:
    return f"Deal cancelled on {e.cancelled_on}. Reason: {_text(e.reason)}"


def _target_revised(e: Target.Revised) -> str:
    return f"Target revised to version {e.version}. Reason: {_text(e.reason)}"


def _sent_back(e: Target.SentBack) -> str:
    return f"Target version {e.version} sent back. Reason: {_text(e.reason)}"


def _retro_revised(e: Retrospective.Revised) -> str:
    return f"Retrospective revised. Reason: {_text(e.reason)}"


def _joined(e: Organisation.PersonJoined) -> str:
    return f"{e.person_id} joined the organisation"


SUMMARIES: dict[type, Callable[[Any], str]] = {
    Review.ValuesAssessmentSealed: _sealed,
    Review.PerformanceRated: _rated,
    Review.AssessmentAmended: _amended,
    Review.RatingCalibrated: _calibrated,
    Deal.Signed: _signed,
    Deal.Refunded: _refunded,
    Deal.Cancelled: _cancelled,
    Target.Revised: _target_revised,
    Target.SentBack: _sent_back,
    Retrospective.Revised: _retro_revised,
    Organisation.PersonJoined: _joined,
}


def summarise(event: Any) -> str:
    """The event in one line: its own wording, or its type and plain fields."""
    found = SUMMARIES.get(type(event))
    return found(event) if found is not None else _generic(event)


def _generic(event: Any) -> str:
    fields = [
        f"{name}={_short(value)}"
        for name, value in vars(event).items()
        if name not in STAMP_FIELDS and _short(value) is not None
    ]
    return f"{event_type(event)}" + (f": {', '.join(fields)}" if fields else "")


def _short(value: Any) -> str | None:
    """A field as a few words; structures (rubrics, lists of figures) are left out."""
    if isinstance(value, PersonalText):
        value = value.text
    if isinstance(value, Money):
        return _money(value)
    if isinstance(value, str | int | Decimal | date | datetime) and not isinstance(value, bool):
        text = str(value)
        return text if len(text) <= MAX_FIELD else text[: MAX_FIELD - 1] + "…"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return None
