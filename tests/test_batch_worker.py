"""staffopt.batch.worker: one branch loaded and solved into plain data, never raising."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from helpers import BATCH_TIME_LIMIT, branch_yaml, make_region

from staffopt.batch.worker import (
    CRASH_ENV,
    branch_sha256,
    file_sha256,
    peek_id,
    solve_task,
)
from staffopt.config import load_branch
from staffopt.result import BranchResult


@pytest.fixture
def region(tmp_path: Path) -> Path:
    """A region with one good branch, one that does not parse, one that fails a check."""
    bad_check = branch_yaml("C1").replace("customers: {comprehensive: 100}",
                                          "customers: {no_such_team: 100}")
    return make_region(tmp_path / "region", {
        "T1.yaml": branch_yaml("T1"),
        "BAD.yaml": "kind: Branch\nversion: 1\nid: BAD\ngrade: [8\n",
        "C1.yaml": bad_check,
    })


def test_branch_sha256_is_the_one_load_branch_records(region: Path) -> None:
    branch, std = region / "branches" / "T1.yaml", region / "standards.yaml"
    std_sha = file_sha256(std)
    assert std_sha is not None
    assert branch_sha256(branch, std_sha) == load_branch(branch, std).input_sha256


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_neither_hashed_nor_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "X.yaml"
    os.mkfifo(fifo)  # opening it for reading would block until a writer comes
    assert file_sha256(fifo) is None
    assert branch_sha256(fifo, "0" * 64) is None
    assert peek_id(fifo) is None
    assert file_sha256(tmp_path / "missing.yaml") is None


def test_a_good_branch_comes_back_as_result_json(region: Path) -> None:
    branch, std = region / "branches" / "T1.yaml", region / "standards.yaml"
    outcome = solve_task(str(branch), str(std), BATCH_TIME_LIMIT)
    assert outcome["error"] is None and outcome["branch"] == "T1"
    assert outcome["result"] is not None
    result = BranchResult.model_validate_json(outcome["result"])
    assert result.status == "optimal"
    assert outcome["input_sha256"] == result.input_sha256 == load_branch(branch, std).input_sha256


def test_bad_files_come_back_as_errors_with_their_position(region: Path) -> None:
    std = str(region / "standards.yaml")
    syntax = solve_task(str(region / "branches" / "BAD.yaml"), std, BATCH_TIME_LIMIT)
    assert syntax["result"] is None and syntax["branch"] is None  # the id was never read
    assert re.search(r"BAD\.yaml:\d+:\d+: \[error\] YAML syntax", syntax["error"] or "")

    check = solve_task(str(region / "branches" / "C1.yaml"), std, BATCH_TIME_LIMIT)
    assert check["result"] is None
    assert check["branch"] == "C1"  # it parsed: the id names the error result
    assert "no_such_team" in (check["error"] or "")
    assert check["input_sha256"] == branch_sha256(region / "branches" / "C1.yaml",
                                                  file_sha256(Path(std)) or "")


def test_a_crash_in_the_worker_costs_only_its_branch(
    region: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CRASH_ENV, "T1:raise")
    outcome = solve_task(str(region / "branches" / "T1.yaml"), str(region / "standards.yaml"),
                         BATCH_TIME_LIMIT)
    assert outcome["result"] is None
    assert re.match(r"the worker failed: RuntimeError: test fault injected for T1 at \w+\.py:\d+",
                    outcome["error"] or "")
