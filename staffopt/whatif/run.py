"""``run_whatif``: solve a branch or a region as it is and under a scenario, and compare.

Both sides run through the batch machinery (design §6): spawned worker processes, a
progress bar on stderr, one failed branch costing only its own row. Each side's results
are collected as a batch collects them, into ``<out>/baseline/`` and ``<out>/scenario/``
(each a batch result set: one file per branch and a summary, written atomically), or
into a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from staffopt.batch import RegionFiles, open_region
from staffopt.batch.collector import Collector
from staffopt.batch.executors import Task, run_local
from staffopt.batch.progress import progress_bar
from staffopt.batch.worker import Outcome
from staffopt.config import find_standards, load_branch, load_scenario, load_standards
from staffopt.config.access import read_file, resolved
from staffopt.config.loading import peek_kind
from staffopt.files import check_out_folder, write_atomic
from staffopt.problems import ConfigError, Problem
from staffopt.result import BranchResult
from staffopt.whatif.compare import WhatIfResult, compare
from staffopt.whatif.worker import BASELINE, side_task

SIDES = ("baseline", "scenario")
RESULT_FILE = "whatif.json"


@dataclass(frozen=True)
class WhatIfRun:
    """A finished what-if run: the comparison, the input warnings, and where it is kept."""

    result: WhatIfResult
    warnings: list[Problem]
    out: Path | None


def _is_region(target: Path) -> bool:
    """Whether the target is a region folder or a region file (else a branch file)."""
    if target.is_dir():
        return True
    try:
        return peek_kind(read_file(target).decode("utf-8-sig")) == "Region"
    except (ConfigError, UnicodeDecodeError):  # loading it as a branch says why
        return False


def _subject(target: Path, standards: Path | None) -> tuple[RegionFiles, bool, list[Problem]]:
    """The branch files to compare, whether they are a region, and the input warnings.

    A single branch is loaded and checked here, so that its problems are said at its
    lines and stop the run, as ``solve`` does.
    """
    if _is_region(target):
        return open_region(target, standards), True, []
    inp = load_branch(target, standards)
    std_path = resolved(find_standards(target, standards))
    return RegionFiles(inp.branch.id, std_path, target.parent, [target]), False, inp.warnings


@contextlib.contextmanager
def _folders(out: Path | None) -> Iterator[dict[str, Path]]:
    """The folder of each side's results: under ``out``, or in a temporary folder."""
    if out is not None:
        folders = {side: out / side for side in SIDES}
        for folder in folders.values():
            check_out_folder(folder)  # before any work: a solve may take minutes
        yield folders
        return
    with tempfile.TemporaryDirectory(prefix="staffopt-whatif-") as scratch:
        folders = {side: Path(scratch) / side for side in SIDES}
        for folder in folders.values():
            folder.mkdir()
        yield folders


def _execute(tasks: list[Task], reg: RegionFiles, workers: int, time_limit: float,
             collectors: dict[str, Collector], console: Console | None) -> None:
    progress = progress_bar(console)
    bar = progress.add_task(f"What-if {reg.name}", total=len(tasks), failed=0)

    def on_done(task: Task, outcome: Outcome) -> None:
        collectors[_side_of(task)].add_outcome(task, outcome)
        failed = sum(r.status == "error" for c in collectors.values() for r in c.rows.values())
        progress.update(bar, advance=1, failed=failed)

    with progress:
        run_local(tasks, workers, reg.standards, time_limit, on_done, work=side_task)


def _side_of(task: Task) -> str:
    return "baseline" if task.args == (BASELINE,) else "scenario"


def _results(collector: Collector, reg: RegionFiles) -> dict[str, BranchResult]:
    """Every branch file's result; a file that never got one (no id) as an error result."""
    out: dict[str, BranchResult] = {}
    for path in reg.files:
        file = reg.name_of(path)
        result = collector.results.get(file)
        if result is None:
            row = collector.rows[file]
            result = BranchResult(branch=row.id, input_sha256="", standards=None,
                                  status="error", gap=None, solve_seconds=row.seconds or 0.0,
                                  slot_minutes=None, objective=None, error=row.error)
        out[file] = result
    return out


def _write_summaries(collectors: dict[str, Collector], reg: RegionFiles,
                     roles: list[str]) -> None:
    for collector in collectors.values():
        summary = collector.summary(reg, roles)
        summary.solved = sorted(collector.rows)
        write_atomic(collector.out / "summary.csv", summary.to_csv())
        write_atomic(collector.out / "summary.json", summary.to_json())


def run_whatif(target: Path, scenario: Path, *, standards: Path | None = None,
               out: Path | None = None, workers: int = 1, time_limit: float = 30.0,
               console: Console | None = None) -> WhatIfRun:
    """Solve a branch file or a region without and with a scenario; compare the two.

    Raises ConfigError when the branch, the region, its standards or the scenario
    cannot be used (the scenario is checked against the standards the branches use),
    and OutputError when ``out`` cannot be written. A branch that fails on either side
    is an error row of the comparison. With ``out``, each side's result set and
    ``whatif.json`` are kept there.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    reg, is_region, warnings = _subject(target, standards)
    std, std_doc, _ = load_standards(reg.standards)
    scen, _, scen_warnings = load_scenario(scenario, reg.standards)
    roles = list(std.roles)
    with _folders(out) as folders:
        collectors = {side: Collector(folders[side], std.name, std_doc.sha256) for side in SIDES}
        scenario_arg = str(scenario.absolute())
        tasks = [Task(path.absolute(), reg.name_of(path), args=(side,))
                 for path in reg.files for side in (BASELINE, scenario_arg)]
        _execute(tasks, reg, workers, time_limit, collectors, console)
        results = {side: _results(c, reg) for side, c in collectors.items()}
        result = compare(scen.name, "region" if is_region else "branch", reg.name, std.name,
                         roles, results["baseline"], results["scenario"])
        if out is not None:
            _write_summaries(collectors, reg, roles)
            write_atomic(out / RESULT_FILE, result.to_json())
    return WhatIfRun(result, warnings + scen_warnings, out)
