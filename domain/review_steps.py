"""The steps of a review, in order, and the refusals that guard them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from domain.errors import StateConflict
from domain.scheme import Scheme, composite, place, values_score


class Step(StrEnum):
    """What a review waits for next; each step is taken by one person allowed at the time."""

    SELF = "self-assessment"
    MANAGER = "manager-assessment"
    HRBP = "hrbp-review"
    CALIBRATION = "calibration"
    CONVERSATION = "conversation"
    ACKNOWLEDGEMENT = "acknowledgement"
    FINALISATION = "finalisation"
    FINAL = "final"

    @property
    def order(self) -> int:
        return list(Step).index(self)


# Who takes each step: the person, their manager of the time, their HRBP.
STEP_HOLDER = {
    Step.SELF: "person",
    Step.MANAGER: "manager",
    Step.HRBP: "hrbp",
    Step.CALIBRATION: "calibrator",
    Step.CONVERSATION: "manager",
    Step.ACKNOWLEDGEMENT: "person",
    Step.FINALISATION: "hrbp",
}


class AssessmentSealed(StateConflict):
    """A sealed assessment is never edited; the one route to a correction is an amendment."""

    def __init__(self, author: str, route: str = "an amendment") -> None:
        super().__init__(
            f"the {author} assessment is sealed and is never edited; a correction is "
            f"{route}, made by the HRBP or in calibration, with a reason"
        )
        self.author = author

    def naming(self, route: str) -> AssessmentSealed:
        """The same refusal, naming the route by which a correction is made."""
        return AssessmentSealed(self.author, route)


def out_of_order(step: Step, wanted: Step, what: str) -> StateConflict:
    if step.order > wanted.order:
        return StateConflict(f"{what} was already taken; the review is at step {step}")
    before = list(Step)[wanted.order - 1] if wanted.order else None
    after = f" (after {before})" if before else ""
    return StateConflict(f"{what} comes at step {wanted}{after}; the review is at step {step}")


@dataclass(frozen=True)
class Outcome:
    """A review's scores as they stand: rating, values, composite and talent placement."""

    rating: Decimal
    values_points: int
    values_max: int
    values_score: Decimal
    composite: Decimal
    placement: str
    red_line: bool

    @classmethod
    def of(
        cls, scheme: Scheme, rating: Decimal, points: int, max_points: int, *, red_line: bool
    ) -> Outcome:
        values = values_score(points, max_points, scheme.top)
        mixed = composite(rating, values, scheme.performance_weight, scheme.values_weight)
        measure = mixed if scheme.talent.measure == "composite" else rating
        return cls(
            rating=rating,
            values_points=points,
            values_max=max_points,
            values_score=values,
            composite=mixed,
            placement=place(scheme.talent, measure, values, red_line=red_line),
            red_line=red_line,
        )
