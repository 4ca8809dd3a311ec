"""The people stage's start: level 1's roster thinned, people freed while every slot keeps
its level-1 coverage, floors filled, and the stage settled where the start meets its bounds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import staffing_of

from staffopt.counting import coverage
from staffopt.model import ComponentModel, build
from staffopt.solution import Solution
from staffopt.solve import components
from staffopt.solve.hints import read_roster
from staffopt.solve.idle_bound import satisfies
from staffopt.solve.params import SolverParams
from staffopt.solve.people_hint import ORDERS, levels_of, people_start, settle_people
from staffopt.solve.stages import STAGES, run_stage
from staffopt.staffing import Staffing

GENERATED_LIMIT = 10.0


@dataclass
class Level1:
    """One component's reduced model, solved to level 1 only, with level 1's roster."""

    staffing: Staffing
    comp: ComponentModel
    values: list[int]
    fixed: dict[str, int]


@pytest.fixture(scope="module")
def level1(generated: Path) -> list[Level1]:
    """Every component of the six generated branches after level 1."""
    out = []
    for path in sorted((generated / "branches").glob("*.yaml")):
        staffing = staffing_of(path, generated / "standards.yaml")
        params = SolverParams.start(GENERATED_LIMIT)
        for part in components(staffing)[0]:
            comp = build(staffing, part.employees, part.rows, part.floors, maximal=True)
            fixed: dict[str, int] = {}
            values, _ = run_stage(comp, STAGES[0], None, params, Solution(), fixed)
            assert values is not None
            out.append(Level1(staffing, comp, values, fixed))
    return out


def _roster(comp: ComponentModel, values: list[int]) -> Solution:
    sol = Solution()
    read_roster(comp, values, sol)
    return sol


def _shortage(staffing: Staffing, comp: ComponentModel, sol: Solution) -> int:
    count = coverage((s for w in sol.shifts.values() for s in w), staffing.slot)
    return sum(max(0, staffing.demand[k] - count[k]) for k in comp.shortage)


def test_the_start_keeps_level_1_and_is_a_solution(level1: list[Level1]) -> None:
    freed = 0
    for c in level1:
        before = _roster(c.comp, c.values)
        hint = people_start(c.staffing, c.comp, c.values)
        after = _roster(c.comp, hint)
        assert satisfies(c.comp.model.proto, hint)
        assert _shortage(c.staffing, c.comp, after) <= c.fixed["shortage_slots"]
        assert levels_of(c.comp, after) <= levels_of(c.comp, before)
        freed += levels_of(c.comp, before)[1] - levels_of(c.comp, after)[1]
    assert freed > 0  # level 1 leaves people to free on these branches


def test_freed_people_hold_no_shift_and_kept_ones_work_their_role(
    level1: list[Level1],
) -> None:
    for c in level1:
        after = _roster(c.comp, people_start(c.staffing, c.comp, c.values))
        for emp in c.comp.employees:
            for s in after.shifts[emp.id]:
                assert after.roles[emp.id] is not None
                assert s.post.split(".")[0] == after.roles[emp.id]


def test_every_order_of_freeing_is_deterministic(level1: list[Level1]) -> None:
    c = max(level1, key=lambda c: len(c.comp.employees))
    assert len(ORDERS) >= 2
    assert people_start(c.staffing, c.comp, c.values) == people_start(
        c.staffing, c.comp, c.values
    )


def test_settling_needs_the_start_at_every_bound(level1: list[Level1]) -> None:
    stage = STAGES[1]
    c = max(level1, key=lambda c: len(c.comp.employees))
    hint = people_start(c.staffing, c.comp, c.values)
    found = levels_of(c.comp, _roster(c.comp, hint))
    out, fixed = Solution(), {}
    c.comp.level_bounds.update(zip(stage.levels, (found[0], found[1] - 1, 0), strict=True))
    assert not settle_people(c.comp, stage, hint, out, fixed)
    assert fixed == {}
    c.comp.level_bounds.update(zip(stage.levels, found, strict=True))
    assert settle_people(c.comp, stage, hint, out, fixed)
    assert [fixed[level] for level in stage.levels] == list(found)
    assert all(out.levels[level].optimal for level in stage.levels)
    assert [out.levels[level].value for level in stage.levels] == list(found)
