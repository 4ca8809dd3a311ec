"""Region batches (design §6): parallel runs, fault isolation, --resume and the summary.

The branches here are tiny (5-9 staff, one skill each) so that each solves in about a
second; the whole file stays well under a minute.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import re
import shutil
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from staffopt import batch, files
from staffopt.batch import CRASH_ENV, RegionSummary, input_sha256, plan, row_of, run_batch
from staffopt.cli import app
from staffopt.config import load_branch
from staffopt.problems import ConfigError
from staffopt.render import print_region
from staffopt.result import BranchResult

ROOT = Path(__file__).resolve().parent.parent
STANDARDS = ROOT / "configs" / "standards.yaml"
TIME_LIMIT = 5.0

# Tiny branches: (extra tellers, cash deposits a day, extra lobby managers, supervisors).
SPECS: dict[str, dict[str, int]] = {
    "T1": {},
    "T2": {"tellers": 3},
    "T3": {"extra_lobby": 2},  # one lobby manager too many: the solver frees one
    "T4": {"tellers": 1, "cash": 30},
    "T5": {"supervisors": 2, "tellers": 4},
}


def branch_yaml(branch_id: str, *, tellers: int = 2, cash: int = 10, extra_lobby: int = 0,
                supervisors: int = 1, visitors: int = 20) -> str:
    """A small branch profile in which everyone has exactly one skill."""
    staff = [("branch_head", 1), ("account_manager", 1), ("lobby_manager", 1 + extra_lobby),
             ("operations_supervisor", supervisors), ("teller", tellers)]
    lines = []
    for role, count in staff:
        for _ in range(count):
            lines.append(f"  - {{id: E{len(lines) + 1}, role: {role}, skills: [{role}]}}")
    return (
        f"kind: Branch\nversion: 1\nid: {branch_id}\ngrade: 8\n"
        "counters: {cash: 1, non_cash: 1}\n"
        f"volume:\n  daily: {{cash_deposit: {cash}, transfer: 10}}\n  visitors: {visitors}\n"
        "customers: {comprehensive: 100}\n"
        "staff:\n" + "\n".join(lines) + "\n"
    )


def make_region(folder: Path, branches: dict[str, str]) -> Path:
    """A region folder with its own standards and the given branch files (name -> text)."""
    (folder / "branches").mkdir(parents=True)
    shutil.copy(STANDARDS, folder / "standards.yaml")
    (folder / "region.yaml").write_text(
        "kind: Region\nversion: 1\nname: test-region\nstandards: standards.yaml\n"
        "branches: branches/\n", encoding="utf-8",
    )
    for name, text in branches.items():
        (folder / "branches" / name).write_text(text, encoding="utf-8")
    return folder


def tiny_branches(ids: list[str] | None = None) -> dict[str, str]:
    """The SPECS branches as file name -> text."""
    return {f"{b}.yaml": branch_yaml(b, **SPECS[b]) for b in (ids or list(SPECS))}


def without_seconds(text: str) -> str:
    """A JSON text with the values of its timing fields blanked."""
    return re.sub(r'"(solve_seconds|seconds)": [0-9.]+', r'"\1": _', text)


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The tiny region, solved once with 1 worker and once with 2."""
    tmp = tmp_path_factory.mktemp("batch")
    region = make_region(tmp / "region", tiny_branches())
    runs = {w: run_batch(region, out=tmp / f"out{w}", workers=w, time_limit=TIME_LIMIT)
            for w in (1, 2)}
    return {"region": region, "runs": runs, "out": {w: tmp / f"out{w}" for w in runs}}


def test_input_sha256_is_the_one_load_branch_records(tmp_path: Path) -> None:
    region = make_region(tmp_path / "r", tiny_branches(["T1"]))
    branch = region / "branches" / "T1.yaml"
    std = region / "standards.yaml"
    expected = load_branch(branch, std).input_sha256
    assert input_sha256(batch._file_sha(branch), batch._file_sha(std)) == expected


def test_one_and_two_workers_write_the_same_files(solved: dict) -> None:
    out1, out2 = solved["out"][1], solved["out"][2]
    names = sorted(p.name for p in out1.iterdir())
    assert names == sorted(p.name for p in out2.iterdir())
    assert {f"{b}.json" for b in SPECS} | {f"{b}-roster.csv" for b in SPECS} < set(names)
    for name in names:
        a, b = (out1 / name).read_text(), (out2 / name).read_text()
        if name == "summary.csv":  # its seconds column is the only timing there
            a, b = ([row[:-2] + row[-1:] for row in csv.reader(io.StringIO(t))] for t in (a, b))
        else:
            a, b = without_seconds(a), without_seconds(b)
        assert a == b, name


def test_summary_rows_and_totals_come_from_the_results(solved: dict) -> None:
    summary: RegionSummary = solved["runs"][2]
    out: Path = solved["out"][2]
    assert [r.id for r in summary.rows] == sorted(SPECS)
    assert summary.failed == []
    results = {b: BranchResult.model_validate_json((out / f"{b}.json").read_text()) for b in SPECS}
    for row in summary.rows:
        result = results[row.id]
        assert row.status == result.status
        assert (row.current, row.required) == (result.current, result.required)
        assert row.freed == result.current - result.required
        assert row.shortage == result.objective.shortage_slots
    assert next(r for r in summary.rows if r.id == "T3").freed == 1

    totals = {t.role: t for t in summary.totals}
    assert list(totals) == ["teller", "lobby_manager", "operations_supervisor",
                            "account_manager", "branch_head"]  # the standards' order
    for role, t in totals.items():
        rows = [h for r in results.values() for h in r.headcount if h.role == role]
        assert t.current == sum(h.current for h in rows)
        assert t.required == sum(h.required for h in rows)
        assert t.freed == t.current - t.required
        assert t.shortage == sum(s.missing for r in results.values() for s in r.shortages
                                 if s.post.split(".")[0] == role)
    assert sum(t.shortage for t in totals.values()) == sum(r.shortage for r in summary.rows)

    data = json.loads((out / "summary.json").read_text())
    assert data["branches"] == {"total": 5, "optimal": 5, "feasible": 0, "error": 0}
    assert data["totals"][0] == vars(summary.totals[0])
    rows = list(csv.DictReader(io.StringIO((out / "summary.csv").read_text())))
    assert list(rows[0]) == ["id", "status", "current", "required", "freed", "shortage",
                             "seconds", "error"]
    assert [r["id"] for r in rows] == sorted(SPECS)
    assert rows[2]["freed"] == "1" and rows[2]["error"] == ""


def test_region_report_names_the_totals_and_the_freeing_branch(solved: dict) -> None:
    console = Console(record=True, width=160)
    print_region(solved["runs"][1], console)
    text = console.export_text()
    assert "Headcount by role" in text
    assert "operations_supervisor" in text
    freeing = text.split("Branches that free the most people")[1].split("Branches with")[0]
    assert "T3" in freeing and "T1" not in freeing
    assert "Failed branches" not in text


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

    result = CliRunner().invoke(app, ["batch", str(region), "--out", str(out), "--workers", "2",
                                      "--time-limit", str(TIME_LIMIT)])

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
    solved: dict, tmp_path: Path
) -> None:
    region = tmp_path / "region"
    out = tmp_path / "out"
    shutil.copytree(solved["region"], region)
    shutil.copytree(solved["out"][1], out)
    before = (out / "T1.json").read_text()

    again = run_batch(region, out=out, workers=2, resume=True, time_limit=TIME_LIMIT)
    assert again.solved == []
    assert again.skipped == sorted(f"{b}.yaml" for b in SPECS)
    assert [r.to_dict() for r in again.rows] == [r.to_dict() for r in solved["runs"][1].rows]
    assert (out / "T1.json").read_text() == before  # not even rewritten

    (region / "branches" / "T2.yaml").write_text(branch_yaml("T2", tellers=3, visitors=25))
    changed = run_batch(region, out=out, workers=2, resume=True, time_limit=TIME_LIMIT)
    assert changed.solved == ["T2.yaml"]
    assert len(changed.skipped) == 4
    new = BranchResult.model_validate_json((out / "T2.json").read_text())
    assert new.input_sha256 == load_branch(region / "branches" / "T2.yaml").input_sha256
    assert len(changed.rows) == 5


def test_resume_plan_redoes_changed_standards_and_failed_results(
    solved: dict, tmp_path: Path
) -> None:
    region: Path = solved["region"]
    out = tmp_path / "out"
    shutil.copytree(solved["out"][1], out)
    files_ = sorted((region / "branches").glob("*.yaml"))
    std_sha = batch._file_sha(region / "standards.yaml")

    todo, reused = plan(files_, std_sha, out)
    assert todo == [] and sorted(reused) == [p.name for p in files_]

    todo, reused = plan(files_, "another standards file", out)
    assert todo == files_ and reused == {}

    failed = BranchResult.model_validate_json((out / "T4.json").read_text()).model_copy(
        update={"status": "error", "error": "no solution", "objective": None})
    (out / "T4.json").write_text(failed.to_json())
    todo, _ = plan(files_, std_sha, out)
    assert [p.name for p in todo] == ["T4.yaml"]


def test_a_result_without_a_solution_is_an_error_row() -> None:
    result = BranchResult(branch="X1", input_sha256="0" * 64, standards="s", status="error",
                          gap=None, solve_seconds=5.0, slot_minutes=30, objective=None,
                          error="level shortage_slots: the solver found no solution (UNKNOWN)")
    row = row_of(result, "X1.yaml")
    assert (row.id, row.status, row.current, row.shortage) == ("X1", "error", None, None)
    assert row.error == result.error


def test_ctrl_c_keeps_finished_results_and_writes_their_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    region = make_region(tmp_path / "region", tiny_branches(["T1", "T2", "T3"]))
    out = tmp_path / "out"
    original = batch._Collector.add_outcome

    def add_then_interrupt(self: batch._Collector, task: object, outcome: batch.Outcome) -> None:
        original(self, task, outcome)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # as if Ctrl-C came right after the first branch finished

    monkeypatch.setattr(batch._Collector, "add_outcome", add_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        run_batch(region, out=out, workers=1, time_limit=TIME_LIMIT)

    data = json.loads((out / "summary.json").read_text())
    assert data["interrupted"] is True
    assert [r["id"] for r in data["rows"]] == ["T1"]
    assert data["unfinished"] == ["T2.yaml", "T3.yaml"]
    assert (out / "T1.json").is_file() and not (out / "T2.json").exists()
    assert not list(out.glob(".*.tmp"))
    deadline = time.monotonic() + 30  # terminated workers are reaped in the background
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert multiprocessing.active_children() == []


def test_a_write_that_fails_midway_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "T1.json"
    target.write_text("the old result\n")
    real_fdopen = os.fdopen

    class HalfWriter:
        """A file that takes half the text, then fails like a full disk."""

        def __init__(self, handle: io.TextIOWrapper) -> None:
            self.handle = handle

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, text: str) -> int:
            self.handle.write(text[: len(text) // 2])
            self.handle.flush()
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))
    with pytest.raises(OSError, match="No space"):
        files.write_atomic(target, '{"a new": "result that is long enough to split"}\n')
    assert target.read_text() == "the old result\n"
    assert [p.name for p in tmp_path.iterdir()] == ["T1.json"]  # no temporary file left


def test_written_files_get_the_mode_of_any_new_file(tmp_path: Path) -> None:
    # the temporary file is private while it is written; the result is not
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    files.write_atomic(tmp_path / "T1.json", "{}\n")
    assert (tmp_path / "T1.json").stat().st_mode & 0o777 == plain.stat().st_mode & 0o777


def test_region_problems_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no region\.yaml"):
        run_batch(tmp_path, out=tmp_path / "out")
    empty = make_region(tmp_path / "empty", {})
    with pytest.raises(ConfigError, match="no branch files"):
        run_batch(empty, out=tmp_path / "out")
    region = make_region(tmp_path / "r", tiny_branches(["T1"]))
    (region / "standards.yaml").write_text("kind: Standards\nversion: 1\nname: x\n")
    with pytest.raises(ConfigError) as caught:
        run_batch(region, out=tmp_path / "out")
    assert "standards.yaml" in caught.value.problems[0].file
    result = CliRunner().invoke(app, ["batch", str(region), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "missing key" in result.stderr and "Traceback" not in result.output


def test_ray_missing_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    region = make_region(tmp_path / "r", tiny_branches(["T1"]))
    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` fail
    result = CliRunner().invoke(app, ["batch", str(region), "--out", str(tmp_path / "out"),
                                      "--executor", "ray"])
    assert result.exit_code == 1
    assert "pip install 'staffopt[ray]'" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # it failed before any work


def test_ray_executor_gives_the_local_results(solved: dict, tmp_path: Path) -> None:
    pytest.importorskip("ray")
    region = make_region(tmp_path / "region", tiny_branches(["T1", "T3"]))
    out = tmp_path / "out"
    summary = run_batch(region, out=out, workers=2, time_limit=TIME_LIMIT, executor="ray")
    assert [r.id for r in summary.rows] == ["T1", "T3"] and summary.failed == []
    for name in ("T1.json", "T1-roster.csv", "T3.json", "T3-roster.csv"):
        local = (solved["out"][1] / name).read_text()
        assert without_seconds((out / name).read_text()) == without_seconds(local), name


def test_resume_plan_reads_no_file_past_the_limit_and_never_blocks(tmp_path: Path) -> None:
    # a branch file swapped for a FIFO, or grown huge, after the folder was listed
    big, fifo = tmp_path / "big.yaml", tmp_path / "fifo.yaml"
    with big.open("wb") as handle:
        handle.truncate(6_000_000)
    os.mkfifo(fifo)
    todo, reused = plan([big, fifo], "0" * 64, tmp_path / "out")
    assert (todo, reused) == ([big, fifo], {})  # left to the worker, which reports them
