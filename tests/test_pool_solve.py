"""Scope groups: a district each, a branch without one alone, or the whole region."""

from __future__ import annotations

import json

from pool_checker import check_pool
from pool_data import as_dicts, generated, shipped_standards

from staffopt.pool.demand import demand_of
from staffopt.pool.members import Member, members_of
from staffopt.pool.result import PoolResult, pool_result
from staffopt.pool.solve import PoolSolution, groups_of, solve_group
from staffopt.requirements.grid import opening_hours


def _member(home: str) -> Member:
    return Member(f"{home}/E1", None, home, ("teller.cash",), frozenset(), 2400)


def test_groups_by_district() -> None:
    districts = {"A": "N", "B": "N", "C": None, "D": "S"}
    groups = groups_of([_member("A"), _member("C")], districts, "district")
    assert [scope for _, scope in groups] == [{"C/E1": ["C"]}, {"A/E1": ["A", "B"]}]
    whole = groups_of([_member("A"), _member("C")], districts, "region")
    assert whole[0][1]["A/E1"] == ["A", "B", "C", "D"] and len(whole) == 1


def _group(seed: int, homes: int, freed: int, shorts: int, exact_size: int,
           leave_out: str | None = None) -> tuple[PoolResult, dict, dict]:
    """Solve one generated district through ``solve_group``; the result as a batch has it."""
    std = shipped_standards()
    branches, results = generated(seed, homes, freed, shorts)
    members, _ = members_of(branches, results, std, ["teller"])
    demand = demand_of(results)
    openings = {b: opening_hours(std, branches[b]) for b in sorted(branches)}
    sol = PoolSolution()
    scope = [b for b in sorted(branches) if b != leave_out]
    solve_group(members, openings, demand, scope, std, 2.0, sol,
                exact_size=exact_size)
    pool = pool_result("gen", "district", sol.status, sol.gap, members, sol.shifts, demand,
                       std.calendar.slot_minutes)
    return pool, branches, results


def test_branch_by_branch_keeps_every_rule_and_covers_something() -> None:
    pool, branches, results = _group(3, homes=2, freed=3, shorts=4, exact_size=0)
    data = json.loads(pool.to_json())
    assert check_pool(data, branches, as_dicts(results), shipped_standards(), ["teller"]) == []
    assert pool.roster and pool.uncovered_hours_after < pool.uncovered_hours_before
    assert pool.status == "feasible" and 0.0 <= pool.gap <= 1.0
    # a later pass sends members with days and hours left to a second branch
    at = {(r.member, r.branch) for r in pool.roster}
    assert len(at) > len({m for m, _ in at})
    # the exact model over the same group does at least as well on level 1
    exact, _, _ = _group(3, homes=2, freed=3, shorts=4, exact_size=10_000)
    assert exact.uncovered_hours_after <= pool.uncovered_hours_after


def test_branch_by_branch_is_deterministic() -> None:
    one = _group(5, homes=2, freed=2, shorts=3, exact_size=0)[0].to_json()
    assert one == _group(5, homes=2, freed=2, shorts=3, exact_size=0)[0].to_json()


def test_branch_by_branch_stays_in_the_group() -> None:
    pool, _, _ = _group(3, homes=2, freed=3, shorts=4, exact_size=0, leave_out="S0")
    assert pool.roster and "S0" not in {r.branch for r in pool.roster}
