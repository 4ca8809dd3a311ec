"""The task a what-if worker runs, called in-process."""

from __future__ import annotations

from pathlib import Path

from test_whatif_run import BRANCH, LIMIT, PUSH, STANDARDS

from staffopt.result import BranchResult
from staffopt.whatif.worker import BASELINE, side_task


def _result(scenario: str) -> BranchResult:
    outcome = side_task(str(BRANCH), str(STANDARDS), LIMIT, scenario)
    assert outcome["error"] is None and outcome["result"] is not None
    assert outcome["branch"] == "HAND-1"
    return BranchResult.model_validate_json(outcome["result"])


def test_baseline_and_scenario_sides() -> None:
    base, scen = _result(BASELINE), _result(str(PUSH))
    assert base.input_sha256 != scen.input_sha256
    need = {r.post: r.required for r in scen.requirements}
    assert need == {"lobby_manager": 1, "teller.cash": 4, "teller.non_cash": 2}
    assert {r.post: r.required for r in base.requirements} == {"teller.cash": 5,
                                                                "teller.non_cash": 4}


def test_a_scenario_that_cannot_be_read_fails_the_branch_not_the_worker(
        tmp_path: Path) -> None:
    outcome = side_task(str(BRANCH), str(STANDARDS), LIMIT, str(tmp_path / "missing.yaml"))
    assert outcome["result"] is None
    assert outcome["error"] is not None and "missing.yaml" in outcome["error"]
