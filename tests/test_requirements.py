"""The sizing rules of design §3: Erlang C, each sizing kind by hand, an independent
re-implementation of §3 compared slot for slot, properties, and the `requirements` command."""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import random
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spec import DAY_NAMES, erlang_c_log, spec_requirements
from typer.testing import CliRunner

from staffopt.cli import app
from staffopt.config import load_branch
from staffopt.config.models import Branch, Standards
from staffopt.requirements import (
    Floor,
    Requirements,
    compute,
    day_shares,
    erlang_c,
    servers_for_service_level,
    service_level,
)
from staffopt.result import requirements_json

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "requirements"
DEMO_BRANCHES = ROOT / "data" / "regions" / "demo-city" / "branches"

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ================================================================ Erlang C


def test_erlang_c_textbook_values() -> None:
    # 40 arrivals an hour at 4 minutes each: A = 40 × 4 / 60 = 2.667 Erlangs.
    # Published: 3 servers answer 47.4% within 5 minutes, 4 servers 92.9%.
    load = 40 * 4 / 60
    assert round(service_level(3, load, 4.0, 5.0), 3) == 0.474
    assert round(service_level(4, load, 4.0, 5.0), 3) == 0.929
    # so an 80% target needs 4 servers, and 3 are not enough
    assert servers_for_service_level(load, 4.0, 5.0, 0.80) == 4
    assert servers_for_service_level(load, 4.0, 5.0, 0.47) == 3


def test_erlang_c_probability_of_waiting_by_hand() -> None:
    # A = 8/3. Σ_{k<3} Aᵏ/k! = 1 + 2.667 + 3.556 = 7.222; A³/3! · 3/(3 − A) = 3.160 · 9 = 28.44;
    # C(3) = 28.44 / (7.222 + 28.44) = 0.7975. With 4 servers: 0.3784.
    load = Fraction(8, 3)
    assert round(erlang_c(3, float(load)), 4) == 0.7975
    assert round(erlang_c(4, float(load)), 4) == 0.3784
    for n in (3, 4, 5, 8):
        assert erlang_c(n, float(load)) == pytest.approx(float(_erlang_c_exact(n, load)), rel=1e-12)


def _erlang_c_exact(n: int, load: Fraction) -> Fraction:
    """Erlang C from its closed form, in exact rational arithmetic.

    C = (Aⁿ/n! · n/(n−A)) / (Σ_{k<n} Aᵏ/k! + Aⁿ/n! · n/(n−A)).
    """
    top = load**n / math.factorial(n) * n / (n - load)
    return top / (sum(load**k / math.factorial(k) for k in range(n)) + top)


@pytest.mark.parametrize("n", [46, 48, 50, 55, 60, 70])
def test_erlang_c_many_servers_matches_exact_formula(n: int) -> None:
    load = Fraction(45)
    assert erlang_c(n, 45.0) == pytest.approx(float(_erlang_c_exact(n, load)), rel=1e-11)


def test_servers_for_service_level_at_45_erlangs() -> None:
    # AHT 3 minutes, 80% within 20 seconds: check the answer against the exact formula.
    load, aht, wait, target = Fraction(45), 3.0, 1 / 3, 0.8

    def exact_sl(n: int) -> float:
        return 1 - float(_erlang_c_exact(n, load)) * math.exp(-(n - 45) * wait / aht)

    n = servers_for_service_level(45.0, aht, wait, target)
    assert n > 45
    assert exact_sl(n) >= target > exact_sl(n - 1)



@pytest.mark.parametrize(("n", "load"), [(300, 280.0), (300, 299.5), (300, 150.0), (1000, 960.0)])
def test_erlang_c_no_overflow_at_hundreds_of_servers(n: int, load: float) -> None:
    # load**n / n! overflows a float long before 300 servers; the recursion must not.
    with pytest.raises(OverflowError):
        math.pow(load, n)
    c = erlang_c(n, load)
    assert 0.0 < c < 1.0
    assert c == pytest.approx(erlang_c_log(n, load), rel=1e-9)
    sl = service_level(n, load, 4.0, 0.5)
    assert 0.0 <= sl <= 1.0


def test_servers_for_service_level_near_300() -> None:
    n = servers_for_service_level(280.0, 4.0, 0.5, 0.9)
    assert 280 < n < 330
    assert service_level(n, 280.0, 4.0, 0.5) >= 0.9 > service_level(n - 1, 280.0, 4.0, 0.5)


def test_service_level_is_zero_without_spare_servers() -> None:
    assert service_level(2, 2.0, 4.0, 5.0) == 0.0
    assert service_level(2, 2.5, 4.0, 5.0) == 0.0
    assert erlang_c(2, 2.5) == 1.0


# ================================================================ hand-computed branches


def _standards(**changes: Any) -> dict[str, Any]:
    """A minimal standards document: one hourly slot on Monday, 09:00-10:00."""
    std: dict[str, Any] = {
        "kind": "Standards",
        "version": 1,
        "name": "hand",
        "calendar": {
            "slot_minutes": 60,
            "opening_hours": {"mon": "09:00-10:00"},
            "open_days_per_year": 300,
        },
        "labor": {
            "shift_hours": [1],
            "max_hours_per_week": 40,
            "max_days_per_week": 5,
            "working_days_per_year": 250,
        },
        "transactions": {
            "deposit": {"minutes": 4.0, "zone": "cash"},
            "withdrawal": {"minutes": 2.0, "zone": "cash"},
            "consult": {"minutes": 20.0, "zone": "vip"},
            "kiosk": {"minutes": 1.0, "zone": "self_service"},
        },
        "roles": {},
    }
    std.update(changes)
    return std


def _branch(**changes: Any) -> dict[str, Any]:
    branch: dict[str, Any] = {
        "kind": "Branch",
        "version": 1,
        "id": "HAND",
        "grade": 10,
        "counters": {"cash": 6},
        "volume": {"daily": {}},
    }
    branch.update(changes)
    return branch


def _compute(std: dict[str, Any], branch: dict[str, Any]) -> Requirements:
    return compute(Standards.model_validate(std), Branch.model_validate(branch))


def _grid(req: Requirements) -> dict[tuple[str, str, str], int]:
    return {
        (s.post, s.day, f"{s.start // 60:02d}:{s.start % 60:02d}"): s.required for s in req.slots
    }


TELLER = {
    "sizing": "queue",
    "zones": ["cash", "vip"],
    "service_level": {"percent": 80, "wait_minutes": 5},
    "max_occupancy": 0.85,
    "min_on_duty": {"cash": 1},
}


def test_queue_textbook_slot() -> None:
    # One 60-minute slot takes the whole day (share 1, no weekday factor: 1.0).
    # 40 deposits × 4 min = 160 min → A = 160/60 = 2.667 Erl, AHT = 4 min.
    # SL(3) = 0.474 < 0.8 ≤ SL(4) = 0.929 → n_queue = 4.
    # n_occ = ceil(2.667 / 0.85) = ceil(3.137) = 4. min_on_duty 1. Counters 6 → 4.
    req = _compute(_standards(roles={"teller": TELLER}), _branch(volume={"daily": {"deposit": 40}}))
    [slot] = req.slots
    assert (slot.post, slot.day, slot.start, slot.required) == ("teller.cash", "mon", 9 * 60, 4)
    assert slot.load == pytest.approx(8 / 3)
    assert slot.aht == pytest.approx(4.0)
    assert slot.service_level == pytest.approx(0.9285, abs=1e-4)
    assert req.warnings == []


def test_queue_occupancy_binds() -> None:
    # Same slot, max_occupancy 0.5: n_occ = ceil(2.667 / 0.5) = ceil(5.333) = 6 > n_queue 4.
    role = {**TELLER, "max_occupancy": 0.5}
    req = _compute(_standards(roles={"teller": role}), _branch(volume={"daily": {"deposit": 40}}))
    assert _grid(req) == {("teller.cash", "mon", "09:00"): 6}


def test_queue_without_service_level_uses_occupancy_alone() -> None:
    # No service_level (n_queue = 0), no max_occupancy (1.0), no min_on_duty (0):
    # n_occ = ceil(2.667 / 1.0) = 3.
    role = {"sizing": "queue", "zones": ["cash"]}
    req = _compute(_standards(roles={"teller": role}), _branch(volume={"daily": {"deposit": 40}}))
    assert _grid(req) == {("teller.cash", "mon", "09:00"): 3}


def test_queue_min_on_duty_binds() -> None:
    # 4 deposits: A = 16/60 = 0.267, SL(1) = 1 − 0.267·e^(−0.733·5/4) = 0.893 → n_queue 1;
    # n_occ = ceil(0.314) = 1; min_on_duty 3 wins.
    role = {**TELLER, "min_on_duty": {"cash": 3}}
    req = _compute(_standards(roles={"teller": role}), _branch(volume={"daily": {"deposit": 4}}))
    assert _grid(req) == {("teller.cash", "mon", "09:00"): 3}


def test_queue_mixed_types_aht() -> None:
    # 30 deposits × 4 + 30 withdrawals × 2 = 180 min → A = 3 Erl; AHT = 180 / 60 = 3 min.
    req = _compute(
        _standards(roles={"teller": TELLER}),
        _branch(volume={"daily": {"deposit": 30, "withdrawal": 30}}),
    )
    [slot] = req.slots
    assert slot.load == pytest.approx(3.0)
    assert slot.aht == pytest.approx(3.0)
    assert slot.arrivals == pytest.approx(60.0)
    # n_occ = ceil(3 / 0.85) = 4, and SL(4) with A = 3, AHT 3, 5 min:
    assert slot.required == max(4, servers_for_service_level(3.0, 3.0, 5.0, 0.8))


def test_queue_capped_at_counters_with_warning() -> None:
    # Needs 4 (see the textbook slot) but the zone has 3 counters.
    req = _compute(
        _standards(roles={"teller": TELLER}),
        _branch(counters={"cash": 3}, volume={"daily": {"deposit": 40}}),
    )
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
    req = _compute(_standards(roles={"teller": role}), _branch(counters={"cash": 1}))
    assert _grid(req) == {("teller.cash", "mon", "09:00"): 1}
    assert [(w.post, w.needed, w.counters) for w in req.warnings] == [("teller.cash", 2, 1)]


def test_queue_zones_without_counters_and_self_service_need_no_tellers() -> None:
    # vip has volume but no counters; self_service has counters but is never a teller zone.
    role = {**TELLER, "zones": ["cash", "vip", "self_service"]}
    req = _compute(
        _standards(roles={"teller": role}),
        _branch(
            counters={"cash": 2, "vip": 0, "self_service": 4},
            volume={"daily": {"deposit": 10, "consult": 5, "kiosk": 100}},
        ),
    )
    assert req.posts == ["teller.cash"]
    assert req.warnings == []


def test_workload_by_hand() -> None:
    # 30-minute slots 09:00 and 09:30, both in hour 09 → shares ½ and ½.
    # Visitors 120 → 60 a slot × 1.0 min; kiosk 40 → 20 a slot × 0.5 min. W = 70 min.
    # ceil(70 / (30 × 0.8)) = ceil(2.917) = 3 > min_on_duty 1.
    lobby = {
        "sizing": "workload",
        "minutes_per_visitor": 1.0,
        "minutes_per_self_service": 0.5,
        "max_occupancy": 0.8,
        "min_on_duty": 1,
    }
    std = _standards(
        calendar={
            "slot_minutes": 30,
            "opening_hours": {"mon": "09:00-10:00"},
            "open_days_per_year": 300,
        },
        intraday_profile={"09": 1.0},
        roles={"lobby": lobby},
    )
    req = _compute(std, _branch(volume={"daily": {"kiosk": 40, "deposit": 100}, "visitors": 120}))
    assert _grid(req) == {("lobby", "mon", "09:00"): 3, ("lobby", "mon", "09:30"): 3}
    assert req.slots[0].arrivals == pytest.approx(60.0)
    # Without `visitors`, visitors = all daily transactions = 100 + 40 = 140 → 70 a slot.
    # W = 70 + 10 = 80; ceil(80 / 24) = ceil(3.333) = 4.
    req = _compute(std, _branch(volume={"daily": {"kiosk": 40, "deposit": 100}}))
    assert set(_grid(req).values()) == {4}
    # No volume at all: min_on_duty 1.
    req = _compute(std, _branch())
    assert set(_grid(req).values()) == {1}


def test_workload_tolerance_before_ceil() -> None:
    # One 30-minute slot; 180 visitors × 1.1 min = 198 min; 198 / (30 × 0.6) is 11 exactly,
    # but floats give 11.000000000000002: a plain ceil says 12, §3's tolerance keeps 11.
    lobby = {"sizing": "workload", "minutes_per_visitor": 1.1, "max_occupancy": 0.6}
    std = _standards(
        calendar={
            "slot_minutes": 30,
            "opening_hours": {"mon": "09:00-09:30"},
            "open_days_per_year": 300,
        },
        roles={"lobby": lobby},
    )
    assert math.ceil(180 * 1.1 / (30 * 0.6)) == 12  # the float noise the rule guards against
    req = _compute(std, _branch(volume={"daily": {}, "visitors": 180}))
    assert _grid(req) == {("lobby", "mon", "09:00"): 11}


def test_presence_by_hand() -> None:
    # on_duty 2 in every slot; floor = ceil(300 × 2 / 250) = ceil(2.4) = 3.
    std = _standards(roles={"supervisor": {"sizing": "presence", "on_duty": 2}})
    req = _compute(std, _branch())
    assert _grid(req) == {("supervisor", "mon", "09:00"): 2}
    assert req.floors == [Floor("supervisor", 3)]
    # 248 open days, 248 working days: exactly 1, which stays 1.
    std["calendar"]["open_days_per_year"] = 248
    std["labor"]["working_days_per_year"] = 248
    std["roles"]["supervisor"]["on_duty"] = 1
    assert _compute(std, _branch()).floors == [Floor("supervisor", 1)]


def test_portfolio_by_hand() -> None:
    # wealth: ceil(1350 / 400) = ceil(3.375) = 4; corporate: 80 / 40 = 2 exactly;
    # inclusive: no customers listed → 0. One manager on duty, over the role's posts together.
    role = {
        "sizing": "portfolio",
        "min_on_duty": 1,
        "teams": {
            "wealth": {"customers_per_manager": 400},
            "corporate": {"customers_per_manager": 40},
            "inclusive": {"customers_per_manager": 60},
        },
    }
    req = _compute(
        _standards(roles={"am": role}),
        _branch(customers={"wealth": 1350, "corporate": 80}),
    )
    assert req.floors == [Floor("am.wealth", 4), Floor("am.corporate", 2), Floor("am.inclusive", 0)]
    assert req.role_floors == {"am": 6}
    assert _grid(req) == {("am", "mon", "09:00"): 1}


def test_grade_by_hand() -> None:
    # grade 11 → by_grade 2; min_on_duty absent → 0 in every slot, so no JSON row.
    role = {"sizing": "grade", "by_grade": {g: (2 if g == 11 else 1) for g in range(8, 15)}}
    req = _compute(_standards(roles={"head": role}), _branch(grade=11))
    assert req.floors == [Floor("head", 2)]
    assert _grid(req) == {("head", "mon", "09:00"): 0}
    assert json.loads(requirements_json(req))["requirements"] == []
    role["min_on_duty"] = 1
    assert _grid(_compute(_standards(roles={"head": role}), _branch(grade=11))) == {
        ("head", "mon", "09:00"): 1,
    }


def test_shares_follow_intraday_profile() -> None:
    # 30-minute slots 09:00-11:00: weights 1, 1, 3, 3 (hours 09, 09, 10, 10) → shares
    # 1/8, 1/8, 3/8, 3/8. 80 deposits × Monday factor 1.5 = 120 → 15, 15, 45, 45.
    std = _standards(
        calendar={
            "slot_minutes": 30,
            "opening_hours": {"mon": "09:00-11:00"},
            "open_days_per_year": 300,
        },
        intraday_profile={"09": 1.0, "10": 3.0},
        weekday_factors={"mon": 1.5},
        roles={"teller": TELLER},
    )
    req = _compute(std, _branch(volume={"daily": {"deposit": 80}}))
    assert [s.arrivals for s in req.slots] == pytest.approx([15, 15, 45, 45])


def test_equal_shares_where_a_day_has_no_weight() -> None:
    # Open 18:00-20:00, a profile that gives those hours nothing: four equal shares.
    std = _standards(
        calendar={
            "slot_minutes": 30,
            "opening_hours": {"mon": "18:00-20:00"},
            "open_days_per_year": 300,
        },
        intraday_profile={"09": 1.0, "18": 0.0},
        roles={"teller": TELLER},
    )
    req = _compute(std, _branch(volume={"daily": {"deposit": 80}}))
    assert [s.arrivals for s in req.slots] == pytest.approx([20, 20, 20, 20])


def test_branch_overrides_key_by_key() -> None:
    # Standards open mon and tue; the branch closes tue and opens sun. Factors: standards
    # mon 2.0, tue 0.5; the branch sets mon 1.0; sun appears in neither → 1.0.
    std = _standards(
        calendar={
            "slot_minutes": 60,
            "opening_hours": {"mon": "09:00-10:00", "tue": "09:00-10:00"},
            "open_days_per_year": 300,
        },
        weekday_factors={"mon": 2.0, "tue": 0.5},
        roles={"teller": TELLER},
    )
    branch = _branch(
        opening_hours={"tue": "closed", "sun": "10:00-11:00"},
        volume={"daily": {"deposit": 10}, "weekday_factors": {"mon": 1.0}},
    )
    req = _compute(std, branch)
    assert list(req.hours) == ["mon", "sun"]
    assert req.hours["sun"] == (600, 660)
    assert {s.day: s.arrivals for s in req.slots} == pytest.approx({"mon": 10.0, "sun": 10.0})


def test_more_volume_of_short_work_can_lower_a_queue_requirement() -> None:
    # Not a bug but a consequence of §3 worth pinning down: AHT is the zone's average, so
    # adding a few short transactions to a zone of long ones shortens the expected wait.
    # 0.5 consults × 20 min in a 30-minute slot: A = 1/3, AHT 20. SL(1) = 1 − ⅓·e^(−⅔·10/20)
    # = 0.761 < 0.8 → 2. Add 1 quick 1-minute case: A = 11/30, AHT = 11/1.5 = 7.33,
    # SL(1) = 1 − 0.367·e^(−0.633·10/7.33) = 0.845 → 1.
    std = _standards(
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
    before = _compute(std, _branch(counters={"vip": 5}, volume={"daily": {"consult": 0.5}}))
    after = _compute(
        std, _branch(counters={"vip": 5}, volume={"daily": {"consult": 0.5, "quick": 1}})
    )
    assert (before.slots[0].required, after.slots[0].required) == (2, 1)


# ================================================================ §3, written again from the spec
# (the re-implementation itself lives in tests/spec.py, shared with the roster checker)


def assert_matches_spec(req: Requirements, std: dict[str, Any], branch: dict[str, Any]) -> None:
    """compute() and the spec re-implementation agree slot for slot and floor for floor."""
    need, floors, capped = spec_requirements(std, branch)
    got = {(s.post, s.day, s.start): s.required for s in req.slots}
    assert got.keys() == need.keys()
    differ = {k: (got[k], need[k]) for k in need if got[k] != need[k]}
    assert differ == {}
    assert {f.role: f.floor for f in req.floors} == floors
    assert {
        (w.post, w.day, w.start) for w in req.warnings if w.code == "counter-capacity"
    } == capped
    assert len(req.warnings) == len(capped)


def _demo_branches() -> list[Path]:
    if not DEMO_BRANCHES.is_dir():
        return []
    return sorted(p for p in DEMO_BRANCHES.iterdir() if p.suffix in (".yaml", ".yml"))


def _region_standards(branch_path: Path) -> Path:
    region_file = branch_path.parent.parent / "region.yaml"
    region = yaml.safe_load(region_file.read_text(encoding="utf-8"))
    return (region_file.parent / region["standards"]).resolve()


@pytest.mark.parametrize("path", _demo_branches(), ids=lambda p: p.stem)
def test_demo_branch_matches_spec(path: Path) -> None:
    inp = load_branch(path)
    std = yaml.safe_load(_region_standards(path).read_text(encoding="utf-8"))
    branch = yaml.safe_load(path.read_text(encoding="utf-8"))
    req = compute(inp.standards, inp.branch)
    assert req.slots, "a demo branch should open at least one day"
    assert_matches_spec(req, std, branch)


@pytest.mark.parametrize(
    ("standards", "branch"),
    [
        ("../../../configs/standards.yaml", "riverside.yaml"),
        ("standards-small.yaml", "small.yaml"),
    ],
)
def test_test_branches_match_spec(standards: str, branch: str) -> None:
    std_path, branch_path = DATA / standards, DATA / branch
    inp = load_branch(branch_path, std_path)
    assert_matches_spec(
        compute(inp.standards, inp.branch),
        yaml.safe_load(std_path.read_text(encoding="utf-8")),
        yaml.safe_load(branch_path.read_text(encoding="utf-8")),
    )


# ---------------------------------------------------------------- generated branches

ZONES = ("cash", "non_cash", "vip")


def _hours(rng: random.Random, slot: int) -> str:
    if rng.random() < 0.2:
        return "closed"
    first = rng.randrange(7 * 60, 12 * 60 + 1, slot)  # 07:00 lies on every slot grid
    last = first + slot * rng.randint(1, (20 * 60 - first) // slot)
    return f"{first // 60:02d}:{first % 60:02d}-{last // 60:02d}:{last % 60:02d}"


def _subset(rng: random.Random, items: tuple[str, ...] | list[str], p: float = 0.5) -> list[str]:
    return [item for item in items if rng.random() < p]


def random_case(
    rng: random.Random, slot: int | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A random but valid standards and branch pair, as plain YAML data."""
    slot = slot or rng.choice((15, 30, 60))
    types = {
        "dep": "cash",
        "wdr": "cash",
        "xfer": "non_cash",
        "open": "non_cash",
        "wealth": "vip",
        "kiosk": "self_service",
    }
    teller: dict[str, Any] = {
        "sizing": "queue",
        "zones": list(ZONES),
        "min_on_duty": {z: rng.randint(0, 2) for z in _subset(rng, ZONES)},
    }
    if rng.random() < 0.8:
        teller["service_level"] = {
            "percent": rng.choice((50, 70, 80, 90, 95)),
            "wait_minutes": rng.choice((0, 1, 5, 10)),
        }
    if rng.random() < 0.8:
        teller["max_occupancy"] = rng.choice((0.5, 0.7, 0.85, 1.0))
    lobby: dict[str, Any] = {"sizing": "workload"}
    for key, values in (
        ("minutes_per_visitor", (0.5, 1.0, 1.1)),
        ("minutes_per_self_service", (0.3, 0.5)),
        ("max_occupancy", (0.6, 0.85)),
        ("min_on_duty", (0, 1, 2)),
    ):
        if rng.random() < 0.7:
            lobby[key] = rng.choice(values)
    teams = {
        t: {"customers_per_manager": rng.choice((40, 60, 300, 400))}
        for t in ("a", "b", "c")[: rng.randint(1, 3)]
    }
    roles: dict[str, Any] = {
        "teller": teller,
        "lobby_manager": lobby,
        "operations_supervisor": {"sizing": "presence", "on_duty": rng.randint(0, 2)},
        "account_manager": {
            "sizing": "portfolio",
            "teams": teams,
            **({"min_on_duty": 1} if rng.random() < 0.5 else {}),
        },
        "branch_head": {
            "sizing": "grade",
            "by_grade": {g: rng.randint(0, 3) for g in range(8, 15)},
        },
    }
    std = {
        "kind": "Standards",
        "version": 1,
        "name": f"gen-{slot}",
        "calendar": {
            "slot_minutes": slot,
            "opening_hours": {d: _hours(rng, slot) for d in _subset(rng, DAY_NAMES, 0.9)},
            "open_days_per_year": rng.randint(240, 366),
        },
        "labor": {
            "shift_hours": [4, 8],
            "max_hours_per_week": 40,
            "max_days_per_week": 5,
            "working_days_per_year": rng.randint(240, 260),
        },
        "transactions": {
            t: {"minutes": rng.choice((0.5, 1.0, 3.0, 4.0, 12.0, 20.0)), "zone": z}
            for t, z in types.items()
        },
        "intraday_profile": {
            f"{h:02d}": rng.choice((0.0, 0.3, 1.0, 1.4)) for h in range(6, 21) if rng.random() < 0.7
        },
        "weekday_factors": {d: rng.choice((0.5, 0.8, 1.0, 1.2)) for d in _subset(rng, DAY_NAMES)},
        "roles": roles,
    }
    volume: dict[str, Any] = {
        "daily": {
            t: rng.choice((0, 3, 12.5, 40, 150, 300)) for t in _subset(rng, list(types), 0.8)
        },
    }
    if rng.random() < 0.5:
        volume["visitors"] = rng.choice((0, 50, 400))
    if rng.random() < 0.5:
        volume["weekday_factors"] = {
            d: rng.choice((0.0, 0.9, 1.5)) for d in _subset(rng, DAY_NAMES, 0.3)
        }
    branch = {
        "kind": "Branch",
        "version": 1,
        "id": "GEN",
        "grade": rng.randint(8, 14),
        "opening_hours": {d: _hours(rng, slot) for d in _subset(rng, DAY_NAMES, 0.3)},
        "counters": {z: rng.randint(0, 4) for z in _subset(rng, (*ZONES, "self_service"), 0.8)},
        "volume": volume,
        "customers": {t: rng.choice((0, 55, 400, 1350)) for t in _subset(rng, list(teams))},
    }
    return std, branch


@pytest.mark.parametrize(("seed", "slot"), [(1, 15), (2, 15), (3, 30), (4, 30), (5, 60), (6, 60)])
def test_generated_branch_matches_spec(seed: int, slot: int) -> None:
    std, branch = random_case(random.Random(seed), slot)
    req = _compute(std, branch)
    assert req.slot_minutes == slot
    assert_matches_spec(req, std, branch)


def test_generated_cases_cover_every_slot_length_and_a_cap() -> None:
    # Guards the generator: the comparison above must meet 15-, 30- and 60-minute grids
    # with real volume and at least one counter-capacity cap.
    seen = set()
    caps = 0
    for seed, slot in [(1, 15), (2, 15), (3, 30), (4, 30), (5, 60), (6, 60)]:
        std, branch = random_case(random.Random(seed), slot)
        req = _compute(std, branch)
        if any(s.load > 0 for s in req.slots):
            seen.add(slot)
        caps += len(req.warnings)
    assert seen == {15, 30, 60}
    assert caps > 0


@PROPERTY
@given(st.randoms(use_true_random=False))
def test_property_matches_spec(rng: random.Random) -> None:
    std, branch = random_case(rng)
    assert_matches_spec(_compute(std, branch), std, branch)


# ================================================================ properties


def _required(req: Requirements) -> dict[tuple[str, str, int], int]:
    return {(s.post, s.day, s.start): s.required for s in req.slots}


@PROPERTY
@given(st.randoms(use_true_random=False), st.floats(min_value=1.0, max_value=4.0))
def test_property_more_volume_never_lowers(rng: random.Random, scale: float) -> None:
    # Every type and the visitors grow by the same factor, so AHT stays (see the test above
    # for why growing one short type alone may lower a queue requirement).
    std, branch = random_case(rng)
    more = copy.deepcopy(branch)
    more["volume"]["daily"] = {t: v * scale for t, v in branch["volume"]["daily"].items()}
    if "visitors" in more["volume"]:
        more["volume"]["visitors"] *= scale
    before, after = _required(_compute(std, branch)), _required(_compute(std, more))
    assert before.keys() == after.keys()
    assert all(after[k] >= before[k] for k in before)


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
    before, after = _required(_compute(std, branch)), _required(_compute(higher, branch))
    assert all(after[k] >= before[k] for k in before)


@PROPERTY
@given(st.randoms(use_true_random=False))
def test_property_zero_volume_gives_min_on_duty(rng: random.Random) -> None:
    std, branch = random_case(rng)
    branch["volume"] = {"daily": {t: 0 for t in branch["volume"]["daily"]}}
    req = _compute(std, branch)
    roles = std["roles"]
    floors = roles["teller"].get("min_on_duty", {})
    counters = branch["counters"]
    capped = set()
    for s in req.slots:
        role, _, zone = s.post.partition(".")
        if role == "teller":
            want = min(floors.get(zone, 0), counters[zone])
            if floors.get(zone, 0) > counters[zone]:
                capped.add((s.post, s.day, s.start))
        elif role == "operations_supervisor":
            want = roles[role]["on_duty"]
        else:
            want = roles[role].get("min_on_duty", 0)
        assert s.required == want, s
    assert {(w.post, w.day, w.start) for w in req.warnings} == capped


@PROPERTY
@given(st.randoms(use_true_random=False))
def test_property_shares_of_a_day_sum_to_one(rng: random.Random) -> None:
    std, branch = random_case(rng)
    model = Standards.model_validate(std)
    req = _compute(std, branch)
    visitors = branch["volume"].get("visitors", sum(branch["volume"]["daily"].values()))
    factors = {**std["weekday_factors"], **branch["volume"].get("weekday_factors", {})}
    for day, (first, last) in req.hours.items():
        shares = day_shares(model, first, last)
        assert len(shares) == (last - first) // req.slot_minutes
        assert all(share >= 0 for share in shares)
        assert math.fsum(shares) == pytest.approx(1.0, abs=1e-12)
        lobby = [s.arrivals for s in req.slots if s.post == "lobby_manager" and s.day == day]
        assert math.fsum(lobby) == pytest.approx(
            visitors * factors.get(day, 1.0), rel=1e-9, abs=1e-9
        )


@PROPERTY
@given(
    st.randoms(use_true_random=False),
    st.integers(0, 3),
    st.integers(1, 366),
    st.integers(1, 366),
)
def test_property_a_role_from_the_standards_file_is_sized(
    rng: random.Random,
    on_duty: int,
    open_days: int,
    working_days: int,
) -> None:
    std, branch = random_case(rng)
    std["roles"]["security_guard"] = {"sizing": "presence", "on_duty": on_duty}
    std["calendar"]["open_days_per_year"] = open_days
    std["labor"]["working_days_per_year"] = working_days
    req = _compute(std, branch)
    floor = -(-open_days * on_duty // working_days)  # integer ceil, no floats involved
    assert Floor("security_guard", floor) in req.floors
    guard = [s for s in req.slots if s.post == "security_guard"]
    assert len(guard) == sum((b - a) // req.slot_minutes for a, b in req.hours.values())
    assert all(s.required == on_duty for s in guard)
    data = json.loads(requirements_json(req))
    assert {"role": "security_guard", "floor": floor} in data["floors"]
    rows = [r for r in data["requirements"] if r["post"] == "security_guard"]
    assert len(rows) == (len(guard) if on_duty else 0)


def test_security_guard_from_a_standards_file(tmp_path: Path) -> None:
    # The same through files: a role that only the test standards define.
    text = (DATA / "standards-small.yaml").read_text(encoding="utf-8")
    text += "  security_guard:\n    sizing: presence\n    on_duty: 1\n"
    std_path = tmp_path / "standards.yaml"
    std_path.write_text(text, encoding="utf-8")
    inp = load_branch(DATA / "small.yaml", std_path)
    req = compute(inp.standards, inp.branch)
    assert Floor("security_guard", 2) in req.floors  # ceil(300 × 1 / 250) = 2
    assert {s.required for s in req.slots if s.post == "security_guard"} == {1}


# ================================================================ the `requirements` command

runner = CliRunner()
SMALL = [str(DATA / "small.yaml"), "--standards", str(DATA / "standards-small.yaml")]


def _small_requirements() -> Requirements:
    inp = load_branch(DATA / "small.yaml", DATA / "standards-small.yaml")
    return compute(inp.standards, inp.branch)


def test_cli_requirements_json() -> None:
    result = runner.invoke(app, ["requirements", *SMALL, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == [
        "branch",
        "standards",
        "slot_minutes",
        "requirements",
        "floors",
        "warnings",
    ]
    assert (data["branch"], data["standards"], data["slot_minutes"]) == (
        "T-SMALL",
        "small-test",
        60,
    )
    assert result.stdout == requirements_json(_small_requirements())


def test_cli_requirements_csv() -> None:
    result = runner.invoke(app, ["requirements", *SMALL, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    req = _small_requirements()
    assert len(rows) == len(req.slots)
    cash = {(r["day"], r["start"]): int(r["required"]) for r in rows if r["post"] == "teller.cash"}
    assert cash == {
        ("mon", "09:00"): 4,
        ("mon", "10:00"): 5,
        ("mon", "11:00"): 4,
        ("sat", "10:00"): 5,
        ("sat", "11:00"): 3,
    }


def test_cli_requirements_table() -> None:
    result = runner.invoke(app, ["requirements", *SMALL])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "T-SMALL" in out and "Headcount floors" in out
    assert "teller.vip mon 09:00–12:00: needs up to 4, 1 counter" in out
    assert "{" not in out  # not the JSON form


def test_cli_requirements_default_standards_from_region(tmp_path: Path) -> None:
    # A branch inside a region folder uses the region's standards without --standards.
    region = tmp_path / "region"
    (region / "branches").mkdir(parents=True)
    (region / "region.yaml").write_text(
        "kind: Region\nversion: 1\nname: r\nstandards: standards.yaml\n", encoding="utf-8"
    )
    (region / "standards.yaml").write_text(
        (DATA / "standards-small.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    branch = region / "branches" / "small.yaml"
    branch.write_text((DATA / "small.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["requirements", str(branch), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["standards"] == "small-test"


@pytest.mark.parametrize(
    ("name", "line", "column", "words"),
    [
        ("bad-key.yaml", 8, 3, "visiters"),
        ("bad-transaction.yaml", 9, 5, "withdrawl"),
    ],
)
def test_cli_requirements_bad_input(name: str, line: int, column: int, words: str) -> None:
    pytest.importorskip(
        "staffopt.validate", reason="the CLI reports problems through staffopt.validate"
    )
    path = DATA / name
    result = runner.invoke(
        app,
        [
            "requirements",
            str(path),
            "--standards",
            str(DATA / "standards-small.yaml"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{name}:{line}:{column}:" in result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_requirements_bad_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["requirements", *SMALL, "--format", "xml"])
    assert result.exit_code == 2
