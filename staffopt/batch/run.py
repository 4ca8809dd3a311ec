"""``run_batch``: solve every branch of a region and write the results and the summary."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from staffopt.batch.collector import Collector
from staffopt.batch.executors import EXECUTORS, Task, need_ray, run_local, run_ray
from staffopt.batch.pooling import pool_stage, region_pool
from staffopt.batch.progress import progress_bar
from staffopt.batch.region import RegionFiles, open_region, plan
from staffopt.batch.signals import BatchInterrupted, SignalGuard
from staffopt.batch.summary import BranchRow, RegionSummary
from staffopt.batch.worker import Outcome
from staffopt.config import load_standards
from staffopt.files import OutputError, check_out_folder, write_atomic

SUMMARY_FILES = ("summary.csv", "summary.json")


@dataclass(frozen=True)
class _Run:
    """How the branches run: the executor and its settings."""

    executor: str
    workers: int
    time_limit: float
    address: str | None


def _execute(tasks: list[Task], reg: RegionFiles, run: _Run, collector: Collector,
             console: Console | None) -> None:
    """Run the tasks on the executor, with the progress bar; Ctrl-C etc. propagate."""
    progress = progress_bar(console)
    bar = progress.add_task(f"Solving {reg.name}", total=len(tasks), failed=0)

    def on_done(task: Task, outcome: Outcome) -> None:
        collector.add_outcome(task, outcome)
        failed = sum(1 for r in collector.rows.values() if r.status == "error")
        progress.update(bar, advance=1, failed=failed)

    with progress:
        if not tasks:
            return  # everything was up to date
        if run.executor == "ray":
            run_ray(tasks, run.workers, reg.standards, run.time_limit, on_done, run.address)
        else:
            run_local(tasks, run.workers, reg.standards, run.time_limit, on_done)


def _write_summary(summary: RegionSummary, out: Path) -> OutputError | None:
    """Write summary.csv and summary.json; on failure remove both, leaving no stale one."""
    try:
        write_atomic(out / "summary.csv", summary.to_csv())
        write_atomic(out / "summary.json", summary.to_json())
    except OutputError as error:
        for name in SUMMARY_FILES:
            with contextlib.suppress(OSError):
                (out / name).unlink(missing_ok=True)
        return error
    return None


def _raise_for(stop: BaseException | None, summary: RegionSummary,
               console: Console | None) -> None:
    """Re-raise what stopped the run, in the form the caller handles."""
    if stop is None:
        return
    done = len(summary.solved)
    if isinstance(stop, KeyboardInterrupt):
        interrupted = stop if isinstance(stop, BatchInterrupted) else BatchInterrupted()
        interrupted.summary = summary
        if console is not None:
            console.print(
                f"Interrupted: {done} branches finished and kept in {summary.out}, "
                f"{len(summary.unfinished)} not solved; the summary covers the finished ones."
            )
        if interrupted is stop:
            raise interrupted
        raise interrupted from stop
    if isinstance(stop, OutputError) and summary.interrupted:
        branches = "1 branch" if done == 1 else f"{done} branches"
        raise OutputError(stop.path, f"{stop}; the batch stopped, and what finished before "
                                     f"it ({branches}) is kept in {summary.out}") from None
    raise stop


def run_batch(region: Path, *, standards: Path | None = None, out: Path = Path("out"),
              workers: int = 1, resume: bool = False, time_limit: float = 30.0,
              executor: str = "local", address: str | None = None,
              console: Console | None = None, pool: bool = False,
              on_result: Callable[[BranchRow], None] | None = None) -> RegionSummary:
    """Solve every branch of a region and write per-branch results and the summary.

    Raises ConfigError when the region, its standards or the executor cannot be used,
    and OutputError when ``out`` cannot be written (before any work, or naming the file
    that failed mid-run); a problem with one branch only makes that branch's row an
    error. On Ctrl-C, SIGTERM or SIGHUP the finished results stay on disk, the summary
    covers them, and BatchInterrupted (a KeyboardInterrupt) propagates with the summary.
    ``on_result`` is called with each branch's row once its files are on disk. With
    ``pool`` the regional pool runs after the branches (§6.1); with ``resume`` too, a
    pool.json solved from the same settings and branch results is kept, and any change
    of a branch result solves the pool again.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if executor not in EXECUTORS:
        raise ValueError(f"executor must be one of {', '.join(EXECUTORS)}")
    if executor == "ray":
        need_ray()  # before any work, so that a missing extra fails fast
    started = time.perf_counter()
    reg = open_region(region, standards)
    std, std_doc, _ = load_standards(reg.standards)  # a bad standards file fails the region
    pool_settings = region_pool(region, std) if pool else None  # bad roles fail first
    check_out_folder(out)
    stop: BaseException | None = None
    with SignalGuard() as guard:
        collector = Collector(out, std.name, std_doc.sha256, hold=guard.held, on_result=on_result)
        todo, reused = plan(reg, std_doc.sha256, out) if resume else (reg.files, {})
        for name, result in reused.items():
            collector.add_result(name, result, write=False)
        tasks = [Task(path.absolute(), reg.name_of(path)) for path in todo]
        try:
            _execute(tasks, reg, _Run(executor, workers, time_limit, address), collector, console)
        except BaseException as exc:  # Ctrl-C above all: the summary covers what finished
            stop = exc
        try:
            with guard.held():  # a signal now waits until the summary is on disk
                summary = collector.summary(reg, list(std.roles))
                solved = set(collector.rows) - set(reused)
                summary.solved, summary.skipped = sorted(solved), sorted(reused)
                summary.interrupted = stop is not None
                summary.unfinished = sorted({t.file for t in tasks} - solved)
                if pool_settings is not None and stop is None:
                    pool_stage(pool_settings, summary, collector.results, reg.files, std, out,
                               resume=resume)
                summary.seconds = time.perf_counter() - started
                failure = _write_summary(summary, out)  # not skipped when stop is set
                stop = stop or failure
        except BatchInterrupted as late:
            stop = stop or late
    _raise_for(stop, summary, console)
    return summary

