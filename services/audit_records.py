"""What the HR audit history knows of any event: its record's kind, whom it is about, and
which earlier event of the same record it amends.

Pure functions of domain events, so the audit view (a fold over the whole log) and the
access policy agree on one vocabulary of record kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.deals import Deal
from domain.incentives import Programme
from domain.retrospectives import Retrospective
from domain.reviews import Review
from domain.targets import Target

# The aggregate class (the first part of an event's qualified name) and its record kind.
RECORD_KINDS = {
    "AwardCatalogue": "award-catalogue",
    "CoachingRecord": "coaching",
    "Customer": "customer",
    "Deal": "deal",
    "ForecastSeries": "forecast",
    "Nomination": "nomination",
    "Organisation": "organisation",
    "Period": "period",
    "PrivacyFile": "privacy",
    "Programme": "programme",
    "RetentionRules": "retention-rules",
    "Retrospective": "retrospective",
    "Review": "review",
    "ReviewCatalogue": "review-catalogue",
    "ReviewCycle": "cycle",
    "Target": "target",
    "TargetRules": "target-rules",
    "Visit": "visit",
}
# The records admins keep (the organisation and its configuration): their history is
# theirs to read; everyone's performance records are not.
CONFIGURATION_KINDS = (
    "organisation",
    "period",
    "review-catalogue",
    "target-rules",
    "retention-rules",
    "award-catalogue",
    "cycle",
    "customer",
)
# Fields naming the person an event is about, in order of preference.
PERSON_FIELDS = ("person_id", "owner_id", "rep_id", "nominee_id")


def event_type(event: Any) -> str:
    """``Review.AssessmentAmended``: the aggregate and the fact, as the log names them."""
    return str(type(event).__qualname__)


def record_kind(event: Any) -> str:
    aggregate = event_type(event).split(".")[0]
    return RECORD_KINDS.get(aggregate, aggregate.lower())


def named_person(event: Any) -> str | None:
    """The person an event names as its subject, if it names one."""
    for name in PERSON_FIELDS:
        value = getattr(event, name, None)
        if isinstance(value, str):
            return value
    if getattr(event, "subject_kind", None) == "person":
        subject: str = event.subject_id
        return subject
    return None


def record_day(event: Any) -> date | None:
    """The day a record is about, where it has one (a review's ``as_of``): the policy reads
    its whole history on that day, as it reads the record itself. Others use each event's
    occurred day."""
    day = getattr(event, "as_of", None)
    return day if isinstance(day, date) else None


# Links: (the anchor an event amends, the anchors it sets). An anchor names the event that
# currently stands for part of a record: the manager's values assessment, the rating, ...
Links = tuple[str | None, tuple[str, ...]]
NO_LINKS: Links = (None, ())


def _sealed(e: Review.ValuesAssessmentSealed) -> Links:
    return (None, ("values",)) if e.author == "manager" else NO_LINKS


def _rated(e: Review.PerformanceRated) -> Links:
    return (None, ("rating",)) if e.author == "manager" else NO_LINKS


def _amended(e: Review.AssessmentAmended) -> Links:
    # An amendment corrects the manager assessment as it stood: the seal or the last one.
    return ("values", ("values", "rating") if e.rating is not None else ("values",))


# Links that depend on the event's fields (who sealed, whether the rating changed)...
DEPENDENT_LINKS: dict[type, Callable[[Any], Links]] = {
    Review.ValuesAssessmentSealed: _sealed,
    Review.PerformanceRated: _rated,
    Review.AssessmentAmended: _amended,
}
# ... and those that depend only on its type.
LINKS: dict[type, Links] = {
    Review.RatingCalibrated: ("rating", ("rating",)),
    Deal.Signed: (None, ("signed",)),
    Deal.Refunded: ("signed", ()),
    Deal.Cancelled: ("signed", ()),
    Target.Drafted: (None, ("version",)),
    Target.Revised: ("version", ("version",)),
    Retrospective.Held: (None, ("version",)),
    Retrospective.Revised: ("version", ("version",)),
    Programme.Drafted: (None, ("terms",)),
    Programme.Redrafted: ("terms", ("terms",)),
    Programme.Amended: ("terms", ("terms",)),
}


def links(event: Any) -> Links:
    dependent = DEPENDENT_LINKS.get(type(event))
    return dependent(event) if dependent is not None else LINKS.get(type(event), NO_LINKS)
