"""The process and result figures a review shows beside the manager's rating.

They come from other bounded contexts (targets and forecasts, visits and
coaching); a review records the figures the manager saw when sealing, so that
the record shows what the judgement was made against.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CycleFigures:
    """A person's figures for a period; ``available`` is False when no source answers."""

    available: bool
    note: str
    attainment: Decimal | None = None  # result / target
    forecast_accuracy: Decimal | None = None  # |actual - forecast| / forecast
    planned_visit_share: Decimal | None = None  # visits planned with a purpose / all visits
    coaching_sessions: int | None = None  # coaching sessions and ride-alongs received

    @classmethod
    def unavailable(cls, note: str) -> CycleFigures:
        return cls(available=False, note=note)
