"""Arrivals in a slot: daily volume × weekday factor × share
(staffopt.requirements.arrivals)."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
from helpers import GUARD, PROPERTY, hand_branch, hand_standards, random_case
from hypothesis import given, strategies as st

from staffopt.config.models import Branch, Standards
from staffopt.requirements.arrivals import arrivals, daily_visitors, weekday_factor, zone_volume
from staffopt.requirements.grid import day_shares, opening_hours


def test_weekday_factor_branch_then_standards_then_one() -> None:
    # Factors: standards mon 2.0, tue 0.5; the branch sets mon 1.0; sun is in neither.
    std = Standards.model_validate(
        hand_standards(roles={"guard": GUARD}, weekday_factors={"mon": 2.0, "tue": 0.5})
    )
    branch = Branch.model_validate(
        hand_branch(volume={"daily": {}, "weekday_factors": {"mon": 1.0}})
    )
    assert [weekday_factor(std, branch, d) for d in ("mon", "tue", "sun")] == [1.0, 0.5, 1.0]


def test_arrivals_is_the_product() -> None:
    assert arrivals(80, 1.5, 1 / 8) == 80 * 1.5 / 8
    assert arrivals(80, 1.5, 1 / 8, Fraction) == Fraction(15)


def test_a_zero_factor_or_share_gives_no_arrivals_even_after_an_overflow() -> None:
    assert 1e308 * 1e308 * 0.0 != 1e308 * 1e308 * 0.0  # the NaN a plain product gives
    assert arrivals(1e308, 1e308, 0.0) == 0.0
    assert arrivals(1e308, 0.0, 0.5) == 0.0
    assert arrivals(0.0, 1e308, 0.5) == 0.0
    assert arrivals(1e308, 1e308, 0.5) == math.inf  # overflow, left to the kinds


def test_visitors_default_to_all_daily_transactions() -> None:
    branch = Branch.model_validate(hand_branch(volume={"daily": {"kiosk": 40, "deposit": 100}}))
    assert daily_visitors(branch) == 140
    branch = Branch.model_validate(
        hand_branch(volume={"daily": {"kiosk": 40, "deposit": 100}, "visitors": 120})
    )
    assert daily_visitors(branch) == 120


def test_visitors_exact_where_their_float_sum_overflows() -> None:
    branch = Branch.model_validate(hand_branch(volume={"daily": {"a": 1e308, "b": 1e308}}))
    assert daily_visitors(branch) == math.inf
    assert daily_visitors(branch, Fraction) == 2 * Fraction(1e308)


def test_zone_volume_by_hand() -> None:
    # 30 deposits × 4 min + 30 withdrawals × 2 min in cash; 5 consults × 20 min in vip.
    std = Standards.model_validate(hand_standards(roles={"guard": GUARD}))
    branch = Branch.model_validate(
        hand_branch(volume={"daily": {"deposit": 30, "withdrawal": 30, "consult": 5}})
    )
    assert zone_volume(std, branch, "cash", 1.0, 1.0) == (60.0, 180.0)
    assert zone_volume(std, branch, "vip", 2.0, 0.5) == (5.0, 100.0)
    assert zone_volume(std, branch, "non_cash", 1.0, 1.0) == (0.0, 0.0)
    assert zone_volume(std, branch, "cash", 1.0, 0.25, Fraction) == (15, 45)


@PROPERTY
@given(st.randoms(use_true_random=False))
def test_property_a_day_spreads_its_whole_volume(rng: random.Random) -> None:
    std_doc, branch_doc = random_case(rng)
    std, branch = Standards.model_validate(std_doc), Branch.model_validate(branch_doc)
    visitors = daily_visitors(branch)
    for day, (first, last) in opening_hours(std, branch).items():
        factor = weekday_factor(std, branch, day)
        spread = [arrivals(visitors, factor, s) for s in day_shares(std, first, last)]
        assert math.fsum(spread) == pytest.approx(visitors * factor, rel=1e-9, abs=1e-9)
