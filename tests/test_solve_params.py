"""The parameters every CP-SAT solve of a branch runs with."""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from staffopt.solve.params import (
    MIN_GUARD,
    MIN_STAGE_BUDGET,
    SEED,
    WALL_FACTOR,
    SolverParams,
    guard_stopped,
)


def _configured(params: SolverParams) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params.configure(solver)
    return solver


def test_a_branch_solve_starts_with_its_whole_budget() -> None:
    before = time.perf_counter()
    params = SolverParams.start(12.0)
    after = time.perf_counter()
    assert (params.budget, params.seed, params.workers, params.role_cuts) == (12.0, SEED, 1, True)
    assert before + 12.0 * WALL_FACTOR <= params.deadline <= after + 12.0 * WALL_FACTOR
    assert not SolverParams.start(1.0, role_cuts=False).role_cuts


def test_a_solve_is_deterministic_and_budgeted() -> None:
    params = SolverParams(budget=4.0, deadline=time.perf_counter() + 1000.0, seed=7)
    p = _configured(params).parameters
    assert (p.num_workers, p.random_seed, p.max_deterministic_time) == (1, 7, 4.0)
    # the measured settings of these models: LP with implications, no probing, one pass
    assert (p.linearization_level, p.cp_model_probing_level, p.max_presolve_iterations) == (
        2, 0, 1
    )


def test_a_small_share_gets_the_least_stage_budget_unless_exact() -> None:
    params = SolverParams(budget=10.0, deadline=time.perf_counter() + 1000.0)
    small = params.share(0.1)
    assert (small.budget, params.budget) == (0.1, 10.0)  # frozen: a share is a new object
    assert _configured(small).parameters.max_deterministic_time == MIN_STAGE_BUDGET
    assert _configured(params.exact(0.1)).parameters.max_deterministic_time == 0.1


def test_past_the_deadline_a_solve_still_gets_the_least_guard() -> None:
    late = SolverParams(budget=1.0, deadline=time.perf_counter() - 60.0)
    assert _configured(late).parameters.max_time_in_seconds == MIN_GUARD


def test_only_a_bound_search_share_searches_at_the_objective_bound() -> None:
    params = SolverParams(budget=4.0, deadline=time.perf_counter() + 1000.0)
    assert not _configured(params).parameters.use_objective_lb_search
    searching = params.searching_bound()
    assert _configured(searching).parameters.use_objective_lb_search
    assert (searching.budget, searching.seed, params.bound_search) == (4.0, params.seed, False)

def test_extra_settings_reach_every_call_and_sub_extra_only_the_sub_models() -> None:
    params = SolverParams(
        budget=4.0,
        deadline=time.perf_counter() + 1000.0,
        extra={"symmetry_level": 1, "linearization_level": 1},
        sub_extra={"cp_model_presolve": False},
    )
    stage = _configured(params.share(2.0)).parameters
    sub = _configured(params.exact(0.2)).parameters
    assert (stage.symmetry_level, stage.linearization_level, stage.cp_model_presolve) == (
        1, 1, True
    )
    assert (sub.symmetry_level, sub.linearization_level, sub.cp_model_presolve) == (1, 1, False)
    assert not params.sub and params.exact(0.2).sub


def test_a_solve_sets_no_extra_parameters() -> None:
    params = SolverParams.start(5.0)
    assert (dict(params.extra), dict(params.sub_extra)) == ({}, {})
    p = _configured(params).parameters
    assert (p.symmetry_level, p.cp_model_presolve) == (2, True)  # CP-SAT's defaults


def _hard_model() -> cp_model.CpModel:
    # a pigeonhole, 14 pigeons in 13 holes: without the LP and symmetry, clause learning
    # needs exponential time to refute it
    m = cp_model.CpModel()
    x = [[m.new_bool_var(f"x{p}_{h}") for h in range(13)] for p in range(14)]
    for row in x:
        m.add_exactly_one(row)
    for h in range(13):
        m.add_at_most_one(row[h] for row in x)
    return m


def test_a_solve_ended_by_the_wall_clock_guard_says_so(caplog) -> None:
    starved = SolverParams(budget=1000.0, deadline=time.perf_counter() - 60.0,
                           extra={"symmetry_level": 0, "cp_model_presolve": False,
                                  "linearization_level": 0})
    with caplog.at_level("WARNING", logger="staffopt.solve.params"):
        solver, status = starved.solve(_hard_model())
    assert status == cp_model.UNKNOWN
    assert guard_stopped(solver, status)
    assert "wall-clock guard stopped a solve" in caplog.text


def test_a_solve_ended_by_its_budget_or_a_proof_is_quiet(caplog) -> None:
    params = SolverParams(budget=4.0, deadline=time.perf_counter() + 1000.0)
    m = cp_model.CpModel()
    v = m.new_int_var(0, 5, "v")
    m.minimize(v)
    with caplog.at_level("WARNING", logger="staffopt.solve.params"):
        solver, status = params.solve(m)
    assert status == cp_model.OPTIMAL and not guard_stopped(solver, status)
    assert caplog.text == ""
