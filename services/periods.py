"""Use cases of periods: configure (open) and close them; ask whether a day is closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from eventsourcing.application import AggregateNotFoundError

from domain.errors import InvalidInput, NotFound, StateConflict, UnknownReference
from domain.organisation import Role
from domain.periods import Period, PeriodKey
from services.commands import Accepted, Command, use_case
from services.ledger import Ledger
from services.policy import AccessPolicy


@dataclass
class PeriodService:
    ledger: Ledger
    policy: AccessPolicy

    @use_case
    def open(self, cmd: Command, key: str) -> Accepted:
        """An admin configures a period; targets and forecasts are set against it."""
        self.policy.require_role(cmd.actor, Role.ADMIN)
        period_key = PeriodKey.parse(key)
        if self.find(period_key.key) is not None:
            raise StateConflict(f"period {period_key.key} is already configured")
        period = Period.open(self.ledger.stamp(cmd), period_key)
        return self.ledger.commit(cmd, period, id=period_key.key)

    @use_case
    def close(self, cmd: Command, key: str) -> Accepted:
        """Closing makes the period's results final; later facts are late adjustments."""
        self.policy.require_role(cmd.actor, Role.ADMIN)
        period = self.get(key)
        self.ledger.check_version(cmd, period)
        period.close(self.ledger.stamp(cmd))
        return self.ledger.commit(cmd, period, id=period.key)

    def find(self, key: str) -> Period | None:
        try:
            period: object = self.ledger.app.repository.get(PeriodKey.parse(key).id)
        except AggregateNotFoundError:
            return None
        return period if isinstance(period, Period) else None

    def named(self, key: str, field: str) -> Period:
        """The configured period a command's field names, or a problem naming the field."""
        try:
            period = self.find(key)
        except InvalidInput as e:
            raise InvalidInput(field, e.reason) from None
        if period is None:
            raise UnknownReference("period", key, field)
        return period

    def get(self, key: str) -> Period:
        period = self.find(key)
        if period is None:
            raise NotFound("period", key)
        return period

    def closed_period_on(self, day: date) -> str | None:
        """The key of a closed period containing the day, if any (month first)."""
        for key in PeriodKey.containing(day):
            period = self.find(key.key)
            if period is not None and period.is_closed:
                return key.key
        return None

    def require_open_on(self, day: date, field: str = "occurred_at") -> None:
        """Facts dated in a closed period are refused, naming the caller's field; so are
        days no period can hold."""
        try:
            closed = self.closed_period_on(day)
        except InvalidInput as e:
            raise InvalidInput(field, f"{day} is outside the periods ({e.reason})") from None
        if closed is not None:
            raise StateConflict(f"{field}: {day} falls in closed period {closed}")
