"""The workload kind: the lobby by review minutes per slot
(staffopt.requirements.kinds.workload)."""

from __future__ import annotations

import math
import random
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    GENERATED,
    PROPERTY,
    REQUIREMENTS_DATA,
    assert_kind_matches_spec,
    file_cases,
    hand_branch,
    hand_standards,
    random_case,
    required_grid,
    sized,
    spec_inputs,
)
from hypothesis import given, strategies as st
from spec import SlotContext, SlotNeed, ceil_tol

from staffopt.config import load_branch
from staffopt.requirements import compute

# ---------------------------------------------------------------- §3 oracle (used by tests/spec.py)


def oracle_slots(name: str, role: dict[str, Any], ctx: SlotContext) -> list[SlotNeed]:
    """§3 workload: max(min_on_duty, ceil(W ÷ (slot minutes × max_occupancy)))."""
    self_service = sum(ctx.arrivals(t) for t in ctx.zone_types("self_service"))
    work = ctx.visitors * ctx.factor * ctx.share * role.get(
        "minutes_per_visitor", 0
    ) + self_service * role.get("minutes_per_self_service", 0)
    required = max(
        role.get("min_on_duty", 0),
        ceil_tol(work / (ctx.minutes * role.get("max_occupancy", 1.0))),
    )
    return [SlotNeed(name, required)]


def oracle_floors(
    name: str, role: dict[str, Any], std: dict[str, Any], branch: dict[str, Any]
) -> dict[str, int]:
    """§3 gives a workload role no floor; the output lists every role."""
    return {name: 0}

LOBBY = {
    "sizing": "workload",
    "minutes_per_visitor": 1.0,
    "minutes_per_self_service": 0.5,
    "max_occupancy": 0.8,
    "min_on_duty": 1,
}


def _half_hours(**changes: Any) -> dict[str, Any]:
    """Standards with two 30-minute slots, 09:00 and 09:30, both in hour 09."""
    return hand_standards(
        calendar={
            "slot_minutes": 30,
            "opening_hours": {"mon": "09:00-10:00"},
            "open_days_per_year": 300,
        },
        intraday_profile={"09": 1.0},
        **changes,
    )


# ---------------------------------------------------------------- by hand


def test_workload_by_hand() -> None:
    # Shares ½ and ½. Visitors 120 → 60 a slot × 1.0 min; kiosk 40 → 20 a slot × 0.5 min.
    # W = 70 min; ceil(70 / (30 × 0.8)) = ceil(2.917) = 3 > min_on_duty 1.
    std = _half_hours(roles={"lobby": LOBBY})
    req = sized(std, hand_branch(volume={"daily": {"kiosk": 40, "deposit": 100}, "visitors": 120}))
    assert required_grid(req) == {("lobby", "mon", "09:00"): 3, ("lobby", "mon", "09:30"): 3}
    first = req.slots[0]
    assert first.arrivals == pytest.approx(60.0)
    assert first.load == pytest.approx(70 / 30)
    assert first.occupancy == pytest.approx(70 / 30 / 3)
    assert (first.aht, first.service_level, first.uncapped) == (None, None, None)
    # Without `visitors`, visitors = all daily transactions = 100 + 40 = 140 → 70 a slot.
    # W = 70 + 10 = 80; ceil(80 / 24) = ceil(3.333) = 4.
    req = sized(std, hand_branch(volume={"daily": {"kiosk": 40, "deposit": 100}}))
    assert set(required_grid(req).values()) == {4}
    # No volume at all: min_on_duty 1.
    assert set(required_grid(sized(std, hand_branch())).values()) == {1}


def test_workload_defaults() -> None:
    # No minutes given: no work, and no min_on_duty: 0 in every slot, no occupancy.
    req = sized(
        _half_hours(roles={"lobby": {"sizing": "workload"}}),
        hand_branch(volume={"daily": {"kiosk": 40}, "visitors": 120}),
    )
    assert [(s.required, s.load, s.occupancy) for s in req.slots] == [(0, 0.0, None)] * 2


def test_workload_tolerance_before_ceil() -> None:
    # One 30-minute slot; 180 visitors × 1.1 min = 198 min; 198 / (30 × 0.6) is 11 exactly,
    # but floats give 11.000000000000002: a plain ceil says 12, §3's tolerance keeps 11.
    lobby = {"sizing": "workload", "minutes_per_visitor": 1.1, "max_occupancy": 0.6}
    std = hand_standards(
        calendar={
            "slot_minutes": 30,
            "opening_hours": {"mon": "09:00-09:30"},
            "open_days_per_year": 300,
        },
        roles={"lobby": lobby},
    )
    assert math.ceil(180 * 1.1 / (30 * 0.6)) == 12  # the float noise the rule guards against
    req = sized(std, hand_branch(volume={"daily": {}, "visitors": 180}))
    assert required_grid(req) == {("lobby", "mon", "09:00"): 11}


def test_small_branch_lobby() -> None:
    # standards-small: 0.5 min a visitor and a kiosk review, occupancy 0.85, hourly slots.
    # Visitors = 160 + 12 + 80 = 252 a day; Monday weights 1, 2, 1 → 63, 126, 63 visitors
    # and 20, 40, 20 kiosk: W = 41.5, 83, 41.5 → ceil(W / 51) = 1, 2, 1. Saturday (factor
    # 0.5, weights 2, 1): W = 55.3, 27.7 → 2, 1.
    inp = load_branch(REQUIREMENTS_DATA / "small.yaml", REQUIREMENTS_DATA / "standards-small.yaml")
    req = compute(inp.standards, inp.branch)
    lobby = {(s.day, s.start // 60): s.required for s in req.slots if s.post == "lobby_manager"}
    assert lobby == {("mon", 9): 1, ("mon", 10): 2, ("mon", 11): 1, ("sat", 10): 2, ("sat", 11): 1}


# ---------------------------------------------------------------- §3, written again (tests/spec.py)


@pytest.mark.parametrize(("seed", "slot"), GENERATED)
def test_generated_branch_matches_spec(seed: int, slot: int) -> None:
    std, branch = random_case(random.Random(seed), slot)
    assert_kind_matches_spec(sized(std, branch), std, branch, "workload")


@PROPERTY
@given(st.randoms(use_true_random=False))
def test_property_matches_spec(rng: random.Random) -> None:
    std, branch = random_case(rng)
    assert_kind_matches_spec(sized(std, branch), std, branch, "workload")


@pytest.mark.parametrize(("branch", "standards"), file_cases(), ids=lambda p: Path(p).stem)
def test_files_match_spec(branch: Path, standards: Path) -> None:
    inp = load_branch(branch, standards)
    assert_kind_matches_spec(
        compute(inp.standards, inp.branch), *spec_inputs(branch, standards), "workload"
    )


@PROPERTY
@given(st.randoms(use_true_random=False))
def test_property_zero_volume_gives_min_on_duty(rng: random.Random) -> None:
    std, branch = random_case(rng)
    branch["volume"] = {"daily": {t: 0 for t in branch["volume"]["daily"]}}
    least = std["roles"]["lobby_manager"].get("min_on_duty", 0)
    req = sized(std, branch)
    assert {s.required for s in req.slots if s.post == "lobby_manager"} <= {least}


# ---------------------------------------------------------------- absurd magnitudes


def test_work_beyond_the_float_range_is_sized_exactly() -> None:
    # 1e308 visitors on a day of factor 1e10: W overflows a float; the requirement is
    # §3's figure all the same, from exact arithmetic on the same inputs.
    std = _half_hours(roles={"lobby": LOBBY}, weekday_factors={"mon": 1e10})
    req = sized(std, hand_branch(volume={"daily": {"kiosk": 1e308}, "visitors": 1e308}))
    work = Fraction(1e308) * Fraction(1e10) / 2 * Fraction(1.5)  # half a day, 1 + 0.5 min
    want = math.ceil(work / (30 * Fraction(0.8)) - Fraction(1e-9))
    assert [s.required for s in req.slots] == [want, want]
    assert all(s.arrivals == math.inf and s.load == math.inf for s in req.slots)
    assert all(s.occupancy == math.inf for s in req.slots)  # inf ÷ a count
    assert req.warnings == []


def test_no_minutes_per_visitor_and_overflowing_visitors_give_min_on_duty() -> None:
    # 0 minutes × an overflowed visitor count would be NaN; exactly it is 0 work.
    lobby = {**LOBBY, "minutes_per_visitor": 0.0, "minutes_per_self_service": 0.0}
    std = _half_hours(roles={"lobby": lobby}, weekday_factors={"mon": 1e300})
    req = sized(std, hand_branch(volume={"daily": {}, "visitors": 1e300}))
    assert [s.required for s in req.slots] == [1, 1]
    assert [s.load for s in req.slots] == [0.0, 0.0]
