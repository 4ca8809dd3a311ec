"""What the commands share: output formats, typer options, and the error exits."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from staffopt.problems import ConfigError

if TYPE_CHECKING:
    from staffopt.config import BranchInput
    from staffopt.result import BranchResult


DEFAULT_TIME_LIMIT = 30.0  # seconds per branch; demo branches prove optimality well inside it


class SolveFormat(StrEnum):
    table = "table"
    json = "json"


class RequirementsFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class SimulateEngine(StrEnum):
    fast = "fast"
    ciw = "ciw"


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class ForecastFormat(StrEnum):
    yaml = "yaml"
    json = "json"


class SchemaKind(StrEnum):
    standards = "standards"
    branch = "branch"
    region = "region"
    scenario = "scenario"


class Executor(StrEnum):
    local = "local"
    ray = "ray"


StandardsOption = Annotated[
    Path | None,
    typer.Option(
        "--standards",
        help="Standards file. Default: the region's, else configs/standards.yaml.",
        dir_okay=False,
    ),
]
TimeLimitOption = Annotated[
    float,
    typer.Option("--time-limit", min=0.1, help="Solver time limit per branch, in seconds."),
]
BranchArgument = Annotated[Path, typer.Argument(help="A Branch profile (YAML).", dir_okay=False)]


def stderr_console() -> Console:
    return Console(stderr=True)


def fail(message: str) -> None:
    """Print one error on stderr and exit 1 (for outputs, which have no line to name)."""
    sys.stderr.write(f"error: {message}\n")
    raise typer.Exit(1)


def report_problems(error: ConfigError) -> None:
    """Print input problems on stderr and exit 1."""
    from staffopt.validate import format_problems

    sys.stderr.write(format_problems(error.problems, "text"))
    raise typer.Exit(1)


def print_warnings(warnings: Sequence[object], console: Console) -> None:
    """Input warnings, one a line, as plain text."""
    for warning in warnings:
        console.print(str(warning), markup=False, highlight=False, soft_wrap=True)


def solve_with_spinner(inp: BranchInput, time_limit: float) -> BranchResult:
    """Solve a loaded branch, showing its input warnings and a spinner on stderr."""
    from staffopt.solve import solve

    progress = stderr_console()
    print_warnings(inp.warnings, progress)
    with progress.status(f"Solving {inp.branch.id} ({len(inp.branch.staff)} staff)…"):
        return solve(inp, time_limit=time_limit)
