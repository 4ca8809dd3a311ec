"""The staffopt command line: parses arguments and calls one function per command.

No logic lives here. Input problems become messages on stderr and exit code 1;
usage errors exit 2 (typer's own); machine-readable output goes to stdout.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from staffopt.cli_options import (
    DEFAULT_TIME_LIMIT,
    BranchArgument,
    Executor,
    ForecastFormat,
    RequirementsFormat,
    SchemaKind,
    SimulateEngine,
    SolveFormat,
    StandardsOption,
    TimeLimitOption,
    ValidateFormat,
    fail,
    print_warnings,
    report_problems,
    solve_with_spinner,
    stderr_console,
)
from staffopt.problems import ConfigError

if TYPE_CHECKING:
    from staffopt.batch import BatchInterrupted

app = typer.Typer(
    name="staffopt",
    help="Standard staffing and weekly rosters for bank branches.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

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
        result = solve_with_spinner(load_branch(branch, standards), time_limit)
        if out is not None:
            write_branch_outputs(result, out)
    except ConfigError as error:
        report_problems(error)
    except OutputError as error:
        fail(str(error))
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
        report_problems(error)
    print_warnings(inp.warnings, stderr_console())
    req = compute(inp.standards, inp.branch)
    if fmt is RequirementsFormat.json:
        sys.stdout.write(requirements_json(req))
    elif fmt is RequirementsFormat.csv:
        sys.stdout.write(requirements_csv(req))
    else:
        render.print_requirements(req, Console())


@app.command()
def simulate(
    branch: BranchArgument,
    standards: StandardsOption = None,
    result_file: Annotated[
        Path | None,
        typer.Option(
            "--result", help="A `solve --format json` file of this branch. Default: solve first.",
            dir_okay=False,
        ),
    ] = None,
    replications: Annotated[
        int, typer.Option("--replications", min=1, max=100_000, help="Simulated days per day.")
    ] = 100,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="Seed of the random streams.")
    ] = 20261203,
    fmt: Annotated[
        SolveFormat, typer.Option("--format", help="Output format.")
    ] = SolveFormat.table,
    engine: Annotated[
        SimulateEngine,
        typer.Option("--engine", help="fast (an exact event loop) or ciw (the same system)."),
    ] = SimulateEngine.fast,
    time_limit: TimeLimitOption = DEFAULT_TIME_LIMIT,
) -> None:
    """Replay a roster against random arrivals: does the service target really hold?"""
    from staffopt.config import load_branch
    from staffopt.simulate import (
        SimulateError,
        check_simulable,
        load_result,
        simulate_branch,
        targets,
        totals,
    )

    try:
        inp = load_branch(branch, standards)
        check_simulable(branch, inp)
        if result_file is not None:
            solved = load_result(result_file, inp)
        else:
            solved = solve_with_spinner(inp, time_limit)
            if solved.status == "error":
                fail(f"{branch}: the solve failed ({solved.error})")
        with stderr_console().status(f"Simulating {inp.branch.id} ({replications} replications)…"):
            out = simulate_branch(inp, solved, replications, seed, engine.value)
    except ConfigError as error:
        report_problems(error)
    except SimulateError as error:
        fail(str(error))
    if fmt is SolveFormat.json:
        sys.stdout.write(out.to_json())
        return
    from staffopt.render.simulation import print_simulation

    goals = targets(inp)
    print_simulation(out, goals, totals(out, goals), Console())


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
            console=stderr_console(),
            pool=pool,
        )
    except ConfigError as error:
        report_problems(error)
    except OutputError as error:
        fail(str(error))
    except BatchInterrupted as stop:  # Ctrl-C, SIGTERM or SIGHUP: report what finished
        _print_interrupted(stop)
    from staffopt import render

    render.print_region(summary, Console())
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def whatif(
    target: Annotated[
        Path, typer.Argument(help="A Branch profile, or a region folder or its region.yaml.")
    ],
    scenario: Annotated[
        Path, typer.Option("--scenario", help="The Scenario file (YAML).", dir_okay=False)
    ],
    standards: StandardsOption = None,
    fmt: Annotated[
        SolveFormat, typer.Option("--format", help="Output format.")
    ] = SolveFormat.table,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Keep both result sets here: baseline/ and scenario/."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Worker processes. Default: the machine's cores."),
    ] = None,
    time_limit: TimeLimitOption = DEFAULT_TIME_LIMIT,
) -> None:
    """Solve a branch or a region as it is and under a scenario, and compare them per role."""
    from staffopt.files import OutputError
    from staffopt.whatif import run_whatif

    try:
        run = run_whatif(target, scenario, standards=standards, out=out,
                         workers=workers or os.cpu_count() or 1, time_limit=time_limit,
                         console=stderr_console())
    except ConfigError as error:
        report_problems(error)
    except OutputError as error:
        fail(str(error))
    except KeyboardInterrupt:
        sys.stderr.write("interrupted; no comparison was made\n")
        raise typer.Exit(130) from None
    print_warnings(run.warnings, stderr_console())
    from staffopt import render

    if fmt is SolveFormat.json:
        sys.stdout.write(run.result.to_json())
    else:
        render.print_whatif(run.result, Console(), run.out)
    if run.result.failed:
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
def forecast(
    tickets: Annotated[
        Path, typer.Argument(help="A queue-ticket log (CSV: branch,ticket,type,issued,called,"
                             "finished).", dir_okay=False)
    ],
    branch: Annotated[
        Path | None,
        typer.Option("--branch", help="The branch file: its tickets only, compared and written.",
                     dir_okay=False),
    ] = None,
    standards: StandardsOption = None,
    write: Annotated[
        bool, typer.Option("--write", help="Replace the branch file's volume: section in place.")
    ] = False,
    fmt: Annotated[
        ForecastFormat, typer.Option("--format", help="Output format.")
    ] = ForecastFormat.yaml,
) -> None:
    """Estimate a branch's volume: block from its queue-ticket log, with a report."""
    from staffopt.files import OutputError
    from staffopt.forecast import run_forecast
    from staffopt.forecast.report import forecast_json, print_report
    from staffopt.validate import format_problems

    if write and branch is None:
        raise typer.BadParameter("--write needs --branch FILE", param_hint="--write")
    try:
        run = run_forecast(tickets, branch, standards, write=write)
    except ConfigError as error:
        report_problems(error)
    except OutputError as error:
        fail(str(error))
    sys.stderr.write(format_problems(run.warnings, "text"))
    if fmt is ForecastFormat.json:
        sys.stdout.write(forecast_json(run))
    else:
        print_report(run, stderr_console())
        sys.stdout.write(run.text)


@app.command()
def report(
    source: Annotated[Path, typer.Argument(help="A batch output folder, or one result JSON.")],
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Write the Excel workbook here.", dir_okay=False)
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write the HTML report here.", dir_okay=False)
    ] = None,
) -> None:
    """Write an Excel workbook and/or a self-contained HTML report of batch results."""
    from staffopt.files import OutputError
    from staffopt.report import ReportError, write_report

    if xlsx is None and html is None:
        sys.stderr.write("error: nothing to write; give --xlsx FILE, --html FILE or both\n")
        raise typer.Exit(2)
    try:
        written = write_report(source, xlsx, html)
    except (ReportError, OutputError) as error:
        fail(str(error))
    for path in written[:3]:
        sys.stderr.write(f"wrote {path}\n")
    if len(written) > 3:
        sys.stderr.write(f"… and {len(written) - 3} branch pages\n")


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
