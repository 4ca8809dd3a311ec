"""The pooled bound of level 1: people with the same posts as counts. It never exceeds
the optimum of the model it relaxes, and it sees shortage that people shared by rows
leave."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from helpers import staffing_of
from ortools.sat.python import cp_model

from staffopt.model import build
from staffopt.solve.bounds import pooled_bound
from staffopt.solve.params import SolverParams

SOLVE = Path(__file__).resolve().parent / "data" / "solve"
CASES = [
    ("lunch-tellers.yaml", "lunch-counter.standards.yaml"),
    ("lunch-supervisors.yaml", "lunch-supervisor.standards.yaml"),
    ("free-two-tellers.yaml", "free-two-tellers.standards.yaml"),
    ("part-timer-and-colleague.yaml", "part-timer.standards.yaml"),
    ("security-guard.yaml", "security-guard.standards.yaml"),
    ("teller-to-account-manager.yaml", "teller-to-account-manager.standards.yaml"),
]


def _params(budget: float = 10.0) -> SolverParams:
    return SolverParams(budget=budget, deadline=time.perf_counter() + 60.0)


def _optimum(model: cp_model.CpModel) -> int:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers, solver.parameters.random_seed = 1, 1
    assert solver.solve(model) == cp_model.OPTIMAL
    return round(solver.objective_value)


@pytest.mark.parametrize("case", range(18))
def test_the_pooled_bound_never_exceeds_the_optimum(case: int) -> None:
    """Generated cases: a random part of the staff, so that rows go short."""
    rnd = random.Random(case)
    branch, standards = CASES[case % len(CASES)]
    staffing = staffing_of(SOLVE / branch, SOLVE / standards)
    staff = list(staffing.branch.staff)
    kept = sorted(rnd.sample(range(len(staff)), rnd.randint(1, len(staff))))
    comp = build(staffing, [staff[i] for i in kept], set(staffing.demand), {}, maximal=True)
    bound, _ = pooled_bound(staffing, comp, _params())
    comp.model.minimize(comp.levels["shortage_slots"])
    assert 0 <= bound <= _optimum(comp.model)


def test_the_pooled_bound_is_exact_where_lunches_leave_slots_short() -> None:
    staffing = staffing_of(SOLVE / "lunch-tellers.yaml", SOLVE / "lunch-counter.standards.yaml")
    staff = list(staffing.branch.staff)[:1]
    comp = build(staffing, staff, set(staffing.demand), {}, maximal=True)
    bound, _ = pooled_bound(staffing, comp, _params())
    comp.model.minimize(comp.levels["shortage_slots"])
    optimum = _optimum(comp.model)
    assert optimum > 0
    assert bound == optimum
