"""Opening a region, and a region's paths: every problem at its line in region.yaml."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from staffopt.config import load_branch, load_standards
from staffopt.config.regions import open_region
from staffopt.problems import ConfigError, Problem
from staffopt.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent
STANDARDS = ROOT / "configs" / "standards.yaml"
BRANCH = Path(__file__).resolve().parent / "data" / "valid" / "minimal-branch.yaml"

REGION = """\
kind: Region
version: 1
name: test-region
standards: {standards}
branches: {branches}
"""


def _region(tmp_path: Path, standards: str = "standards.yaml", branches: str = "branches") -> Path:
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


def test_a_good_region_opens(tmp_path: Path) -> None:
    region = open_region(_region(tmp_path))
    assert region.name == "test-region"
    assert region.standards == (tmp_path / "standards.yaml").resolve()
    assert [p.name for p in region.files] == ["b.yaml"]
    assert open_region(tmp_path / "region.yaml").files == region.files


def test_missing_standards_is_placed_at_its_line_by_every_command(tmp_path: Path) -> None:
    folder = _region(tmp_path, standards="gone.yaml")
    [in_batch] = _problems(lambda: open_region(folder))
    [in_solve] = _problems(lambda: load_branch(folder / "branches" / "b.yaml"))
    in_validate = [p for p in validate_paths([folder], None) if p.code == "no-standards"]
    assert in_batch == in_solve == in_validate[0]
    assert (in_batch.line, in_batch.column, in_batch.code) == (4, 12, "no-standards")
    assert in_batch.file.endswith("region.yaml")
    assert "'gone.yaml' not found" in in_batch.message


def test_explicit_standards_replace_a_missing_one(tmp_path: Path) -> None:
    folder = _region(tmp_path, standards="gone.yaml")
    assert open_region(folder, STANDARDS).standards == STANDARDS
    assert load_branch(folder / "branches" / "b.yaml", STANDARDS).branch.id == "MIN-1"


def test_standards_that_are_no_file_are_named(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    folder = _region(tmp_path, standards="pipe.yaml")
    [problem] = _problems(lambda: open_region(folder))
    assert (problem.line, problem.code) == (4, "no-standards")
    assert "named pipe (FIFO)" in problem.message
    [problem] = _problems(lambda: load_branch(folder / "branches" / "b.yaml"))
    assert (problem.line, problem.code) == (4, "no-standards")


@pytest.mark.parametrize(
    ("branches", "words"),
    [("nowhere", "'nowhere' not found"), ("standards.yaml", "a file, not a folder")],
)
def test_bad_branches_folder_is_placed_at_its_line(
    tmp_path: Path, branches: str, words: str
) -> None:
    folder = _region(tmp_path, branches=branches)
    [problem] = _problems(lambda: open_region(folder))
    assert (problem.line, problem.column, problem.code) == (5, 11, "no-branches")
    assert words in problem.message
    [same] = [p for p in validate_paths([folder / "region.yaml"], None)]
    assert same == problem


def test_empty_branches_folder_is_placed_at_its_line(tmp_path: Path) -> None:
    folder = _region(tmp_path)
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


def test_standards_device_is_refused_not_missing(tmp_path: Path) -> None:
    [problem] = _problems(lambda: load_standards(Path("/dev/zero")))
    assert (problem.file, problem.line, problem.code) == ("/dev/zero", 0, "not-a-file")
    [problem] = _problems(lambda: load_branch(BRANCH, Path("/dev/zero")))
    assert (problem.code, "character device" in problem.message) == ("not-a-file", True)
