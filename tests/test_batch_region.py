"""staffopt.batch.region: a region's branch files, and what --resume can skip."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import TinyBatch
from helpers import branch_yaml, make_region, tiny_branches

from staffopt.batch import open_region, plan
from staffopt.batch.worker import file_sha256
from staffopt.problems import ConfigError
from staffopt.result import BranchResult


def test_branch_files_follow_the_discovery_rule_of_validate(tmp_path: Path) -> None:
    region = make_region(tmp_path / "r", {
        "T1.yaml": branch_yaml("T1"), "T2.YAML": branch_yaml("T2"), "T3.yml": branch_yaml("T3"),
        "north/T4.Yml": branch_yaml("T4"), ".T5.yaml": branch_yaml("T5"), "notes.txt": "x",
    })
    reg = open_region(region)
    assert [reg.name_of(p) for p in reg.files] == ["T1.yaml", "T2.YAML", "T3.yml",
                                                   "north/T4.Yml"]
    assert reg.name == "test-region"
    assert reg.standards == (region / "standards.yaml").resolve()


def test_region_problems_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no region\.yaml"):
        open_region(tmp_path)
    with pytest.raises(ConfigError, match="no such region file or folder"):
        open_region(tmp_path / "missing")
    empty = make_region(tmp_path / "empty", {"readme.txt": "not a branch"})
    with pytest.raises(ConfigError, match="no branch files"):
        open_region(empty)
    region = make_region(tmp_path / "r", tiny_branches(["T1"]))
    with pytest.raises(ConfigError, match="standards file not found"):
        open_region(region, tmp_path / "missing.yaml")
    shutil.rmtree(region / "branches")
    with pytest.raises(ConfigError, match="branches folder 'branches/' does not exist"):
        open_region(region)


def test_resume_plan_redoes_changed_standards_and_failed_results(
    tiny_batch: TinyBatch, tmp_path: Path
) -> None:
    reg = open_region(tiny_batch.region)
    out = tmp_path / "out"
    shutil.copytree(tiny_batch.out[1], out)
    std_sha = file_sha256(tiny_batch.region / "standards.yaml") or ""

    todo, reused = plan(reg, std_sha, out)
    assert todo == [] and sorted(reused) == [p.name for p in reg.files]
    assert reused["T3.yaml"] == BranchResult.model_validate_json((out / "T3.json").read_text())

    todo, reused = plan(reg, "another standards file", out)
    assert todo == reg.files and reused == {}

    failed = BranchResult.model_validate_json((out / "T4.json").read_text()).model_copy(
        update={"status": "error", "error": "no solution", "objective": None})
    (out / "T4.json").write_text(failed.to_json())
    (out / "T5-roster.csv").unlink()  # a result counts only with its roster beside it
    (out / "T2.json").write_text("{not json")
    todo, _ = plan(reg, std_sha, out)
    assert [p.name for p in todo] == ["T2.yaml", "T4.yaml", "T5.yaml"]


def test_resume_plan_into_an_empty_or_missing_folder(
    tiny_batch: TinyBatch, tmp_path: Path
) -> None:
    reg = open_region(tiny_batch.region)
    std_sha = file_sha256(tiny_batch.region / "standards.yaml") or ""
    assert plan(reg, std_sha, tmp_path / "missing") == (reg.files, {})


def test_resume_plan_treats_a_version_1_result_as_stale(
    tiny_batch: TinyBatch, tmp_path: Path
) -> None:
    reg = open_region(tiny_batch.region)
    out = tmp_path / "out"
    shutil.copytree(tiny_batch.out[1], out)
    std_sha = file_sha256(tiny_batch.region / "standards.yaml") or ""
    text = (out / "T3.json").read_text()
    assert '"version": 2' in text
    (out / "T3.json").write_text(text.replace('"version": 2', '"version": 1', 1))
    todo, reused = plan(reg, std_sha, out)
    assert [p.name for p in todo] == ["T3.yaml"] and "T3.yaml" not in reused
