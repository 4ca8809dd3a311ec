"""§3's rounding, and the arithmetic that keeps absurd magnitudes from raising.

Every ceil of §3 forgives 1e-9 of float noise first. Figures are floats; where a product
of absurd inputs overflows a float, the kinds redo it in exact rational arithmetic
(``fractions.Fraction``), which these helpers accept as well.
"""

from __future__ import annotations

import math
from fractions import Fraction

TOLERANCE = 1e-9
_EXACT_TOLERANCE = Fraction(TOLERANCE)  # the same binary value, for exact arithmetic


def ceil_tol(x: float | Fraction) -> int:
    """Ceil after forgiving 1e-9 of float noise, so that 3.0000000001 stays 3 (never below 0).

    A float must be finite; a Fraction may be of any size.
    """
    if isinstance(x, Fraction):
        return max(0, math.ceil(x - _EXACT_TOLERANCE))
    return max(0, math.ceil(x - TOLERANCE))


def ceil_ratio(numerator: int, denominator: int) -> int:
    """``ceil_tol(numerator / denominator)`` for counts, exact where the quotient is too
    large for a float."""
    try:
        return ceil_tol(numerator / denominator)
    except OverflowError:
        return ceil_tol(Fraction(numerator, denominator))


def ratio(x: float, count: int) -> float:
    """``x / count`` for a count of people, also where the count is too large for a float."""
    try:
        return x / count
    except OverflowError:
        return x if math.isinf(x) else 0.0


def to_float(x: Fraction) -> float:
    """An exact figure as a float: infinity where it is beyond the float range."""
    try:
        return float(x)
    except OverflowError:
        return math.inf
