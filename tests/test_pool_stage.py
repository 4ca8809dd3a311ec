"""The pool stage on hand-sized regions whose pooled answer is known."""

from __future__ import annotations

import json

from pool_checker import check_pool
from pool_data import as_dicts, branches_of, known_results, shipped_standards

from staffopt.config.models import Pool
from staffopt.pool.result import pool_roster_csv
from staffopt.pool.stage import run_pool


def test_one_freed_teller_relieves_its_district_only() -> None:
    std, branches, results = shipped_standards(), branches_of("known"), known_results()
    outcome = run_pool("known", Pool(scope="district", roles=["teller"]), branches, results,
                       std, budget=2.0)
    pool = outcome.result
    assert outcome.note is None
    assert (pool.status, pool.scope) == ("optimal", "district")
    assert (pool.uncovered_hours_before, pool.uncovered_hours_after) == (12, 4)
    # idle contract hours last: the longest shift that covers the whole gap, 8 h
    assert [(r.branch, r.day, r.start, r.end, r.break_start, r.hours) for r in pool.roster] == [
        ("B", "mon", "08:30", "17:30", "13:00", 8), ("C", "tue", "08:30", "17:30", "13:00", 8)]
    assert [(m.member, m.used, m.hours) for m in pool.members] == [("A/E1", True, 16)]
    assert {b.id: b.uncovered_hours_after for b in pool.branches} == {"B": 0, "C": 0, "D": 4}
    data = json.loads(pool.to_json())
    assert check_pool(data, branches, as_dicts(results), std, ["teller"]) == []
    assert pool_roster_csv(pool).splitlines()[1].startswith("A/E1,A,B,teller.cash,mon,08:30")


def test_region_scope_reaches_the_other_district() -> None:
    std, branches, results = shipped_standards(), branches_of("known"), known_results()
    pool = run_pool("known", Pool(scope="region"), branches, results, std, budget=2.0).result
    assert pool.uncovered_hours_after == 0
    assert sorted(r.branch for r in pool.roster) == ["B", "C", "D"]
    assert check_pool(json.loads(pool.to_json()), branches, as_dicts(results), std,
                      ["teller", "lobby_manager"]) == []


def test_no_member_with_the_skill_pools_nothing_and_says_why() -> None:
    std, branches, results = shipped_standards(), branches_of("unskilled"), known_results()
    outcome = run_pool("unskilled", Pool(roles=["teller"]), branches, results, std, budget=2.0)
    assert outcome.result.roster == [] and outcome.result.members == []
    assert outcome.result.uncovered_hours_after == outcome.result.uncovered_hours_before == 12
    assert outcome.note == "1 freed staff, none with a skill for a pool role's post"


def test_checker_catches_a_broken_rule() -> None:
    std, branches, results = shipped_standards(), branches_of("known"), known_results()
    pool = run_pool("known", Pool(), branches, results, std, budget=2.0).result
    data = json.loads(pool.to_json())
    data["roster"][0]["branch"] = "D"  # out of the member's district
    assert any("outside their district" in p
               for p in check_pool(data, branches, as_dicts(results), std, ["teller"]))


def test_same_input_same_output() -> None:
    std, branches = shipped_standards(), branches_of("known")
    one = run_pool("known", Pool(), branches, known_results(), std, budget=2.0).result.to_json()
    two = run_pool("known", Pool(), branches, known_results(), std, budget=2.0).result.to_json()
    assert one == two
