"""The bound search after an unproven minimisation: a valid bound, never a worse roster."""

from __future__ import annotations

import math
import random
import time
from pathlib import Path

import pytest
from helpers import staffing_of
from ortools.sat.python import cp_model

from staffopt.model import ComponentModel, build
from staffopt.solve.finish import search_bound
from staffopt.solve.params import SolverParams

SOLVE = Path(__file__).resolve().parent / "data" / "solve"
CASES = [
    ("lunch-tellers.yaml", "lunch-counter.standards.yaml"),
    ("lunch-supervisors.yaml", "lunch-supervisor.standards.yaml"),
    ("free-two-tellers.yaml", "free-two-tellers.standards.yaml"),
]


def _params(budget: float = 10.0) -> SolverParams:
    return SolverParams(budget=budget, deadline=time.perf_counter() + 60.0)


def _generated(case: int) -> ComponentModel:
    """A small reduced model, made short of people at random: fewer heads, and some shifts
    forbidden, so that its shortage optimum is positive and not known in advance."""
    rnd = random.Random(case)
    branch, standards = CASES[case % len(CASES)]
    staffing = staffing_of(SOLVE / branch, SOLVE / standards)
    comp = build(staffing, list(staffing.branch.staff), set(staffing.demand), {}, maximal=True)
    comp.model.add(comp.levels["headcount"] <= rnd.randint(1, len(comp.employees)))
    for shifts in comp.shifts.values():
        for _, lit in shifts:
            if rnd.random() < 0.3:
                comp.model.add(lit == 0)
    comp.model.minimize(comp.levels["shortage_slots"])
    return comp


def _solve(model: cp_model.CpModel, first_only: bool) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers, p.random_seed = 1, 1
    p.stop_after_first_solution = first_only
    assert solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return solver


@pytest.mark.parametrize("case", range(9))
def test_the_bound_never_exceeds_the_optimum_and_the_roster_never_worsens(case: int) -> None:
    comp = _generated(case)
    optimum = round(_solve(comp.model, first_only=False).objective_value)
    first = _solve(comp.model, first_only=True)
    expr = comp.levels["shortage_slots"]
    kept, optimal, bound, spent = search_bound(comp.model, expr, first, _params())
    value = round(kept.value(expr))
    assert math.ceil(bound - 1e-6) <= optimum <= value <= round(first.objective_value)
    assert spent >= 0
    if optimal:
        assert value == optimum == math.ceil(bound - 1e-6)


def test_a_proven_first_solve_needs_no_search() -> None:
    comp = _generated(0)
    first = _solve(comp.model, first_only=False)
    kept, optimal, _, spent = search_bound(
        comp.model, comp.levels["shortage_slots"], first, _params()
    )
    assert (kept, optimal, spent) == (first, True, 0.0)


def test_the_search_leaves_the_model_as_it_was() -> None:
    comp = _generated(1)
    before = len(comp.model.proto.constraints)
    first = _solve(comp.model, first_only=True)
    search_bound(comp.model, comp.levels["shortage_slots"], first, _params(0.5))
    assert len(comp.model.proto.constraints) == before
