"""Feasibility probes at a level's bound: they prove a level, or raise its bound."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers import staffing_of

from staffopt.model import ComponentModel, build
from staffopt.solution import Solution
from staffopt.solve.params import SolverParams
from staffopt.solve.probes import PROBES, probe_stage
from staffopt.solve.stages import STAGES, run_stage

SOLVE = Path(__file__).resolve().parent / "data" / "solve"


@pytest.fixture()
def tellers() -> ComponentModel:
    """TINY-A's reduced model: 2 tellers needed in 8 slots, 4 tellers to choose from."""
    staffing = staffing_of(SOLVE / "free-two-tellers.yaml",
                           SOLVE / "free-two-tellers.standards.yaml")
    return build(staffing, list(staffing.branch.staff), set(staffing.demand), {}, maximal=True)


def _params() -> SolverParams:
    return SolverParams(budget=10.0, deadline=time.perf_counter() + 60.0)


def test_coverage_is_the_probed_stage() -> None:
    assert [s.probe for s in STAGES] == [True, False, False]


def test_a_roster_at_the_bound_proves_the_level(tellers: ComponentModel) -> None:
    out, fixed = Solution(), {}
    values, used = probe_stage(tellers, STAGES[0], _params(), out, fixed)
    assert values is not None and len(values) == len(tellers.model.proto.variables)
    assert used >= 0
    assert fixed == {"shortage_slots": 0}
    level = out.levels["shortage_slots"]
    assert (level.value, level.bound, level.optimal) == (0, 0, True)


def test_infeasible_probes_raise_the_bound_and_leave_the_rest(tellers: ComponentModel) -> None:
    # one teller for slots that need two: 8 slots short, but no row is out of reach
    tellers.model.add(tellers.levels["headcount"] <= 1)
    assert tellers.level_bounds["shortage_slots"] == 0
    out, fixed = Solution(), {}
    values, _ = probe_stage(tellers, STAGES[0], _params(), out, fixed)
    assert values is None and fixed == {}
    assert tellers.level_bounds["shortage_slots"] == PROBES
    # the minimisation that follows proves the optimum, with the raised bound kept
    values, _ = run_stage(tellers, STAGES[0], None, _params(), out, fixed)
    assert values is not None and fixed == {"shortage_slots": 8}
    assert out.levels["shortage_slots"].optimal


def test_a_probe_out_of_time_keeps_the_bound_but_adds_no_cut(tellers: ComponentModel) -> None:
    # a budget so small that the last probe runs out of time after the first proofs:
    # the raised bound is kept for the proof, but the model is left as it was
    tellers.model.add(tellers.levels["headcount"] <= 1)
    constraints = len(tellers.model.proto.constraints)
    out, fixed = Solution(), {}
    params = SolverParams(budget=1e-7, deadline=time.perf_counter() + 60.0)
    values, _ = probe_stage(tellers, STAGES[0], params, out, fixed)
    assert values is None and fixed == {}
    assert 0 < tellers.level_bounds["shortage_slots"] < PROBES
    assert len(tellers.model.proto.constraints) == constraints
