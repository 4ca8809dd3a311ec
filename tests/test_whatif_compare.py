"""The comparison of a baseline and a scenario, on the hand branch solved both ways."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import yaml

from staffopt.config import Scenario, load_branch
from staffopt.result import BranchResult
from staffopt.scenario import apply_input
from staffopt.solve import solve
from staffopt.whatif import Figures, WhatIfResult, compare

HAND = Path(__file__).resolve().parent / "data" / "scenario"
ROLES = ["teller", "lobby_manager"]


@cache
def _solved() -> tuple[BranchResult, BranchResult]:
    """The hand branch solved as it is and under the push (each proves in well under 1 s)."""
    inp = load_branch(HAND / "hand-branch.yaml", HAND / "hand.standards.yaml")
    data = yaml.safe_load((HAND / "hand-push.yaml").read_text(encoding="utf-8"))
    pushed = apply_input(inp, Scenario.model_validate(data), "0" * 64)
    return solve(inp, time_limit=5), solve(pushed, time_limit=5)


def _error(branch: str, reason: str) -> BranchResult:
    return BranchResult(branch=branch, input_sha256="", standards=None, status="error",
                        gap=None, solve_seconds=0.0, slot_minutes=None, objective=None,
                        error=reason)


def _compare(base: dict[str, BranchResult], scen: dict[str, BranchResult]) -> WhatIfResult:
    return compare("hand-push", "region", "hand", "hand-scenario", ROLES, base, scen)


def test_hand_branch_figures_per_role_and_in_total() -> None:
    base, scen = _solved()
    assert (base.status, scen.status) == ("optimal", "optimal")
    result = _compare({"a.yaml": base}, {"a.yaml": scen})
    rows = {r.role: r for r in result.roles}
    # 9 tellers per slot before (5 cash + 4 non-cash), 6 after; 1 lobby manager after;
    # 8 open hourly slots a week
    assert rows["teller"].baseline == Figures(demand_hours=72, required=9, freed=1)
    assert rows["teller"].scenario == Figures(demand_hours=48, required=6, freed=4)
    assert rows["teller"].change == Figures(demand_hours=-24, required=-3, freed=3)
    assert rows["lobby_manager"].change == Figures(demand_hours=8, required=1, freed=-1)
    assert result.total.change == Figures(demand_hours=-16, required=-2, freed=2)
    assert (result.compared, result.failed) == (1, 0)
    [branch] = result.branches
    assert branch.change == result.total.change
    assert (branch.id, branch.file, branch.error) == ("HAND-1", "a.yaml", None)


def test_a_branch_failed_on_either_side_is_listed_and_left_out() -> None:
    base, scen = _solved()
    result = _compare({"a.yaml": base, "b.yaml": base, "c.yaml": _error("C", "bad file")},
                      {"a.yaml": _error("A", "time limit"), "b.yaml": scen,
                       "c.yaml": _error("C", "bad file")})
    assert (result.compared, result.failed) == (1, 2)
    errors = {b.file: b.error for b in result.branches}
    assert errors["a.yaml"] == "scenario: time limit"
    assert errors["c.yaml"] == "baseline: bad file; scenario: bad file"
    assert errors["b.yaml"] is None
    failed = next(b for b in result.branches if b.file == "a.yaml")
    assert (failed.baseline, failed.change, failed.scenario_status) == (None, None, "error")
    assert result.total.change == Figures(demand_hours=-16, required=-2, freed=2)  # b alone


def test_changed_most_orders_by_size_and_skips_unchanged() -> None:
    base, scen = _solved()
    result = _compare({"a.yaml": base, "b.yaml": base}, {"a.yaml": base, "b.yaml": scen})
    assert [b.file for b in result.changed_most()] == ["b.yaml"]
    assert result.changed_most(0) == []


def test_json_has_kind_and_version_and_round_trips() -> None:
    base, scen = _solved()
    result = _compare({"a.yaml": base}, {"a.yaml": scen})
    text = result.to_json()
    data = json.loads(text)
    assert (data["kind"], data["version"], data["scope"]) == ("WhatIfResult", 1, "region")
    assert list(data) == ["kind", "version", "scenario", "scope", "target", "standards",
                          "compared", "failed", "roles", "total", "branches"]
    assert data["roles"][0]["change"] == {"demand_hours": -24, "required": -3, "freed": 3,
                                          "under_floor": 0, "uncovered_hours": 0}
    assert WhatIfResult.model_validate_json(text) == result
    assert _compare({"a.yaml": base}, {"a.yaml": scen}).to_json() == text
