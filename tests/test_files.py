"""staffopt.files: the one YAML discovery rule, atomic writes, and unwritable outputs."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from helpers import BATCH_TIME_LIMIT, branch_yaml, full_disk_after, make_region, temporary_files
from typer.testing import CliRunner

from staffopt import files
from staffopt.cli import app
from staffopt.files import (
    OutputError,
    check_out_folder,
    write_atomic,
    write_branch_outputs,
    write_together,
    yaml_files,
)
from staffopt.result import BranchResult

# ---------------------------------------------------------------- discovery


def test_yaml_files_any_case_recursive_not_hidden(tmp_path: Path) -> None:
    names = ("b.yaml", "a.yml", "C.YAML", "d.Yml", "sub/e.yaml", "sub/deeper/f.yml",
             ".hidden.yaml", ".git/g.yaml", "sub/.cache/h.yaml", "i.txt", "j.yaml.bak")
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("kind: Region\n")
    (tmp_path / "folder.yaml").mkdir()  # a folder is searched, never listed

    found = [p.relative_to(tmp_path).as_posix() for p in yaml_files(tmp_path)]

    assert found == ["C.YAML", "a.yml", "b.yaml", "d.Yml", "sub/deeper/f.yml", "sub/e.yaml"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_yaml_files_lists_unreadable_entries_and_survives_link_loops(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text("kind: Region\n")
    (tmp_path / "loop").symlink_to(tmp_path)  # a folder loop: not followed
    (tmp_path / "self.yaml").symlink_to(tmp_path / "self.yaml")  # a file link loop
    (tmp_path / "gone.yml").symlink_to(tmp_path / "missing.yml")

    found = [p.name for p in yaml_files(tmp_path)]

    # listed, so that the loader reports them rather than the search hiding them
    assert found == ["gone.yml", "ok.yaml", "self.yaml"]


# ---------------------------------------------------------------- atomic writes


def test_a_write_that_fails_midway_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "T1.json"
    target.write_text("the old result\n")
    full_disk_after(monkeypatch, 0)
    with pytest.raises(OutputError, match=r"cannot write .*T1\.json: No space left on device"):
        write_atomic(target, '{"a new": "result that is long enough to split"}\n')
    assert target.read_text() == "the old result\n"
    assert [p.name for p in tmp_path.iterdir()] == ["T1.json"]  # no temporary file left


def test_files_written_together_land_together_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "X-roster.csv", tmp_path / "X.json"
    full_disk_after(monkeypatch, 1)  # the first is written, the second fails
    with pytest.raises(OutputError) as caught:
        write_together([(first, "a,b\n"), (second, "{}\n")])
    assert caught.value.path == second
    assert list(tmp_path.iterdir()) == []  # neither file, and no temporary one

    monkeypatch.undo()
    write_together([(first, "a,b\n"), (second, "{}\n")])
    assert (first.read_text(), second.read_text()) == ("a,b\n", "{}\n")
    assert temporary_files(tmp_path) == []


def test_written_files_get_the_mode_of_any_new_file(tmp_path: Path) -> None:
    # the temporary file is private while it is written; the result is not
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    write_atomic(tmp_path / "T1.json", "{}\n")
    assert (tmp_path / "T1.json").stat().st_mode & 0o777 == plain.stat().st_mode & 0o777


def error_result(branch: str = "X1") -> BranchResult:
    """A hand-built result without a solution."""
    return BranchResult(branch=branch, input_sha256="0" * 64, standards="s", status="error",
                        gap=None, solve_seconds=1.0, slot_minutes=None, objective=None,
                        error="no solution")


def test_branch_outputs_are_the_json_and_the_roster(tmp_path: Path) -> None:
    paths = write_branch_outputs(error_result(), tmp_path / "new" / "folder")
    assert [p.name for p in paths] == ["X1.json", "X1-roster.csv"]
    assert json.loads(paths[0].read_text())["status"] == "error"
    assert paths[1].read_text().startswith("employee,")


# ---------------------------------------------------------------- unwritable output folders


def test_out_folder_is_created_and_left_clean(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b"
    check_out_folder(out)
    assert out.is_dir() and list(out.iterdir()) == []  # the probe file is gone


def test_out_folder_that_is_a_file_a_device_or_under_a_file(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    cases = {
        plain: "it is a file, not a folder",
        plain / "sub": "a part of the path is a file, not a folder",
        Path(os.devnull): "it is not a folder",
    }
    for out, reason in cases.items():
        with pytest.raises(OutputError, match=reason) as caught:
            check_out_folder(out)
        assert caught.value.path == out
        assert str(out.name) in str(caught.value)
    assert plain.read_text() == "x"


def test_out_folder_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.tempfile, "mkstemp", no_space)
    with pytest.raises(OutputError, match="No space left on device"):
        check_out_folder(tmp_path)


def test_out_folder_without_write_permission(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # tests often run as root, where chmod stops no write: refuse the probe file instead
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", denied)
    with pytest.raises(OutputError, match="Permission denied"):
        check_out_folder(tmp_path)
    with pytest.raises(OutputError, match="Permission denied"):
        check_out_folder(tmp_path / "sub")


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux's sysfs")
def test_out_folder_that_not_even_root_can_write() -> None:
    # sysfs takes no new files, whoever asks: the unwritable folder of a test run as root
    with pytest.raises(OutputError, match=r"^cannot write into /sys/kernel: \w"):
        check_out_folder(Path("/sys/kernel"))


# ---------------------------------------------------------------- solve --out


@pytest.fixture
def branch_file(tmp_path: Path) -> Path:
    """A tiny branch in a region folder with its own standards."""
    region = make_region(tmp_path / "region", {"T1.yaml": branch_yaml("T1")})
    return region / "branches" / "T1.yaml"


def test_solve_out_unwritable_is_one_error_before_the_solve(
    branch_file: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    for out in (plain, plain / "sub", Path(os.devnull)):
        result = CliRunner().invoke(app, ["solve", str(branch_file), "--out", str(out)])
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith("error: cannot ") and result.stderr.count("\n") == 1
        assert "Traceback" not in result.output
        assert result.stdout == ""  # nothing solved


def test_solve_out_full_disk_writes_neither_file(
    branch_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    full_disk_after(monkeypatch, 1)  # the roster CSV is written, the JSON is not
    result = CliRunner().invoke(app, ["solve", str(branch_file), "--out", str(out),
                                      "--format", "json",
                                      "--time-limit", str(BATCH_TIME_LIMIT)])
    assert result.exit_code == 1, result.output
    assert "cannot write" in result.stderr and "T1.json: No space left" in result.stderr
    assert "Traceback" not in result.output
    assert list(out.iterdir()) == []  # not the roster without its JSON

    monkeypatch.undo()
    result = CliRunner().invoke(app, ["solve", str(branch_file), "--out", str(out),
                                      "--time-limit", str(BATCH_TIME_LIMIT)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["T1-roster.csv", "T1.json"]
