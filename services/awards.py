"""Use cases of awards: the organisation's catalogue, and nominations an HRBP decides."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError

from domain.awards import (
    AWARD_CATALOGUE_ID,
    Award,
    AwardCatalogue,
    GrantedBy,
    Level,
    shipped_awards,
)
from domain.nominations import Nomination, Verdict
from domain.organisation import Role
from domain.periods import PeriodKey
from services.calendar import local_day
from services.commands import Accepted, Command, use_case
from services.ledger import Ledger
from services.periods import PeriodService
from services.policy import AccessPolicy


@dataclass
class AwardService:
    ledger: Ledger
    policy: AccessPolicy

    @use_case
    def define(self, cmd: Command, award: Award) -> Accepted:
        """An admin defines an award with its meaning; a defined award is never redefined."""
        self.policy.require_role(cmd.actor, Role.ADMIN)
        stamp = self.ledger.stamp(cmd)
        if self.ledger.exists(AWARD_CATALOGUE_ID):
            catalogue = self.ledger.load(AwardCatalogue, AWARD_CATALOGUE_ID, "award catalogue")
            self.ledger.check_version(cmd, catalogue)
        else:
            catalogue = AwardCatalogue.start(stamp)
        catalogue.define(stamp, award)
        return self.ledger.commit(cmd, catalogue, id=award.code)

    def catalogue(self) -> AwardCatalogue:
        """The awards in force: the defaults until the organisation defines more."""
        try:
            found: object = self.ledger.app.repository.get(AWARD_CATALOGUE_ID)
        except AggregateNotFoundError:
            return shipped_awards()
        assert isinstance(found, AwardCatalogue)
        return found


@dataclass
class NominationService:
    ledger: Ledger
    policy: AccessPolicy
    periods: PeriodService
    awards: AwardService

    @use_case
    def nominate(
        self, cmd: Command, nominee_id: str, award_code: str, period_key: str, citation: str
    ) -> Accepted:
        """A manager above the nominee (on the period's last day, or today while it runs)
        puts them forward for an award that is granted by nomination, citing what they did."""
        stamp = self.ledger.stamp(cmd)
        period = self.periods.named(period_key, "period")
        day = period.looked_back_from(local_day(stamp.recorded_at, self._timezone()))
        self.policy.organisation().person(nominee_id)
        self.policy.require_above_on(cmd.actor, nominee_id, day)
        award = self.awards.catalogue().award(award_code)
        award.check_grant(Level.INDIVIDUAL, GrantedBy.NOMINATION)
        key = PeriodKey.parse(period.key)
        nomination = Nomination.nominate(stamp, uuid4(), nominee_id, award.code, key, day, citation)
        return self.ledger.commit(cmd, nomination, id=str(nomination.id))

    @use_case
    def decide(self, cmd: Command, nomination_id: UUID, verdict: Verdict, reason: str) -> Accepted:
        """The nominee's HRBP on the nomination's day confirms it (the award is granted)
        or declines it, with a reason either way."""
        nomination = self.ledger.load(Nomination, nomination_id, "nomination")
        self.policy.require_hrbp_on(cmd.actor, nomination.nominee_id, nomination.nominated_on)
        self.ledger.check_version(cmd, nomination)
        nomination.decide(self.ledger.stamp(cmd), verdict, reason)
        return self.ledger.commit(cmd, nomination, id=str(nomination.id))

    def _timezone(self) -> str:
        return self.policy.organisation().timezone
