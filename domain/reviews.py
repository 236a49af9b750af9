"""A person's review for one cycle: assessments that are sealed, never rewritten.

Self-assessment, manager assessment, HRBP review, calibration, conversation,
acknowledgement and finalisation follow in that order. An assessment is sealed
when it is submitted; what was said stays exactly as it was recorded. A
correction is an amendment with its reason, recorded beside the original; an
appeal and its decision, a veto and its resolution, an integrity finding and its
evidence are events of their own.

Three facts are receipted by tamper evidence: ``ValuesAssessmentSealed``,
``AssessmentAmended`` and ``ReviewFinalised``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Self
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.base import LedgerAggregate
from domain.deals import check_business_date
from domain.errors import InvalidInput, RuleBroken, StateConflict
from domain.figures import CycleFigures
from domain.review_steps import AssessmentSealed, Outcome, Step, out_of_order
from domain.rubrics import Case, MarkClaim, Rubric, ValueScore, merge_scores, score_claims, total
from domain.scheme import Scheme
from domain.values import PersonalText, Stamp

MAX_CONVERSATION_MINUTES = 600


def review_id(period_key: str, person_id: str) -> UUID:
    """One review per person and period: a second cycle cannot review them again."""
    return uuid5(NAMESPACE_URL, f"perfledger:review:{period_key}:{person_id}")


class Review(LedgerAggregate):
    """The review of one person in one cycle."""

    cycle_id: str
    period_key: str
    person_id: str
    as_of: date
    team_id: str
    region_id: str
    is_rep: bool
    step: Step

    def __init__(self) -> None:
        self.self_scores: tuple[ValueScore, ...] = ()
        self.scores: tuple[ValueScore, ...] = ()  # the manager's, as amended
        self.rating: Decimal | None = None  # the manager's, as amended or calibrated
        self.amendments = 0
        self.veto_open = False
        self.amended_since_veto = 0
        self.appeals: dict[int, str] = {}
        self.amended_for_appeal: dict[int, int] = {}
        self.red_line = False
        self.calibrated_on: date | None = None

    # --- events ---------------------------------------------------------------------

    class Opened(LedgerAggregate.Created):
        cycle_id: str
        period_key: str
        person_id: str
        as_of: date
        team_id: str
        region_id: str
        manager_id: str
        is_rep: bool

        def apply(self, aggregate: Review) -> None:
            aggregate.cycle_id, aggregate.period_key = self.cycle_id, self.period_key
            aggregate.person_id, aggregate.as_of = self.person_id, self.as_of
            aggregate.team_id, aggregate.region_id = self.team_id, self.region_id
            aggregate.is_rep, aggregate.step = self.is_rep, Step.SELF

    class ValuesAssessmentSealed(LedgerAggregate.Event):
        """A values assessment, sealed as submitted: by the person or by the manager."""

        person_id: str
        author: str  # "self" or "manager"
        rubric_key: str
        scores: list[ValueScore]
        points: int
        max_points: int

        def apply(self, aggregate: Review) -> None:
            if self.author == "self":
                aggregate.self_scores = tuple(self.scores)
            else:
                aggregate.scores = tuple(self.scores)

    class PerformanceRated(LedgerAggregate.Event):
        person_id: str
        author: str
        rating: Decimal | None
        comment: PersonalText | None
        figures: CycleFigures | None

        def apply(self, aggregate: Review) -> None:
            if self.author == "manager":
                aggregate.rating = self.rating
                aggregate.step = Step.HRBP
            else:
                aggregate.step = Step.MANAGER

    class HrbpCountersigned(LedgerAggregate.Event):
        person_id: str
        note: PersonalText | None

        def apply(self, aggregate: Review) -> None:
            aggregate.step = Step.CALIBRATION

    class HrbpVetoed(LedgerAggregate.Event):
        person_id: str
        reason: PersonalText

        def apply(self, aggregate: Review) -> None:
            aggregate.veto_open, aggregate.amended_since_veto = True, 0

    class VetoResolved(LedgerAggregate.Event):
        person_id: str
        outcome: str  # "amended" or "withdrawn"
        resolution: PersonalText

        def apply(self, aggregate: Review) -> None:
            aggregate.veto_open = False
            aggregate.step = Step.CALIBRATION

    class AssessmentAmended(LedgerAggregate.Event):
        """A correction of the manager assessment; the sealed original stays as it was."""

        person_id: str
        amendment_no: int
        responds_to: str | None  # "veto", "appeal:<n>" or None
        reason: PersonalText
        replaced: list[ValueScore]  # the scores as they stood before
        scores: list[ValueScore]  # the new scores of the values amended
        previous_rating: Decimal | None
        rating: Decimal | None  # a new rating, if the amendment changes it

        def apply(self, aggregate: Review) -> None:
            aggregate.amendments = self.amendment_no
            aggregate.scores = merge_scores(aggregate.scores, self.scores)
            if self.rating is not None:
                aggregate.rating = self.rating
            if aggregate.veto_open:
                aggregate.amended_since_veto += 1
            if self.responds_to and self.responds_to.startswith("appeal:"):
                no = int(self.responds_to.removeprefix("appeal:"))
                aggregate.amended_for_appeal[no] = aggregate.amended_for_appeal.get(no, 0) + 1

    class RatingCalibrated(LedgerAggregate.Event):
        person_id: str
        group: str
        previous_rating: Decimal
        rating: Decimal
        reason: PersonalText

        def apply(self, aggregate: Review) -> None:
            aggregate.rating = self.rating

    class Calibrated(LedgerAggregate.Event):
        person_id: str
        group: str
        rating: Decimal

        def apply(self, aggregate: Review) -> None:
            aggregate.step = Step.CONVERSATION
            aggregate.calibrated_on = self.occurred_at.date()

    class ConversationHeld(LedgerAggregate.Event):
        person_id: str
        held_on: date
        duration_minutes: int
        flagged: bool
        notes: PersonalText
        growth_plan: PersonalText

        def apply(self, aggregate: Review) -> None:
            aggregate.step = Step.ACKNOWLEDGEMENT

    class Acknowledged(LedgerAggregate.Event):
        person_id: str
        disagreement: PersonalText | None

        def apply(self, aggregate: Review) -> None:
            aggregate.step = Step.FINALISATION

    class AppealLodged(LedgerAggregate.Event):
        person_id: str
        appeal_no: int
        grounds: PersonalText

        def apply(self, aggregate: Review) -> None:
            aggregate.appeals[self.appeal_no] = "open"

    class AppealDecided(LedgerAggregate.Event):
        person_id: str
        appeal_no: int
        outcome: str  # "upheld" or "rejected"
        reason: PersonalText

        def apply(self, aggregate: Review) -> None:
            aggregate.appeals[self.appeal_no] = self.outcome

    class IntegrityFindingRecorded(LedgerAggregate.Event):
        """A red line: an integrity violation, with its evidence; it overrides performance."""

        person_id: str
        finding: PersonalText
        evidence: list[Case]

        def apply(self, aggregate: Review) -> None:
            aggregate.red_line = True

    class ReviewFinalised(LedgerAggregate.Event):
        person_id: str
        rating: Decimal
        values_points: int
        values_score: Decimal
        composite: Decimal

        def apply(self, aggregate: Review) -> None:
            aggregate.step = Step.FINAL

    class TalentPlaced(LedgerAggregate.Event):
        """Where the person sits in the cycle's talent matrix, and on which scores."""

        person_id: str
        placement: str
        rating: Decimal
        values_score: Decimal
        composite: Decimal
        red_line: bool

        def apply(self, aggregate: Review) -> None:
            pass

    # --- opening --------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        stamp: Stamp,
        cycle_id: str,
        period_key: str,
        person_id: str,
        as_of: date,
        placement: tuple[str, str, str],
        is_rep: bool,
    ) -> Self:
        """``placement`` is (team, region, manager) on the day the review is about."""
        team_id, region_id, manager_id = placement
        return cls._begin(
            cls.Opened,
            stamp,
            review_id(period_key, person_id),
            cycle_id=cycle_id,
            period_key=period_key,
            person_id=person_id,
            as_of=as_of,
            team_id=team_id,
            region_id=region_id,
            manager_id=manager_id,
            is_rep=is_rep,
        )

    # --- assessments ----------------------------------------------------------------

    def seal_self_assessment(
        self,
        stamp: Stamp,
        rubric: Rubric,
        claims: Sequence[MarkClaim],
        rating: Decimal | None,
        scheme: Scheme,
        summary: str | None,
    ) -> None:
        """The person assesses themselves first; once submitted it is sealed."""
        if self.step != Step.SELF:
            raise AssessmentSealed("self")
        if rating is not None:
            scheme.grade(rating)
        self._seal(stamp, "self", rubric, claims)
        self._record(
            self.PerformanceRated,
            stamp,
            person_id=self.person_id,
            author="self",
            rating=rating,
            comment=self._text(summary, "summary"),
            figures=None,
        )

    def seal_manager_assessment(
        self,
        stamp: Stamp,
        rubric: Rubric,
        claims: Sequence[MarkClaim],
        rating: Decimal | None,
        scheme: Scheme,
        comment: str | None,
        figures: CycleFigures,
    ) -> None:
        """The manager assesses after seeing the self-assessment; sealed on submission."""
        if self.step.order > Step.MANAGER.order:
            raise AssessmentSealed("manager")
        if self.step != Step.MANAGER:
            raise out_of_order(self.step, Step.MANAGER, "the manager assessment")
        if rating is None:
            raise InvalidInput("rating", "the manager rates performance on the scale")
        scheme.grade(rating)
        self._seal(stamp, "manager", rubric, claims)
        self._record(
            self.PerformanceRated,
            stamp,
            person_id=self.person_id,
            author="manager",
            rating=rating,
            comment=self._text(comment, "comment"),
            figures=figures,
        )

    def _seal(self, stamp: Stamp, author: str, rubric: Rubric, claims: Sequence[MarkClaim]) -> None:
        for claim in claims:
            check_business_date("marks.on", claim.on, stamp)
        scores = score_claims(rubric, self.person_id, claims, every_value=True)
        self._record(
            self.ValuesAssessmentSealed,
            stamp,
            person_id=self.person_id,
            author=author,
            rubric_key=rubric.key,
            scores=list(scores),
            points=total(scores),
            max_points=rubric.max_total,
        )

    # --- HRBP review ------------------------------------------------------------------

    def countersign(self, stamp: Stamp, note: str | None) -> None:
        self._check_step(Step.HRBP, "the HRBP review")
        if self.veto_open:
            raise StateConflict("the HRBP vetoed this assessment; resolve the veto instead")
        self._record(
            self.HrbpCountersigned, stamp, person_id=self.person_id, note=self._text(note, "note")
        )

    def veto(self, stamp: Stamp, reason: str) -> None:
        """A veto is a recorded decision with its reason, never a silent change."""
        why = self._reason(reason, "reason")
        self._check_step(Step.HRBP, "the HRBP review")
        if self.veto_open:
            raise StateConflict("a veto is already open on this review")
        self._record(self.HrbpVetoed, stamp, person_id=self.person_id, reason=why)

    def resolve_veto(self, stamp: Stamp, outcome: str, resolution: str) -> None:
        """A veto ends in an amendment, or is withdrawn on the manager's explanation."""
        if not self.veto_open:
            raise StateConflict("there is no open veto on this review")
        if outcome not in {"amended", "withdrawn"}:
            raise InvalidInput("outcome", "must be 'amended' or 'withdrawn'")
        if outcome == "amended" and not self.amended_since_veto:
            raise RuleBroken("record the amendment before resolving the veto as amended")
        self._record(
            self.VetoResolved,
            stamp,
            person_id=self.person_id,
            outcome=outcome,
            resolution=self._reason(resolution, "resolution"),
        )

    # --- corrections ------------------------------------------------------------------

    def amend(
        self,
        stamp: Stamp,
        rubric: Rubric,
        claims: Sequence[MarkClaim],
        rating: Decimal | None,
        scheme: Scheme,
        reason: str,
        responds_to: str | None,
        rescored: Sequence[str] = (),
    ) -> None:
        """A correction of the sealed manager assessment, beside it, with its reason."""
        why = self._reason(reason, "reason")
        if self.rating is None:
            raise StateConflict("there is no sealed manager assessment to amend yet")
        self._check_responds_to(responds_to)
        for claim in claims:
            check_business_date("marks.on", claim.on, stamp)
        scores = score_claims(rubric, self.person_id, claims, every_value=False, rescored=rescored)
        if rating is not None:
            scheme.grade(rating)
        if not scores and (rating is None or rating == self.rating):
            raise InvalidInput("amendment", "an amendment changes at least one score or the rating")
        replaced = [s for s in self.scores if s.value in {n.value for n in scores}]
        self._record(
            self.AssessmentAmended,
            stamp,
            person_id=self.person_id,
            amendment_no=self.amendments + 1,
            responds_to=responds_to,
            reason=why,
            replaced=replaced,
            scores=list(scores),
            previous_rating=self.rating,
            rating=rating,
        )
        self._replace_if_final(stamp, rubric, scheme)

    def _check_responds_to(self, responds_to: str | None) -> None:
        if responds_to is None:
            return
        if responds_to == "veto":
            if not self.veto_open:
                raise StateConflict("there is no open veto to respond to")
            return
        no = responds_to.removeprefix("appeal:")
        if not no.isdigit() or self.appeals.get(int(no)) != "open":
            raise InvalidInput("responds_to", "must be 'veto' or 'appeal:<n>' of an open appeal")

    def calibrate_rating(
        self, stamp: Stamp, scheme: Scheme, group: str, rating: Decimal, reason: str
    ) -> None:
        """A change made in calibration is an event with its reason; nothing is forced."""
        self._check_step(Step.CALIBRATION, "a calibration change")
        scheme.grade(rating)
        assert self.rating is not None
        if rating == self.rating:
            raise InvalidInput("rating", f"the rating is already {rating}")
        self._record(
            self.RatingCalibrated,
            stamp,
            person_id=self.person_id,
            group=group,
            previous_rating=self.rating,
            rating=rating,
            reason=self._reason(reason, "reason"),
        )

    def mark_calibrated(self, stamp: Stamp, group: str) -> None:
        self._check_step(Step.CALIBRATION, "calibration")
        assert self.rating is not None
        self._record(
            self.Calibrated, stamp, person_id=self.person_id, group=group, rating=self.rating
        )

    # --- conversation and after ---------------------------------------------------------

    def hold_conversation(
        self,
        stamp: Stamp,
        scheme: Scheme,
        held_on: date,
        minutes: int,
        notes: str,
        growth_plan: str,
    ) -> None:
        """The conversation follows calibration; over the limit for a rep is flagged."""
        self._check_step(Step.CONVERSATION, "the review conversation")
        check_business_date("held_on", held_on, stamp)
        assert self.calibrated_on is not None
        if held_on < self.calibrated_on:
            raise RuleBroken(
                f"the conversation must follow calibration (done on {self.calibrated_on})",
                field="held_on",
            )
        if not 1 <= minutes <= MAX_CONVERSATION_MINUTES:
            raise InvalidInput("duration_minutes", f"must be 1 to {MAX_CONVERSATION_MINUTES}")
        self._record(
            self.ConversationHeld,
            stamp,
            person_id=self.person_id,
            held_on=held_on,
            duration_minutes=minutes,
            flagged=self.is_rep and minutes > scheme.conversation_flag_minutes,
            notes=self._reason(notes, "notes"),
            growth_plan=self._reason(growth_plan, "growth_plan"),
        )

    def acknowledge(self, stamp: Stamp, disagreement: str | None) -> None:
        """The person acknowledges the review, and may disagree in writing."""
        self._check_step(Step.ACKNOWLEDGEMENT, "the acknowledgement")
        self._record(
            self.Acknowledged,
            stamp,
            person_id=self.person_id,
            disagreement=self._text(disagreement, "disagreement"),
        )

    def lodge_appeal(self, stamp: Stamp, grounds: str) -> None:
        if self.rating is None:
            raise StateConflict("an appeal concerns the manager assessment, not sealed yet")
        if "open" in self.appeals.values():
            raise StateConflict("an appeal is already open; wait for its decision")
        self._record(
            self.AppealLodged,
            stamp,
            person_id=self.person_id,
            appeal_no=len(self.appeals) + 1,
            grounds=self._reason(grounds, "grounds"),
        )

    def decide_appeal(self, stamp: Stamp, appeal_no: int, outcome: str, reason: str) -> None:
        """An upheld appeal is carried out by an amendment responding to it, made first."""
        if self.appeals.get(appeal_no) != "open":
            raise StateConflict(f"appeal {appeal_no} is not open")
        if outcome not in {"upheld", "rejected"}:
            raise InvalidInput("outcome", "must be 'upheld' or 'rejected'")
        if outcome == "upheld" and not self.amended_for_appeal.get(appeal_no):
            raise RuleBroken(
                f"record the amendment (responds_to 'appeal:{appeal_no}') before upholding"
            )
        self._record(
            self.AppealDecided,
            stamp,
            person_id=self.person_id,
            appeal_no=appeal_no,
            outcome=outcome,
            reason=self._reason(reason, "reason"),
        )

    def record_integrity_finding(
        self, stamp: Stamp, rubric: Rubric, scheme: Scheme, finding: str, evidence: Sequence[Case]
    ) -> None:
        """A red line is recorded with its evidence; it overrides the performance side."""
        if not evidence:
            raise RuleBroken("an integrity finding needs its evidence", field="evidence")
        for case in evidence:
            check_business_date("evidence.on", case.on, stamp)
        self._record(
            self.IntegrityFindingRecorded,
            stamp,
            person_id=self.person_id,
            finding=self._reason(finding, "finding"),
            evidence=list(evidence),
        )
        self._replace_if_final(stamp, rubric, scheme)

    def finalise(self, stamp: Stamp, rubric: Rubric, scheme: Scheme) -> None:
        """Final once acknowledged and no veto or appeal is open; the placement is stored."""
        self._check_step(Step.FINALISATION, "finalisation")
        if "open" in self.appeals.values():
            raise StateConflict("an appeal is open; decide it before finalising")
        outcome = self.outcome(rubric, scheme)
        self._record(
            self.ReviewFinalised,
            stamp,
            person_id=self.person_id,
            rating=outcome.rating,
            values_points=outcome.values_points,
            values_score=outcome.values_score,
            composite=outcome.composite,
        )
        self._place(stamp, outcome)

    # --- reading ------------------------------------------------------------------------

    def outcome(self, rubric: Rubric, scheme: Scheme) -> Outcome:
        if self.rating is None:
            raise StateConflict("the review has no manager assessment yet")
        return Outcome.of(
            scheme, self.rating, total(self.scores), rubric.max_total, red_line=self.red_line
        )

    # --- helpers ------------------------------------------------------------------------

    def _check_step(self, wanted: Step, what: str) -> None:
        if self.step != wanted:
            raise out_of_order(self.step, wanted, what)

    def _replace_if_final(self, stamp: Stamp, rubric: Rubric, scheme: Scheme) -> None:
        """After finalisation a correction moves the stored placement too."""
        if self.step == Step.FINAL and self.rating is not None:
            self._place(stamp, self.outcome(rubric, scheme))

    def _place(self, stamp: Stamp, outcome: Outcome) -> None:
        self._record(
            self.TalentPlaced,
            stamp,
            person_id=self.person_id,
            placement=outcome.placement,
            rating=outcome.rating,
            values_score=outcome.values_score,
            composite=outcome.composite,
            red_line=outcome.red_line,
        )

    def _reason(self, text: str, field: str) -> PersonalText:
        return PersonalText.of(self.person_id, text, field=field)

    def _text(self, text: str | None, field: str) -> PersonalText | None:
        return None if text is None else self._reason(text, field)
