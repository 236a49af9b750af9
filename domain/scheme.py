"""The review scheme: rating scale, composite weights, distribution guidance, talent matrix.

Every number here is the organisation's configuration (recorded as events in
the review catalogue) with the public defaults below; a cycle copies the scheme
in force when it opens, so a later change never alters an earlier cycle.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from domain.errors import InvalidInput
from domain.values import MAX_NAME, check_text

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


class Band(StrEnum):
    HIGH = "high"
    MIDDLE = "middle"
    LOW = "low"


class Placement(StrEnum):
    STAR = "star"
    WILD_DOG = "wild dog"
    OX = "ox"
    WHITE_RABBIT = "white rabbit"
    DOG = "dog"


class PerformanceMeasure(StrEnum):
    COMPOSITE = "composite"
    RATING = "rating"


@dataclass(frozen=True)
class Grade:
    """One step of the performance scale, its label and its distribution band."""

    value: Decimal
    label: str
    band: str


@dataclass(frozen=True)
class Guidance:
    """A distribution guidance in percent of a group: 361 is 30 / 60 / 10."""

    name: str
    high: int
    middle: int
    low: int

    def share(self, band: str) -> int:
        return {Band.HIGH: self.high, Band.MIDDLE: self.middle, Band.LOW: self.low}[Band(band)]


@dataclass(frozen=True)
class TalentThresholds:
    """Where the talent matrix cuts: performance high / middle, and values high."""

    performance_high: Decimal
    performance_middle: Decimal
    values_high: Decimal
    measure: str = PerformanceMeasure.COMPOSITE.value


@dataclass(frozen=True)
class Scheme:
    version: int
    scale: tuple[Grade, ...]
    performance_weight: int
    values_weight: int
    guidances: tuple[Guidance, ...]
    default_guidance: str
    tolerance: int  # percentage points a band may stray from the guidance
    talent: TalentThresholds
    conversation_flag_minutes: int = 60

    @property
    def top(self) -> Decimal:
        return max(g.value for g in self.scale)

    def grade(self, rating: Decimal) -> Grade:
        for grade in self.scale:
            if grade.value == rating:
                return grade
        steps = ", ".join(str(g.value) for g in self.scale)
        raise InvalidInput("rating", f"must be one of the scale's steps: {steps}")

    def guidance(self, name: str | None) -> Guidance:
        wanted = name or self.default_guidance
        for guidance in self.guidances:
            if guidance.name == wanted:
                return guidance
        known = ", ".join(g.name for g in self.guidances)
        raise InvalidInput("guidance", f"unknown guidance {wanted!r}; known: {known}")

    def check(self) -> Scheme:
        _check_scale(self.scale)
        if self.performance_weight < 0 or self.values_weight < 0:
            raise InvalidInput("weights", "must not be negative")
        if self.performance_weight + self.values_weight != 100:
            raise InvalidInput("weights", "performance and values weights must add up to 100")
        for guidance in self.guidances:
            _check_guidance(guidance)
        self.guidance(self.default_guidance)
        if not 0 <= self.tolerance <= 100:
            raise InvalidInput("tolerance", "must be 0 to 100 percentage points")
        if self.talent.performance_middle > self.talent.performance_high:
            raise InvalidInput("talent", "performance_middle must not exceed performance_high")
        if self.talent.measure not in set(PerformanceMeasure):
            raise InvalidInput("talent.measure", "must be 'composite' or 'rating'")
        if self.conversation_flag_minutes < 1:
            raise InvalidInput("conversation_flag_minutes", "must be at least 1")
        return self


def _check_scale(scale: Sequence[Grade]) -> None:
    if not 2 <= len(scale) <= 12:
        raise InvalidInput("scale", "a scale has 2 to 12 steps")
    if len({g.value for g in scale}) != len(scale):
        raise InvalidInput("scale", "steps must be distinct")
    for grade in scale:
        check_text("scale.label", grade.label, limit=MAX_NAME)
        if grade.band not in set(Band):
            raise InvalidInput("scale.band", "must be high, middle or low")
        if grade.value <= 0 or grade.value.as_tuple().exponent < -2:  # type: ignore[operator]
            raise InvalidInput("scale.value", "must be positive with at most 2 decimals")


def _check_guidance(guidance: Guidance) -> None:
    check_text("guidance.name", guidance.name, limit=20)
    shares = (guidance.high, guidance.middle, guidance.low)
    if min(shares) < 0 or sum(shares) != 100:
        raise InvalidInput("guidance", f"{guidance.name}: high, middle and low must add to 100")


GUIDANCE_361 = Guidance("361", 30, 60, 10)
GUIDANCE_271 = Guidance("271", 20, 70, 10)
DEFAULT_SCALE = (
    Grade(Decimal("3"), "fails", Band.LOW.value),
    Grade(Decimal("3.25"), "needs improvement", Band.LOW.value),
    Grade(Decimal("3.5"), "meets", Band.MIDDLE.value),
    Grade(Decimal("3.75"), "partly exceeds", Band.HIGH.value),
    Grade(Decimal("4"), "consistently exceeds", Band.HIGH.value),
    Grade(Decimal("5"), "outstanding", Band.HIGH.value),
)
DEFAULT_SCHEME = Scheme(
    version=0,
    scale=DEFAULT_SCALE,
    performance_weight=50,
    values_weight=50,
    guidances=(GUIDANCE_361, GUIDANCE_271),
    default_guidance="361",
    tolerance=10,
    talent=TalentThresholds(
        performance_high=Decimal("3.75"),
        performance_middle=Decimal("3.25"),
        values_high=Decimal("3"),
    ),
)


# --- scores ---------------------------------------------------------------------------


def values_score(points: int, max_points: int, top: Decimal) -> Decimal:
    """Values points on the performance scale's top (5), so the two sides weigh alike."""
    if max_points <= 0 or not 0 <= points <= max_points:
        raise InvalidInput("values", f"points must be 0 to {max_points}")
    return (Decimal(points) * top / Decimal(max_points)).quantize(CENT, ROUND_HALF_UP)


def composite(
    rating: Decimal, values: Decimal, performance_weight: int, values_weight: int
) -> Decimal:
    """Weighted mean of performance and values (weights in percent), to the cent."""
    weighted = Decimal(performance_weight) * rating + Decimal(values_weight) * values
    return (weighted / HUNDRED).quantize(CENT, ROUND_HALF_UP)


def place(
    thresholds: TalentThresholds, performance: Decimal, values: Decimal, *, red_line: bool
) -> str:
    """The talent matrix cell; a red-line finding overrides the performance side."""
    if red_line:
        return Placement.DOG.value
    high_values = values >= thresholds.values_high
    if performance >= thresholds.performance_high:
        return (Placement.STAR if high_values else Placement.WILD_DOG).value
    if not high_values:
        return Placement.DOG.value
    if performance >= thresholds.performance_middle:
        return Placement.OX.value
    return Placement.WHITE_RABBIT.value


# --- distribution ---------------------------------------------------------------------


@dataclass(frozen=True)
class BandShare:
    band: str
    count: int
    percent: Decimal
    guidance: int
    outside: bool


@dataclass(frozen=True)
class Distribution:
    """A group's ratings by band against the guidance; never a reason to change a rating."""

    guidance: str
    tolerance: int
    size: int
    bands: tuple[BandShare, ...] = field(default=())

    @property
    def within_tolerance(self) -> bool:
        return not any(b.outside for b in self.bands)


def distribution(scheme: Scheme, guidance: Guidance, ratings: Sequence[Decimal]) -> Distribution:
    counts = Counter(scheme.grade(r).band for r in ratings)
    size = len(ratings)
    bands = []
    for band in Band:
        percent = (
            (Decimal(counts[band]) * HUNDRED / size).quantize(CENT, ROUND_HALF_UP)
            if size
            else Decimal(0)
        )
        target = guidance.share(band)
        outside = size > 0 and abs(percent - target) > scheme.tolerance
        bands.append(BandShare(band.value, counts[band], percent, target, outside))
    return Distribution(guidance.name, scheme.tolerance, size, tuple(bands))
