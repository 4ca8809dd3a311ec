"""The CP-SAT model's structure, built on tiny hand data: its literals per employee, the
shifts it builds, its coverage and floor slacks, its levels and its symmetry classes."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import staffing_of
from ortools.sat.python import cp_model

from staffopt.config.models import Employee
from staffopt.counting import Shift
from staffopt.model import LEVELS, ComponentModel, build, interchangeable, order_key
from staffopt.staffing import Staffing

MODEL = Path(__file__).resolve().parent / "data" / "model"
SOLVE = Path(__file__).resolve().parent / "data" / "solve"
STANDARDS = MODEL / "two-lengths.standards.yaml"


@pytest.fixture(scope="module")
def staffing() -> Staffing:
    """The two-lengths branch: L1 (lobby or teller), P1 (4 h a week), T1 and T2 alike,
    U1 away on Tuesday; one teller and one lobby manager in 2 × 4 hourly slots."""
    return staffing_of(MODEL / "two-lengths.yaml", STANDARDS)


def _build(staffing: Staffing, maximal: bool = False, **floors: int) -> ComponentModel:
    return build(staffing, list(staffing.branch.staff), set(staffing.demand), floors, maximal)


def _shift_counts(comp: ComponentModel) -> dict[str, int]:
    return {eid: len(shifts) for eid, shifts in comp.shifts.items()}


def _emp(staffing: Staffing, eid: str) -> Employee:
    return next(e for e in staffing.branch.staff if e.id == eid)


def test_role_literals_per_employee(staffing: Staffing) -> None:
    comp = _build(staffing)
    assert {eid: list(lits) for eid, lits in comp.roles.items()} == {
        "L1": ["teller", "lobby_manager"],
        "P1": ["teller"],
        "T1": ["teller"],
        "T2": ["teller"],
        "U1": ["teller"],
    }
    assert all(teams == {} for teams in comp.teams.values())  # no portfolio role here


def test_full_model_builds_every_shift_level_5_may_want(staffing: Staffing) -> None:
    # 4 templates a day (three of 2 h, one of 4 h), 2 open days, one shift per post; for
    # full-timers the 4-hour shift works every slot a 2-hour one does and pays more, so
    # it is the only one; P1 (4 h a week) keeps them all: more pay may break its contract
    comp = _build(staffing)
    assert _shift_counts(comp) == {"L1": 4, "P1": 8, "T1": 2, "T2": 2, "U1": 1}
    assert {s.post for s, _ in comp.shifts["L1"]} == {"teller.cash", "lobby_manager"}


def test_reduced_model_gives_full_timers_maximal_shifts_only(staffing: Staffing) -> None:
    comp = _build(staffing, maximal=True)
    assert _shift_counts(comp) == {"L1": 4, "P1": 8, "T1": 2, "T2": 2, "U1": 1}
    assert [s for s, _ in comp.shifts["U1"]] == [Shift("mon", 540, 780, "teller.cash")]


def test_only_shifts_towards_the_given_rows_are_built(staffing: Staffing) -> None:
    lobby = {key for key in staffing.demand if key.row == "lobby_manager"}
    comp = build(staffing, list(staffing.branch.staff), lobby, {})
    assert _shift_counts(comp) == {"L1": 2, "P1": 0, "T1": 0, "T2": 0, "U1": 0}
    assert set(comp.shortage) == lobby


def test_variables_are_literals_shifts_and_slacks(staffing: Staffing) -> None:
    comp = _build(staffing, lobby_manager=2, teller=0)
    literals = sum(len(r) + len(t) for r, t in zip(comp.roles.values(), comp.teams.values(),
                                                   strict=True))
    shifts = sum(_shift_counts(comp).values())
    assert len(comp.model.proto.variables) == (
        literals + shifts + len(comp.shortage) + len(comp.floor_slack)
    )
    assert list(comp.floor_slack) == ["lobby_manager"]  # a zero floor needs no slack
    assert comp.floor_target == {"lobby_manager": 2, "teller": 0}


def test_levels_and_their_ranges(staffing: Staffing) -> None:
    comp = _build(staffing, lobby_manager=2)
    assert list(comp.levels) == list(LEVELS)
    assert comp.level_max == {
        "shortage_slots": 16,
        "floor_shortage": 2,
        "headcount": 5,
        "role_changes": 5,
        "idle_slots": 40 + 4 + 40 + 40 + 40,  # weekly contracts in hourly slots
    }
    # everyone can reach some row, so the data proves no shortage
    assert comp.level_bounds == {"shortage_slots": 0}
    assert {var.proto.domain[0] for var in comp.shortage.values()} == {0}


def test_rows_no_one_can_reach_bound_the_shortage(staffing: Staffing) -> None:
    # P1 alone cannot be a lobby manager: those 8 slot-units are short in any roster
    comp = build(staffing, [_emp(staffing, "P1")], set(staffing.demand), {})
    assert comp.level_bounds["shortage_slots"] == 8
    lower = {key.row: var.proto.domain[0] for key, var in comp.shortage.items()}
    assert lower == {"lobby_manager": 1, "teller.cash": 0}


def _feasible(comp: ComponentModel, **roles: int) -> bool:
    """Whether the model has a solution with these employees' teller literals fixed."""
    model = comp.model.clone()
    for eid, value in roles.items():
        model.add(model.get_bool_var_from_proto_index(comp.roles[eid]["teller"].index) == value)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def test_interchangeable_people_are_ordered(staffing: Staffing) -> None:
    staff = list(staffing.branch.staff)
    assert [[e.id for e in g] for g in interchangeable(staffing, staff)] == [["T1", "T2"]]
    t1, t2, u1 = (_emp(staffing, e) for e in ("T1", "T2", "U1"))
    pair = build(staffing, [t1, t2], set(staffing.demand), {})
    # of two interchangeable people, the first in order takes the role
    assert _feasible(pair, T1=1, T2=0)
    assert not _feasible(pair, T1=0, T2=1)
    # people who differ are not ordered
    apart = build(staffing, [t1, u1], set(staffing.demand), {})
    assert _feasible(apart, T1=0, U1=1) and _feasible(apart, T1=1, U1=0)


def test_order_key_weighs_role_above_hours(staffing: Staffing) -> None:
    comp = _build(staffing)
    l1 = _emp(staffing, "L1")
    lobby_day = [Shift("mon", 540, 780, "lobby_manager")]
    # codes: teller 1, lobby_manager 2; scaled past the most hours L1 may work (40)
    assert order_key(staffing, comp, l1, "lobby_manager", None, lobby_day) == 2 * 41 + 4
    assert order_key(staffing, comp, l1, "teller", None, []) == 41
    assert order_key(staffing, comp, l1, None, None, []) == 0


def test_portfolio_roles_get_team_literals() -> None:
    staffing = staffing_of(SOLVE / "teller-to-account-manager.yaml",
                           SOLVE / "teller-to-account-manager.standards.yaml")
    floors = {f.role: f.floor for f in staffing.requirements.floors}
    comp = build(staffing, list(staffing.branch.staff), set(staffing.demand), floors)
    assert {eid: list(t) for eid, t in comp.teams.items()} == {
        "A1": ["account_manager.wealth"],
        "T1": [],
        "T2": ["account_manager.wealth"],
        "T3": [],
    }
    assert list(comp.roles["T2"]) == ["teller", "account_manager"]
    # account managers have no per-slot requirement: no shift is built for them
    assert comp.shifts["A1"] == []
    assert list(comp.floor_slack) == ["account_manager.wealth"]  # loans' floor is 0


def test_a_branch_where_no_shift_fits_builds_a_model_of_slacks() -> None:
    staffing = staffing_of(MODEL / "one-slot-days.yaml", STANDARDS)
    comp = build(staffing, list(staffing.branch.staff), set(staffing.demand), {}, maximal=True)
    assert comp.shifts == {"T1": []}
    # no shift reaches any row: every slot-unit is short, proven from the data alone
    assert comp.level_bounds["shortage_slots"] == comp.level_max["shortage_slots"] == 4
