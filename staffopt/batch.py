"""Region runs (design §6): solve every branch of a region in worker processes.

The parent lists the branch files and hands each worker a path; the worker loads and
solves the branch itself (CP-SAT objects do not pickle) and sends back plain data: the
result's JSON text, or the reason it failed. The parent writes every file, so a branch
counts as finished only once its ``<id>.json`` is on disk.

Executors:

- ``local``: a ``ProcessPoolExecutor`` on the ``spawn`` start method. A worker process
  that dies breaks the whole pool; the branches it held are then run again, each in a
  pool of its own, so that only the branch that kills its worker becomes an error.
- ``ray``: the same task function as Ray tasks, on a local Ray instance or a cluster
  (``address``). The branch files must be readable at the same paths on every node.

Test hook: ``STAFFOPT_TEST_CRASH="<file stem>:raise,<file stem>:exit"`` makes the worker
raise, or end its process, on those branch files. The tests use it to check fault
isolation, since nothing else can reach into a spawned process.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import multiprocessing
import os
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypedDict

from pydantic import ValidationError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from staffopt.config import (
    Branch,
    load_branch,
    load_document,
    load_standards,
    role_of,
)
from staffopt.config.access import read_file
from staffopt.config.loading import input_sha256
from staffopt.config.regions import RegionFiles, open_region
from staffopt.files import write_atomic, write_branch_outputs
from staffopt.problems import ConfigError, Problem
from staffopt.result import BranchResult
from staffopt.solve import solve

CRASH_ENV = "STAFFOPT_TEST_CRASH"
SUMMARY_COLUMNS = ("id", "status", "current", "required", "freed", "shortage", "seconds", "error")
EXECUTORS = ("local", "ray")


# ---------------------------------------------------------------- the worker side


class Outcome(TypedDict):
    """What a worker sends back: plain data that pickles anywhere."""

    file: str
    branch: str | None  # the branch id, when the file could be read that far
    result: str | None  # the BranchResult JSON text
    error: str | None  # why there is no result
    input_sha256: str | None
    seconds: float


def _test_fault(path: Path) -> None:
    """The test hook described in the module docstring."""
    spec = os.environ.get(CRASH_ENV)
    if not spec:
        return
    for item in spec.split(","):
        stem, _, mode = item.strip().partition(":")
        if stem == path.stem:
            if mode == "exit":
                os._exit(70)  # the process dies without a word, as on a segfault or OOM kill
            raise RuntimeError(f"test fault injected for {stem}")


def peek_id(path: Path) -> str | None:
    """The branch id of a file that parses as a Branch, even if it fails later checks."""
    try:
        model = load_document(path, expect="Branch").model
    except (ConfigError, OSError):
        return None
    return model.id if isinstance(model, Branch) else None


def _file_sha(path: Path) -> str:
    try:  # bounded and non-blocking, as every read of an input
        return hashlib.sha256(read_file(path)).hexdigest()
    except ConfigError as error:  # the callers take it as unreadable
        raise OSError(str(error)) from None


def _first_problem(error: ConfigError) -> str:
    problems = error.errors or error.problems
    return str(problems[0]) if problems else str(error)


def solve_task(branch_path: str, standards_path: str, time_limit: float) -> Outcome:
    """Load and solve one branch; never raise for a problem of this branch alone."""
    started = time.perf_counter()
    path = Path(branch_path)
    outcome: Outcome = {
        "file": branch_path, "branch": None, "result": None, "error": None,
        "input_sha256": None, "seconds": 0.0,
    }
    try:
        _test_fault(path)
        try:
            inp = load_branch(path, Path(standards_path))
        except ConfigError as error:
            outcome["branch"] = peek_id(path)
            outcome["error"] = _first_problem(error)
            with contextlib.suppress(OSError):
                std_sha = _file_sha(Path(standards_path))
                outcome["input_sha256"] = input_sha256(_file_sha(path), std_sha)
        else:
            outcome["branch"] = inp.branch.id
            outcome["input_sha256"] = inp.input_sha256
            outcome["result"] = solve(inp, time_limit=time_limit).to_json()
    except Exception as exc:  # a bug must cost one branch, not the region
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f" at {Path(frame.filename).name}:{frame.lineno}"
        outcome["error"] = f"the worker failed: {type(exc).__name__}: {exc}{where}"
    outcome["seconds"] = round(time.perf_counter() - started, 2)
    return outcome


def _ray_task(cwd: str, branch_path: str, standards_path: str, time_limit: float) -> Outcome:
    """``solve_task`` in the driver's working folder, where it exists on this node.

    Messages name files relative to the working folder; this keeps them as the local
    executor words them.
    """
    if os.path.isdir(cwd):
        os.chdir(cwd)
    return solve_task(branch_path, standards_path, time_limit)


# ---------------------------------------------------------------- executors


@dataclass(frozen=True)
class _Task:
    path: Path
    isolate: bool = False  # run in a pool of its own: it was in a pool that broke


Done = Callable[[_Task, Outcome], None]


def _crashed(task: _Task, reason: str) -> Outcome:
    return {
        "file": str(task.path), "branch": None, "result": None, "error": reason,
        "input_sha256": None, "seconds": 0.0,
    }


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the pool's worker processes now."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    if terminate is not None:
        terminate()
        return
    for process in processes:  # before 3.14 there is no public way; these are our own children
        if process.is_alive():
            process.terminate()


def run_local(tasks: Iterable[_Task], workers: int, standards: Path, time_limit: float,
              on_done: Done) -> None:
    """Run tasks in spawned worker processes, keeping ``workers`` + 1 in flight.

    The one extra task waits in the pool's queue, so that no process idles while the
    parent writes a result. Keeping the count in flight that low means that when a
    process dies, the broken futures are the branches that were running and the one
    waiting: the suspects. Each suspect then runs alone, and only the one that kills
    its own pool fails.
    """
    context = multiprocessing.get_context("spawn")
    queue = deque(tasks)
    size = max(1, min(workers, len(queue)))
    shared: ProcessPoolExecutor | None = None
    running: dict[Future[Outcome], tuple[_Task, ProcessPoolExecutor]] = {}
    pools: set[ProcessPoolExecutor] = set()

    def submit(task: _Task) -> None:
        nonlocal shared
        if task.isolate:
            pool = ProcessPoolExecutor(1, mp_context=context)
        else:
            if shared is None:
                shared = ProcessPoolExecutor(size, mp_context=context)
            pool = shared
        pools.add(pool)
        try:
            future = pool.submit(solve_task, str(task.path), str(standards), time_limit)
        except BrokenProcessPool:  # broke after its last result came in: start afresh
            pools.discard(pool)
            pool.shutdown(wait=False)
            if pool is shared:
                shared = None
            submit(task)
            return
        running[future] = (task, pool)

    try:
        while queue or running:
            while queue and len(running) < workers + 1:
                submit(queue.popleft())
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                task, pool = running.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    if not task.isolate:
                        if pool is shared:
                            shared = None
                            pools.discard(pool)
                            pool.shutdown(wait=False)
                        queue.appendleft(replace(task, isolate=True))
                        continue
                    outcome = _crashed(task, "its worker process died while solving it "
                                             "(killed, out of memory, or a crash in native code)")
                except Exception as exc:  # e.g. an outcome that could not be sent back
                    outcome = _crashed(task, f"the worker failed: {type(exc).__name__}: {exc}")
                if task.isolate:
                    pools.discard(pool)
                    pool.shutdown(wait=False)
                on_done(task, outcome)
    except BaseException:  # Ctrl-C: keep what finished, drop the rest at once
        for pool in pools:
            _stop_pool(pool)
        raise
    for pool in pools:
        pool.shutdown(wait=True)


def _need_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError([Problem(
            "--executor ray", 0, 0, "error", "no-ray",
            "the ray executor needs Ray; install it with: pip install 'staffopt[ray]'",
        )]) from None
    return ray


def run_ray(tasks: Iterable[_Task], workers: int, standards: Path, time_limit: float,
            on_done: Done, address: str | None = None) -> None:
    """Run tasks as Ray tasks: on the cluster at ``address``, else on a local instance."""
    ray = _need_ray()
    import logging

    started_here = not ray.is_initialized()
    if started_here:
        if address:
            ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
        else:
            ray.init(num_cpus=workers, include_dashboard=False,
                     logging_level=logging.WARNING, log_to_driver=False)
    # One CPU per task, as the solver uses one thread; no retries, so a branch that
    # kills its worker is reported rather than run again.
    remote = ray.remote(num_cpus=1, max_retries=0)(_ray_task)
    cwd = os.getcwd()
    pending: dict[Any, _Task] = {}
    try:
        for task in tasks:
            ref = remote.remote(cwd, str(task.path), str(standards), time_limit)
            pending[ref] = task
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1, timeout=0.5)
            for ref in ready:
                task = pending.pop(ref)
                try:
                    outcome = ray.get(ref)
                except Exception as exc:  # the worker died or the task could not run
                    outcome = _crashed(task, f"its Ray worker failed: {type(exc).__name__}")
                on_done(task, outcome)
    except BaseException:
        for ref in pending:
            ray.cancel(ref, force=True)
        raise
    finally:
        if started_here:
            ray.shutdown()


# ---------------------------------------------------------------- the summary


@dataclass
class BranchRow:
    """One branch in the region summary; the figures are None for a failed branch."""

    id: str
    status: str
    current: int | None = None
    required: int | None = None
    freed: int | None = None
    shortage: int | None = None
    seconds: float | None = None
    error: str | None = None
    cause: str | None = None  # the most frequent shortage cause
    file: str = ""  # the file name in the region's branches folder

    def to_dict(self) -> dict[str, Any]:
        """The summary.json form of the row."""
        return {
            "id": self.id, "status": self.status, "current": self.current,
            "required": self.required, "freed": self.freed, "shortage": self.shortage,
            "seconds": self.seconds, "error": self.error, "cause": self.cause, "file": self.file,
        }


@dataclass
class RoleTotal:
    """Region totals for one role."""

    role: str
    current: int = 0
    required: int = 0
    freed: int = 0
    shortage: int = 0


@dataclass
class RegionSummary:
    """The outcome of a region run: a row per finished branch, and totals per role."""

    region: str
    standards: str
    out: Path
    rows: list[BranchRow] = field(default_factory=list)
    totals: list[RoleTotal] = field(default_factory=list)
    solved: list[str] = field(default_factory=list)  # files solved in this run
    skipped: list[str] = field(default_factory=list)  # files whose result was up to date
    unfinished: list[str] = field(default_factory=list)  # files an interruption left unsolved
    interrupted: bool = False
    seconds: float = 0.0

    @property
    def failed(self) -> list[BranchRow]:
        """The branches that ended in error."""
        return [r for r in self.rows if r.status == "error"]

    def to_json(self) -> str:
        """summary.json: the same for the same inputs, apart from the seconds fields."""
        counts = Counter(r.status for r in self.rows)
        data = {
            "kind": "RegionSummary",
            "version": 1,
            "region": self.region,
            "standards": self.standards,
            "branches": {
                "total": len(self.rows),
                **{status: counts.get(status, 0) for status in ("optimal", "feasible", "error")},
            },
            "interrupted": self.interrupted,
            "unfinished": self.unfinished,
            "seconds": round(self.seconds, 2),
            "totals": [vars(t) for t in self.totals],
            "rows": [r.to_dict() for r in self.rows],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def to_csv(self) -> str:
        """summary.csv: one row per branch, the columns of design §5."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(SUMMARY_COLUMNS)
        for r in self.rows:
            values = r.to_dict()
            writer.writerow(["" if values[c] is None else values[c] for c in SUMMARY_COLUMNS])
        return buf.getvalue()


def biggest_cause(result: BranchResult) -> str | None:
    """The shortage cause named by the most shortage rows (ties: alphabetical)."""
    counts = Counter(s.cause for s in result.shortages)
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def row_of(result: BranchResult, file: str) -> BranchRow:
    """The summary row of a branch result."""
    if result.status == "error" or result.objective is None:
        return BranchRow(id=result.branch, status="error", seconds=result.solve_seconds,
                         error=result.error or "no solution", file=file)
    return BranchRow(
        id=result.branch, status=result.status, current=result.current,
        required=result.required, freed=result.current - result.required,
        shortage=result.objective.shortage_slots, seconds=result.solve_seconds,
        cause=biggest_cause(result), file=file,
    )


def role_totals(results: Iterable[BranchResult], roles: list[str]) -> list[RoleTotal]:
    """Current, required, freed and shortage per role, over the results given.

    Roles come in the standards' order; a portfolio team's rows are left out, as the
    role's own row already counts its people.
    """
    totals = {role: RoleTotal(role) for role in roles}
    for result in results:
        if result.status == "error":
            continue
        for h in result.headcount:
            if "." in h.role:
                continue
            t = totals.setdefault(h.role, RoleTotal(h.role))
            t.current += h.current
            t.required += h.required
            t.freed += h.freed
        for s in result.shortages:
            role = role_of(s.post)
            totals.setdefault(role, RoleTotal(role)).shortage += s.missing
    return list(totals.values())


# ---------------------------------------------------------------- the run


def _up_to_date(out: Path) -> dict[str, tuple[Path, dict[str, Any]]]:
    """Finished results in ``out``, by input_sha256; failed ones are solved again."""
    found: dict[str, tuple[Path, dict[str, Any]]] = {}
    if not out.is_dir():
        return found
    for path in sorted(out.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # unreadable: the branch is solved again and the file replaced
        if (isinstance(data, dict) and data.get("kind") == "BranchResult"
                and data.get("status") in ("optimal", "feasible")
                and path.stem == data.get("branch") and isinstance(data.get("input_sha256"), str)):
            found[data["input_sha256"]] = (path, data)
    return found


def plan(files: list[Path], standards_sha: str,
         out: Path) -> tuple[list[Path], dict[str, BranchResult]]:
    """For ``--resume``: the files to solve, and the up-to-date results of the others.

    A result is up to date when ``out`` holds it with the ``input_sha256`` the branch
    file and the standards have now, and it did not fail. The results are keyed by
    the branch file's name.
    """
    fresh = _up_to_date(out)
    todo: list[Path] = []
    reused: dict[str, BranchResult] = {}
    for path in files:
        sha = None
        with contextlib.suppress(OSError):  # the worker reports an unreadable file
            sha = input_sha256(_file_sha(path), standards_sha)
        if sha in fresh:
            with contextlib.suppress(ValidationError):  # not a result after all: solve again
                reused[path.name] = BranchResult.model_validate(fresh[sha][1])
                continue
        todo.append(path)
    return todo, reused


class _Collector:
    """Takes outcomes as they come in: writes the files and keeps the summary rows."""

    def __init__(self, out: Path, standards_name: str, standards_sha: str) -> None:
        self.out = out
        self.standards_name = standards_name
        self.standards_sha = standards_sha
        self.rows: dict[str, BranchRow] = {}  # by file name in the branches folder
        self.results: dict[str, BranchResult] = {}  # by file, successful or not
        self.declared: dict[str, list[str]] = {}  # branch id -> files that declare it

    def add_result(self, file: str, result: BranchResult, *, write: bool = True) -> None:
        if write:  # first: a row in the summary promises its files are on disk
            write_branch_outputs(result, self.out)
        self.results[file] = result
        self.rows[file] = row_of(result, file)
        self._claim(result.branch, file, result.input_sha256)

    def add_outcome(self, task: _Task, outcome: Outcome) -> None:
        file = task.path.name
        if outcome["result"] is not None:
            result = BranchResult.model_validate_json(outcome["result"])
            self.add_result(file, result)
            return
        branch = outcome["branch"] or peek_id(task.path)
        reason = outcome["error"] or "unknown failure"
        if branch is None:  # no id to name an output file by: the summary row says it all
            self.rows[file] = BranchRow(id=task.path.stem, status="error",
                                        seconds=outcome["seconds"], error=reason, file=file)
            return
        sha = outcome["input_sha256"]
        if sha is None:
            try:
                sha = input_sha256(_file_sha(task.path), self.standards_sha)
            except OSError:
                sha = ""
        self.add_result(file, self._error_result(branch, sha, reason, outcome["seconds"]))

    def _error_result(self, branch: str, sha: str, reason: str, seconds: float) -> BranchResult:
        return BranchResult(branch=branch, input_sha256=sha, standards=self.standards_name,
                            status="error", gap=None, solve_seconds=seconds, slot_minutes=None,
                            objective=None, error=reason)

    def _claim(self, branch: str, file: str, sha: str) -> None:
        """Two files with one id would overwrite each other's results: fail them both."""
        files = self.declared.setdefault(branch, [])
        if file not in files:
            files.append(file)
        if len(files) < 2:
            return
        reason = f"branch id {branch} is declared by more than one file: {', '.join(sorted(files))}"
        for f in files:
            self.rows[f] = replace(self.rows[f], status="error", current=None, required=None,
                                   freed=None, shortage=None, error=reason, cause=None)
        write_branch_outputs(self._error_result(branch, sha, reason, 0.0), self.out)

    def summary(self, region: RegionFiles, roles: list[str]) -> RegionSummary:
        rows = sorted(self.rows.values(), key=lambda r: (r.id, r.file))
        ok = [self.results[r.file] for r in rows if r.status != "error" and r.file in self.results]
        return RegionSummary(region=region.name, standards=self.standards_name, out=self.out,
                             rows=rows, totals=role_totals(ok, roles))


def _progress(console: Console | None) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("[red]{task.fields[failed]} failed"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=console is None,
    )


def run_batch(region: Path, *, standards: Path | None = None, out: Path = Path("out"),
              workers: int = 1, resume: bool = False, time_limit: float = 30.0,
              executor: str = "local", address: str | None = None,
              console: Console | None = None) -> RegionSummary:
    """Solve every branch of a region and write per-branch results and the summary.

    Raises ConfigError when the region, its standards or the executor cannot be used;
    a problem with one branch only makes that branch's row an error. On Ctrl-C the
    finished results stay on disk, the summary covers them, and KeyboardInterrupt
    propagates.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if executor not in EXECUTORS:
        raise ValueError(f"executor must be one of {', '.join(EXECUTORS)}")
    if executor == "ray":
        _need_ray()  # before any work, so that a missing extra fails fast
    started = time.perf_counter()
    reg = open_region(region, standards)
    std, std_doc, _ = load_standards(reg.standards)  # a bad standards file fails the region
    roles = list(std.roles)
    collector = _Collector(out, std.name, std_doc.sha256)

    todo, reused = plan(reg.files, std_doc.sha256, out) if resume else (reg.files, {})
    for name, result in reused.items():
        collector.add_result(name, result, write=False)
    skipped = sorted(reused)

    tasks = [_Task(path.resolve()) for path in todo]
    progress = _progress(console)
    bar = progress.add_task(f"Solving {reg.name}", total=len(tasks), failed=0)

    def on_done(task: _Task, outcome: Outcome) -> None:
        collector.add_outcome(task, outcome)
        failed = sum(1 for r in collector.rows.values() if r.status == "error")
        progress.update(bar, advance=1, failed=failed)

    interrupted = False
    try:
        with progress:
            if not tasks:
                pass  # everything was up to date
            elif executor == "ray":
                run_ray(tasks, workers, reg.standards, time_limit, on_done, address)
            else:
                run_local(tasks, workers, reg.standards, time_limit, on_done)
    except BaseException:  # Ctrl-C above all: the summary covers what finished
        interrupted = True
        raise
    finally:
        summary = collector.summary(reg, roles)
        solved = set(collector.rows) - set(skipped)
        summary.solved = sorted(solved)
        summary.skipped = skipped
        summary.interrupted = interrupted
        summary.unfinished = sorted({p.name for p in todo} - solved)
        summary.seconds = time.perf_counter() - started
        write_atomic(out / "summary.csv", summary.to_csv())
        write_atomic(out / "summary.json", summary.to_json())
        if interrupted and console is not None:
            console.print(
                f"Interrupted: {len(solved)} branches finished and kept in {out}, "
                f"{len(summary.unfinished)} not solved; the summary covers the finished ones."
            )
    return summary
