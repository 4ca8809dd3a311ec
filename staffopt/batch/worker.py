"""The worker side of a batch: load and solve one branch, send back plain data.

CP-SAT objects do not pickle, so a worker gets a path, loads and solves the branch
itself, and returns an ``Outcome``: the result's JSON text, or the reason it failed.

Test hook: ``STAFFOPT_TEST_CRASH="<file stem>:raise,<file stem>:exit,<file stem>:hang"``
makes the worker raise, end its process, or sleep for an hour on those branch files.
The tests use it to check fault isolation and interruptions, since nothing else can
reach into a spawned process.
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict

from staffopt.config import Branch, BranchInput, load_branch, load_document
from staffopt.config.access import read_file
from staffopt.config.loading import input_sha256
from staffopt.problems import ConfigError
from staffopt.solve import solve

CRASH_ENV = "STAFFOPT_TEST_CRASH"
_HANG_SECONDS = 3600.0
_WATCH_SECONDS = 1.0  # how often a worker checks that its parent is alive


class Outcome(TypedDict):
    """What a worker sends back: plain data that pickles anywhere."""

    file: str
    branch: str | None  # the branch id, when the file could be read that far
    result: str | None  # the BranchResult JSON text
    error: str | None  # why there is no result
    input_sha256: str | None
    seconds: float


def failed_outcome(file: str, reason: str) -> Outcome:
    """The outcome of a branch that never reached a result."""
    return {
        "file": file, "branch": None, "result": None, "error": reason,
        "input_sha256": None, "seconds": 0.0,
    }


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(_WATCH_SECONDS)
        if os.getppid() != parent:  # orphaned: the parent was killed (SIGKILL, OOM)
            os._exit(1)


def worker_init(parent: int) -> None:
    """Run in each new worker process: leave Ctrl-C to the parent, and die with it.

    A terminal sends SIGINT to the whole process group; the parent then stops the
    workers itself, and a worker that took the signal would only print a traceback.
    A parent that is killed outright cannot stop its workers: each then notices within
    a second, rather than solving on for minutes while holding the caller's pipes.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # the parent's pid comes from the parent: one killed while this worker was still
    # starting would otherwise be mistaken for init, and the worker would never notice
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


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
            if mode == "hang":
                time.sleep(_HANG_SECONDS)  # a solve that outlives any test
            raise RuntimeError(f"test fault injected for {stem}")


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a regular file's bytes; None for anything that cannot be read as one.

    The read is the loader's: FIFOs and devices are refused on the open descriptor too
    (the file may be swapped after it was listed), the open never blocks, and the read
    stops past the size limit; the worker reports those files as it loads them.
    """
    try:
        return hashlib.sha256(read_file(path)).hexdigest()
    except ConfigError:
        return None


def branch_sha256(path: Path, standards_sha: str) -> str | None:
    """The ``input_sha256`` that a result of this branch file would record, if readable."""
    sha = file_sha256(path)
    return None if sha is None else input_sha256(sha, standards_sha)


def peek_id(path: Path) -> str | None:
    """The branch id of a file that parses as a Branch, even if it fails later checks."""
    if file_sha256(path) is None:  # not a readable regular file: nothing to peek at
        return None
    try:
        model = load_document(path, expect="Branch").model
    except (ConfigError, OSError):
        return None
    return model.id if isinstance(model, Branch) else None


def _first_problem(error: ConfigError) -> str:
    problems = error.errors or error.problems
    return str(problems[0]) if problems else str(error)


def solve_task(branch_path: str, standards_path: str, time_limit: float,
               prepare: Callable[[BranchInput], BranchInput] | None = None) -> Outcome:
    """Load and solve one branch; never raise for a problem of this branch alone.

    ``prepare`` changes the loaded branch before the solve (a what-if scenario, say).
    """
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
            inp = inp if prepare is None else prepare(inp)
        except ConfigError as error:
            outcome["branch"] = peek_id(path)
            outcome["error"] = _first_problem(error)
            std_sha = file_sha256(Path(standards_path))
            if std_sha is not None:
                outcome["input_sha256"] = branch_sha256(path, std_sha)
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


def ray_task(cwd: str, branch_path: str, standards_path: str, time_limit: float) -> Outcome:
    """``solve_task`` in the driver's working folder, where it exists on this node.

    Messages name files relative to the working folder; this keeps them as the local
    executor words them.
    """
    if os.path.isdir(cwd):
        os.chdir(cwd)
    return solve_task(branch_path, standards_path, time_limit)
