"""Bounds solved on sub-models: per post before level 1, per role once it is known."""

from __future__ import annotations

import time
from pathlib import Path

from helpers import staffing_of
from ortools.sat.python import cp_model

from staffopt.model import ComponentModel, build
from staffopt.solve.bounds import (
    RowWeek,
    add_role_cuts,
    day_bounds,
    least,
    least_row_shortage,
    role_bounds,
    row_bounds,
)
from staffopt.solve.params import SolverParams
from staffopt.staffing import Staffing

DATA = Path(__file__).resolve().parent / "data"


def _params() -> SolverParams:
    return SolverParams(budget=5.0, deadline=time.perf_counter() + 60.0)


def _reduced(branch: str, standards: str) -> tuple[Staffing, ComponentModel]:
    staffing = staffing_of(DATA / branch, DATA / standards)
    floors = {f.role: f.floor for f in staffing.requirements.floors}
    staff = list(staffing.branch.staff)
    return staffing, build(staffing, staff, set(staffing.demand), floors, maximal=True)


def _feasible(comp: ComponentModel) -> bool:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(comp.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def test_a_lone_supervisor_bounds_the_post_at_one_day() -> None:
    # S1 may work 5 of the 6 open days: whatever the roster, 4 slot-units stay short.
    staffing, comp = _reduced("solve/lone-supervisor.yaml", "solve/lone-supervisor.standards.yaml")
    assert comp.level_bounds["shortage_slots"] == 0  # the data alone sees no shortage
    used, bounds = row_bounds(staffing, comp, _params())
    assert bounds == {"operations_supervisor": 4}
    assert comp.level_bounds["shortage_slots"] == 4
    assert used > 0
    # the bound is a cut of the model: less shortage is no longer possible
    comp.model.add(comp.levels["shortage_slots"] <= 3)
    assert not _feasible(comp)


def test_a_crowd_of_qualified_people_is_not_solved_apart() -> None:
    # Five people may work teller.cash, which needs one: more than twice its peak, so no
    # sub-model is solved for it. Only L1 may be a lobby manager, and L1 can cover it.
    staffing, comp = _reduced("model/two-lengths.yaml", "model/two-lengths.standards.yaml")
    constraints = len(comp.model.proto.constraints)
    _, bounds = row_bounds(staffing, comp, _params())
    assert bounds == {"lobby_manager": 0, "teller.cash": 0}
    assert len(comp.model.proto.constraints) == constraints  # a zero bound adds no cut


def test_role_bound_is_the_least_crowd_that_covers_the_role() -> None:
    # Two tellers cover TINY-A's counter and no fewer can: the teller bound is 2, the
    # optimum's teller count.
    staffing, comp = _reduced("solve/free-two-tellers.yaml",
                              "solve/free-two-tellers.standards.yaml")
    _, rows = row_bounds(staffing, comp, _params())
    _, bounds = role_bounds(staffing, comp, 0, rows, _params())
    assert bounds == {"teller": 2}
    assert comp.level_bounds["headcount"] == 2
    comp.model.add(comp.levels["headcount"] <= 1)
    assert not _feasible(comp)


def test_role_bounds_add_up_over_roles() -> None:
    # one full-timer covers each of teller.cash and lobby_manager, and L1 cannot do both
    staffing, comp = _reduced("model/two-lengths.yaml", "model/two-lengths.standards.yaml")
    _, rows = row_bounds(staffing, comp, _params())
    _, bounds = role_bounds(staffing, comp, 0, rows, _params())
    assert bounds == {"lobby_manager": 1, "teller": 1}
    assert comp.level_bounds["headcount"] == 2


def test_the_allowed_shortage_relaxes_a_role_bound() -> None:
    # Level 1 leaves 4 slot-units short: S1 alone, on 5 days, is what the role needs.
    staffing, comp = _reduced("solve/lone-supervisor.yaml", "solve/lone-supervisor.standards.yaml")
    _, rows = row_bounds(staffing, comp, _params())
    _, bounds = role_bounds(staffing, comp, 4, rows, _params())
    assert bounds == {"operations_supervisor": 1}


def test_least_says_none_when_nothing_is_proven() -> None:
    _, comp = _reduced("solve/free-two-tellers.yaml", "solve/free-two-tellers.standards.yaml")
    assert least(comp, "headcount", _params())[0] == 0  # no one works, all short
    comp.model.add(comp.levels["shortage_slots"] <= 0)
    assert least(comp, "headcount", _params())[0] == 2
    comp.model.add(comp.levels["headcount"] <= 1)  # no roster at all
    assert least(comp, "headcount", _params())[0] is None


def test_role_cuts_hold_each_role_to_its_bound() -> None:
    _, comp = _reduced("model/two-lengths.yaml", "model/two-lengths.standards.yaml")
    add_role_cuts(comp, {"teller": 3, "lobby_manager": 0})
    comp.model.add(comp.levels["headcount"] <= 3)
    assert _feasible(comp)  # three tellers, no lobby manager: allowed, if short
    comp.model.add(comp.levels["headcount"] <= 2)
    assert not _feasible(comp)


# A day of 8 slots (starts 0-7) with a one-slot lunch at slot 3 or 4: a full-day shift
# covers 7 of the 8 slots and is paid for 7.
LUNCH = {frozenset({0, 1, 2, 4, 5, 6, 7}): 7, frozenset({0, 1, 2, 3, 5, 6, 7}): 7}


def _week(need: int, people: int, days: int = 5, paid: int = 100) -> RowWeek:
    return RowWeek({("mon", t): need for t in range(8)}, {"mon": LUNCH}, {"mon": people},
                   days, paid)


def test_one_person_on_duty_all_day_leaves_the_lunch_slot_short() -> None:
    assert least_row_shortage(_week(1, 1), _params())[0] == 1
    assert least_row_shortage(_week(1, 2), _params())[0] == 0  # two lunches staggered


def test_k_on_duty_with_q_people_lack_the_lunches_they_cannot_stagger() -> None:
    # 3 people, 2 needed all day: slots 3 and 4 hold 3 * 2 - 3 = 3 of the 4 needed
    assert least_row_shortage(_week(2, 3), _params())[0] == 1
    assert least_row_shortage(_week(2, 4), _params())[0] == 0


def test_weekly_days_and_hours_limit_the_shifts() -> None:
    assert least_row_shortage(_week(1, 2, days=0), _params())[0] == 8
    assert least_row_shortage(_week(1, 2, paid=6), _params())[0] == 8
    assert least_row_shortage(_week(1, 2, paid=7), _params())[0] == 1


def test_the_row_bound_never_exceeds_a_real_optimum() -> None:
    # S1 may work 5 of the 6 open days: 4 slot-units short at best (the sub-model's proof)
    staffing, comp = _reduced("solve/lone-supervisor.yaml", "solve/lone-supervisor.standards.yaml")
    _, bounds = day_bounds(staffing, comp, _params())
    assert 0 < bounds["operations_supervisor"] <= 4
