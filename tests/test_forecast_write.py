"""staffopt.forecast.write and the forecast command: --write changes the volume section only."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import assert_golden
from test_forecast_estimate import _make_tickets
from typer.testing import CliRunner

from staffopt.cli import app
from staffopt.config import load_branch
from staffopt.forecast.write import replace_volume, split_lines, volume_span
from staffopt.problems import ConfigError

DATA = Path(__file__).resolve().parent / "data" / "forecast"
STANDARDS = DATA / "standards.yaml"


@pytest.fixture
def log(tmp_path: Path) -> Path:
    """Two weeks of tickets of the test branch, from a fixed seed."""
    gen = _make_tickets()
    inp = load_branch(DATA / "branch.yaml", STANDARDS)
    path = tmp_path / "tickets.csv"
    text = gen.ticket_log(inp.standards, inp.branch, gen.Truth(days=14, seed=5))
    path.write_text(text + "FC-0001,X,bad_type,2026-11-03T10:00:00,,\n", encoding="utf-8")
    return path


def test_write_round_trips_a_commented_branch_file(tmp_path: Path, log: Path) -> None:
    branch = tmp_path / "branch.yaml"
    shutil.copy(DATA / "branch.yaml", branch)
    before = split_lines(branch.read_text(encoding="utf-8"))
    result = CliRunner().invoke(app, [
        "forecast", str(log), "--branch", str(branch), "--standards", str(STANDARDS), "--write",
    ])
    assert result.exit_code == 0, result.output
    after = branch.read_text(encoding="utf-8")
    assert_golden(after, "forecast-write.yaml")
    lines = split_lines(after)
    first, last = volume_span(after, "b")
    assert lines[:first] == before[:9]  # everything above the volume key, comments included
    assert lines[last + 1:] == before[20:]  # everything below it
    assert result.stdout == "".join(lines[first:last + 1])  # the block printed is the block written
    assert "tickets.csv:4396:11: [warning] type 'bad_type'" in result.stderr  # the last row
    # a second run over the new file rewrites it to the same bytes
    again = CliRunner().invoke(app, [
        "forecast", str(log), "--branch", str(branch), "--standards", str(STANDARDS), "--write",
    ])
    assert again.exit_code == 0
    assert branch.read_text(encoding="utf-8") == after


def test_the_last_section_of_a_file_without_final_newline(tmp_path: Path) -> None:
    text = "kind: Branch\r\nvolume:\r\n  daily: {a: 1}  # x\r\n  visitors: 3"
    assert replace_volume(text, "volume:\n  daily: {a: 2}\n", "b") == (
        "kind: Branch\r\nvolume:\r\n  daily: {a: 2}"
    )


def test_a_flow_file_is_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        volume_span("{kind: Branch, volume: {daily: {}}}", "b.yaml")
    assert caught.value.errors[0].code == "cannot-rewrite"


def test_json_and_exit_codes(tmp_path: Path, log: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["forecast", str(log), "--standards", str(STANDARDS),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["branch"] == "FC-0001"
    assert data["log"]["malformed"] == 1
    assert data["problems"][0]["code"] == "unknown-type"
    assert set(data["volume"]) == {"daily", "weekday_factors", "intraday_profile"}
    empty = tmp_path / "empty.csv"
    empty.write_text("branch,ticket,type,issued,called,finished\nFC-0001,1,x,now,,\n")
    failed = runner.invoke(app, ["forecast", str(empty), "--standards", str(STANDARDS)])
    assert failed.exit_code == 1
    assert "no usable row" in failed.stderr and "Traceback" not in failed.output
    usage = runner.invoke(app, ["forecast", str(log), "--write"])
    assert usage.exit_code == 2


def test_a_file_that_cannot_be_rewritten_is_left_alone(tmp_path: Path, log: Path) -> None:
    data = yaml.safe_load((DATA / "branch.yaml").read_text(encoding="utf-8"))
    branch = tmp_path / "branch.yaml"
    branch.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML, all on one line
    before = branch.read_bytes()
    result = CliRunner().invoke(app, [
        "forecast", str(log), "--branch", str(branch), "--standards", str(STANDARDS), "--write",
    ])
    assert result.exit_code == 1
    assert "cannot rewrite the volume section in place" in result.stderr
    assert branch.read_bytes() == before


def test_the_demo_log_beside_the_yaml_leaves_validate_clean() -> None:
    root = Path(__file__).resolve().parent.parent
    assert (root / "data" / "tickets" / "DC-0001.csv").is_file()
    result = CliRunner().invoke(app, ["validate", "--strict", str(root / "data" / "tickets")])
    assert result.exit_code == 0, result.output  # a folder without YAML: nothing to check
    assert "All 0 files OK" in result.stdout
