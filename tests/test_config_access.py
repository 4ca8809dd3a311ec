"""Safe file access: regular files only, reads bounded, every lookup failure named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from staffopt.config.access import MAX_BYTES, path_problem, read_file, resolved
from staffopt.config.source import read_source
from staffopt.problems import ConfigError, Problem


def test_big_file_is_refused_unparsed(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    line = b"# " + b"x" * 97 + b"\n"
    path.write_bytes(b"kind: Branch\n" + line * (6_000_000 // len(line)))
    assert path.stat().st_size > MAX_BYTES
    with pytest.raises(ConfigError) as caught:
        read_source(path, "big.yaml")
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.code) == ("big.yaml", 1, "file-too-large")
    assert "5,000,000" in problem.message


def test_folder_and_missing_file_are_refused(tmp_path: Path) -> None:
    for path, code, words in (
        (tmp_path, "not-a-file", "this is a folder"),
        (tmp_path / "missing.yaml", "not-found", "no such file"),
        (tmp_path / "missing" / "b.yaml", "not-found", "no such file"),
    ):
        with pytest.raises(ConfigError) as caught:
            read_source(path, "x")
        [problem] = caught.value.problems
        assert (problem.line, problem.column, problem.code) == (0, 0, code)
        assert words in problem.message


def test_folder_is_a_file_only_where_wanted(tmp_path: Path) -> None:
    assert path_problem(tmp_path, "x", want="folder") is None
    assert path_problem(tmp_path, "x", want="any") is None
    (tmp_path / "f.yaml").write_text("kind: Region\n")
    assert path_problem(tmp_path / "f.yaml", "x") is None
    problem = path_problem(tmp_path / "f.yaml", "x", want="folder")
    assert problem is not None and problem.code == "not-a-folder"


def _read_problem(path: Path) -> Problem:
    with pytest.raises(ConfigError) as caught:
        read_source(path, "x.yaml")
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column) == ("x.yaml", 0, 0)
    return problem


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # no writer: an open for reading would wait forever
    problem = _read_problem(fifo)
    assert problem.code == "not-a-file"
    assert "named pipe (FIFO)" in problem.message


def test_devices_are_refused_unread() -> None:
    for device in (Path("/dev/zero"), Path("/dev/null")):
        problem = _read_problem(device)
        assert problem.code == "not-a-file"
        assert "character device" in problem.message


def test_symlink_loop_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    problem = _read_problem(tmp_path / "a.yaml")
    assert problem.code == "symlink-loop"
    assert "symlink loop" in problem.message
    assert resolved(tmp_path / "a.yaml") == tmp_path / "a.yaml"  # no RuntimeError


def test_over_long_name_is_named(tmp_path: Path) -> None:
    for path in (tmp_path / ("x" * 300 + ".yaml"), tmp_path / ("d" * 300) / "b.yaml"):
        problem = _read_problem(path)
        assert problem.code == "name-too-long"
        assert "too long" in problem.message


def test_permission_denied_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("kind: Region\n")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: refuse this one open as the kernel would
        real = os.open

        def refuse(name: object, *args: object, **kwargs: object) -> int:
            if Path(str(name)) == path:
                raise PermissionError(13, "Permission denied", str(name))
            return real(name, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", refuse)
    problem = _read_problem(path)
    assert problem.code == "unreadable"
    assert "permission denied" in problem.message


def test_read_is_bounded_by_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "edge.yaml"
    path.write_bytes(b"#" * MAX_BYTES)
    assert len(read_file(path)) == MAX_BYTES
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(ConfigError) as caught:
        read_file(path, "edge.yaml")
    assert [p.code for p in caught.value.problems] == ["file-too-large"]
