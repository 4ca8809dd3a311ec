"""The presence kind: a fixed number on duty, and the supply–demand floor
(staffopt.requirements.kinds.presence)."""

from __future__ import annotations

import json
import random
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
from staffopt.requirements import Floor, compute
from staffopt.result import requirements_json

# ---------------------------------------------------------------- §3 oracle (used by tests/spec.py)


def oracle_slots(name: str, role: dict[str, Any], ctx: SlotContext) -> list[SlotNeed]:
    """§3 presence: on_duty in every open slot."""
    return [SlotNeed(name, role["on_duty"])]


def oracle_floors(
    name: str, role: dict[str, Any], std: dict[str, Any], branch: dict[str, Any]
) -> dict[str, int]:
    """§3 presence floor: ceil(open days × on_duty ÷ working days per person)."""
    days = std["calendar"]["open_days_per_year"] * role["on_duty"]
    return {name: ceil_tol(days / std["labor"]["working_days_per_year"])}


def test_presence_by_hand() -> None:
    # on_duty 2 in every slot; floor = ceil(300 × 2 / 250) = ceil(2.4) = 3.
    std = hand_standards(roles={"supervisor": {"sizing": "presence", "on_duty": 2}})
    req = sized(std, hand_branch())
    assert required_grid(req) == {("supervisor", "mon", "09:00"): 2}
    assert req.floors == [Floor("supervisor", 3)]
    assert req.role_floors == {"supervisor": 3}
    # 248 open days, 248 working days: exactly 1, which stays 1.
    std["calendar"]["open_days_per_year"] = 248
    std["labor"]["working_days_per_year"] = 248
    std["roles"]["supervisor"]["on_duty"] = 1
    assert sized(std, hand_branch()).floors == [Floor("supervisor", 1)]


def test_presence_of_an_absurd_count_is_exact() -> None:
    # 10^400 on duty: the floor's quotient overflows a float, the exact one does not.
    std = hand_standards(roles={"guard": {"sizing": "presence", "on_duty": 10**400}})
    req = sized(std, hand_branch())
    assert req.floors == [Floor("guard", -(-300 * 10**400 // 250))]
    assert [s.required for s in req.slots] == [10**400]


@pytest.mark.parametrize(("seed", "slot"), GENERATED)
def test_generated_branch_matches_spec(seed: int, slot: int) -> None:
    std, branch = random_case(random.Random(seed), slot)
    assert_kind_matches_spec(sized(std, branch), std, branch, "presence")


@pytest.mark.parametrize(("branch", "standards"), file_cases(), ids=lambda p: Path(p).stem)
def test_files_match_spec(branch: Path, standards: Path) -> None:
    inp = load_branch(branch, standards)
    assert_kind_matches_spec(
        compute(inp.standards, inp.branch), *spec_inputs(branch, standards), "presence"
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
    req = sized(std, branch)
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
    text = (REQUIREMENTS_DATA / "standards-small.yaml").read_text(encoding="utf-8")
    text += "  security_guard:\n    sizing: presence\n    on_duty: 1\n"
    std_path = tmp_path / "standards.yaml"
    std_path.write_text(text, encoding="utf-8")
    inp = load_branch(REQUIREMENTS_DATA / "small.yaml", std_path)
    req = compute(inp.standards, inp.branch)
    assert Floor("security_guard", 2) in req.floors  # ceil(300 × 1 / 250) = 2
    assert {s.required for s in req.slots if s.post == "security_guard"} == {1}
