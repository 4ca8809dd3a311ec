"""``staffopt simulate`` against the independent checker (tests/simulate_checker.py)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from simulate_checker import check, erlang_sl
from simulate_data import BRANCH, STANDARDS, solved

from staffopt.config import load_branch
from staffopt.requirements import service_level
from staffopt.result import BranchResult
from staffopt.simulate import simulate_branch

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "regions" / "demo-city" / "branches" / "DC-0004.yaml"
SHIPPED = ROOT / "configs" / "standards.yaml"


@cache
def _demo() -> tuple[dict, dict]:
    """A demo branch on the shipped standards (lunch breaks), solved and simulated."""
    from staffopt.solve import solve

    inp = load_branch(DEMO, SHIPPED)
    result = solve(inp, time_limit=10.0)
    return _dicts(result, simulate_branch(inp, result, replications=100).to_json())


def _dicts(result: BranchResult, sim: str) -> tuple[dict, dict]:
    return json.loads(result.to_json()), json.loads(sim)


def test_the_checker_erlang_c_is_section_3s() -> None:
    for n, load, aht, wait in [(5, 4.0, 4.0, 8.0), (3, 2.2, 3.0, 5.0), (1, 0.4, 20.0, 10.0)]:
        assert erlang_sl(n, load, aht, wait) == pytest.approx(service_level(n, load, aht, wait))


def test_the_small_branch_passes_the_checker() -> None:
    inp, result = solved()
    sim = simulate_branch(inp, result, replications=100).to_json()
    assert check(BRANCH, STANDARDS, *_dicts(result, sim)) == []


def test_a_demo_branch_with_lunch_breaks_passes_the_checker() -> None:
    result, sim = _demo()
    assert any(r["break_start"] for r in result["roster"])  # the breaks are exercised
    assert check(DEMO, SHIPPED, result, sim, replications=100) == []


def test_the_checker_sees_a_wrong_server_count() -> None:
    result, sim = _demo()
    sim = json.loads(json.dumps(sim))
    sim["zones"][0]["slots"][3]["servers"] += 1
    assert any("servers" in p for p in check(DEMO, SHIPPED, result, sim, replications=5))


def test_the_checker_sees_a_wrong_share() -> None:
    result, sim = _demo()
    sim = json.loads(json.dumps(sim))
    sim["zones"][0]["served_within_target"] -= 0.2
    assert any("served within target" in p for p in check(DEMO, SHIPPED, result, sim, 50))
