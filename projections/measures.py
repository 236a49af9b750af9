"""The measure source over the read models: each figure from rows a view already keeps.

Visits and their shares come from the counter rows per rep and day, coaching
from the sessions per rep, deals and cash from the deals view, attainment and
forecast error from the targets view's reports. Nothing here replays events or
reads a whole history: a figure costs a few indexed queries over one period.
A team's figure is its members' records on the days they sat in the team
(membership at the time of each record), and its attainment is of its own
target, as the targets view's roll-up computes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from domain.forecasts import ForecastRole
from domain.measure_catalogue import MeasureName, Subject, SubjectKind
from domain.organisation import Organisation
from domain.periods import PeriodKey
from domain.ratios import ratio
from domain.values import DateRange
from projections.coaching import Coaching
from projections.deals import Deals
from projections.runner import ViewRunner
from projections.tables import Row
from projections.targets.accuracy import forecast_report
from projections.targets.results import PeriodState, person_results_report
from projections.targets.rollup import rollup_report
from projections.targets.tables import from_minor
from projections.targets.view import Targets
from projections.visits import Visits
from services.policy import EVERYTHING, Visibility

Parts = list[tuple[str, Visibility]]  # each person, on the days that count for the subject
# The visit families: (the counter counted, the counter it is a share of, if any).
VISIT_COUNTERS = {
    "visits": ("happened", None),
    "planned_share": ("with_purpose", "happened"),
    "reviewed_share": ("reviewed_before", "happened"),
    "ride_alongs": ("ride_alongs", None),
    "conversion": ("converted", "happened"),
}


@dataclass
class ViewMeasures:
    targets: Targets
    visits: Visits
    coaching: Coaching
    deals: Deals
    organisation: Callable[[], Organisation]
    runner: ViewRunner
    wait_seconds: float

    def value(self, measure: MeasureName, subject: Subject, period: PeriodKey) -> Decimal | None:
        family = measure.family
        if family == "attainment":
            return self._attainment(measure, subject, period)
        if family == "forecast_error":
            return self._forecast_error(measure, subject, period)
        parts = self._parts(subject, period)
        start, end = period.starts_on.isoformat(), period.ends_on.isoformat()
        if family in VISIT_COUNTERS:
            return _visit_figure(family, self.visits.totals(parts, start, end))
        if family == "coaching_sessions":
            return Decimal(self.coaching.received(parts, start, end))
        return _deal_figure(measure, self.deals.results(parts, start, end))

    def history(
        self, measure: MeasureName, subject: Subject, periods: Sequence[PeriodKey]
    ) -> list[Decimal | None]:
        return [self.value(measure, subject, period) for period in periods]

    def reached(self, position: int) -> bool:
        names = [v.tracking_name for v in (self.targets, self.visits, self.coaching, self.deals)]
        return self.runner.settle(position, names, self.wait_seconds)

    def _parts(self, subject: Subject, period: PeriodKey) -> Parts:
        if subject.kind is SubjectKind.PERSON:
            return [(subject.subject_id, EVERYTHING)]
        span = DateRange(period.starts_on, period.ends_on)
        members = self.organisation().members_during(subject.subject_id, span)
        return [(p, Visibility(ranges=tuple(w))) for p, w in sorted(members.items())]

    def _attainment(
        self, measure: MeasureName, subject: Subject, period: PeriodKey
    ) -> Decimal | None:
        state = PeriodState.of(self.targets, period.key)
        if subject.kind is SubjectKind.PERSON:
            report = person_results_report(self.targets, subject.subject_id, state)
        else:
            org = self.organisation()
            rollup = rollup_report(self.targets, org, subject.subject_id, state, _nobody)
            report = rollup["results"]
        for row in report["measures"]:
            if row["measure"] == measure.qualifier and row["target"] is not None:
                found: Decimal | None = row["attainment_now"]
                return found
        return None

    def _forecast_error(
        self, measure: MeasureName, subject: Subject, period: PeriodKey
    ) -> Decimal | None:
        """The rep's own last forecast before the cut-off, judged at close (people only)."""
        if subject.kind is not SubjectKind.PERSON:
            return None
        state = PeriodState.of(self.targets, period.key)
        report = forecast_report(self.targets, subject.subject_id, state)
        for verdict in report["accuracy"]:
            if verdict["role"] == ForecastRole.REP:
                for judged in verdict["measures"]:
                    if judged["measure"] == measure.qualifier:
                        error: Decimal | None = judged["error"]
                        return error
        return None


def _nobody(person_id: str) -> bool:
    """A figure needs the sums, never a member's own row."""
    del person_id
    return False


def _visit_figure(family: str, totals: dict[str, int]) -> Decimal | None:
    counted, whole = VISIT_COUNTERS[family]
    if whole is None:
        return Decimal(totals[counted])
    return ratio(Decimal(totals[counted]), Decimal(totals[whole]))


def _deal_figure(measure: MeasureName, results: Row) -> Decimal:
    if measure.family == "deals":
        return Decimal(sum(int(s["deals"]) for s in results["signed"]))
    rows = results["signed"] if measure.family == "signed_amount" else results["cash"]
    minor = sum(int(r["amount_minor"]) for r in rows if r["currency"] == measure.qualifier)
    return from_minor(minor)
