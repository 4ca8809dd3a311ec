"""`staffopt whatif`: formats, outputs and exit codes, through typer's test runner."""

from __future__ import annotations

import json
from pathlib import Path

from test_whatif_run import BRANCH, LIMIT, PUSH, STANDARDS, hand_region
from typer.testing import CliRunner

from staffopt.cli import app
from staffopt.whatif import WhatIfResult

runner = CliRunner()


def whatif(*args: str) -> object:
    return runner.invoke(app, ["whatif", *args, "--time-limit", str(LIMIT), "--workers", "1"],
                         env={"COLUMNS": "120"})  # wide enough that no cell wraps


def _clean(result: object) -> None:
    output = result.stdout + result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in output


def test_table_shows_each_role_side_by_side() -> None:
    result = whatif(str(BRANCH), "--scenario", str(PUSH), "--standards", str(STANDARDS))
    _clean(result)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("What-if hand-push on branch HAND-1 · standards hand-scenario · "
                        "1 branch compared")
    staff, needs = ([c.strip() for c in line.strip("│ ").split("│")][1:]
                    for line in lines if line.startswith("│ teller"))
    assert staff == ["72 → 48 (-24)", "9 → 6 (-3)", "1 → 4 (+3)"]
    assert needs == ["0 → 0 (0)", "0 → 0 (0)"]
    assert "change most" not in result.stdout  # a single branch has no ranking


def test_json_goes_to_stdout_alone() -> None:
    result = whatif(str(BRANCH), "--scenario", str(PUSH), "--standards", str(STANDARDS),
                    "--format", "json")
    _clean(result)
    assert result.exit_code == 0
    parsed = WhatIfResult.model_validate_json(result.stdout)
    assert parsed.total.change.required == -2
    assert "{" not in result.stderr
    again = whatif(str(BRANCH), "--scenario", str(PUSH), "--standards", str(STANDARDS),
                   "--format", "json")
    assert again.stdout == result.stdout  # the same input gives the same bytes


def test_a_region_with_a_failed_branch_exits_1_and_keeps_both_sets(tmp_path: Path) -> None:
    region = hand_region(tmp_path / "r", broken=True)
    out = tmp_path / "out"
    result = whatif(str(region), "--scenario", str(PUSH), "--out", str(out))
    _clean(result)
    assert result.exit_code == 1
    assert "Branches that change most" in result.stdout
    assert "Failed branches (1)" in result.stdout and "HAND-3" in result.stdout
    assert f"Results in {out}" in result.stdout
    data = json.loads((out / "whatif.json").read_text(encoding="utf-8"))
    assert (data["compared"], data["failed"]) == (2, 1)
    for side in ("baseline", "scenario"):
        summary = json.loads((out / side / "summary.json").read_text(encoding="utf-8"))
        assert summary["branches"]["error"] == 1


def test_bad_input_is_a_message_at_its_line_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: Scenario\nversion: 1\nname: b\nopening_hours: {sunday: closed}\n",
                   encoding="utf-8")
    result = whatif(str(BRANCH), "--scenario", str(bad), "--standards", str(STANDARDS))
    _clean(result)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bad}:4:17: [error] opening_hours.sunday:")
    assert result.stdout == ""


def test_an_unwritable_out_is_an_error_before_any_solve(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = whatif(str(BRANCH), "--scenario", str(PUSH), "--standards", str(STANDARDS),
                    "--out", str(blocker))
    _clean(result)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")


def test_usage_errors_exit_2() -> None:
    assert runner.invoke(app, ["whatif", str(BRANCH)]).exit_code == 2  # no --scenario
    assert whatif(str(BRANCH), "--scenario", str(PUSH), "--format", "csv").exit_code == 2
