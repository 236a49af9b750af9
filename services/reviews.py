"""Use cases of a review: each step, by the one person allowed to take it then.

"Then" is the day the review is about (the cycle period's last day): the person,
their direct manager on that day, their HRBP on that day, and for calibration
and corrections the HRBP or a manager above the direct manager.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.cycles import ReviewCycle, group_key
from domain.periods import PeriodKey
from domain.reviews import Review
from domain.rubrics import Case, MarkClaim
from domain.values import Stamp
from services.commands import Accepted, Actor, Command, use_case
from services.cycles import CycleService
from services.errors import Forbidden
from services.figures import PerformanceFigures
from services.ledger import Ledger
from services.policy import AccessPolicy

Change = Callable[[ReviewCycle, Review, Stamp], None]
Authorise = Callable[[Actor, str, date], None]


@dataclass(frozen=True)
class Assessment:
    """What an assessor submits: marks with their cases, a rating, a comment."""

    marks: Sequence[MarkClaim]
    rating: Decimal | None
    comment: str | None
    rescored: Sequence[str] = ()  # an amendment's values re-scored (to 0 without marks)


@dataclass(frozen=True)
class Conversation:
    held_on: date
    duration_minutes: int
    notes: str
    growth_plan: str


@dataclass
class ReviewService:
    ledger: Ledger
    policy: AccessPolicy
    cycles: CycleService
    figures: PerformanceFigures

    def _step(
        self, cmd: Command, cycle_id: str, person_id: str, authorise: Authorise, change: Change
    ) -> Accepted:
        """Load, ask the policy for the review's day, check If-Match, change, commit."""
        cycle = self.cycles.get(cycle_id)
        review = self.cycles.review(cycle, person_id)
        authorise(cmd.actor, person_id, review.as_of)
        self.ledger.check_version(cmd, review)
        change(cycle, review, self.ledger.stamp(cmd))
        return self.ledger.commit(cmd, review, id=f"{cycle_id}/{person_id}")

    def _the_person(self, actor: Actor, person_id: str, day: date) -> None:
        del day
        self.policy.require_self(actor, person_id)

    def _not_the_person(self, check: Authorise) -> Authorise:
        """Nobody but the person takes a step on their own review."""

        def authorise(actor: Actor, person_id: str, day: date) -> None:
            if actor.person_id == person_id:
                raise Forbidden("this step of a review is not taken by the person reviewed")
            check(actor, person_id, day)

        return authorise

    @property
    def _manager(self) -> Authorise:
        return self._not_the_person(self.policy.require_manager_on)

    @property
    def _hrbp(self) -> Authorise:
        return self._not_the_person(self.policy.require_hrbp_on)

    @property
    def _calibrator(self) -> Authorise:
        return self._not_the_person(self.policy.require_calibrator_on)

    # --- assessments --------------------------------------------------------------------

    @use_case
    def assess_self(self, cmd: Command, cycle_id: str, person_id: str, a: Assessment) -> Accepted:
        """The person assesses themselves first; every point with its case; then sealed."""
        return self._step(
            cmd,
            cycle_id,
            person_id,
            self._the_person,
            lambda c, r, s: r.seal_self_assessment(
                s, c.rubric, a.marks, a.rating, c.scheme, a.comment
            ),
        )

    @use_case
    def assess_as_manager(
        self, cmd: Command, cycle_id: str, person_id: str, a: Assessment
    ) -> Accepted:
        """The manager of the review's day assesses values and rates performance; sealed.

        The figures the manager saw (process and result) are sealed with the rating.
        """

        def change(c: ReviewCycle, r: Review, s: Stamp) -> None:
            figures = self.figures.figures_for(person_id, PeriodKey.parse(c.period_key))
            r.seal_manager_assessment(s, c.rubric, a.marks, a.rating, c.scheme, a.comment, figures)

        return self._step(cmd, cycle_id, person_id, self._manager, change)

    # --- HRBP -----------------------------------------------------------------------------

    @use_case
    def countersign(
        self, cmd: Command, cycle_id: str, person_id: str, note: str | None
    ) -> Accepted:
        """The HRBP of the review's day countersigns the manager assessment."""
        return self._step(
            cmd, cycle_id, person_id, self._hrbp, lambda _c, r, s: r.countersign(s, note)
        )

    @use_case
    def veto(self, cmd: Command, cycle_id: str, person_id: str, reason: str) -> Accepted:
        """The HRBP may veto the manager assessment; the veto and its reason are recorded."""
        return self._step(cmd, cycle_id, person_id, self._hrbp, lambda _c, r, s: r.veto(s, reason))

    @use_case
    def resolve_veto(
        self, cmd: Command, cycle_id: str, person_id: str, outcome: str, resolution: str
    ) -> Accepted:
        """A veto is resolved by the HRBP or calibration, after an amendment or withdrawn."""
        return self._step(
            cmd,
            cycle_id,
            person_id,
            self._calibrator,
            lambda _c, r, s: r.resolve_veto(s, outcome, resolution),
        )

    # --- corrections ------------------------------------------------------------------------

    @use_case
    def amend(
        self,
        cmd: Command,
        cycle_id: str,
        person_id: str,
        a: Assessment,
        reason: str,
        responds_to: str | None,
    ) -> Accepted:
        """A correction by the HRBP or calibration, with a reason, beside the original."""
        return self._step(
            cmd,
            cycle_id,
            person_id,
            self._calibrator,
            lambda c, r, s: r.amend(
                s, c.rubric, a.marks, a.rating, c.scheme, reason, responds_to, a.rescored
            ),
        )

    @use_case
    def calibrate_rating(
        self, cmd: Command, cycle_id: str, person_id: str, group: str, rating: Decimal, reason: str
    ) -> Accepted:
        """A rating changed in calibration is an event with its reason."""

        def change(c: ReviewCycle, r: Review, s: Stamp) -> None:
            key = group_key(group, r.team_id if group == "team" else r.region_id)
            r.calibrate_rating(s, c.scheme, key, rating, reason)

        return self._step(cmd, cycle_id, person_id, self._calibrator, change)

    @use_case
    def record_integrity_finding(
        self, cmd: Command, cycle_id: str, person_id: str, finding: str, evidence: Sequence[Case]
    ) -> Accepted:
        """A red line, recorded by the HRBP or calibration with its evidence."""
        return self._step(
            cmd,
            cycle_id,
            person_id,
            self._calibrator,
            lambda c, r, s: r.record_integrity_finding(s, c.rubric, c.scheme, finding, evidence),
        )

    # --- conversation and after ----------------------------------------------------------------

    @use_case
    def hold_conversation(
        self, cmd: Command, cycle_id: str, person_id: str, talk: Conversation
    ) -> Accepted:
        """The manager holds the review conversation, only after calibration."""
        return self._step(
            cmd,
            cycle_id,
            person_id,
            self._manager,
            lambda c, r, s: r.hold_conversation(
                s, c.scheme, talk.held_on, talk.duration_minutes, talk.notes, talk.growth_plan
            ),
        )

    @use_case
    def acknowledge(
        self, cmd: Command, cycle_id: str, person_id: str, disagreement: str | None
    ) -> Accepted:
        """The person acknowledges the review and may disagree in writing."""
        return self._step(
            cmd,
            cycle_id,
            person_id,
            self._the_person,
            lambda _c, r, s: r.acknowledge(s, disagreement),
        )

    @use_case
    def appeal(self, cmd: Command, cycle_id: str, person_id: str, grounds: str) -> Accepted:
        """The person may appeal the manager assessment; the appeal is an event."""
        return self._step(
            cmd, cycle_id, person_id, self._the_person, lambda _c, r, s: r.lodge_appeal(s, grounds)
        )

    @use_case
    def decide_appeal(
        self, cmd: Command, cycle_id: str, person_id: str, appeal_no: int, outcome: str, reason: str
    ) -> Accepted:
        """The HRBP or calibration decides an appeal, with a reason."""
        return self._step(
            cmd,
            cycle_id,
            person_id,
            self._calibrator,
            lambda _c, r, s: r.decide_appeal(s, appeal_no, outcome, reason),
        )

    @use_case
    def finalise(self, cmd: Command, cycle_id: str, person_id: str) -> Accepted:
        """The HRBP finalises an acknowledged review; its talent placement is stored."""
        return self._step(
            cmd,
            cycle_id,
            person_id,
            self._hrbp,
            lambda c, r, s: r.finalise(s, c.rubric, c.scheme),
        )
