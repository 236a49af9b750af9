"""Use cases of the review configuration: rubrics and scheme versions."""

from __future__ import annotations

from dataclasses import dataclass

from eventsourcing.application import AggregateNotFoundError

from domain.organisation import Role
from domain.review_catalogue import CATALOGUE_ID, ReviewCatalogue, shipped_catalogue
from domain.rubrics import Rubric
from domain.scheme import Scheme
from domain.values import Stamp
from services.commands import Accepted, Command, use_case
from services.ledger import Ledger
from services.policy import AccessPolicy


@dataclass
class ReviewCatalogueService:
    ledger: Ledger
    policy: AccessPolicy

    @use_case
    def publish_rubric(self, cmd: Command, rubric: Rubric) -> Accepted:
        """An admin publishes a rubric version; published versions are never changed."""
        self.policy.require_role(cmd.actor, Role.ADMIN)
        catalogue, stamp = self._writable(cmd)
        catalogue.publish_rubric(stamp, rubric)
        return self.ledger.commit(cmd, catalogue, id=rubric.key)

    @use_case
    def configure_scheme(self, cmd: Command, scheme: Scheme) -> Accepted:
        """An admin sets the scale, weights, guidance and thresholds for cycles opened later."""
        self.policy.require_role(cmd.actor, Role.ADMIN)
        catalogue, stamp = self._writable(cmd)
        numbered = catalogue.configure_scheme(stamp, scheme)
        return self.ledger.commit(cmd, catalogue, id=str(numbered.version))

    def _writable(self, cmd: Command) -> tuple[ReviewCatalogue, Stamp]:
        stamp = self.ledger.stamp(cmd)
        if not self.ledger.exists(CATALOGUE_ID):
            return ReviewCatalogue.start(stamp), stamp
        catalogue = self.ledger.load(ReviewCatalogue, CATALOGUE_ID, "review catalogue")
        self.ledger.check_version(cmd, catalogue)
        return catalogue, stamp

    def catalogue(self) -> ReviewCatalogue:
        """The configuration in force: the shipped one until something is published."""
        try:
            found: object = self.ledger.app.repository.get(CATALOGUE_ID)
        except AggregateNotFoundError:
            return shipped_catalogue()
        assert isinstance(found, ReviewCatalogue)
        return found
