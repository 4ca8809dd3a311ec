"""The worker side of a what-if run: one branch solved as it is, or under the scenario.

The scenario travels as a path, like the branch: each worker loads it once (it was
checked in the parent against the same standards) and applies it before the solve.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from staffopt.batch.worker import Outcome, solve_task
from staffopt.config import BranchInput, Scenario, load_document
from staffopt.scenario import apply_input

BASELINE = ""  # the scenario argument of a baseline task


@lru_cache(maxsize=4)
def _scenario(path: str) -> tuple[Scenario, str]:
    doc = load_document(Path(path), expect="Scenario")
    assert isinstance(doc.model, Scenario)
    return doc.model, doc.sha256


def side_task(branch_path: str, standards_path: str, time_limit: float,
              scenario_path: str = BASELINE) -> Outcome:
    """Solve one branch: as it is (``scenario_path`` empty), or under the scenario."""
    if scenario_path == BASELINE:
        return solve_task(branch_path, standards_path, time_limit)

    def prepare(inp: BranchInput) -> BranchInput:
        scenario, sha = _scenario(scenario_path)
        return apply_input(inp, scenario, sha)

    return solve_task(branch_path, standards_path, time_limit, prepare=prepare)
