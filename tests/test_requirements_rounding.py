"""§3's rounding and the arithmetic that copes with absurd magnitudes
(staffopt.requirements.rounding)."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from staffopt.requirements.rounding import TOLERANCE, ceil_ratio, ceil_tol, ratio, to_float


def test_ceil_forgives_float_noise() -> None:
    assert 180 * 1.1 / (30 * 0.6) > 11  # 11.000000000000002: the noise the rule forgives
    assert ceil_tol(180 * 1.1 / (30 * 0.6)) == 11
    assert ceil_tol(3.0000000001) == 3
    assert ceil_tol(3.00001) == 4
    assert ceil_tol(3.0) == 3


def test_ceil_is_never_negative() -> None:
    assert ceil_tol(0.0) == 0
    assert ceil_tol(TOLERANCE / 2) == 0
    assert ceil_tol(Fraction(0)) == 0


def test_ceil_of_exact_figures_forgives_the_same() -> None:
    assert ceil_tol(Fraction(3) + Fraction(1, 10**10)) == 3
    assert ceil_tol(Fraction(3) + Fraction(1, 10**8)) == 4
    huge = Fraction(10**400, 3)  # no float holds it
    assert ceil_tol(huge) == 10**400 // 3 + 1


def test_ceil_ratio_of_counts() -> None:
    assert ceil_ratio(300, 250) == 2
    assert ceil_ratio(248, 248) == 1
    assert ceil_ratio(0, 40) == 0
    # 10^400 customers: the float quotient overflows, the exact one does not
    with pytest.raises(OverflowError):
        _ = 10**400 / 7
    assert ceil_ratio(10**400, 7) == -(-(10**400) // 7)


def test_ratio_of_a_figure_to_a_count() -> None:
    assert ratio(8 / 3, 4) == 8 / 3 / 4
    assert ratio(5.0, 10**400) == 0.0
    assert ratio(math.inf, 10**400) == math.inf


def test_to_float_saturates_at_infinity() -> None:
    assert to_float(Fraction(1, 4)) == 0.25
    assert to_float(Fraction(10**400)) == math.inf
