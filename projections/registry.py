"""Every read model of the product, built over one store."""

from __future__ import annotations

from dataclasses import dataclass, fields

from projections.audit import AuditTrail
from projections.awards import Awards
from projections.coaching import Coaching
from projections.customers import Customers
from projections.deals import Deals
from projections.directory import Directory
from projections.incentives import Incentives
from projections.periods import Periods
from projections.retrospectives import Retrospectives
from projections.reviews import Reviews
from projections.store import ViewStore
from projections.targets import Targets
from projections.trajectory import Trajectories
from projections.view import View
from projections.visits import Visits


@dataclass(frozen=True)
class Views:
    directory: Directory
    periods: Periods
    reviews: Reviews
    targets: Targets
    customers: Customers
    visits: Visits
    deals: Deals
    coaching: Coaching
    retrospectives: Retrospectives
    incentives: Incentives
    awards: Awards
    trajectories: Trajectories
    audit: AuditTrail

    def all(self) -> list[View]:
        return [getattr(self, f.name) for f in fields(self)]

    def names(self) -> list[str]:
        return [v.tracking_name for v in self.all()]


def build_views(store: ViewStore, prefix: str = "") -> Views:
    """All views; a ``prefix`` builds a second set of tables (for rebuild checks)."""
    return Views(
        directory=Directory(store, prefix),
        periods=Periods(store, prefix),
        reviews=Reviews(store, prefix),
        targets=Targets(store, prefix),
        customers=Customers(store, prefix),
        visits=Visits(store, prefix),
        deals=Deals(store, prefix),
        coaching=Coaching(store, prefix),
        retrospectives=Retrospectives(store, prefix),
        incentives=Incentives(store, prefix),
        awards=Awards(store, prefix),
        trajectories=Trajectories(store, prefix),
        audit=AuditTrail(store, prefix),
    )
