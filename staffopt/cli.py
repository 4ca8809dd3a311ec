"""The staffopt command line: parses arguments and calls one function per command.

No logic lives here. Input problems become messages on stderr and exit code 1;
usage errors exit 2 (typer's own); machine-readable output goes to stdout.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from staffopt.problems import ConfigError

if TYPE_CHECKING:
    from staffopt.batch import BatchInterrupted
    from staffopt.config import BranchInput
    from staffopt.result import BranchResult

app = typer.Typer(
    name="staffopt",
    help="Standard staffing and weekly rosters for bank branches.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DEFAULT_TIME_LIMIT = 30.0  # seconds per branch; demo branches prove optimality well inside it


class SolveFormat(StrEnum):
    table = "table"
    json = "json"


class RequirementsFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class SchemaKind(StrEnum):
    standards = "standards"
    branch = "branch"
    region = "region"


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


def _stderr() -> Console:
    return Console(stderr=True)


def _fail(message: str) -> None:
    """Print one error on stderr and exit 1 (for outputs, which have no line to name)."""
    sys.stderr.write(f"error: {message}\n")
    raise typer.Exit(1)


def _report(error: ConfigError) -> None:
    """Print input problems on stderr and exit 1."""
    from staffopt.validate import format_problems

    sys.stderr.write(format_problems(error.problems, "text"))
    raise typer.Exit(1)


def _print_warnings(warnings: Sequence[object], console: Console) -> None:
    """Input warnings, one a line, as plain text."""
    for warning in warnings:
        console.print(str(warning), markup=False, highlight=False, soft_wrap=True)


def _solve_with_spinner(inp: BranchInput, time_limit: float) -> BranchResult:
    """Solve a loaded branch, showing its input warnings and a spinner on stderr."""
    from staffopt.solve import solve

    progress = _stderr()
    _print_warnings(inp.warnings, progress)
    with progress.status(f"Solving {inp.branch.id} ({len(inp.branch.staff)} staff)…"):
        return solve(inp, time_limit=time_limit)


@app.command()
def solve(
    branch: BranchArgument,
    standards: StandardsOption = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write <id>.json and <id>-roster.csv here."),
    ] = None,
    fmt: Annotated[
        SolveFormat, typer.Option("--format", help="Output format.")
    ] = SolveFormat.table,
    time_limit: TimeLimitOption = DEFAULT_TIME_LIMIT,
) -> None:
    """Give every employee a role and a weekly roster, using as few people as the rules allow."""
    from staffopt.config import load_branch
    from staffopt.files import OutputError, check_out_folder, write_branch_outputs

    try:
        if out is not None:
            check_out_folder(out)  # before the solve, which may take minutes
        result = _solve_with_spinner(load_branch(branch, standards), time_limit)
        if out is not None:
            write_branch_outputs(result, out)
    except ConfigError as error:
        _report(error)
    except OutputError as error:
        _fail(str(error))
    from staffopt import render

    if fmt is SolveFormat.json:
        sys.stdout.write(result.to_json())
    else:
        render.print_result(result, Console())
    if result.status == "error":
        raise typer.Exit(1)


@app.command()
def requirements(
    branch: BranchArgument,
    standards: StandardsOption = None,
    fmt: Annotated[
        RequirementsFormat, typer.Option("--format", help="Output format.")
    ] = RequirementsFormat.table,
) -> None:
    """Print the per-slot staffing requirements and headcount floors of a branch."""
    from staffopt import render
    from staffopt.config import load_branch
    from staffopt.requirements import compute
    from staffopt.result import requirements_csv, requirements_json

    try:
        inp = load_branch(branch, standards)
    except ConfigError as error:
        _report(error)
    _print_warnings(inp.warnings, _stderr())
    req = compute(inp.standards, inp.branch)
    if fmt is RequirementsFormat.json:
        sys.stdout.write(requirements_json(req))
    elif fmt is RequirementsFormat.csv:
        sys.stdout.write(requirements_csv(req))
    else:
        render.print_requirements(req, Console())


@app.command()
def batch(
    region: Annotated[Path, typer.Argument(help="A region folder, or its region.yaml.")],
    standards: StandardsOption = None,
    out: Annotated[
        Path,
        typer.Option("--out", help="Folder for per-branch results and the summary."),
    ] = Path("out"),
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Worker processes. Default: the machine's cores."),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip branches whose result is up to date.")
    ] = False,
    time_limit: TimeLimitOption = DEFAULT_TIME_LIMIT,
    executor: Annotated[
        Executor, typer.Option("--executor", help="Where branches run.")
    ] = Executor.local,
    address: Annotated[
        str | None, typer.Option("--address", help="Ray cluster address (with --executor ray).")
    ] = None,
    pool: Annotated[
        bool, typer.Option("--pool", help="Then pool freed staff into short branches (§6.1).")
    ] = False,
) -> None:
    """Solve every branch of a region in parallel, and write a region summary."""
    from staffopt.batch import BatchInterrupted, run_batch
    from staffopt.files import OutputError

    try:
        summary = run_batch(
            region,
            standards=standards,
            out=out,
            workers=workers or os.cpu_count() or 1,
            resume=resume,
            time_limit=time_limit,
            executor=executor.value,
            address=address,
            console=_stderr(),
            pool=pool,
        )
    except ConfigError as error:
        _report(error)
    except OutputError as error:
        _fail(str(error))
    except BatchInterrupted as stop:  # Ctrl-C, SIGTERM or SIGHUP: report what finished
        _print_interrupted(stop)
    from staffopt import render

    render.print_region(summary, Console())
    if summary.failed:
        raise typer.Exit(1)


def _print_interrupted(stop: BatchInterrupted) -> None:
    """The region table of the finished branches, then the exit code of the signal."""
    from staffopt import render

    if stop.summary is not None:
        with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
            render.print_region(stop.summary, Console())
    raise typer.Exit(stop.exit_code)


@app.command()
def validate(
    paths: Annotated[
        list[Path], typer.Argument(help="Files and folders to check; '-' reads standard input.")
    ],
    standards: StandardsOption = None,
    fmt: Annotated[
        ValidateFormat | None,
        typer.Option(
            "--format", help="Output format. Default: github under GitHub Actions, else text."
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    ignore_unknown_kind: Annotated[
        bool,
        typer.Option(
            "--ignore-unknown-kind",
            help="Skip YAML whose kind is not staffopt's (or that has none), such as CI or "
            "Kubernetes files.",
        ),
    ] = False,
) -> None:
    """Check branch, standards and region files: syntax, schema, references and sanity."""
    from staffopt.validate import STDIN, colour_wanted, format_problems, run_validate, summary_line

    if fmt is None:
        fmt = ValidateFormat.github if os.environ.get("GITHUB_ACTIONS") else ValidateFormat.text
    data = sys.stdin.buffer.read() if STDIN in paths else None
    report = run_validate(
        paths, standards, ignore_unknown_kind=ignore_unknown_kind, stdin=data
    )
    colour = fmt is ValidateFormat.text and colour_wanted(sys.stdout, os.environ)
    sys.stdout.write(format_problems(report.problems, fmt.value, colour))
    if fmt is ValidateFormat.text:
        sys.stdout.write(summary_line(report, colour))
    if report.errors or (strict and report.warnings):
        raise typer.Exit(1)


@app.command()
def schema(
    kind: Annotated[
        SchemaKind, typer.Option("--kind", help="Which file kind.")
    ] = SchemaKind.branch,
) -> None:
    """Print the JSON Schema of a file kind (for editors and other tools)."""
    from staffopt.config.schema import schema_text

    sys.stdout.write(schema_text(kind.value))


def _version(value: bool) -> None:
    if value:
        from staffopt import __version__

        sys.stdout.write(f"staffopt {__version__}\n")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True,
            help="Print staffopt's version and exit.",
        ),
    ] = False,
) -> None:
    """Standard staffing and weekly rosters for bank branches."""


def main() -> None:
    """Console-script entry point."""
    app()
