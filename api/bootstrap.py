"""The composition root: one place that wires store, policy, services and views."""

from __future__ import annotations

from dataclasses import dataclass

from api.auth import Tokens
from projections.registry import Views, build_views
from projections.runner import ViewRunner
from projections.store import view_store_for
from services.clock import Clock, utc_now
from services.coaching import CoachingService
from services.customers import CustomerService
from services.deals import DealService
from services.ledger import Ledger, PerfLedger, open_ledger
from services.organisation import OrganisationService, OrganisationSnapshot
from services.periods import PeriodService
from services.policy import AccessPolicy
from services.retrospectives import RetrospectiveService
from services.settings import Settings
from services.visits import VisitService


@dataclass
class Container:
    settings: Settings
    app: PerfLedger
    ledger: Ledger
    policy: AccessPolicy
    organisation: OrganisationService
    periods: PeriodService
    customers: CustomerService
    visits: VisitService
    deals: DealService
    coaching: CoachingService
    retrospectives: RetrospectiveService
    views: Views
    runner: ViewRunner
    tokens: Tokens

    def close(self) -> None:
        self.runner.stop()
        self.app.close()


def build(settings: Settings, clock: Clock = utc_now) -> Container:
    app = open_ledger(settings)
    ledger = Ledger(app, clock)
    policy = AccessPolicy(OrganisationSnapshot(ledger))
    views = build_views(view_store_for(app.factory.datastore))  # type: ignore[attr-defined]
    runner = ViewRunner(
        app,
        views.all(),
        batch_size=settings.projection_batch_size,
        poll_seconds=settings.projection_poll_seconds,
    )
    return Container(
        settings=settings,
        app=app,
        ledger=ledger,
        policy=policy,
        organisation=OrganisationService(ledger, policy),
        periods=PeriodService(ledger, policy),
        customers=CustomerService(ledger, policy),
        visits=VisitService(ledger, policy, PeriodService(ledger, policy)),
        deals=DealService(ledger, policy),
        coaching=CoachingService(ledger, policy),
        retrospectives=RetrospectiveService(ledger, policy, PeriodService(ledger, policy)),
        views=views,
        runner=runner,
        tokens=Tokens(settings),
    )
