"""The level-1 lower bound: valid against the exact model's optimum, tight where it can be."""

from __future__ import annotations

from collections import Counter

import pytest
from ortools.sat.python import cp_model
from pool_data import generated, result, shipped_standards, short

from staffopt.counting import SlotKey
from staffopt.pool.bound import level1_bound
from staffopt.pool.demand import demand_of
from staffopt.pool.exact import build_pool
from staffopt.pool.members import Member, members_of
from staffopt.requirements.grid import opening_hours

DAY = {d: (510, 1050) for d in ("mon", "tue", "wed", "thu", "fri")}  # 08:30-17:30


def _optimum(members: list[Member], demand: dict[str, Counter[SlotKey]],
             openings: dict[str, dict[str, tuple[int, int]]]) -> int:
    """Level 1 solved to optimality by the exact per-member model."""
    std = shipped_standards()
    pm = build_pool(members, openings, demand, {m.member: sorted(demand) for m in members}, std)
    pm.model.minimize(pm.levels[0])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    assert solver.solve(pm.model) == cp_model.OPTIMAL
    return round(solver.objective_value)


def _demand(**by_branch: list) -> dict[str, Counter[SlotKey]]:
    results = {b: result(b, [], ["E0"], s) for b, s in by_branch.items()}
    return demand_of(results)


def _teller(name: str = "A/E1", posts: tuple[str, ...] = ("teller.cash",),
            minutes: int = 2400) -> Member:
    return Member(name, None, "A", posts, frozenset(), minutes)


def test_one_member_in_two_places_at_once() -> None:
    # B and C each miss one teller.cash 09:00-13:00 on Monday: one member covers one
    demand = _demand(B=short("mon"), C=short("mon"))
    bound = level1_bound([_teller()], demand, ["B", "C"], shipped_standards())
    assert bound == 8 == _optimum([_teller()], demand, {"B": DAY, "C": DAY})


def test_nobody_holds_the_post() -> None:
    demand = _demand(B=short("mon"))
    member = _teller(posts=("teller.non_cash",))
    assert level1_bound([member], demand, ["B"], shipped_standards()) == 8


def test_contract_hours_bound_the_week() -> None:
    # 4 h a day short on five days, a member with a 4-hour contract: one day's 8 slots
    demand = _demand(B=[g for d in DAY for g in short(d)])
    member = _teller(minutes=240)
    assert level1_bound([member], demand, ["B"], shipped_standards()) == 32
    assert _optimum([member], demand, {"B": DAY}) == 32


def test_a_role_row_and_its_post_row_are_covered_by_one_person() -> None:
    # the teller row and the teller.cash row short at once: one member on teller.cash
    # covers both, so nothing need stay uncovered
    demand = _demand(B=short("mon") + short("mon", post="teller"))
    assert level1_bound([_teller()], demand, ["B"], shipped_standards()) == 0
    assert _optimum([_teller()], demand, {"B": DAY}) == 0


@pytest.mark.parametrize("seed", range(12))
def test_never_above_the_exact_optimum(seed: int) -> None:
    std = shipped_standards()
    branches, results = generated(seed, homes=1 + seed % 2, freed=1 + seed % 3,
                                  shorts=1 + seed % 3)
    members, _ = members_of(branches, results, std, ["teller"])
    demand = demand_of(results)
    openings = {b: opening_hours(std, branches[b]) for b in branches}
    bound = level1_bound(members, demand, sorted(demand), std)
    assert 0 <= bound <= _optimum(members, demand, openings)
