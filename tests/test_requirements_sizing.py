"""staffopt.requirements.sizing: ``compute`` as a whole (the shape of the result next to
tests/spec.py, invariants over any valid input) and ``floors`` on hand-built standards.
Each rule's figures are tested in its kind's tests/test_requirements_kinds_<kind>.py."""

from __future__ import annotations

import copy
import itertools
import json
import random
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    GENERATED,
    GUARD,
    PROPERTY,
    file_cases,
    hand_branch,
    hand_standards,
    random_case,
    required_by_slot,
    sized,
    spec_inputs,
)
from hypothesis import given, strategies as st
from spec import spec_requirements

from staffopt.config import load_branch
from staffopt.config.models import DAYS, Branch, Standards
from staffopt.requirements.sizing import compute, floors
from staffopt.requirements.types import Requirements
from staffopt.result import requirements_json

# ---------------------------------------------------------------- the shape of the result


def _assert_shape(req: Requirements, std: dict[str, Any], branch: dict[str, Any]) -> None:
    """The posts × open slots, the floor rows and the capped slots are the spec's; every row
    is in order; per-role floors add up. (The figures themselves: the kinds' tests.)"""
    need, spec_floors, capped = spec_requirements(std, branch)
    assert set(required_by_slot(req)) == set(need)
    assert [f.role for f in req.floors] == list(spec_floors)
    assert {(w.post, w.day, w.start) for w in req.warnings} == capped
    order = [(s.post, DAYS.index(s.day), s.start) for s in req.slots]
    assert order == sorted(order) and len(set(order)) == len(order)
    warned = [(w.post, DAYS.index(w.day), w.start) for w in req.warnings]
    assert warned == sorted(warned)
    for role in std["roles"]:
        own = [f.floor for f in req.floors if f.role.split(".", 1)[0] == role]
        assert req.role_floors[role] == sum(own)


@pytest.mark.parametrize(("seed", "slot"), GENERATED)
def test_generated_branch_has_the_spec_shape(seed: int, slot: int) -> None:
    std, branch = random_case(random.Random(seed), slot)
    req = sized(std, branch)
    assert req.slot_minutes == slot
    _assert_shape(req, std, branch)


@pytest.mark.parametrize(("branch", "standards"), file_cases(), ids=lambda p: Path(p).stem)
def test_files_have_the_spec_shape(branch: Path, standards: Path) -> None:
    inp = load_branch(branch, standards)
    req = compute(inp.standards, inp.branch)
    assert req.slots, "a test branch should open at least one day"
    assert (req.branch, req.standards) == (inp.branch.id, inp.standards.name)
    _assert_shape(req, *spec_inputs(branch, standards))


def test_hours_are_the_open_days_in_week_order() -> None:
    std, branch = random_case(random.Random(3), 30)
    req = sized(std, branch)
    assert list(req.hours) == sorted(req.hours, key=DAYS.index)
    for day, (first, last) in req.hours.items():
        starts = sorted({s.start for s in req.slots if s.day == day})
        assert starts == list(range(first, last, req.slot_minutes))


# ---------------------------------------------------------------- invariants


@PROPERTY
@given(st.randoms(use_true_random=False), st.floats(min_value=1.0, max_value=4.0))
def test_property_more_volume_never_lowers(rng: random.Random, scale: float) -> None:
    # Every type and the visitors grow by the same factor, so AHT stays (see
    # test_requirements_kinds_queue for why growing one short type alone may lower a queue
    # requirement).
    std, branch = random_case(rng)
    more = copy.deepcopy(branch)
    more["volume"]["daily"] = {t: v * scale for t, v in branch["volume"]["daily"].items()}
    if "visitors" in more["volume"]:
        more["volume"]["visitors"] *= scale
    before, after = required_by_slot(sized(std, branch)), required_by_slot(sized(std, more))
    assert before.keys() == after.keys()
    assert all(after[k] >= before[k] for k in before)


_MAGNITUDES = st.sampled_from([0.0, 1e-300, 0.5, 3.0, 2.0**31, 2.0**63, 1e150, 1e300, 1.7e308])


def _scaled(rng: random.Random, magnitudes: list[float]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A random valid pair with volumes, factors, weights, counters and staff counts blown up."""
    std, branch = random_case(rng)
    pick = itertools.cycle(magnitudes)
    branch["volume"]["daily"] = {t: next(pick) for t in branch["volume"]["daily"]}
    if "visitors" in branch["volume"]:
        branch["volume"]["visitors"] = next(pick)
    std["weekday_factors"] = {d: next(pick) for d in std["weekday_factors"]}
    std["intraday_profile"] = {h: next(pick) for h in std["intraday_profile"]}
    big = int(min(next(pick), 1e300))
    branch["counters"] = {z: rng.choice((0, 1, 3, big, 10**400)) for z in branch["counters"]}
    branch["customers"] = {t: rng.choice((0, big, 10**400)) for t in branch["customers"]}
    std["roles"]["operations_supervisor"]["on_duty"] = rng.choice((1, big))
    return std, branch


@PROPERTY
@given(st.randoms(use_true_random=False), st.lists(_MAGNITUDES, min_size=1, max_size=8))
def test_property_any_valid_input_is_sized(rng: random.Random, magnitudes: list[float]) -> None:
    # Absurd but valid magnitudes: no exception, every requirement a count, and the
    # result still serialises.
    std, branch = _scaled(rng, magnitudes)
    req = sized(std, branch)
    assert all(isinstance(s.required, int) and s.required >= 0 for s in req.slots)
    assert all(isinstance(f.floor, int) and f.floor >= 0 for f in req.floors)
    for s in req.slots:
        counters = branch["counters"].get(s.post.partition(".")[2])
        if s.post.startswith("teller."):
            assert s.required <= counters
            assert s.uncapped is not None and s.uncapped >= s.required
    for w in req.warnings:
        assert w.needed is not None and w.counters is not None and w.needed > w.counters
    json.loads(requirements_json(req))




# ---------------------------------------------------------------- by hand

PORTFOLIO: dict[str, Any] = {
    "sizing": "portfolio",
    "teams": {"wealth": {"customers_per_manager": 400}, "corporate": {"customers_per_manager": 40}},
}


def _hand(slot_minutes: int = 60) -> tuple[Standards, Branch]:
    std = hand_standards(roles={"guard": {"sizing": "presence", "on_duty": 2}, "am": PORTFOLIO})
    std["calendar"]["slot_minutes"] = slot_minutes
    std["calendar"]["opening_hours"] = {"sat": "10:00-11:00", "mon": "09:00-10:00"}
    branch = hand_branch(customers={"wealth": 1350, "corporate": 80})
    return Standards.model_validate(std), Branch.model_validate(branch)


def test_floors_by_hand() -> None:
    # guard: ceil(300 open days × 2 on duty / 250 working days) = ceil(2.4) = 3;
    # am: ceil(1350 / 400) = 4 wealth and 80 / 40 = 2 corporate managers, 6 in all.
    rows, per_role = floors(*_hand())
    assert [(f.role, f.floor) for f in rows] == [
        ("guard", 3), ("am.wealth", 4), ("am.corporate", 2),
    ]
    assert per_role == {"guard": 3, "am": 6}


def test_compute_by_hand() -> None:
    std, branch = _hand(30)
    req = compute(std, branch)
    assert (req.branch, req.standards, req.slot_minutes) == ("HAND", "hand", 30)
    assert req.hours == {"mon": (540, 600), "sat": (600, 660)}
    assert [(s.post, s.day, s.start) for s in req.slots] == [
        (post, day, start)
        for post in ("am", "guard")
        for day, first in (("mon", 540), ("sat", 600))
        for start in (first, first + 30)
    ]
    assert {s.required for s in req.slots if s.post == "guard"} == {2}
    assert req.role_floors == {"guard": 3, "am": 6} and req.warnings == []


def test_compute_is_pure() -> None:
    std, branch = _hand()
    before = (std.model_dump(), branch.model_dump())
    assert compute(std, branch) == compute(std, branch)
    assert (std.model_dump(), branch.model_dump()) == before


def test_a_role_without_a_slot_still_has_its_floor() -> None:
    std = hand_standards(roles={"guard": GUARD})
    std["calendar"]["opening_hours"] = {}
    req = sized(std, hand_branch())
    assert req.slots == [] and req.hours == {}
    assert req.role_floors == {"guard": 2}  # ceil(300 × 1 / 250)
