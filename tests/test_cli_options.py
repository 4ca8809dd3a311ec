"""The command line's shared exits: one error line, or the input's problems, then exit 1."""

from __future__ import annotations

import pytest
import typer

from staffopt.cli_options import DEFAULT_TIME_LIMIT, SchemaKind, fail, report_problems
from staffopt.problems import ConfigError, Problem


def test_fail_prints_one_error_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit) as exit_info:
        fail("cannot write out/x.json")
    assert exit_info.value.exit_code == 1
    assert capsys.readouterr().err == "error: cannot write out/x.json\n"


def test_report_problems_names_file_line_and_column(capsys: pytest.CaptureFixture[str]) -> None:
    problem = Problem("b.yaml", 3, 5, "error", "unknown-key", "'volum' is not a key")
    with pytest.raises(typer.Exit) as exit_info:
        report_problems(ConfigError([problem]))
    assert exit_info.value.exit_code == 1
    assert "b.yaml:3:5:" in capsys.readouterr().err


def test_every_kind_has_a_schema_choice_and_the_budget_is_positive() -> None:
    assert {kind.value for kind in SchemaKind} == {"standards", "branch", "region", "scenario"}
    assert DEFAULT_TIME_LIMIT > 0
