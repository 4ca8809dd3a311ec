"""staffopt.batch.collector: outcomes into files on disk and summary rows."""

from __future__ import annotations

import contextlib
import errno
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TinyBatch
from helpers import make_region, temporary_files, tiny_branches

from staffopt import files
from staffopt.batch import BranchRow, open_region
from staffopt.batch.collector import Collector
from staffopt.batch.executors import Task
from staffopt.batch.worker import Outcome, failed_outcome
from staffopt.files import OutputError


def solved(tiny: TinyBatch, branch: str) -> Outcome:
    """The outcome a worker sent back for a tiny branch."""
    result = (tiny.out[1] / f"{branch}.json").read_text()
    return {"file": f"{branch}.yaml", "branch": branch, "result": result, "error": None,
            "input_sha256": json.loads(result)["input_sha256"], "seconds": 1.0}


def task(region: Path, name: str) -> Task:
    """The task of a branch file of the region."""
    return Task((region / "branches" / name).absolute(), name)


def os_names(folder: Path) -> list[str]:
    """The file names in a folder."""
    return [p.name for p in folder.iterdir()]


@pytest.fixture
def region(tmp_path: Path) -> Path:
    """A tiny region, with a file that has no readable id."""
    branches = tiny_branches(["T1", "T2"])
    branches["T1-copy.yaml"] = branches["T1.yaml"]
    branches["BAD.yaml"] = "kind: Branch\nversion: 1\nid: BAD\ngrade: [8\n"
    return make_region(tmp_path / "region", branches)


def test_a_result_is_on_disk_before_its_row_is_handed_on(
    tiny_batch: TinyBatch, region: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    seen: list[tuple[BranchRow, list[str]]] = []
    held: list[str] = []

    @contextlib.contextmanager
    def hold() -> Iterator[None]:
        held.append("in")
        yield
        held.append("out")

    collector = Collector(out, "default", "0" * 64, hold=hold,
                          on_result=lambda row: seen.append((row, sorted(os_names(out)))))
    collector.add_outcome(task(region, "T1.yaml"), solved(tiny_batch, "T1"))

    [(row, names)] = seen
    assert (row.id, row.status, row.file) == ("T1", "optimal", "T1.yaml")
    assert names == ["T1-roster.csv", "T1.json"]
    assert held == ["in", "out"]  # the write ran with stop signals held
    assert (out / "T1.json").read_text() == (tiny_batch.out[1] / "T1.json").read_text()


def test_failures_become_error_rows_and_error_results(region: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "T2.json").write_text("a stale result\n")
    collector = Collector(out, "default", "0" * 64)
    failure = failed_outcome("T2.yaml", "the worker failed: boom")
    failure["branch"] = "T2"
    collector.add_outcome(task(region, "T2.yaml"), failure)
    collector.add_outcome(task(region, "BAD.yaml"), failed_outcome("BAD.yaml", "syntax"))

    summary = collector.summary(open_region(region), ["teller"])
    rows = {r.file: r for r in summary.rows}
    assert (rows["T2.yaml"].status, rows["T2.yaml"].error) == ("error", "the worker failed: boom")
    stored = json.loads((out / "T2.json").read_text())  # replaces the stale one
    assert (stored["status"], stored["error"]) == ("error", "the worker failed: boom")
    assert (rows["BAD.yaml"].id, rows["BAD.yaml"].error) == ("BAD", "syntax")  # the stem
    assert not (out / "BAD.json").exists()  # no id to name a file by
    assert summary.totals[0].current == 0


def test_two_files_with_one_id_fail_both(
    tiny_batch: TinyBatch, region: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    collector = Collector(out, "default", "0" * 64)
    collector.add_outcome(task(region, "T1.yaml"), solved(tiny_batch, "T1"))
    collector.add_outcome(task(region, "T1-copy.yaml"), solved(tiny_batch, "T1"))

    reason = "branch id T1 is declared by more than one file: T1-copy.yaml, T1.yaml"
    assert {r.file: r.error for r in collector.rows.values()} == {
        "T1.yaml": reason, "T1-copy.yaml": reason}
    assert all(r.staff is None and r.kept is None for r in collector.rows.values())
    assert json.loads((out / "T1.json").read_text())["error"] == reason


def test_a_failed_write_adds_no_row_and_leaves_no_file(
    tiny_batch: TinyBatch, region: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()

    def full(*args: object, **kwargs: object) -> object:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fdopen", full)
    collector = Collector(out, "default", "0" * 64)
    with pytest.raises(OutputError, match=r"T1-roster\.csv: No space left on device"):
        collector.add_outcome(task(region, "T1.yaml"), solved(tiny_batch, "T1"))
    assert collector.rows == {}
    assert os_names(out) == [] and temporary_files(out) == []
