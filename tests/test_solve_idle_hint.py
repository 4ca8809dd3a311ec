"""The per-role re-planned start of the idle-hours stage (``idle_hint``), and the role-by-role
assignment bound on idle contract hours checked against the exact minimum of small branches."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import staffing_of
from ortools.sat.python import cp_model

from staffopt.config.models import role_of
from staffopt.model import build
from staffopt.solution import Solution
from staffopt.solve import idle_hint
from staffopt.solve.hints import encode, read_roster
from staffopt.solve.idle_bound import assignment_bound, hint_value, satisfies
from staffopt.solve.params import SolverParams

SOLVE = Path(__file__).resolve().parent / "data" / "solve"
CASES = [
    ("free-two-tellers", "free-two-tellers"),
    ("teller-to-account-manager", "teller-to-account-manager"),
    ("supervisor-away", "lone-supervisor"),
    ("part-timer-and-colleague", "part-timer"),
    ("short-day", "part-timer"),
    ("all-days-short", "part-timer"),
    ("security-guard", "security-guard"),
    ("lunch-tellers", "lunch-counter"),
    ("lunch-supervisors", "lunch-supervisor"),
]


def _solver() -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 1
    return solver


def _case(name: str, standards: str):  # type: ignore[no-untyped-def]
    staffing = staffing_of(SOLVE / f"{name}.yaml", SOLVE / f"{standards}.standards.yaml")
    return staffing, build(staffing, list(staffing.branch.staff), set(staffing.demand), {})


def _held(comp, solver: cp_model.CpSolver) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """How many people hold each role in the solver's roster."""
    counts: dict[str, int] = {}
    for roles in comp.roles.values():
        for role, lit in roles.items():
            counts[role] = counts.get(role, 0) + solver.value(lit)
    return counts


@pytest.mark.parametrize(("name", "standards"), CASES)
def test_the_bound_never_exceeds_the_exact_minimum(name: str, standards: str) -> None:
    staffing, comp = _case(name, standards)
    # a roster that needs people: coverage first, then the fewest people
    comp.model.minimize(comp.levels["shortage_slots"] * 1000 + comp.levels["headcount"])
    solver = _solver()
    assert solver.solve(comp.model) == cp_model.OPTIMAL
    heads = round(solver.value(comp.levels["headcount"]))
    held = _held(comp, solver)
    # the exact least idle among every roster with that headcount and those role counts
    _, exact = _case(name, standards)
    exact.model.add(exact.levels["headcount"] == heads)
    for role, count in held.items():
        exact.model.add(sum(r[role] for r in exact.roles.values() if role in r) >= count)
    exact.model.minimize(exact.levels["idle_slots"])
    assert solver.solve(exact.model) == cp_model.OPTIMAL
    least = round(solver.objective_value)
    params = SolverParams.start(10.0)
    for counts, people in ((held, heads), (held, 0), ({}, heads), ({}, 0)):
        _, fresh = _case(name, standards)
        bound, _ = assignment_bound(staffing, fresh, people, counts, params)
        assert 0 <= bound <= least, (name, counts, people)


def test_a_short_day_forces_idle_hours_and_the_bound_sees_them() -> None:
    # the lone lobby manager works four 8-hour days at most (Tuesday is too short): idle 8 h
    staffing, comp = _case("short-day", "part-timer")
    bound, _ = assignment_bound(staffing, comp, 1, {}, SolverParams.start(10.0))
    assert bound > 0
    comp.model.add(comp.levels["headcount"] == 1)
    comp.model.minimize(comp.levels["idle_slots"])
    solver = _solver()
    assert solver.solve(comp.model) == cp_model.OPTIMAL
    assert bound == round(solver.objective_value)


def test_without_a_headcount_or_role_bound_nobody_is_forced() -> None:
    staffing, comp = _case("short-day", "part-timer")
    assert assignment_bound(staffing, comp, 0, {}, SolverParams.start(10.0))[0] == 0


@pytest.mark.parametrize(("name", "standards"), CASES)
def test_the_replanned_start_is_a_solution_and_never_worse(name: str, standards: str) -> None:
    staffing, comp = _case(name, standards)
    # a poor start: coverage first, then the fewest people, and as little work as may be
    comp.model.minimize(
        comp.levels["shortage_slots"] * 10**6 + comp.levels["headcount"] * 10**4
        - comp.levels["idle_slots"]
    )
    solver = _solver()
    solver.parameters.max_deterministic_time = 2.0  # any poor start will do; proving it is slow
    assert solver.solve(comp.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    start = list(solver.response_proto.solution)
    levels = {k: round(solver.value(e)) for k, e in comp.levels.items() if k != "idle_slots"}
    _, full = _case(name, standards)
    roster = Solution()
    read_roster(comp, start, roster)
    values = encode(staffing, full, roster)
    better, _ = idle_hint.improve(staffing, full, values, SolverParams.start(10.0))
    assert satisfies(full.model.proto, better)
    assert hint_value(staffing, full, better) <= hint_value(staffing, full, values)
    model = full.model.clone()
    for level, value in levels.items():
        model.add(full.levels[level] <= value)
    assert satisfies(model.proto, better)  # levels 1-4 keep their values
    after = Solution()
    read_roster(full, better, after)
    assert after.roles == roster.roles
    assert all(
        role_of(s.post) == after.roles[e] for e, worked in after.shifts.items() for s in worked
    )


def test_the_replan_lowers_idle_hours_of_a_poor_start() -> None:
    staffing, comp = _case("lunch-tellers", "lunch-counter")
    comp.model.minimize(comp.levels["shortage_slots"] * 10**6 - comp.levels["idle_slots"])
    solver = _solver()
    solver.parameters.max_deterministic_time = 2.0  # any poor start will do; proving it is slow
    assert solver.solve(comp.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    roster = Solution()
    read_roster(comp, list(solver.response_proto.solution), roster)
    _, full = _case("lunch-tellers", "lunch-counter")
    values = encode(staffing, full, roster)
    better, _ = idle_hint.improve(staffing, full, values, SolverParams.start(10.0))
    assert hint_value(staffing, full, better) < hint_value(staffing, full, values)
