"""Use cases of forecasts: the rep's and the manager's expected result, each kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.forecasts import ForecastRole, ForecastSeries, forecast_series_id
from domain.measures import Figure
from domain.periods import PeriodKey
from services.commands import Accepted, Actor, Command, use_case
from services.ledger import Ledger
from services.periods import PeriodService
from services.policy import AccessPolicy
from services.target_rules import TargetRulesService


@dataclass
class ForecastService:
    ledger: Ledger
    policy: AccessPolicy
    periods: PeriodService
    rules: TargetRulesService

    @use_case
    def submit(
        self, cmd: Command, person_id: str, period_key: str, figures: Sequence[Figure]
    ) -> Accepted:
        """A rep forecasts their own result and their direct manager that day does separately;
        either may do so as often as they like until the period closes, and all are kept."""
        stamp = self.ledger.stamp(cmd)
        role = self._role(cmd.actor, person_id, stamp.recorded_at.date())
        period = PeriodKey.parse(period_key)
        self.periods.get(period.key).check_open()
        series_id = forecast_series_id(person_id, period.key)
        series = (
            self.ledger.load(ForecastSeries, series_id)
            if self.ledger.exists(series_id)
            else ForecastSeries.begin(stamp, person_id, period)
        )
        series.submit(stamp, role, figures, self.rules.rulebook())
        return self.ledger.commit(cmd, series, id=str(series.id))

    def _role(self, actor: Actor, person_id: str, day: date) -> ForecastRole:
        self.policy.organisation().person(person_id)
        if actor.person_id == person_id:
            return ForecastRole.REP
        self.policy.require_manager_on(actor, person_id, day)
        return ForecastRole.MANAGER
