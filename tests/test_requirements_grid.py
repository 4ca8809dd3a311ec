"""The slot grid: open days and hours, slot starts, shares of a day
(staffopt.requirements.grid)."""

from __future__ import annotations

import math
import random

import pytest
from helpers import GUARD, PROPERTY, hand_branch, hand_standards, random_case
from hypothesis import given, strategies as st

from staffopt.config.models import Branch, Standards
from staffopt.requirements.grid import clock, day_shares, opening_hours, slot_starts


def _std(**changes: object) -> Standards:
    return Standards.model_validate(hand_standards(roles={"guard": GUARD}, **changes))


def _calendar(hours: dict[str, str], slot: int = 30) -> dict[str, object]:
    return {"slot_minutes": slot, "opening_hours": hours, "open_days_per_year": 300}


def test_clock() -> None:
    assert clock(0) == "00:00"
    assert clock(9 * 60 + 30) == "09:30"
    assert clock(24 * 60) == "24:00"


def test_branch_overrides_opening_hours_key_by_key() -> None:
    # Standards open mon and tue; the branch closes tue and opens sun.
    std = _std(calendar=_calendar({"mon": "09:00-10:00", "tue": "09:00-10:00"}, 60))
    branch = Branch.model_validate(
        hand_branch(opening_hours={"tue": "closed", "sun": "10:00-11:00"})
    )
    hours = opening_hours(std, branch)
    assert list(hours) == ["mon", "sun"]
    assert hours == {"mon": (540, 600), "sun": (600, 660)}


def test_slot_starts_follow_the_slot_length() -> None:
    std = _std(calendar=_calendar({"mon": "09:00-10:00"}, 15))
    assert list(slot_starts(std, 540, 600)) == [540, 555, 570, 585]


def test_shares_follow_intraday_profile() -> None:
    # 30-minute slots 09:00-11:00: weights 1, 1, 3, 3 (hours 09, 09, 10, 10).
    std = _std(calendar=_calendar({"mon": "09:00-11:00"}), intraday_profile={"09": 1, "10": 3})
    assert day_shares(std, 540, 660) == pytest.approx([1 / 8, 1 / 8, 3 / 8, 3 / 8])


def test_equal_shares_where_a_day_has_no_weight() -> None:
    # Open 18:00-20:00, a profile that gives those hours nothing: four equal shares.
    std = _std(calendar=_calendar({"mon": "18:00-20:00"}), intraday_profile={"09": 1, "18": 0})
    assert day_shares(std, 18 * 60, 20 * 60) == [0.25] * 4


def test_shares_of_weights_whose_sum_overflows() -> None:
    # Two weights of 1e308 sum to infinity in floats; the shares are still ½ and ½.
    std = _std(calendar=_calendar({"mon": "09:00-10:00"}), intraday_profile={"09": 1e308})
    assert day_shares(std, 540, 600) == [0.5, 0.5]
    std = _std(
        calendar=_calendar({"mon": "09:00-12:00"}, 60),
        intraday_profile={"09": 1e308, "10": 1e308, "11": 1.0},
    )
    assert day_shares(std, 540, 720) == pytest.approx([0.5, 0.5, 0.0])


@PROPERTY
@given(st.randoms(use_true_random=False))
def test_property_shares_of_a_day_sum_to_one(rng: random.Random) -> None:
    std_doc, branch_doc = random_case(rng)
    std, branch = Standards.model_validate(std_doc), Branch.model_validate(branch_doc)
    for first, last in opening_hours(std, branch).values():
        shares = day_shares(std, first, last)
        assert len(shares) == len(slot_starts(std, first, last))
        assert len(shares) == (last - first) // std.calendar.slot_minutes
        assert all(share >= 0 for share in shares)
        assert math.fsum(shares) == pytest.approx(1.0, abs=1e-12)
