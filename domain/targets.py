"""Targets: a number for a person or a team and a period, backed by a strategy (定目标).

Each draft and revision is a numbered version; every version stays in the
history. Lifecycle of the current version: drafted -> submitted -> approved by
the manager, or sent back with a reason (打回) -> revised -> submitted again.
A submission whose lines do not add up to its figures is refused with the
difference named. An approved target changes only through a new revision that
is approved again; until then the approved version stays the one in force.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Self
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.base import LedgerAggregate
from domain.errors import InvalidInput, RuleBroken, StateConflict
from domain.measures import Figure, check_figures
from domain.periods import PeriodKey
from domain.plans import check_week, check_weekly_activity
from domain.strategy import (
    LinesDoNotAddUp,
    StrategyLine,
    check_lines,
    check_one_currency,
    differences,
)
from domain.target_rules import Rulebook
from domain.values import PersonalText, Stamp, check_ident


class SubjectKind(StrEnum):
    PERSON = "person"
    TEAM = "team"


@dataclass(frozen=True)
class Subject:
    """Whose target it is: a person or a team."""

    kind: str
    subject_id: str

    @classmethod
    def of(cls, kind: str, subject_id: str) -> Subject:
        try:
            parsed = SubjectKind(kind)
        except ValueError:
            raise InvalidInput("subject_kind", "must be 'person' or 'team'") from None
        return cls(parsed.value, check_ident("subject_id", subject_id))


def target_id(subject: Subject, period_key: str) -> UUID:
    """One target per subject and period: its versions hold every change."""
    return uuid5(
        NAMESPACE_URL, f"perfledger:target:{subject.kind}:{subject.subject_id}:{period_key}"
    )


class TargetStatus(StrEnum):
    DRAFTED = "drafted"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    SENT_BACK = "sent_back"


@dataclass(frozen=True)
class TargetVersion:
    number: int
    figures: tuple[Figure, ...]
    lines: tuple[StrategyLine, ...]
    status: str


def check_strategy(
    figures: Sequence[Figure], lines: Sequence[StrategyLine], rulebook: Rulebook
) -> None:
    """Figures fit their measures, each line is well formed, and one currency rules."""
    check_figures(figures, rulebook.by_code)
    check_lines(lines)
    check_one_currency(figures, lines)


class Target(LedgerAggregate):
    """A subject's target for a period, with every version it went through."""

    subject_kind: str
    subject_id: str
    period_key: str
    starts_on: date
    ends_on: date
    versions: tuple[TargetVersion, ...]
    approved_version: int | None

    def __init__(self) -> None:
        """State is set by the events (the annotations above are not constructor fields)."""

    # --- events -----------------------------------------------------------------

    class Drafted(LedgerAggregate.Created):
        subject_kind: str
        subject_id: str
        period_key: str
        starts_on: date
        ends_on: date
        figures: list[Figure]
        lines: list[StrategyLine]

        def apply(self, aggregate: Target) -> None:
            aggregate.subject_kind, aggregate.subject_id = self.subject_kind, self.subject_id
            aggregate.period_key = self.period_key
            aggregate.starts_on, aggregate.ends_on = self.starts_on, self.ends_on
            first = TargetVersion(1, tuple(self.figures), tuple(self.lines), TargetStatus.DRAFTED)
            aggregate.versions = (first,)
            aggregate.approved_version = None

    class Revised(LedgerAggregate.Event):
        version: int
        figures: list[Figure]
        lines: list[StrategyLine]
        reason: PersonalText

        def apply(self, aggregate: Target) -> None:
            version = TargetVersion(
                self.version, tuple(self.figures), tuple(self.lines), TargetStatus.DRAFTED
            )
            aggregate.versions = (*aggregate.versions, version)

    class Submitted(LedgerAggregate.Event):
        version: int
        tolerance: str

        def apply(self, aggregate: Target) -> None:
            aggregate.mark(self.version, TargetStatus.SUBMITTED)

    class Approved(LedgerAggregate.Event):
        version: int

        def apply(self, aggregate: Target) -> None:
            aggregate.mark(self.version, TargetStatus.APPROVED)
            aggregate.approved_version = self.version

    class SentBack(LedgerAggregate.Event):
        version: int
        reason: PersonalText

        def apply(self, aggregate: Target) -> None:
            aggregate.mark(self.version, TargetStatus.SENT_BACK)

    class PlanAdjusted(LedgerAggregate.Event):
        version: int
        week_start: date
        visits: int
        events: int
        reason: PersonalText

        def apply(self, aggregate: Target) -> None:
            """The plan is a read model; the adjustment is kept as a fact of its own."""

    def mark(self, number: int, status: TargetStatus) -> None:
        self.versions = tuple(
            replace(v, status=status.value) if v.number == number else v for v in self.versions
        )

    # --- commands -----------------------------------------------------------------

    @classmethod
    def draft(
        cls,
        stamp: Stamp,
        subject: Subject,
        period: PeriodKey,
        figures: Sequence[Figure],
        lines: Sequence[StrategyLine],
        rulebook: Rulebook,
    ) -> Self:
        """A first version; it may not add up yet, but it is refused at submission if not."""
        check_strategy(figures, lines, rulebook)
        return cls._begin(
            cls.Drafted,
            stamp,
            target_id(subject, period.key),
            subject_kind=subject.kind,
            subject_id=subject.subject_id,
            period_key=period.key,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            figures=list(figures),
            lines=[line.about(subject.subject_id) for line in lines],
        )

    def revise(
        self,
        stamp: Stamp,
        figures: Sequence[Figure],
        lines: Sequence[StrategyLine],
        reason: str,
        rulebook: Rulebook,
    ) -> None:
        """A new version, with why; the earlier ones stay as they were."""
        if self.current.status == TargetStatus.SUBMITTED:
            raise StateConflict(
                f"version {self.current.number} waits for the manager's decision; "
                "it can be revised once it is approved or sent back"
            )
        check_strategy(figures, lines, rulebook)
        self._record(
            self.Revised,
            stamp,
            version=self.current.number + 1,
            figures=list(figures),
            lines=[line.about(self.subject_id) for line in lines],
            reason=self._text(reason),
        )

    def submit(self, stamp: Stamp, rulebook: Rulebook) -> None:
        """Only a strategy whose lines add up (within the tolerance) goes to the manager."""
        self.check_submittable()
        current = self.current
        if not current.lines:
            raise RuleBroken("a target needs a strategy: add at least one line", field="lines")
        found = differences(current.figures, current.lines, rulebook.by_code, rulebook.tolerance)
        if found:
            raise LinesDoNotAddUp(found, rulebook.tolerance)
        self._record(
            self.Submitted, stamp, version=current.number, tolerance=str(rulebook.tolerance)
        )

    def approve(self, stamp: Stamp) -> None:
        self.check_awaiting_decision()
        self._record(self.Approved, stamp, version=self.current.number)

    def send_back(self, stamp: Stamp, reason: str) -> None:
        """打回: the manager returns the version with a reason; the rep revises it."""
        self.check_awaiting_decision()
        self._record(self.SentBack, stamp, version=self.current.number, reason=self._text(reason))

    def adjust_plan(
        self, stamp: Stamp, week_start: date, visits: int, events: int, reason: str
    ) -> None:
        """The rep changes a week of the plan the approved strategy gave, saying why."""
        if self.subject_kind != SubjectKind.PERSON:
            raise StateConflict("a team target has no plan of its own; members plan their weeks")
        if self.approved_version is None:
            raise StateConflict("there is no approved version yet: a plan comes from one")
        check_week(self.period, week_start)
        check_weekly_activity(visits, events)
        self._record(
            self.PlanAdjusted,
            stamp,
            version=self.approved_version,
            week_start=week_start,
            visits=visits,
            events=events,
            reason=self._text(reason),
        )

    # --- rules ------------------------------------------------------------------------

    @property
    def current(self) -> TargetVersion:
        return self.versions[-1]

    @property
    def period(self) -> PeriodKey:
        return PeriodKey.parse(self.period_key)

    def check_submittable(self) -> None:
        current = self.current
        if current.status == TargetStatus.APPROVED:
            raise StateConflict(
                f"version {current.number} is already approved; an approved target changes "
                "only through a new revision that is approved again"
            )
        if current.status == TargetStatus.SENT_BACK:
            raise StateConflict(
                f"version {current.number} was sent back; revise it before submitting again"
            )
        if current.status == TargetStatus.SUBMITTED:
            raise StateConflict(f"version {current.number} is already submitted")

    def check_awaiting_decision(self) -> None:
        if self.current.status != TargetStatus.SUBMITTED:
            raise StateConflict(
                f"version {self.current.number} is {self.current.status}, not submitted: "
                "only a submitted version is approved or sent back"
            )

    def _text(self, reason: str) -> PersonalText:
        return PersonalText.of(self.subject_id, reason, field="reason")
