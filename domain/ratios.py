"""Exact decimal arithmetic for strategies, tolerances, attainment and accuracy.

Products of the bounded inputs a target accepts are computed in a context wide
enough that nothing is rounded, and rounding is trapped: a strategy never
drifts the way floats do. Comparisons against a tolerance or a band multiply
rather than divide, so an edge case is decided exactly.
"""

from __future__ import annotations

from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    Rounded,
)

EXACT = Context(prec=60, traps=[Inexact, Rounded, InvalidOperation, Overflow, DivisionByZero])
# Ratios shown to people (attainment, forecast error) keep this many places.
RATIO_PLACES = Decimal("0.0001")
ZERO = Decimal(0)
CENTS = Decimal("0.01")


def product(*factors: Decimal) -> Decimal:
    """The exact product of the factors (rounding would raise, not drift)."""
    result = Decimal(1)
    for factor in factors:
        result = EXACT.multiply(result, factor)
    return result


def total(values: list[Decimal]) -> Decimal:
    """The exact sum of the values."""
    result = ZERO
    for value in values:
        result = EXACT.add(result, value)
    return result


def within_fraction(reference: Decimal, value: Decimal, fraction: Decimal) -> bool:
    """|value - reference| <= fraction x reference, decided exactly (edges included)."""
    gap = EXACT.subtract(value, reference).copy_abs()
    return gap <= EXACT.multiply(fraction, reference)


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator to four places, or None when there is nothing to divide by."""
    if denominator == 0:
        return None
    return (numerator / denominator).quantize(RATIO_PLACES, rounding=ROUND_HALF_EVEN)


def money_text(amount: Decimal) -> str:
    """An amount with two places, or more where an exact product has them (never rounded)."""
    cents = amount.quantize(CENTS)
    return f"{cents:f}" if cents == amount else f"{amount.normalize():f}"


def number_text(amount: Decimal) -> str:
    """A count or rate without trailing zeros or exponent (140, not 140.0; 2.5, not 2.5000)."""
    return f"{amount.normalize():f}" if amount != amount.to_integral_value() else f"{amount:.0f}"
