"""The queue kind: tellers by Erlang C per slot and zone, capped at the counters
(staffopt.requirements.kinds.queue)."""

from __future__ import annotations

import copy
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
    required_by_slot,
    required_grid,
    sized,
    spec_inputs,
)
from hypothesis import given, strategies as st
from spec import SlotContext, SlotNeed, ceil_tol, spec_service_level

from staffopt.config import load_branch
from staffopt.requirements import compute, servers_for_service_level, service_level

# ---------------------------------------------------------------- §3 oracle (used by tests/spec.py)


def oracle_slots(name: str, role: dict[str, Any], ctx: SlotContext) -> list[SlotNeed]:
    """§3 queue: per staffed zone, max(Erlang C servers, occupancy bound, min_on_duty),
    capped at the zone's counters."""
    needs: list[SlotNeed] = []
    for zone in role["zones"]:
        if zone == "self_service" or ctx.counters.get(zone, 0) <= 0:
            continue
        served = ctx.zone_types(zone)
        count = sum(ctx.arrivals(t) for t in served)
        work = sum(ctx.arrivals(t) * ctx.types[t]["minutes"] for t in served)
        load = work / ctx.minutes
        floor = role.get("min_on_duty", {}).get(zone, 0)
        if load == 0:
            required = floor
        else:
            aht = work / count
            n_queue = 0
            target = role.get("service_level")
            if target is not None:
                n_queue = 1
                while (
                    spec_service_level(n_queue, load, aht, target["wait_minutes"])
                    < target["percent"] / 100
                ):
                    n_queue += 1
            n_occ = ceil_tol(load / role.get("max_occupancy", 1.0))
            required = max(n_queue, n_occ, floor)
        post = f"{name}.{zone}"
        if required > ctx.counters[zone]:
            needs.append(SlotNeed(post, ctx.counters[zone], required))
        else:
            needs.append(SlotNeed(post, required))
    return needs


def oracle_floors(
    name: str, role: dict[str, Any], std: dict[str, Any], branch: dict[str, Any]
) -> dict[str, int]:
    """§3 gives a queue role no floor; the output lists every role."""
    return {name: 0}

TELLER = {
    "sizing": "queue",
    "zones": ["cash", "vip"],
    "service_level": {"percent": 80, "wait_minutes": 5},
    "max_occupancy": 0.85,
    "min_on_duty": {"cash": 1},
}


def _one_slot(**branch: object) -> object:
    return sized(hand_standards(roles={"teller": TELLER}), hand_branch(**branch))


# ---------------------------------------------------------------- by hand


def test_queue_textbook_slot() -> None:
    # One 60-minute slot takes the whole day (share 1, no weekday factor: 1.0).
    # 40 deposits × 4 min = 160 min → A = 160/60 = 2.667 Erl, AHT = 4 min.
    # SL(3) = 0.474 < 0.8 ≤ SL(4) = 0.929 → n_queue = 4.
    # n_occ = ceil(2.667 / 0.85) = ceil(3.137) = 4. min_on_duty 1. Counters 6 → 4.
    req = _one_slot(volume={"daily": {"deposit": 40}})
    [slot] = req.slots
    assert (slot.post, slot.day, slot.start, slot.required) == ("teller.cash", "mon", 9 * 60, 4)
    assert slot.load == pytest.approx(8 / 3)
    assert slot.aht == pytest.approx(4.0)
    assert slot.service_level == pytest.approx(0.9285, abs=1e-4)
    assert slot.occupancy == pytest.approx(8 / 3 / 4)
    assert req.warnings == []


def test_queue_occupancy_binds() -> None:
    # Same slot, max_occupancy 0.5: n_occ = ceil(2.667 / 0.5) = ceil(5.333) = 6 > n_queue 4.
    role = {**TELLER, "max_occupancy": 0.5}
    req = sized(
        hand_standards(roles={"teller": role}), hand_branch(volume={"daily": {"deposit": 40}})
    )
    assert required_grid(req) == {("teller.cash", "mon", "09:00"): 6}


def test_queue_without_service_level_uses_occupancy_alone() -> None:
    # No service_level (n_queue = 0), no max_occupancy (1.0), no min_on_duty (0):
    # n_occ = ceil(2.667 / 1.0) = 3.
    role = {"sizing": "queue", "zones": ["cash"]}
    req = sized(
        hand_standards(roles={"teller": role}), hand_branch(volume={"daily": {"deposit": 40}})
    )
    assert required_grid(req) == {("teller.cash", "mon", "09:00"): 3}
    assert req.slots[0].service_level is None


def test_queue_min_on_duty_binds() -> None:
    # 4 deposits: A = 16/60 = 0.267, SL(1) = 1 − 0.267·e^(−0.733·5/4) = 0.893 → n_queue 1;
    # n_occ = ceil(0.314) = 1; min_on_duty 3 wins.
    role = {**TELLER, "min_on_duty": {"cash": 3}}
    req = sized(
        hand_standards(roles={"teller": role}), hand_branch(volume={"daily": {"deposit": 4}})
    )
    assert required_grid(req) == {("teller.cash", "mon", "09:00"): 3}


def test_queue_mixed_types_aht() -> None:
    # 30 deposits × 4 + 30 withdrawals × 2 = 180 min → A = 3 Erl; AHT = 180 / 60 = 3 min.
    req = _one_slot(volume={"daily": {"deposit": 30, "withdrawal": 30}})
    [slot] = req.slots
    assert slot.load == pytest.approx(3.0)
    assert slot.aht == pytest.approx(3.0)
    assert slot.arrivals == pytest.approx(60.0)
    # n_occ = ceil(3 / 0.85) = 4, and SL(4) with A = 3, AHT 3, 5 min:
    assert slot.required == max(4, servers_for_service_level(3.0, 3.0, 5.0, 0.8))


def test_queue_capped_at_counters_with_warning() -> None:
    # Needs 4 (see the textbook slot) but the zone has 3 counters.
    req = _one_slot(counters={"cash": 3}, volume={"daily": {"deposit": 40}})
    [slot] = req.slots
    assert (slot.required, slot.uncapped) == (3, 4)
    [warning] = req.warnings
    assert (warning.code, warning.post, warning.day, warning.start) == (
        "counter-capacity",
        "teller.cash",
        "mon",
        9 * 60,
    )
    assert (warning.needed, warning.counters) == (4, 3)
    assert "needs 4" in warning.message and "3 counters" in warning.message


def test_queue_zero_load_gives_min_on_duty_capped_with_warning() -> None:
    # A = 0 → required = min_on_duty = 2, capped at the 1 counter: a capped slot warns.
    role = {**TELLER, "min_on_duty": {"cash": 2}}
    req = sized(hand_standards(roles={"teller": role}), hand_branch(counters={"cash": 1}))
    assert required_grid(req) == {("teller.cash", "mon", "09:00"): 1}
    assert [(w.post, w.needed, w.counters) for w in req.warnings] == [("teller.cash", 2, 1)]
    assert "1 counter;" in req.warnings[0].message


def test_queue_zones_without_counters_and_self_service_need_no_tellers() -> None:
    # vip has volume but no counters; self_service has counters but is never a teller zone.
    role = {**TELLER, "zones": ["cash", "vip", "self_service"]}
    req = sized(
        hand_standards(roles={"teller": role}),
        hand_branch(
            counters={"cash": 2, "vip": 0, "self_service": 4},
            volume={"daily": {"deposit": 10, "consult": 5, "kiosk": 100}},
        ),
    )
    assert req.posts == ["teller.cash"]
    assert req.warnings == []


def test_more_volume_of_short_work_can_lower_a_queue_requirement() -> None:
    # Not a bug but a consequence of §3 worth pinning down: AHT is the zone's average, so
    # adding a few short transactions to a zone of long ones shortens the expected wait.
    # 0.5 consults × 20 min in a 30-minute slot: A = 1/3, AHT 20. SL(1) = 1 − ⅓·e^(−⅔·10/20)
    # = 0.761 < 0.8 → 2. Add 1 quick 1-minute case: A = 11/30, AHT = 11/1.5 = 7.33,
    # SL(1) = 1 − 0.367·e^(−0.633·10/7.33) = 0.845 → 1.
    std = hand_standards(
        calendar={
            "slot_minutes": 30,
            "opening_hours": {"mon": "09:00-09:30"},
            "open_days_per_year": 300,
        },
        transactions={
            "consult": {"minutes": 20.0, "zone": "vip"},
            "quick": {"minutes": 1.0, "zone": "vip"},
        },
        roles={
            "teller": {
                "sizing": "queue",
                "zones": ["vip"],
                "max_occupancy": 0.85,
                "service_level": {"percent": 80, "wait_minutes": 10},
            }
        },
    )
    before = sized(std, hand_branch(counters={"vip": 5}, volume={"daily": {"consult": 0.5}}))
    after = sized(
        std, hand_branch(counters={"vip": 5}, volume={"daily": {"consult": 0.5, "quick": 1}})
    )
    assert (before.slots[0].required, after.slots[0].required) == (2, 1)


def test_small_branch_tellers() -> None:
    # standards-small: hourly slots, weights 1, 2, 1 on Monday (factor 1) and 2, 1 on
    # Saturday (factor 0.5). 160 deposits × 4 min: Monday 40, 80, 40 an hour (A = 2.67,
    # 5.33, 2.67), Saturday 53.3, 26.7. Monday 10:00 needs 7, capped at the 5 counters.
    inp = load_branch(REQUIREMENTS_DATA / "small.yaml", REQUIREMENTS_DATA / "standards-small.yaml")
    req = compute(inp.standards, inp.branch)
    cash = {(s.day, s.start // 60): (s.required, s.uncapped) for s in req.slots
            if s.post == "teller.cash"}
    assert cash == {
        ("mon", 9): (4, 4),
        ("mon", 10): (5, 7),
        ("mon", 11): (4, 4),
        ("sat", 10): (5, 5),
        ("sat", 11): (3, 3),
    }


# ---------------------------------------------------------------- §3, written again (tests/spec.py)


@pytest.mark.parametrize(("seed", "slot"), GENERATED)
def test_generated_branch_matches_spec(seed: int, slot: int) -> None:
    std, branch = random_case(random.Random(seed), slot)
    assert_kind_matches_spec(sized(std, branch), std, branch, "queue")


def test_generated_cases_cover_every_slot_length_and_a_cap() -> None:
    # Guards the generator: the comparison above must meet 15-, 30- and 60-minute grids
    # with real volume and at least one counter-capacity cap.
    seen, caps = set(), 0
    for seed, slot in GENERATED:
        req = sized(*random_case(random.Random(seed), slot))
        if any(s.load > 0 for s in req.slots if s.post.startswith("teller.")):
            seen.add(slot)
        caps += len(req.warnings)
    assert seen == {15, 30, 60}
    assert caps > 0


@PROPERTY
@given(st.randoms(use_true_random=False))
def test_property_matches_spec(rng: random.Random) -> None:
    std, branch = random_case(rng)
    assert_kind_matches_spec(sized(std, branch), std, branch, "queue")


@pytest.mark.parametrize(("branch", "standards"), file_cases(), ids=lambda p: Path(p).stem)
def test_files_match_spec(branch: Path, standards: Path) -> None:
    inp = load_branch(branch, standards)
    assert_kind_matches_spec(
        compute(inp.standards, inp.branch), *spec_inputs(branch, standards), "queue"
    )


# ---------------------------------------------------------------- properties


@PROPERTY
@given(st.randoms(use_true_random=False), st.integers(1, 98), st.integers(0, 98))
def test_property_higher_service_level_never_lowers(
    rng: random.Random, low: int, extra: int
) -> None:
    std, branch = random_case(rng)
    wait = std["roles"]["teller"].get("service_level", {}).get("wait_minutes", 5)
    std["roles"]["teller"]["service_level"] = {"percent": low, "wait_minutes": wait}
    higher = copy.deepcopy(std)
    higher["roles"]["teller"]["service_level"]["percent"] = min(99, low + extra)
    before, after = required_by_slot(sized(std, branch)), required_by_slot(sized(higher, branch))
    assert all(after[k] >= before[k] for k in before)


@PROPERTY
@given(st.randoms(use_true_random=False))
def test_property_zero_volume_gives_min_on_duty(rng: random.Random) -> None:
    std, branch = random_case(rng)
    branch["volume"] = {"daily": {t: 0 for t in branch["volume"]["daily"]}}
    req = sized(std, branch)
    floors = std["roles"]["teller"].get("min_on_duty", {})
    counters = branch["counters"]
    capped = set()
    for s in req.slots:
        role, _, zone = s.post.partition(".")
        if role == "teller":
            assert s.required == min(floors.get(zone, 0), counters[zone]), s
            assert (s.load, s.aht, s.service_level) == (0.0, None, None)
            if floors.get(zone, 0) > counters[zone]:
                capped.add((s.post, s.day, s.start))
    assert {(w.post, w.day, w.start) for w in req.warnings} == capped


# ---------------------------------------------------------------- absurd magnitudes, bounded work


def test_huge_volume_gives_the_counters_and_the_exact_need() -> None:
    # 2^31 deposits × 4 min in one hour: A = 2^33 / 60 Erlangs. n_occ = ceil(A / 0.85)
    # is far above n_queue (about A + √A), so the need is n_occ exactly.
    req = _one_slot(counters={"cash": 3}, volume={"daily": {"deposit": 2**31}})
    [slot] = req.slots
    load = Fraction(2**33, 60)
    n_occ = math.ceil(load / Fraction(0.85))
    assert (slot.required, slot.uncapped) == (3, n_occ)
    assert slot.service_level == 0.0  # 3 servers for 143 million Erlangs
    [warning] = req.warnings
    assert (warning.code, warning.needed, warning.counters) == ("counter-capacity", n_occ, 3)
    assert f"needs {n_occ} at mon 09:00" in warning.message


def test_huge_weekday_factor_gives_the_counters() -> None:
    std = hand_standards(roles={"teller": TELLER}, weekday_factors={"mon": 2.0**63})
    req = sized(std, hand_branch(counters={"cash": 4}, volume={"daily": {"deposit": 40}}))
    [slot] = req.slots
    assert slot.required == 4
    # A float still holds these figures, so §3's float arithmetic applies as for any branch
    assert slot.load == 40 * 2.0**63 * 4.0 / 60
    assert slot.uncapped == math.ceil(slot.load / 0.85 - 1e-9)
    assert [w.code for w in req.warnings] == ["counter-capacity"]


def test_huge_volume_and_counters_give_the_least_sufficient_servers() -> None:
    # No counter cap to lean on: the search itself must be bounded. Occupancy 1 and a
    # 99% target make the service level bind, about 2.3·√A above the load.
    role = {**TELLER, "max_occupancy": 1.0, "service_level": {"percent": 99, "wait_minutes": 0}}
    req = sized(
        hand_standards(roles={"teller": role}),
        hand_branch(counters={"cash": 10**15}, volume={"daily": {"deposit": 1.5e10}}),
    )
    [slot] = req.slots
    load = 1.5e10 * 4 / 60
    assert slot.load == pytest.approx(load)
    assert load + math.sqrt(load) < slot.required < load + 4 * math.sqrt(load)
    assert service_level(slot.required, load, 4.0, 0.0) >= 0.99
    assert service_level(slot.required - 1, load, 4.0, 0.0) < 0.99
    assert slot.uncapped == slot.required and req.warnings == []


def test_volume_beyond_the_float_range_gives_the_counters() -> None:
    # 1e308 deposits × 4 minutes is no float any more; the need is worked out exactly.
    req = _one_slot(counters={"cash": 5}, volume={"daily": {"deposit": 1e308, "withdrawal": 1e308}})
    [slot] = req.slots
    exact_load = Fraction(1e308) * 6 / 60
    assert slot.required == 5
    assert slot.uncapped == math.ceil(exact_load / Fraction(0.85))
    assert slot.arrivals == math.inf  # 2e308 arrivals
    assert slot.load == pytest.approx(1e307)
    assert slot.aht == 3.0  # (4 + 2) / 2 minutes, from the exact figures
    assert slot.service_level == 0.0
    assert [(w.needed, w.counters) for w in req.warnings] == [(slot.uncapped, 5)]


def test_overflowing_volume_leaves_slots_without_weight_alone() -> None:
    # Weight only at 09:00: the 10:00 slot gets share 0, and 0 × an overflow is no
    # arrival (not NaN): min_on_duty, uncapped.
    std = hand_standards(
        calendar={
            "slot_minutes": 60,
            "opening_hours": {"mon": "09:00-11:00"},
            "open_days_per_year": 300,
        },
        intraday_profile={"09": 1.0},
        weekday_factors={"mon": 1e300},
        roles={"teller": TELLER},
    )
    req = sized(std, hand_branch(counters={"cash": 2}, volume={"daily": {"deposit": 1e300}}))
    rows = {s.start // 60: s for s in req.slots}
    exact_load = Fraction(1e300) ** 2 * 4 / 60
    assert rows[9].required == 2
    assert rows[9].uncapped == math.ceil(exact_load / Fraction(0.85))
    assert (rows[10].required, rows[10].arrivals, rows[10].load) == (1, 0.0, 0.0)
    assert [w.start // 60 for w in req.warnings] == [9]
