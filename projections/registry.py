"""Every read model of the product, built over one store."""

from __future__ import annotations

from dataclasses import dataclass, fields

from projections.directory import Directory
from projections.periods import Periods
from projections.reviews import Reviews
from projections.store import ViewStore
from projections.targets import Targets
from projections.view import View


@dataclass(frozen=True)
class Views:
    directory: Directory
    periods: Periods
    reviews: Reviews
    targets: Targets

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
    )
