"""Solves with meal breaks and contract hours (design §4), on hand-sized branches whose
optimum is known: lunches staggered so coverage never drops, full-timers at 40 hours,
a part-timer held to 24, and an unrostered role that gets no shifts."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import staffing_of

from staffopt.counting import coverage, paid_minutes, worked_starts
from staffopt.solution import Solution, idle_slots
from staffopt.solve import SolverParams, optimise
from staffopt.staffing import Staffing

SOLVE = Path(__file__).resolve().parent / "data" / "solve"
LIMIT = 10.0
DAYS = ("mon", "tue", "wed", "thu", "fri")
DAY_SLOTS = list(range(510, 1050, 30))  # 08:30-17:30 on 30-minute slots


def _solved(branch: str, standards: str) -> tuple[Staffing, Solution]:
    staffing = staffing_of(SOLVE / f"{branch}.yaml", SOLVE / f"{standards}.standards.yaml")
    return staffing, optimise(staffing, SolverParams.start(LIMIT))


@pytest.fixture(scope="module")
def supervisors() -> tuple[Staffing, Solution]:
    """TINY-L1: S1 full time, S2 held to 24 hours, H1 a branch head on no duty."""
    return _solved("lunch-supervisors", "lunch-supervisor")


@pytest.fixture(scope="module")
def tellers() -> tuple[Staffing, Solution]:
    """TINY-L2: one cash counter, two full-time tellers."""
    return _solved("lunch-tellers", "lunch-counter")


def _levels(sol: Solution) -> dict[str, tuple[int, bool]]:
    return {name: (o.value, o.optimal) for name, o in sol.levels.items()}


def _breaks_are_legal(sol: Solution) -> None:
    for worked in sol.shifts.values():
        for s in worked:
            if s.paid == 8 * 60:  # the lunch rule applies: 60 unpaid minutes in 11-14
                assert s.break_start is not None and s.break_end is not None
                assert (s.end - s.start, s.break_end - s.break_start) == (540, 60)
                assert s.break_start >= 660 and s.break_end <= 840
                assert s.start < s.break_start and s.break_end < s.end
            else:  # 4 hours: no rule, no break
                assert (s.break_start, s.end - s.start) == (None, 240)


def test_a_second_supervisor_covers_the_lunch_hour(
    supervisors: tuple[Staffing, Solution],
) -> None:
    staffing, sol = supervisors
    assert _levels(sol) == {
        "shortage_slots": (0, True),
        "floor_shortage": (0, True),
        "headcount": (3, True),
        "role_changes": (0, True),
        "idle_slots": (0, True),
    }
    _breaks_are_legal(sol)
    count = coverage((s for w in sol.shifts.values() for s in w), staffing.slot)
    for day in DAYS:
        assert all(count["operations_supervisor", day, t] >= 1 for t in DAY_SLOTS), day
    # S1 works every day 08:30-17:30 with lunch; S2 is on duty during that lunch
    s1 = sol.shifts["S1"]
    assert [(s.day, s.start, s.end) for s in s1] == [(d, 510, 1050) for d in DAYS]
    for s in s1:
        s2 = next(x for x in sol.shifts["S2"] if x.day == s.day)
        lunch = range(s.break_start, s.break_end, staffing.slot)
        assert set(lunch) <= set(worked_starts(s2, staffing.slot))


def test_contract_hours_are_worked_in_full(supervisors: tuple[Staffing, Solution]) -> None:
    # S1 40 h, S2 held to its 24: one 8-hour day and four 4-hour days
    _, sol = supervisors
    assert paid_minutes(sol.shifts["S1"]) == 40 * 60
    assert paid_minutes(sol.shifts["S2"]) == 24 * 60
    assert sorted(s.paid for s in sol.shifts["S2"]) == [240, 240, 240, 240, 480]


def test_an_unrostered_role_is_kept_without_shifts(
    supervisors: tuple[Staffing, Solution],
) -> None:
    staffing, sol = supervisors
    assert staffing.rostered == {"operations_supervisor"}
    assert (sol.roles["H1"], sol.shifts["H1"]) == ("branch_head", [])
    assert idle_slots(staffing, sol) == 0  # H1's contract is not idle: no role to roster


def test_two_tellers_stagger_lunch_so_the_counter_never_closes(
    tellers: tuple[Staffing, Solution],
) -> None:
    staffing, sol = tellers
    assert _levels(sol)["shortage_slots"] == (0, True)
    assert _levels(sol)["idle_slots"] == (0, True)
    _breaks_are_legal(sol)
    count = coverage((s for w in sol.shifts.values() for s in w), staffing.slot)
    for day in DAYS:
        assert all(count["teller.cash", day, t] >= 1 for t in DAY_SLOTS), day
        t1, t2 = (next(s for s in sol.shifts[e] if s.day == day) for e in ("T1", "T2"))
        assert t1.break_start is not None and t2.break_start is not None
        assert t1.break_end <= t2.break_start or t2.break_end <= t1.break_start, day
    for eid in ("T1", "T2"):
        assert paid_minutes(sol.shifts[eid]) == 40 * 60  # full-timers work their 40 h
    assert idle_slots(staffing, sol) == 0


def test_the_same_branch_gives_the_same_roster(tellers: tuple[Staffing, Solution]) -> None:
    # one worker, a fixed seed and a deterministic budget: lunches land where they did
    _, first = tellers
    _, again = _solved("lunch-tellers", "lunch-counter")
    assert (again.shifts, again.roles, again.teams) == (first.shifts, first.roles, first.teams)
