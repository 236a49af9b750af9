"""The composition root: one place that wires store, policy, services and views."""

from __future__ import annotations

from dataclasses import dataclass

from api.auth import Tokens
from projections.audit_reads import AuditReads
from projections.incentives import ProgrammeIndexOfView
from projections.measures import ViewMeasures
from projections.registry import Views, build_views
from projections.runner import ViewRunner
from projections.store import view_store_for
from projections.trajectory.read import TrajectoryReader
from projections.transparency.follower import LogFollower
from projections.transparency.service import TransparencyService
from projections.transparency.store import LogStore
from services.awards import AwardService, NominationService
from services.clock import Clock, utc_now
from services.coaching import CoachingService
from services.contests import Contest
from services.customers import CustomerService
from services.cycles import CycleService
from services.deals import DealService
from services.figures import MeasuredFigures, PerformanceFigures
from services.forecasts import ForecastService
from services.incentives import ProgrammeService
from services.ledger import Ledger, PerfLedger, open_ledger
from services.measures import MeasureSource
from services.organisation import OrganisationService, OrganisationSnapshot
from services.periods import PeriodService
from services.policy import AccessPolicy
from services.privacy.service import PrivacyService
from services.retrospectives import RetrospectiveService
from services.review_catalogue import ReviewCatalogueService
from services.review_records import ReviewRecords
from services.reviews import ReviewService
from services.settings import Settings
from services.target_rules import TargetRulesService
from services.targets import TargetService
from services.transparency.export import exporter_for
from services.transparency.keys import load_log_key
from services.transparency.receipts import RECEIPT_BEARING, ReceiptRegistry
from services.visits import VisitService


@dataclass
class Container:
    settings: Settings
    app: PerfLedger
    ledger: Ledger
    policy: AccessPolicy
    organisation: OrganisationService
    periods: PeriodService
    target_rules: TargetRulesService
    targets: TargetService
    forecasts: ForecastService
    customers: CustomerService
    visits: VisitService
    deals: DealService
    coaching: CoachingService
    retrospectives: RetrospectiveService
    views: Views
    runner: ViewRunner
    tokens: Tokens
    review_catalogue: ReviewCatalogueService
    cycles: CycleService
    reviews: ReviewService
    review_records: ReviewRecords
    follower: LogFollower
    transparency: TransparencyService
    privacy: PrivacyService
    audit: AuditReads

    def start_workers(self) -> None:
        """The view runner and the ledger follower, as threads of this process."""
        self.runner.start()
        self.follower.start()

    measures: MeasureSource
    contest: Contest
    awards: AwardService
    nominations: NominationService
    programmes: ProgrammeService
    trajectories: TrajectoryReader

    def close(self) -> None:
        self.runner.stop()
        self.follower.stop()
        self.app.close()


def build(settings: Settings, clock: Clock = utc_now) -> Container:
    app = open_ledger(settings)
    ledger = Ledger(app, clock)
    snapshot = OrganisationSnapshot(ledger)
    app.cipher.on_destroyed(snapshot.forget)
    policy = AccessPolicy(snapshot)
    store = view_store_for(app.factory.datastore, app.cipher, settings.creates_schema)  # type: ignore[attr-defined]
    views = build_views(store)
    runner = ViewRunner(
        app,
        views.all(),
        batch_size=settings.projection_batch_size,
        poll_seconds=settings.projection_poll_seconds,
        create=settings.creates_schema,
    )
    periods = PeriodService(ledger, policy)
    review_catalogue = ReviewCatalogueService(ledger, policy)
    cycles = CycleService(ledger, policy, periods, review_catalogue)
    target_rules = TargetRulesService(ledger, policy)
    follower = _follower(settings, app, LogStore(store), clock)
    wait = settings.read_wait_seconds
    measures = ViewMeasures(
        views.targets, views.visits, views.coaching, views.deals, policy.organisation, runner, wait
    )
    # The process and result figures reviews show, from the measure source.
    figures: PerformanceFigures = MeasuredFigures(
        measures, lambda: target_rules.rulebook().measures[0].code, ledger.head
    )
    awards = AwardService(ledger, policy)
    contest = Contest(measures, policy.organisation)
    index = ProgrammeIndexOfView(views.incentives, runner, wait)
    return Container(
        settings=settings,
        app=app,
        ledger=ledger,
        policy=policy,
        organisation=OrganisationService(ledger, policy),
        periods=periods,
        target_rules=target_rules,
        targets=TargetService(ledger, policy, periods, target_rules),
        forecasts=ForecastService(ledger, policy, periods, target_rules),
        customers=CustomerService(ledger, policy),
        visits=VisitService(ledger, policy, periods),
        deals=DealService(ledger, policy),
        coaching=CoachingService(ledger, policy),
        retrospectives=RetrospectiveService(ledger, policy, periods),
        views=views,
        runner=runner,
        tokens=Tokens(settings),
        review_catalogue=review_catalogue,
        cycles=cycles,
        reviews=ReviewService(ledger, policy, cycles, figures),
        review_records=ReviewRecords(cycles, policy, figures),
        follower=follower,
        transparency=TransparencyService(
            app, policy, follower.store, follower, follower.key, ReceiptRegistry(RECEIPT_BEARING)
        ),
        measures=measures,
        contest=contest,
        awards=awards,
        nominations=NominationService(ledger, policy, periods, awards),
        programmes=ProgrammeService(ledger, policy, periods, awards, target_rules, contest, index),
        privacy=PrivacyService(ledger, policy, app.cipher),
        trajectories=TrajectoryReader(
            views.trajectories, views.targets, views.reviews, views.awards
        ),
        audit=AuditReads(views.audit, app, policy),
    )


def _follower(settings: Settings, app: PerfLedger, store: LogStore, clock: Clock) -> LogFollower:
    if settings.creates_schema:
        store.create()
    exporter = exporter_for(settings.ledger_export)
    return LogFollower(
        app,
        store,
        load_log_key(settings),
        clock,
        [exporter] if exporter else [],
        batch_size=settings.projection_batch_size,
        head_seconds=settings.ledger_head_seconds,
        poll_seconds=settings.projection_poll_seconds,
        export_leaves=settings.ledger_export_leaves,
    )
