"""The stages of the lexicographic solve: their weights, their proofs, and one stage run."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers import staffing_of

from staffopt.model import LEVELS, ComponentModel, build
from staffopt.solution import Solution
from staffopt.solve.params import SolverParams
from staffopt.solve.stages import (
    STAGES,
    fix_levels,
    proven_bounds,
    record,
    run_stage,
    stage_weights,
)
from staffopt.staffing import Staffing

SOLVE = Path(__file__).resolve().parent / "data" / "solve"


def test_stages_cover_every_level_once_in_order() -> None:
    assert [level for stage in STAGES for level in stage.levels] == list(LEVELS)
    assert [s.name for s in STAGES] == ["coverage", "people", "idle hours"]
    # the role bounds need level 1's optimum; only the paid-hours stage runs on the full model
    assert [s.role_bounds for s in STAGES] == [False, True, False]
    assert [s.full_model for s in STAGES] == [False, False, True]
    # level 1's proof lies in its bound: only its minimisation searches at the bound
    assert [s.bound_search for s in STAGES] == [True, False, False]


def test_weights_exceed_all_later_levels_together() -> None:
    level_max = {"a": 9, "b": 3, "c": 4}
    assert stage_weights(level_max, ("a",)) == [1]
    assert stage_weights(level_max, ("a", "b", "c")) == [(3 + 1) * (4 + 1), 4 + 1, 1]
    # so any worse first level outweighs the best possible later ones
    w = stage_weights(level_max, ("a", "b", "c"))
    assert w[0] > 3 * w[1] + 4 * w[2] and w[1] > 4 * w[2]


def test_an_optimal_stage_proves_every_level() -> None:
    assert proven_bounds(True, 230.0, [2, 30], [100, 1], [0, 0]) == [2, 30]


def test_an_unfinished_stage_reports_the_solver_bound_not_zero() -> None:
    # the bound 1471.9999999 is the integer 1472: float noise is forgiven before the ceil
    [bound] = proven_bounds(False, 1472.0 - 1e-7, [1480], [1], [0])
    assert bound == 1472
    out = Solution()
    record(out, ("idle_slots",), [1480], [bound], 1.0)
    assert (out.levels["idle_slots"].bound, out.levels["idle_slots"].optimal) == (1472, False)
    values = dict.fromkeys(LEVELS, 0) | {"idle_slots": 1480}
    assert out.gap(values) == round(8 / 1480, 6)


def test_a_weighted_stage_splits_its_bound_level_by_level() -> None:
    # weights 100 and 1: values 2 and 30 (objective 230); a bound of 215 proves the first
    # level (215 // 100 = 2) and leaves 15 for the second, which stays open at 30.
    bounds = proven_bounds(False, 215.0, [2, 30], [100, 1], [0, 0])
    assert bounds == [2, 15]
    out = Solution()
    record(out, ("floor_shortage", "role_changes"), [2, 30], bounds, 1.0)
    assert (out.levels["floor_shortage"].bound, out.levels["floor_shortage"].optimal) == (2, True)
    assert (out.levels["role_changes"].bound, out.levels["role_changes"].optimal) == (15, False)
    assert out.levels["floor_shortage"].seconds == out.levels["role_changes"].seconds == 0.5


def test_after_an_open_level_only_the_data_bound_is_known() -> None:
    # 25 // 10 = 2 leaves the first level (3) open: of the second only its data bound is known
    assert proven_bounds(False, 25.0, [3, 5], [10, 1], [1, 4]) == [2, 4]
    # the data can prove more than the solver did
    assert proven_bounds(False, 10.0, [3, 5], [10, 1], [3, 0]) == [3, 0]


def test_recorded_bounds_never_exceed_the_values_and_add_up() -> None:
    out = Solution()
    record(out, ("headcount",), [4], [6], 0.2)
    record(out, ("headcount",), [3], [2], 0.2)  # a second component, open
    assert out.levels["headcount"].bound == 4 + 2
    assert not out.levels["headcount"].optimal


@pytest.fixture()
def tellers() -> tuple[Staffing, ComponentModel]:
    """TINY-A's reduced model: 2 tellers needed in 8 slots, 4 tellers to choose from."""
    staffing = staffing_of(SOLVE / "free-two-tellers.yaml",
                           SOLVE / "free-two-tellers.standards.yaml")
    comp = build(staffing, list(staffing.branch.staff), set(staffing.demand), {}, maximal=True)
    return staffing, comp


def test_a_stage_run_proves_and_fixes_its_levels(tellers: tuple[Staffing, ComponentModel]) -> None:
    _, comp = tellers
    params = SolverParams(budget=5.0, deadline=time.perf_counter() + 60.0)
    out, fixed = Solution(), {}
    values, used = run_stage(comp, STAGES[0], None, params, out, fixed)
    assert values is not None and len(values) == len(comp.model.proto.variables)
    assert used >= 0
    assert fixed == {"shortage_slots": 0}
    assert (out.levels["shortage_slots"].bound, out.levels["shortage_slots"].optimal) == (0, True)
    # the next stage starts from that solution and keeps level 1 at its optimum
    values, _ = run_stage(comp, STAGES[1], values, params, out, fixed)
    assert values is not None
    assert fixed == {"shortage_slots": 0, "floor_shortage": 0, "headcount": 2, "role_changes": 0}
    assert all(out.levels[level].optimal for level in STAGES[1].levels)


def test_fixed_levels_bind_a_model(tellers: tuple[Staffing, ComponentModel]) -> None:
    # one teller cannot cover a slot that needs two: fixing the shortage at 0 and the
    # headcount at 1 leaves no solution
    _, comp = tellers
    fix_levels(comp, {"shortage_slots": 0, "headcount": 1})
    params = SolverParams(budget=5.0, deadline=time.perf_counter() + 60.0)
    values, _ = run_stage(comp, STAGES[0], None, params, Solution(), {})
    assert values is None
