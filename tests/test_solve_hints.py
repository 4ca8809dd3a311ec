"""Rosters read from model values and written back as hints: the idle fallback, the
encoding with its symmetry swaps, and the fill the idle-hours stage starts from."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import staffing_of
from ortools.sat.python import cp_model

from staffopt.counting import Shift, coverage, paid_minutes
from staffopt.model import ComponentModel, build
from staffopt.solution import Solution
from staffopt.solve import components
from staffopt.solve.hints import encode, fill, idle, idle_hours_start, read_roster
from staffopt.solve.params import SolverParams
from staffopt.solve.stages import STAGES, fix_levels, run_stage
from staffopt.staffing import Staffing

SOLVE = Path(__file__).resolve().parent / "data" / "solve"
MODEL = Path(__file__).resolve().parent / "data" / "model"
GENERATED_LIMIT = 10.0


def _hint_is_feasible(comp: ComponentModel, values: list[int]) -> bool:
    """Whether the model, every variable fixed to ``values``, has a solution."""
    model = comp.model.clone()
    model.clear_hints()
    for index, value in enumerate(values):
        model.add_hint(model.get_int_var_from_proto_index(index), value)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.fix_variables_to_their_hinted_value = True
    return solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


@pytest.fixture()
def tellers() -> tuple[Staffing, ComponentModel]:
    """TINY-A's full model: T1 and T2 interchangeable, T3 away Tuesday, T4 away Monday."""
    staffing = staffing_of(SOLVE / "free-two-tellers.yaml",
                           SOLVE / "free-two-tellers.standards.yaml")
    return staffing, build(staffing, list(staffing.branch.staff), set(staffing.demand), {})


def _roster(worked: dict[str, list[str]]) -> Solution:
    sol = Solution()
    for eid in ("T1", "T2", "T3", "T4"):
        days = worked.get(eid, [])
        sol.shifts[eid] = [Shift(day, 540, 780, "teller.cash") for day in days]
        sol.roles[eid] = "teller" if days else None
        sol.teams[eid] = None
    return sol


def test_the_idle_roster_is_a_solution(tellers: tuple[Staffing, ComponentModel]) -> None:
    staffing, comp = tellers
    values = idle(staffing, comp)
    assert _hint_is_feasible(comp, values)
    out = Solution()
    read_roster(comp, values, out)
    assert out.shifts == {e: [] for e in ("T1", "T2", "T3", "T4")}
    assert set(out.roles.values()) == {None}


def test_a_roster_encodes_and_reads_back(tellers: tuple[Staffing, ComponentModel]) -> None:
    staffing, comp = tellers
    sol = _roster({"T1": ["mon", "tue"], "T2": ["mon", "tue"]})
    values = encode(staffing, comp, copy.deepcopy(sol))
    assert _hint_is_feasible(comp, values)
    out = Solution()
    read_roster(comp, values, out)
    assert (out.shifts, out.roles) == (sol.shifts, sol.roles)


def test_encoding_swaps_interchangeable_people_into_order(
    tellers: tuple[Staffing, ComponentModel],
) -> None:
    # T2 works and T1 does not: the symmetry order wants it the other way round, so the
    # encoding gives T1 the plan (T3 and T4 are not interchangeable and keep theirs).
    staffing, comp = tellers
    sol = _roster({"T2": ["mon"], "T3": ["mon"], "T4": ["tue"]})
    values = encode(staffing, comp, sol)
    assert (sol.roles["T1"], sol.roles["T2"]) == ("teller", None)
    assert [s.day for s in sol.shifts["T1"]] == ["mon"]
    assert [s.day for s in sol.shifts["T4"]] == ["tue"]
    # two on Monday; on Tuesday T4 alone, one short in each of 4 slots
    assert sum(values[v.index] for v in comp.shortage.values()) == 4
    assert _hint_is_feasible(comp, values)


def test_fill_adds_shifts_on_free_days_within_the_contract(
    tellers: tuple[Staffing, ComponentModel],
) -> None:
    # TINY-A is open Monday and Tuesday; T3 is away on Tuesday, T4 has no role.
    staffing, _ = tellers
    sol = _roster({"T1": ["mon"], "T3": ["mon"]})
    sol.shifts["T3"] = []
    fill(staffing, list(staffing.branch.staff), sol)
    assert [s.day for s in sol.shifts["T1"]] == ["mon", "tue"]
    assert [s.day for s in sol.shifts["T3"]] == ["mon"]  # away on Tuesday
    assert sol.shifts["T4"] == []  # freed: nothing to fill
    for emp in staffing.branch.staff:
        assert set(sol.shifts[emp.id]) <= set(staffing.shifts_for(emp))


def test_fill_lengthens_a_shift_over_the_slots_it_works() -> None:
    # T1 works the 2-hour 11:00-13:00; the 4-hour 09:00-13:00 works those slots and more.
    staffing = staffing_of(MODEL / "two-lengths.yaml", MODEL / "two-lengths.standards.yaml")
    sol = Solution()
    for emp in staffing.branch.staff:
        sol.shifts[emp.id], sol.roles[emp.id], sol.teams[emp.id] = [], None, None
    sol.roles["T1"] = sol.roles["P1"] = "teller"
    sol.shifts["T1"] = [Shift("mon", 660, 780, "teller.cash")]
    sol.shifts["P1"] = [Shift("mon", 540, 660, "teller.cash")]
    fill(staffing, list(staffing.branch.staff), sol)
    assert sol.shifts["T1"] == [Shift(d, 540, 780, "teller.cash") for d in ("mon", "tue")]
    # P1's contract is 4 hours: the one shift grows to 4 hours, no day is added
    assert sol.shifts["P1"] == [Shift("mon", 540, 780, "teller.cash")]


@dataclass
class Reduced:
    """A component's reduced model after levels 1-4, as the solve leaves it."""

    staffing: Staffing
    employees: list
    small: ComponentModel
    values: list[int]
    fixed: dict[str, int]
    rows: set
    floors: dict[str, int]


@pytest.fixture(scope="module")
def reduced(generated: Path) -> list[Reduced]:
    """Every component of the six generated branches, solved to level 4."""
    out = []
    for path in sorted((generated / "branches").glob("*.yaml")):
        staffing = staffing_of(path, generated / "standards.yaml")
        params = SolverParams.start(GENERATED_LIMIT)
        for part in components(staffing)[0]:
            small = build(staffing, part.employees, part.rows, part.floors, maximal=True)
            values, fixed = None, {}
            for stage in STAGES[:2]:
                values, _ = run_stage(small, stage, values, params, Solution(), fixed)
                assert values is not None
            out.append(Reduced(staffing, part.employees, small, values, fixed, part.rows,
                               part.floors))
    return out


def test_fill_keeps_every_covered_slot_and_pays_more(reduced: list[Reduced]) -> None:
    # The rosters the idle-hours stage starts from: before and after the fill, every slot
    # keeps its people, shifts stay within the contract, and the paid minutes only rise.
    added = 0
    for r in reduced:
        roster = Solution()
        read_roster(r.small, r.values, roster)
        before = copy.deepcopy(roster.shifts)
        fill(r.staffing, r.employees, roster)
        after = roster.shifts
        covered = [coverage((s for w in shifts.values() for s in w), r.staffing.slot)
                   for shifts in (before, after)]
        for key in covered[0]:
            assert covered[1][key] >= covered[0][key], key
        for emp in r.employees:
            assert set(after[emp.id]) <= set(r.staffing.shifts_for(emp)), emp.id
            assert paid_minutes(after[emp.id]) <= r.staffing.max_slots(emp) * r.staffing.slot
            added += paid_minutes(after[emp.id]) - paid_minutes(before[emp.id])
    assert added >= 0


def test_idle_hours_stage_hint_is_feasible(reduced: list[Reduced]) -> None:
    # The encoded roster satisfies every constraint of the full model, the levels fixed
    # and the symmetry order included: fixed to its hint, the model has a solution.
    for r in reduced:
        full = build(r.staffing, r.employees, r.rows, r.floors)
        fix_levels(full, r.fixed)
        hint = idle_hours_start(r.staffing, r.small, r.values, full)
        assert len(hint) == len(full.model.proto.variables)
        assert _hint_is_feasible(full, hint)
