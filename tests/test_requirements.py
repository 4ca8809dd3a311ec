"""The `requirements` command: a branch's requirements as JSON, CSV or a table, and its bad
input. ``compute`` itself is tested in tests/test_requirements_sizing.py, each rule's figures
in its kind's tests/test_requirements_kinds_<kind>.py."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import (
    REQUIREMENTS_DATA,
)
from typer.testing import CliRunner

from staffopt.cli import app
from staffopt.config import load_branch
from staffopt.requirements import Requirements, clock, compute
from staffopt.result import requirements_json

# ---------------------------------------------------------------- the `requirements` command

runner = CliRunner()
SMALL = [
    str(REQUIREMENTS_DATA / "small.yaml"),
    "--standards",
    str(REQUIREMENTS_DATA / "standards-small.yaml"),
]


def _small_requirements() -> Requirements:
    inp = load_branch(REQUIREMENTS_DATA / "small.yaml", REQUIREMENTS_DATA / "standards-small.yaml")
    return compute(inp.standards, inp.branch)


def test_cli_requirements_json() -> None:
    result = runner.invoke(app, ["requirements", *SMALL, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == [
        "branch",
        "standards",
        "slot_minutes",
        "requirements",
        "floors",
        "warnings",
    ]
    assert (data["branch"], data["standards"], data["slot_minutes"]) == (
        "T-SMALL",
        "small-test",
        60,
    )
    assert result.stdout == requirements_json(_small_requirements())


def test_cli_requirements_csv() -> None:
    result = runner.invoke(app, ["requirements", *SMALL, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    req = _small_requirements()
    assert [(r["post"], r["day"], r["start"], int(r["required"])) for r in rows] == [
        (s.post, s.day, clock(s.start), s.required) for s in req.slots
    ]


def test_cli_requirements_table() -> None:
    result = runner.invoke(app, ["requirements", *SMALL])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "T-SMALL" in out and "Headcount floors" in out
    warnings = out[out.index("Warnings (") :]
    assert all(f"{w.post} {w.day} " in warnings for w in _small_requirements().warnings)
    assert "{" not in out  # not the JSON form


def test_cli_requirements_default_standards_from_region(tmp_path: Path) -> None:
    # A branch inside a region folder uses the region's standards without --standards.
    region = tmp_path / "region"
    (region / "branches").mkdir(parents=True)
    (region / "region.yaml").write_text(
        "kind: Region\nversion: 1\nname: r\nstandards: standards.yaml\n", encoding="utf-8"
    )
    (region / "standards.yaml").write_text(
        (REQUIREMENTS_DATA / "standards-small.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    branch = region / "branches" / "small.yaml"
    branch.write_text(
        (REQUIREMENTS_DATA / "small.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = runner.invoke(app, ["requirements", str(branch), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["standards"] == "small-test"


def test_cli_requirements_of_a_huge_volume_is_refused_at_its_line(tmp_path: Path) -> None:
    # A daily volume of 2^31 once made this command run for minutes; no branch has it, so
    # the sanity limits stop it at its line before any sizing (bounded sizing of absurd
    # volumes is tested in test_requirements_kinds_queue and test_requirements_erlang).
    text = (REQUIREMENTS_DATA / "small.yaml").read_text(encoding="utf-8")
    branch = tmp_path / "huge.yaml"
    branch.write_text(text.replace("deposit: 160", "deposit: 2147483648"), encoding="utf-8")
    result = runner.invoke(
        app,
        ["requirements", str(branch), "--standards", SMALL[2], "--format", "json"],
    )
    assert result.exit_code == 1, result.output
    line = 1 + text.splitlines().index(next(x for x in text.splitlines() if "deposit: 160" in x))
    assert f"huge.yaml:{line}:" in result.stderr
    assert "(impossible-value)" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("name", "line", "column", "words"),
    [
        ("bad-key.yaml", 8, 3, "visiters"),
        ("bad-transaction.yaml", 9, 5, "withdrawl"),
    ],
)
def test_cli_requirements_bad_input(name: str, line: int, column: int, words: str) -> None:
    path = REQUIREMENTS_DATA / name
    result = runner.invoke(
        app,
        [
            "requirements",
            str(path),
            "--standards",
            str(REQUIREMENTS_DATA / "standards-small.yaml"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{name}:{line}:{column}:" in result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_requirements_bad_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["requirements", *SMALL, "--format", "xml"])
    assert result.exit_code == 2
