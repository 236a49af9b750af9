"""Retrospectives (复盘): what was planned, what happened, why, and what next.

One retrospective per person or team and period, linked to the period by its
key (targets and results are read beside it). A revision is a new event with
its reason; every version stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Self
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.base import LedgerAggregate
from domain.periods import PeriodKey
from domain.values import PersonalText, Stamp, check_ident


class SubjectKind(StrEnum):
    PERSON = "person"
    TEAM = "team"


def retrospective_id(kind: SubjectKind, subject_id: str, period_key: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"perfledger:retrospective:{kind.value}:{subject_id}:{period_key}")


@dataclass(frozen=True)
class RetroNotes:
    planned: str
    happened: str
    why: str
    what_next: str

    def fields(self, about: str) -> dict[str, Any]:
        """The four texts, checked; ``about`` is whose text it is (the person, or the author)."""
        return {
            name: PersonalText.of(about, getattr(self, name), field=name)
            for name in ("planned", "happened", "why", "what_next")
        }


class Written(LedgerAggregate.Event):
    """The fields of a version of a retrospective."""

    planned: PersonalText
    happened: PersonalText
    why: PersonalText
    what_next: PersonalText


class Retrospective(LedgerAggregate):
    """A person's or team's look back over one period."""

    subject_kind: str
    subject_id: str
    period_key: str

    def __init__(self) -> None:
        """State is set by the events (the annotations above are not constructor fields)."""

    class Held(Written, LedgerAggregate.Created):
        subject_kind: str
        subject_id: str
        period_key: str
        starts_on: date
        ends_on: date

        def apply(self, aggregate: Retrospective) -> None:
            aggregate.subject_kind, aggregate.subject_id = self.subject_kind, self.subject_id
            aggregate.period_key = self.period_key

    class Revised(Written):
        reason: PersonalText

        def apply(self, aggregate: Retrospective) -> None:
            """A new version; the earlier ones stay in the log."""

    @classmethod
    def hold(
        cls,
        stamp: Stamp,
        kind: SubjectKind,
        subject_id: str,
        period: PeriodKey,
        about: str,
        notes: RetroNotes,
    ) -> Self:
        """A retrospective is written once per subject and period; later changes are revisions."""
        check_ident("subject_id", subject_id)
        return cls._begin(
            cls.Held,
            stamp,
            retrospective_id(kind, subject_id, period.key),
            subject_kind=kind.value,
            subject_id=subject_id,
            period_key=period.key,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            **notes.fields(about),
        )

    def revise(self, stamp: Stamp, about: str, notes: RetroNotes, reason: str) -> None:
        """A revision says why it changes the retrospective; the earlier version stays."""
        self._record(
            self.Revised,
            stamp,
            reason=PersonalText.of(about, reason, field="reason"),
            **notes.fields(about),
        )
