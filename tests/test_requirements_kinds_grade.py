"""The grade kind: the branch head by branch grade (staffopt.requirements.kinds.grade)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    GENERATED,
    assert_kind_matches_spec,
    file_cases,
    hand_branch,
    hand_standards,
    random_case,
    required_grid,
    sized,
    spec_inputs,
)
from spec import SlotContext, SlotNeed

from staffopt.config import load_branch
from staffopt.requirements import Floor, compute
from staffopt.result import requirements_json

# ---------------------------------------------------------------- §3 oracle (used by tests/spec.py)


def oracle_slots(name: str, role: dict[str, Any], ctx: SlotContext) -> list[SlotNeed]:
    """§3 grade: min_on_duty in every open slot."""
    return [SlotNeed(name, role.get("min_on_duty", 0))]


def oracle_floors(
    name: str, role: dict[str, Any], std: dict[str, Any], branch: dict[str, Any]
) -> dict[str, int]:
    """§3 grade floor: by_grade at the branch's grade."""
    by_grade = {int(g): v for g, v in role["by_grade"].items()}
    return {name: by_grade[branch["grade"]]}


def test_grade_by_hand() -> None:
    # grade 11 → by_grade 2; min_on_duty absent → 0 in every slot, so no JSON row.
    role = {"sizing": "grade", "by_grade": {g: (2 if g == 11 else 1) for g in range(8, 15)}}
    req = sized(hand_standards(roles={"head": role}), hand_branch(grade=11))
    assert req.floors == [Floor("head", 2)]
    assert required_grid(req) == {("head", "mon", "09:00"): 0}
    assert json.loads(requirements_json(req))["requirements"] == []
    role["min_on_duty"] = 1
    assert required_grid(sized(hand_standards(roles={"head": role}), hand_branch(grade=11))) == {
        ("head", "mon", "09:00"): 1,
    }


def test_a_grade_the_table_leaves_out_has_floor_0() -> None:
    role = {"sizing": "grade", "by_grade": {12: 2}}
    assert sized(hand_standards(roles={"head": role}), hand_branch(grade=10)).floors == [
        Floor("head", 0)
    ]


@pytest.mark.parametrize(("seed", "slot"), GENERATED)
def test_generated_branch_matches_spec(seed: int, slot: int) -> None:
    std, branch = random_case(random.Random(seed), slot)
    assert_kind_matches_spec(sized(std, branch), std, branch, "grade")


@pytest.mark.parametrize(("branch", "standards"), file_cases(), ids=lambda p: Path(p).stem)
def test_files_match_spec(branch: Path, standards: Path) -> None:
    inp = load_branch(branch, standards)
    assert_kind_matches_spec(
        compute(inp.standards, inp.branch), *spec_inputs(branch, standards), "grade"
    )
