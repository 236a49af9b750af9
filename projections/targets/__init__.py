"""The targets context's read model: targets, plans, actuals, forecasts, closes."""

from projections.targets.view import Targets

__all__ = ["Targets"]
