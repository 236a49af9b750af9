"""A review cycle: a period, the people reviewed, and the rubric and scheme it fixed.

The cycle copies the rubric and the scheme into its opening event, so nothing
published later (a new rubric version, new weights) can change what its
assessments mean. Calibration is finalised per team or region of the cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Self
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.base import LedgerAggregate
from domain.errors import InvalidInput, RuleBroken, StateConflict
from domain.periods import PeriodKey, PeriodKind
from domain.rubrics import Rubric
from domain.scheme import Distribution, Guidance, Scheme
from domain.values import Stamp, check_ident, check_text

MAX_PEOPLE = 5000


def cycle_uuid(cycle_id: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"perfledger:review-cycle:{cycle_id}")


def group_key(kind: str, group_id: str) -> str:
    """A calibration group: ``team:<id>`` or ``region:<id>``."""
    if kind not in {"team", "region"}:
        raise InvalidInput("group", "calibration is per team or per region")
    return f"{kind}:{check_ident('group', group_id)}"


def review_day(period: PeriodKey) -> date:
    """The day a review is about: the period's last day (who managed whom then)."""
    return period.ends_on - timedelta(days=1)


def check_cycle_period(period: PeriodKey) -> PeriodKey:
    if period.kind == PeriodKind.MONTH:
        raise InvalidInput("period", "a review cycle is a quarter, half year or year")
    return period


class ReviewCycle(LedgerAggregate):
    """A cycle of reviews over a set of people for a quarter, half year or year."""

    cycle_id: str
    period_key: str
    as_of: date
    people: tuple[str, ...]
    rubric: Rubric
    scheme: Scheme
    guidance: Guidance

    def __init__(self) -> None:
        self.calibrated: dict[str, tuple[str, ...]] = {}

    class Opened(LedgerAggregate.Created):
        cycle_id: str
        period_key: str
        as_of: date
        people: list[str]
        rubric: Rubric
        scheme: Scheme
        guidance: Guidance

        def apply(self, aggregate: ReviewCycle) -> None:
            aggregate.cycle_id, aggregate.period_key = self.cycle_id, self.period_key
            aggregate.as_of, aggregate.people = self.as_of, tuple(self.people)
            aggregate.rubric, aggregate.scheme = self.rubric, self.scheme
            aggregate.guidance = self.guidance

    class CalibrationFinalised(LedgerAggregate.Event):
        """A group's calibration closed: its distribution, and why, if outside the band."""

        cycle_id: str
        group: str
        members: list[str]
        distribution: Distribution
        justification: str | None

        def apply(self, aggregate: ReviewCycle) -> None:
            aggregate.calibrated[self.group] = tuple(self.members)

    @classmethod
    def open(
        cls,
        stamp: Stamp,
        cycle_id: str,
        period: PeriodKey,
        people: Sequence[str],
        rubric: Rubric,
        scheme: Scheme,
        guidance: str | None,
    ) -> Self:
        """A cycle reviews each person once for a quarter, half year or year."""
        check_ident("cycle_id", cycle_id)
        check_cycle_period(period)
        if not 1 <= len(people) <= MAX_PEOPLE or len(set(people)) != len(people):
            raise InvalidInput("people", f"1 to {MAX_PEOPLE} distinct people")
        return cls._begin(
            cls.Opened,
            stamp,
            cycle_uuid(cycle_id),
            cycle_id=cycle_id,
            period_key=period.key,
            as_of=review_day(period),
            people=list(people),
            rubric=rubric,
            scheme=scheme,
            guidance=scheme.guidance(guidance),
        )

    def finalise_calibration(
        self,
        stamp: Stamp,
        group: str,
        members: Sequence[str],
        distribution: Distribution,
        justification: str | None,
    ) -> None:
        """Outside the guidance's tolerance, finalising needs a written justification."""
        if group in self.calibrated:
            raise StateConflict(f"calibration of {group} is already final")
        if not members:
            raise RuleBroken(f"no one in this cycle belongs to {group}", field="group")
        if justification is not None:
            check_text("justification", justification)
        if not distribution.within_tolerance and justification is None:
            raise RuleBroken(
                f"the distribution of {group} falls outside the {distribution.guidance} guidance "
                f"(tolerance {distribution.tolerance} points): finalising needs a written "
                "justification; ratings are never forced to fit",
                field="justification",
            )
        self._record(
            self.CalibrationFinalised,
            stamp,
            cycle_id=self.cycle_id,
            group=group,
            members=list(members),
            distribution=distribution,
            justification=justification,
        )
