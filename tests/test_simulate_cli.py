"""``staffopt simulate``: formats, determinism, exit codes and bad input."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import assert_golden
from simulate_data import BRANCH, OTHER, SIM, STANDARDS
from typer.testing import CliRunner, Result

from staffopt.cli import app

RESULT = SIM / "teller-result.json"  # `staffopt solve` of BRANCH, kept as test data


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, ["simulate", *map(str, args)])


def _json(*extra: str | Path) -> Result:
    return _run(BRANCH, "--standards", STANDARDS, "--result", RESULT, "--replications", "20",
                "--format", "json", *extra)


def test_json_follows_the_contract_and_is_byte_identical() -> None:
    first, second = _json(), _json()
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert list(data) == ["kind", "version", "branch", "replications", "seed", "zones"]
    assert (data["kind"], data["version"], data["branch"]) == ("SimulationResult", 1, "SIM-T")
    assert [z["post"] for z in data["zones"]] == ["teller.cash", "teller.non_cash"]
    slot = data["zones"][0]["slots"][0]
    assert list(slot) == ["day", "start", "arrivals", "servers", "erlang_sl", "sim_sl",
                          "sim_sl_low", "sim_sl_high", "mean_wait"]
    assert_golden(first.stdout, "simulate-teller.json")


def test_the_seed_changes_the_draw() -> None:
    assert _json("--seed", "1").stdout != _json("--seed", "2").stdout


def test_ciw_engine_prints_the_same() -> None:
    assert _json("--engine", "ciw").stdout == _json().stdout


def test_table() -> None:
    result = _run(BRANCH, "--standards", STANDARDS, "--result", RESULT, "--replications", "20")
    assert result.exit_code == 0, result.output
    assert "teller.cash, target 80 %" in result.stdout
    assert "SIM-T: " in result.stdout and "slots" in result.stdout
    assert "Worst slots" in result.stdout


def test_without_a_result_it_solves_first() -> None:
    result = _run(BRANCH, "--standards", STANDARDS, "--replications", "5", "--format", "json",
                  "--time-limit", "10")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["replications"] == 5


def test_a_result_of_another_branch_exits_1() -> None:
    result = _run(OTHER, "--standards", STANDARDS, "--result", RESULT)
    assert result.exit_code == 1
    assert "this is the result of branch SIM-T, not SIM-O" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_a_branch_without_a_queue_role_exits_1() -> None:
    result = _run(SIM / "presence.yaml", "--standards", SIM / "presence.standards.yaml")
    assert result.exit_code == 1
    assert "presence.yaml:1:1: SIM-P has no queue zone to simulate" in result.stderr


def test_a_broken_branch_file_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: Branch\nversion: 1\nid: X\n", encoding="utf-8")
    result = _run(bad, "--standards", STANDARDS)
    assert result.exit_code == 1
    assert "bad.yaml:" in result.stderr and "Traceback" not in result.output


def test_usage_errors_exit_2() -> None:
    assert _run(BRANCH, "--replications", "0").exit_code == 2
    assert _run(BRANCH, "--format", "csv").exit_code == 2
    assert _run(BRANCH, "--seed", "-1").exit_code == 2
