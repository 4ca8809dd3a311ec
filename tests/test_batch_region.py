"""staffopt.batch.region: a region's branch files, and what --resume can skip."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import TinyBatch
from helpers import branch_yaml, make_region, tiny_branches

from staffopt.batch import RegionFiles, open_region, plan
from staffopt.batch.worker import file_sha256
from staffopt.config import load_branch
from staffopt.problems import ConfigError, Problem
from staffopt.result import BranchResult
from staffopt.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent
STANDARDS = ROOT / "configs" / "standards.yaml"
BRANCH = ROOT / "tests" / "data" / "valid" / "minimal-branch.yaml"


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
    with pytest.raises(ConfigError, match="branches folder 'branches/' not found"):
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


def test_resume_plan_reads_no_file_past_the_limit_and_never_blocks(tmp_path: Path) -> None:
    # a branch file swapped for a FIFO, or grown huge, after the folder was listed
    big, fifo = tmp_path / "big.yaml", tmp_path / "fifo.yaml"
    with big.open("wb") as handle:
        handle.truncate(6_000_000)
    os.mkfifo(fifo)
    reg = RegionFiles("r", STANDARDS, tmp_path, [big, fifo])
    todo, reused = plan(reg, "0" * 64, tmp_path / "out")
    assert (todo, reused) == ([big, fifo], {})  # left to the worker, which reports them


# ---------------------------------------------------------------- the region's own paths

REGION = """\
kind: Region
version: 1
name: test-region
standards: {standards}
branches: {branches}
"""


def _region_with(
    tmp_path: Path, standards: str = "standards.yaml", branches: str = "branches"
) -> Path:
    """A region folder with one branch; ``standards`` and ``branches`` as region.yaml says."""
    shutil.copyfile(STANDARDS, tmp_path / "standards.yaml")
    (tmp_path / "branches").mkdir()
    shutil.copyfile(BRANCH, tmp_path / "branches" / "b.yaml")
    text = REGION.format(standards=standards, branches=branches)
    (tmp_path / "region.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _problems(call: object) -> list[Problem]:
    with pytest.raises(ConfigError) as caught:
        call()  # type: ignore[operator]
    return caught.value.problems


def test_a_good_region_opens_as_a_folder_or_its_file(tmp_path: Path) -> None:
    region = open_region(_region_with(tmp_path))
    assert region.name == "test-region"
    assert region.standards == (tmp_path / "standards.yaml").resolve()
    assert [p.name for p in region.files] == ["b.yaml"]
    assert open_region(tmp_path / "region.yaml").files == region.files


def test_missing_standards_is_placed_at_its_line_by_every_command(tmp_path: Path) -> None:
    folder = _region_with(tmp_path, standards="gone.yaml")
    [in_batch] = _problems(lambda: open_region(folder))
    assert (in_batch.line, in_batch.column, in_batch.code) == (4, 12, "no-standards")
    assert in_batch.file.endswith("region.yaml")
    assert "'gone.yaml' not found" in in_batch.message
    # solve and validate say the same, and say on the branch that it cannot be checked
    in_solve = _problems(lambda: load_branch(folder / "branches" / "b.yaml"))
    in_validate = validate_paths([folder], None)
    for found in (in_solve, in_validate):
        assert sorted(p.code for p in found) == ["no-standards", "standards-unusable"]
        assert in_batch in found


def test_explicit_standards_replace_a_missing_one(tmp_path: Path) -> None:
    folder = _region_with(tmp_path, standards="gone.yaml")
    assert open_region(folder, STANDARDS).standards == STANDARDS
    assert load_branch(folder / "branches" / "b.yaml", STANDARDS).branch.id == "MIN-1"


def test_standards_that_are_no_file_are_named(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")  # no writer: an open for reading would block
    folder = _region_with(tmp_path, standards="pipe.yaml")
    [problem] = _problems(lambda: open_region(folder))
    assert (problem.line, problem.code) == (4, "no-standards")
    assert "named pipe (FIFO)" in problem.message
    assert problem in _problems(lambda: load_branch(folder / "branches" / "b.yaml"))


@pytest.mark.parametrize(
    ("branches", "words"),
    [("nowhere", "'nowhere' not found"), ("standards.yaml", "a file, not a folder")],
)
def test_bad_branches_folder_is_placed_at_its_line(
    tmp_path: Path, branches: str, words: str
) -> None:
    folder = _region_with(tmp_path, branches=branches)
    [problem] = _problems(lambda: open_region(folder))
    assert (problem.line, problem.column, problem.code) == (5, 11, "no-branches")
    assert words in problem.message
    assert validate_paths([folder / "region.yaml"], None) == [problem]


def test_empty_branches_folder_is_placed_at_its_line(tmp_path: Path) -> None:
    folder = _region_with(tmp_path)
    (folder / "branches" / "b.yaml").unlink()
    [problem] = _problems(lambda: open_region(folder))
    assert (problem.line, problem.column, problem.code) == (5, 11, "no-branches")
    assert "no branch files" in problem.message


def test_region_paths_that_cannot_be_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "empty").mkdir()
    cases = [
        (tmp_path / "fifo.yaml", "not-a-file"),
        (tmp_path / "loop", "symlink-loop"),
        (tmp_path / ("r" * 300), "name-too-long"),
        (tmp_path / "missing", "no-region"),
        (tmp_path / "empty", "no-region"),
    ]
    for path, code in cases:
        [problem] = _problems(lambda path=path: open_region(path))
        assert (problem.line, problem.code) == (0, code), path.name[:20]
