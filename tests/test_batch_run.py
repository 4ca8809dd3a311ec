"""staffopt.batch.run_batch and `staffopt batch`: whole region runs, in-process.

The branches are tiny (5-9 staff, one skill each), so that each solves in about a
second. Signals sent to a real `staffopt batch` process are in test_batch_signals.py.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import TinyBatch
from helpers import (
    BATCH_TIME_LIMIT,
    TINY_SPECS,
    branch_yaml,
    full_disk_after,
    make_region,
    temporary_files,
    tiny_branches,
    without_seconds,
)
from typer.testing import CliRunner

from staffopt.batch import CRASH_ENV, BatchInterrupted, BranchRow, run_batch
from staffopt.cli import app
from staffopt.config import load_branch
from staffopt.files import OutputError
from staffopt.problems import ConfigError
from staffopt.result import BranchResult


def cli_batch(region: Path, out: Path, *args: str) -> object:
    """`staffopt batch REGION --out OUT ...` through typer's test runner."""
    return CliRunner().invoke(app, ["batch", str(region), "--out", str(out),
                                    "--time-limit", str(BATCH_TIME_LIMIT), *args])


def test_one_and_two_workers_write_the_same_files(tiny_batch: TinyBatch) -> None:
    out1, out2 = tiny_batch.out[1], tiny_batch.out[2]
    names = sorted(p.name for p in out1.iterdir())
    assert names == sorted(p.name for p in out2.iterdir())
    expected = {f"{b}.json" for b in TINY_SPECS} | {f"{b}-roster.csv" for b in TINY_SPECS}
    assert set(names) == expected | {"summary.csv", "summary.json"}
    for name in names:
        a, b = (out1 / name).read_text(), (out2 / name).read_text()
        assert without_seconds(a) == without_seconds(b), name


def test_any_case_and_nested_branch_files_are_solved(tmp_path: Path) -> None:
    region = make_region(tmp_path / "region", {
        "T1.YAML": branch_yaml("T1"), "north/T3.yml": branch_yaml("T3", extra_lobby=2),
    })
    out = tmp_path / "out"
    summary = run_batch(region, out=out, workers=2, time_limit=BATCH_TIME_LIMIT)
    assert [(r.id, r.file, r.status) for r in summary.rows] == [
        ("T1", "T1.YAML", "optimal"), ("T3", "north/T3.yml", "optimal")]
    assert summary.solved == ["T1.YAML", "north/T3.yml"]
    assert (out / "T1.json").is_file() and (out / "T3-roster.csv").is_file()


def test_faults_become_error_rows_and_the_cli_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    branches = tiny_branches(["T1", "T2", "T3", "T4"])
    branches["T3-copy.yaml"] = branches["T3.yaml"]  # a second file with id T3
    branches["BAD.yaml"] = "kind: Branch\nversion: 1\nid: BAD\ngrade: [8\n"
    region = make_region(tmp_path / "region", branches)
    out = tmp_path / "out"
    monkeypatch.setenv(CRASH_ENV, "T2:raise,T4:exit")
    monkeypatch.chdir(tmp_path)

    result = cli_batch(region, out, "--workers", "2")

    assert result.exit_code == 1, result.output
    rows = {r["file"]: r for r in json.loads((out / "summary.json").read_text())["rows"]}
    assert rows["T1.yaml"]["status"] == "optimal"
    bad = rows["BAD.yaml"]["error"]
    assert re.match(r"region/branches/BAD\.yaml:\d+:\d+: \[error\] YAML syntax", bad), bad
    assert rows["BAD.yaml"]["id"] == "BAD"  # the file stem: the id was never read
    assert "test fault injected for T2" in rows["T2.yaml"]["error"]
    assert "worker process died" in rows["T4.yaml"]["error"]
    for name in ("T3.yaml", "T3-copy.yaml"):
        assert "declared by more than one file: T3-copy.yaml, T3.yaml" in rows[name]["error"]
    # A failed branch whose id is known gets an error result, replacing any stale one.
    for branch in ("T2", "T3", "T4"):
        assert json.loads((out / f"{branch}.json").read_text())["status"] == "error"
    assert not (out / "BAD.json").exists()
    assert json.loads((out / "T1.json").read_text())["status"] == "optimal"
    assert "Failed branches (5)" in result.stdout
    assert "Traceback" not in result.output


def test_resume_solves_nothing_unchanged_then_only_what_changed(
    tiny_batch: TinyBatch, tmp_path: Path
) -> None:
    region = tmp_path / "region"
    out = tmp_path / "out"
    shutil.copytree(tiny_batch.region, region)
    shutil.copytree(tiny_batch.out[1], out)
    before = (out / "T1.json").read_text()

    again = run_batch(region, out=out, workers=2, resume=True, time_limit=BATCH_TIME_LIMIT)
    assert again.solved == []
    assert again.skipped == sorted(f"{b}.yaml" for b in TINY_SPECS)
    assert [r.to_dict() for r in again.rows] == [r.to_dict() for r in tiny_batch.runs[1].rows]
    assert (out / "T1.json").read_text() == before  # not even rewritten

    (region / "branches" / "T2.yaml").write_text(branch_yaml("T2", tellers=3, visitors=25))
    changed = run_batch(region, out=out, workers=2, resume=True, time_limit=BATCH_TIME_LIMIT)
    assert changed.solved == ["T2.yaml"]
    assert len(changed.skipped) == 4
    new = BranchResult.model_validate_json((out / "T2.json").read_text())
    assert new.input_sha256 == load_branch(region / "branches" / "T2.yaml").input_sha256
    assert len(changed.rows) == 5


def test_ctrl_c_keeps_finished_results_and_writes_their_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    region = make_region(tmp_path / "region", tiny_branches(["T1", "T2", "T3"]))
    out = tmp_path / "out"
    monkeypatch.setenv(CRASH_ENV, "T2:hang,T3:hang")

    def interrupt(row: BranchRow) -> None:
        raise KeyboardInterrupt  # as if Ctrl-C came right after the first branch finished

    with pytest.raises(BatchInterrupted) as caught:
        run_batch(region, out=out, workers=2, time_limit=BATCH_TIME_LIMIT, on_result=interrupt)

    assert caught.value.exit_code == 130
    summary = caught.value.summary
    assert summary is not None and [r.id for r in summary.rows] == ["T1"]
    data = json.loads((out / "summary.json").read_text())
    assert data["interrupted"] is True
    assert [r["id"] for r in data["rows"]] == ["T1"]
    assert data["unfinished"] == ["T2.yaml", "T3.yaml"]
    assert (out / "T1.json").is_file() and not (out / "T2.json").exists()
    assert temporary_files(out) == []
    assert multiprocessing.active_children() == []  # the hanging workers were ended


def test_an_unwritable_out_is_one_error_before_any_work(tmp_path: Path) -> None:
    region = make_region(tmp_path / "region", tiny_branches(["T1"]))
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    for out in (plain, plain / "sub", Path(os.devnull)):
        with pytest.raises(OutputError, match=r"^cannot (write into|create the folder) "):
            run_batch(region, out=out)
        result = cli_batch(region, out)
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith("error: cannot ") and result.stderr.count("\n") == 1
        assert result.stdout == "" and "Traceback" not in result.output
    assert plain.read_text() == "x"


def test_a_full_disk_mid_run_is_one_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    region = make_region(tmp_path / "region", tiny_branches(["T1", "T2", "T3"]))
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.json").write_text("a summary of an older run\n")
    full_disk_after(monkeypatch, 2)  # T1's two files, then nothing fits

    result = cli_batch(region, out, "--workers", "1")

    assert result.exit_code == 1, result.output
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.output
    assert re.match(r"^error: cannot write .*T2-roster\.csv: No space left on device; the batch "
                    r"stopped, and what finished before it \(1 branch\) is kept in ",
                    result.stderr.strip()), result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["T1-roster.csv", "T1.json"]  # no stale
    assert multiprocessing.active_children() == []


def test_region_and_standards_problems_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no region\.yaml"):
        run_batch(tmp_path, out=tmp_path / "out")
    region = make_region(tmp_path / "r", tiny_branches(["T1"]))
    (region / "standards.yaml").write_text("kind: Standards\nversion: 1\nname: x\n")
    with pytest.raises(ConfigError) as caught:
        run_batch(region, out=tmp_path / "out")
    assert "standards.yaml" in caught.value.problems[0].file
    result = cli_batch(region, tmp_path / "out")
    assert result.exit_code == 1
    assert "missing key" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # it failed before any work


def test_ray_missing_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    region = make_region(tmp_path / "r", tiny_branches(["T1"]))
    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` fail
    result = cli_batch(region, tmp_path / "out", "--executor", "ray")
    assert result.exit_code == 1
    assert "pip install 'staffopt[ray]'" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # it failed before any work
