"""Use cases of the target rules: the measures and numbers an admin configures."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any

from domain.measures import Measure
from domain.organisation import Role
from domain.target_rules import DEFAULT_RULEBOOK, TARGET_RULES_ID, Rulebook, TargetRules
from domain.values import Stamp
from services.commands import Accepted, Command, use_case
from services.ledger import Ledger
from services.policy import AccessPolicy


@dataclass(frozen=True)
class RuleChanges:
    """The numbers to change; those left as None stay as they are."""

    tolerance: Decimal | None = None
    accuracy_band: Decimal | None = None
    forecast_cutoff_days: int | None = None
    visits_per_deal: Decimal | None = None
    history_months: int | None = None

    def applied_to(self, rulebook: Rulebook) -> Rulebook:
        changed: dict[str, Any] = {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }
        return replace(rulebook, **changed)


@dataclass
class TargetRulesService:
    ledger: Ledger
    policy: AccessPolicy

    def rulebook(self) -> Rulebook:
        """The rules in force: the configured ones, or the defaults before any change."""
        rules = self._find()
        return DEFAULT_RULEBOOK if rules is None else rules.rulebook

    @use_case
    def change(self, cmd: Command, changes: RuleChanges) -> Accepted:
        """An admin changes tolerance, band, cut-off or plan defaults; they apply from now on."""
        rules, stamp = self._administer(cmd)
        rules.change(stamp, changes.applied_to(rules.rulebook))
        return self.ledger.commit(cmd, rules, id=str(TARGET_RULES_ID))

    @use_case
    def define_measure(self, cmd: Command, code: str, name: str, basis: str) -> Accepted:
        """An admin adds a measure targets may be set in; measures are never removed."""
        rules, stamp = self._administer(cmd)
        rules.define_measure(stamp, Measure.define(code, name, basis))
        return self.ledger.commit(cmd, rules, id=code)

    def _administer(self, cmd: Command) -> tuple[TargetRules, Stamp]:
        self.policy.require_role(cmd.actor, Role.ADMIN)
        stamp = self.ledger.stamp(cmd)
        rules = self._find()
        if rules is None:
            return TargetRules.configure(stamp), stamp
        self.ledger.check_version(cmd, rules)
        return rules, stamp

    def _find(self) -> TargetRules | None:
        if not self.ledger.exists(TARGET_RULES_ID):
            return None
        return self.ledger.load(TargetRules, TARGET_RULES_ID, "target rules")
