"""Use cases of review cycles: open one over a set of people; finalise calibration."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.cycles import ReviewCycle, check_cycle_period, cycle_uuid, group_key
from domain.errors import NotFound, RuleBroken, StateConflict
from domain.organisation import Organisation, Role
from domain.periods import PeriodKey
from domain.review_steps import Step
from domain.reviews import Review, review_id
from domain.scheme import distribution
from domain.values import Stamp
from services.commands import Accepted, Actor, Command, use_case
from services.ledger import Ledger
from services.periods import PeriodService
from services.policy import AccessPolicy
from services.review_catalogue import ReviewCatalogueService


@dataclass(frozen=True)
class CycleOpening:
    cycle_id: str
    period: str
    people: Sequence[str]
    rubric_code: str
    rubric_version: int
    guidance: str | None = None


@dataclass
class CycleService:
    ledger: Ledger
    policy: AccessPolicy
    periods: PeriodService
    catalogue: ReviewCatalogueService

    @use_case
    def open(self, cmd: Command, opening: CycleOpening) -> Accepted:
        """An admin opens a cycle for a configured period; it fixes the rubric and scheme.

        Each person gets one review for the period, placed as of the period's last
        day: the manager and HRBP of that day take the review's steps.
        """
        self.policy.require_role(cmd.actor, Role.ADMIN)
        period = check_cycle_period(PeriodKey.parse(opening.period))
        self.periods.get(period.key)
        if self.ledger.exists(cycle_uuid(opening.cycle_id)):
            raise StateConflict(f"review cycle {opening.cycle_id} already exists")
        catalogue = self.catalogue.catalogue()
        rubric = catalogue.rubric(opening.rubric_code, opening.rubric_version)
        stamp = self.ledger.stamp(cmd)
        cycle = ReviewCycle.open(
            stamp,
            opening.cycle_id,
            period,
            opening.people,
            rubric,
            catalogue.scheme,
            opening.guidance,
        )
        reviews = self._open_reviews(stamp, cycle)
        return self.ledger.commit(cmd, cycle, *reviews, id=opening.cycle_id)

    def _open_reviews(self, stamp: Stamp, cycle: ReviewCycle) -> list[Review]:
        org = self.policy.organisation()
        reviews = []
        for person_id in cycle.people:
            if self.ledger.exists(review_id(cycle.period_key, person_id)):
                raise StateConflict(f"{person_id} already has a review for {cycle.period_key}")
            placement = _placement_for_review(org, person_id, cycle.as_of)
            is_rep = Role.REP in org.person(person_id).roles
            reviews.append(
                Review.open(
                    stamp,
                    cycle.cycle_id,
                    cycle.period_key,
                    person_id,
                    cycle.as_of,
                    placement,
                    is_rep,
                )
            )
        return reviews

    @use_case
    def finalise_calibration(
        self, cmd: Command, cycle_id: str, kind: str, group_id: str, justification: str | None
    ) -> Accepted:
        """A group's calibration closes once every member passed the HRBP review.

        Its distribution is shown against the cycle's guidance; outside the tolerance
        the finaliser must justify it in writing. No rating is changed to fit.
        """
        cycle = self.get(cycle_id)
        group = group_key(kind, group_id)
        reviews = self.group_reviews(cycle, kind, group_id)
        for review in reviews:
            self.require_calibrator(cmd.actor, review)
        members = _ready_for_calibration(group, reviews)
        spread = distribution(cycle.scheme, cycle.guidance, [_rating(r) for r in members])
        stamp = self.ledger.stamp(cmd)
        cycle.finalise_calibration(
            stamp, group, [r.person_id for r in members], spread, justification
        )
        for review in members:
            review.mark_calibrated(stamp, group)
        return self.ledger.commit(cmd, cycle, *members, id=group)

    def require_calibrator(self, actor: Actor, review: Review) -> None:
        self.policy.require_calibrator_on(actor, review.person_id, review.as_of)

    def get(self, cycle_id: str) -> ReviewCycle:
        return self.ledger.load(ReviewCycle, cycle_uuid(cycle_id), "review cycle")

    def review(self, cycle: ReviewCycle, person_id: str) -> Review:
        if person_id not in cycle.people:
            raise NotFound("review", f"{cycle.cycle_id}/{person_id}")
        return self.ledger.load(Review, review_id(cycle.period_key, person_id), "review")

    def group_reviews(self, cycle: ReviewCycle, kind: str, group_id: str) -> list[Review]:
        """The cycle's reviews of a team or region, as placed when the cycle opened."""
        reviews = [self.review(cycle, p) for p in cycle.people]
        column = "team_id" if kind == "team" else "region_id"
        found = [r for r in reviews if getattr(r, column) == group_id]
        if not found:
            raise NotFound("calibration group", f"{kind}:{group_id} in cycle {cycle.cycle_id}")
        return found


def _placement_for_review(org: Organisation, person_id: str, day: date) -> tuple[str, str, str]:
    """A reviewed person needs a team and a manager on the day the review is about."""
    placement = org.placement_on(person_id, day)
    if placement is None:
        raise RuleBroken(f"{person_id} was not employed on {day}", field="people")
    if placement.team_id is None or placement.manager_id is None:
        raise RuleBroken(f"{person_id} had no team or no manager on {day}", field="people")
    region_id = org.team(placement.team_id).region_id
    return placement.team_id, region_id, placement.manager_id


def _ready_for_calibration(group: str, reviews: Sequence[Review]) -> list[Review]:
    waiting = [r for r in reviews if r.step.order < Step.CALIBRATION.order]
    if waiting:
        names = ", ".join(f"{r.person_id} ({r.step})" for r in waiting)
        raise StateConflict(f"calibration of {group} waits for the HRBP review of: {names}")
    members = [r for r in reviews if r.step == Step.CALIBRATION]
    if reviews and not members:
        raise StateConflict(f"every review of {group} is already calibrated")
    return members


def _rating(review: Review) -> Decimal:
    assert review.rating is not None
    return review.rating
