"""The lower bound on idle contract hours: the per-employee paid-hours cap, the level's
bound, the model check of a hint, and the idle-hours stage settled at its hint."""

from __future__ import annotations

from pathlib import Path

from helpers import staffing_of
from ortools.sat.python import cp_model

from staffopt.counting import Shift
from staffopt.model import build
from staffopt.solution import Solution
from staffopt.solve import optimise
from staffopt.solve.idle_bound import add_idle_cuts, most_paid, satisfies, settle_at_hint
from staffopt.solve.params import SolverParams
from staffopt.solve.stages import STAGES

SOLVE = Path(__file__).resolve().parent / "data" / "solve"


def _shift(day: str, hours: int) -> Shift:
    return Shift(day, 480, 480 + 60 * hours, "teller.cash")


def test_most_paid_is_a_subset_sum_within_days_and_contract() -> None:
    shifts = [_shift(d, h) for d in ("mon", "tue", "wed") for h in (4, 8)]
    # 30-minute slots: 8 h = 16, 4 h = 8; a 20-hour contract (40 slots), two days at most
    assert most_paid(shifts, 30, 40, 2) == 32
    assert most_paid(shifts, 30, 40, 3) == 40
    assert most_paid(shifts, 30, 20, 3) == 16
    assert most_paid([], 30, 40, 5) == 0


def _tellers():
    staffing = staffing_of(SOLVE / "free-two-tellers.yaml",
                           SOLVE / "free-two-tellers.standards.yaml")
    return staffing, build(staffing, list(staffing.branch.staff), set(staffing.demand), {})


def test_the_bound_is_below_the_optimum_and_leaves_it_unchanged() -> None:
    staffing, comp = _tellers()
    comp.model.minimize(comp.levels["idle_slots"])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(comp.model) == cp_model.OPTIMAL
    before = round(solver.objective_value)
    heads = round(solver.value(comp.levels["headcount"]))
    _, cut = _tellers()
    bound = add_idle_cuts(staffing, cut, heads)
    cut.model.add(cut.levels["headcount"] >= heads)
    cut.model.minimize(cut.levels["idle_slots"])
    assert solver.solve(cut.model) == cp_model.OPTIMAL
    assert round(solver.objective_value) >= before  # headcount forced: never below
    assert 0 <= bound <= round(solver.objective_value)
    assert cut.level_bounds["idle_slots"] == bound


def test_satisfies_reads_domains_and_constraints() -> None:
    m = cp_model.CpModel()
    x, y = m.new_bool_var("x"), m.new_bool_var("y")
    m.add_at_most_one([x, y])
    m.add(x + y >= 1)
    assert satisfies(m.proto, [1, 0])
    assert not satisfies(m.proto, [1, 1])
    assert not satisfies(m.proto, [0, 0])
    assert not satisfies(m.proto, [2, 0])


def test_a_hint_above_the_bound_is_not_settled() -> None:
    staffing, comp = _tellers()
    bound = add_idle_cuts(staffing, comp, 0)
    hint = [0] * len(comp.model.proto.variables)  # invalid: shortages not set
    out, fixed = Solution(), {}
    assert not settle_at_hint(staffing, comp, STAGES[-1], hint, bound, out, fixed)
    assert fixed == {}
    assert not settle_at_hint(staffing, comp, STAGES[0], hint, 10**6, out, fixed)


def test_the_solve_is_the_same_twice_and_proven() -> None:
    staffing, _ = _tellers()
    params = SolverParams.start(10.0)
    first, second = optimise(staffing, params), optimise(staffing, params)
    assert first.shifts == second.shifts
    assert all(o.optimal for o in first.levels.values())
