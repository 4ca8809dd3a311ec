"""The Result of a solution (design §5), built from hand-made solutions: no solve needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from checker import assert_valid

from staffopt.config import BranchInput, load_branch
from staffopt.counting import Shift
from staffopt.extract import build_result, headcount_rows, objective, shortage_rows
from staffopt.requirements import compute
from staffopt.solution import LevelOutcome, Solution, idle_slots
from staffopt.staffing import Staffing

SOLVE = Path(__file__).resolve().parent / "data" / "solve"


def _input(name: str) -> tuple[BranchInput, Staffing]:
    inp = load_branch(SOLVE / f"{name}.yaml", SOLVE / f"{name}.standards.yaml")
    return inp, Staffing(inp.standards, inp.branch, compute(inp.standards, inp.branch))


def _solution(inp: BranchInput, plans: dict[str, tuple[str, str | None, list[Shift]]]) -> Solution:
    sol = Solution()
    for emp in inp.branch.staff:
        role, team, shifts = plans.get(emp.id, (None, None, []))
        sol.roles[emp.id], sol.teams[emp.id], sol.shifts[emp.id] = role, team, shifts
    return sol


def _cash(*days: str) -> list[Shift]:
    return [Shift(day, 540, 780, "teller.cash") for day in days]


@pytest.fixture(scope="module")
def tellers() -> tuple[BranchInput, Staffing]:
    """TINY-A: two cash tellers needed Monday and Tuesday 09:00-13:00; T1-T4 today."""
    return _input("free-two-tellers")


def test_the_optimal_roster_as_a_result(tellers: tuple[BranchInput, Staffing]) -> None:
    inp, staffing = tellers
    sol = _solution(inp, {"T1": ("teller", None, _cash("mon", "tue")),
                          "T2": ("teller", None, _cash("tue", "mon"))})
    result = build_result(inp, staffing, sol, 1.234)
    assert (result.status, result.gap, result.solve_seconds) == ("optimal", 0.0, 1.23)
    assert result.objective is not None
    assert result.objective.model_dump() == {"shortage_slots": 0, "floor_shortage": 0,
                                             "headcount": 2, "role_changes": 0, "idle_hours": 64,
                                             "paid_hours": 16}
    assert [(r.employee, r.day, r.start, r.end) for r in result.roster] == [
        (e, d, "09:00", "13:00") for e in ("T1", "T2") for d in ("mon", "tue")
    ]  # sorted by employee, then day mon..sun
    assert [(m.employee, m.from_, m.to) for m in result.moves] == [
        ("T3", "teller", None), ("T4", "teller", None)
    ]
    assert [(h.role, h.current, h.required, h.kept, h.freed) for h in result.headcount] == [
        ("teller", 4, 2, 2, 2)
    ]
    assert result.totals is not None
    assert (result.totals.staff, result.totals.kept, result.totals.freed) == (4, 2, 2)
    assert [(a.employee, a.hours, a.contract_hours) for a in result.assignments][:2] == [
        ("T1", 8, 40), ("T2", 8, 40)
    ]
    assert result.shortages == []
    assert_valid(SOLVE / "free-two-tellers.yaml", SOLVE / "free-two-tellers.standards.yaml",
                 json.loads(result.to_json()))


def test_every_short_slot_is_a_shortage_with_its_cause(
    tellers: tuple[BranchInput, Staffing],
) -> None:
    inp, staffing = tellers
    sol = _solution(inp, {"T1": ("teller", None, _cash("mon"))})
    rows = shortage_rows(staffing, sol)
    assert [(s.day, s.start, s.missing) for s in rows] == [
        ("mon", f"{h:02d}:00", 1) for h in range(9, 13)
    ] + [("tue", f"{h:02d}:00", 2) for h in range(9, 13)]
    assert all(s.post == "teller.cash" and s.cause for s in rows)
    levels = objective(staffing, sol, rows)
    assert (levels.shortage_slots, levels.headcount, levels.paid_hours) == (12, 1, 4)


def test_an_unproven_level_makes_a_feasible_result_with_its_gap(
    tellers: tuple[BranchInput, Staffing],
) -> None:
    inp, staffing = tellers
    sol = _solution(inp, {"T1": ("teller", None, _cash("mon", "tue")),
                          "T2": ("teller", None, _cash("mon", "tue"))})
    # the gap is taken against the idle slots the roster really leaves, not the solver's
    idle = idle_slots(staffing, sol)
    sol.levels["idle_slots"] = LevelOutcome(bound=idle - 4, optimal=False, value=idle + 9)
    result = build_result(inp, staffing, sol, 0.0)
    assert (result.status, result.gap) == ("feasible", round(4 / idle, 6))


def test_a_move_to_a_team_and_the_team_rows() -> None:
    # TINY-B: T2 moves to the wealth team, A1 stays in it; T3 is freed.
    inp, staffing = _input("teller-to-account-manager")
    wealth = "account_manager.wealth"
    sol = _solution(inp, {"A1": ("account_manager", wealth, []),
                          "T1": ("teller", None, _cash("mon")),
                          "T2": ("account_manager", wealth, [])})
    result = build_result(inp, staffing, sol, 0.0)
    assert [(a.employee, a.role, a.team) for a in result.assignments] == [
        ("A1", "account_manager", "wealth"), ("T1", "teller", None),
        ("T2", "account_manager", "wealth"), ("T3", None, None),
    ]
    fields = ("role", "current", "required", "kept", "moved_in", "moved_out", "freed",
              "floor", "under_floor")
    assert [tuple(getattr(h, f) for f in fields)
            for h in headcount_rows(staffing, sol, result.shortages)] == [
        ("teller", 3, 1, 1, 0, 1, 1, 0, 0),
        ("account_manager", 1, 2, 1, 1, 0, 0, 2, 0),
        ("account_manager.wealth", 1, 2, 1, 1, 0, 0, 2, 0),
        ("account_manager.loans", 0, 0, 0, 0, 0, 0, 0, 0),
    ]
    assert [(m.employee, m.from_, m.to, m.from_team, m.to_team) for m in result.moves] == [
        ("T2", "teller", "account_manager", None, "wealth"), ("T3", "teller", None, None, None)
    ]
    assert result.objective is not None
    assert (result.objective.floor_shortage, result.objective.role_changes) == (0, 1)
