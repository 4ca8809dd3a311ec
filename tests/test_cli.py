"""staffopt.cli: the commands' exit codes and machine output."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from staffopt import __version__
from staffopt.cli import app

runner = CliRunner()


def test_version_prints_and_exits_zero() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"staffopt {__version__}\n"


def test_schema_prints_a_json_schema_per_kind() -> None:
    for kind in ("branch", "region", "standards"):
        result = runner.invoke(app, ["schema", "--kind", kind])
        assert result.exit_code == 0
        assert isinstance(json.loads(result.stdout), dict)


def test_schema_rejects_an_unknown_kind() -> None:
    assert runner.invoke(app, ["schema", "--kind", "nope"]).exit_code == 2


def test_solve_of_a_missing_file_exits_one_without_traceback() -> None:
    result = runner.invoke(app, ["solve", "no-such-branch.yaml"])
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.output
