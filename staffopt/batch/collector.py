"""The parent side of a batch: turn outcomes into files on disk and summary rows.

A branch counts as finished only once its ``<id>.json`` and ``<id>-roster.csv`` are on
disk, written together; a row in the summary promises them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path

from staffopt.batch.executors import Task
from staffopt.batch.region import RegionFiles
from staffopt.batch.summary import BranchRow, RegionSummary, role_totals, row_of
from staffopt.batch.worker import Outcome, branch_sha256, peek_id
from staffopt.files import write_branch_outputs
from staffopt.result import BranchResult


@contextlib.contextmanager
def _nothing_held() -> Iterator[None]:
    yield


class Collector:
    """Takes outcomes as they come in: writes the files and keeps the summary rows.

    ``hold`` wraps each write (the batch defers stop signals there); ``on_result`` is
    called with each branch's row once its files are on disk.
    """

    def __init__(self, out: Path, standards_name: str, standards_sha: str, *,
                 hold: Callable[[], AbstractContextManager[None]] = _nothing_held,
                 on_result: Callable[[BranchRow], None] | None = None) -> None:
        self.out = out
        self.standards_name = standards_name
        self.standards_sha = standards_sha
        self.hold = hold
        self.on_result = on_result
        self.rows: dict[str, BranchRow] = {}  # by file name in the branches folder
        self.results: dict[str, BranchResult] = {}  # by file, successful or not
        self.declared: dict[str, list[str]] = {}  # branch id -> files that declare it

    def add_result(self, file: str, result: BranchResult, *, write: bool = True) -> None:
        """Record a branch's result, writing its files first unless they are on disk."""
        with self.hold():  # a stop signal waits until the files and the row agree
            if write:  # first: a row in the summary promises its files are on disk
                write_branch_outputs(result, self.out)
            self.results[file] = result
            self.rows[file] = row_of(result, file)
            self._claim(result.branch, file, result.input_sha256)
        if write and self.on_result is not None:
            self.on_result(self.rows[file])

    def add_outcome(self, task: Task, outcome: Outcome) -> None:
        """Record what a worker sent back: a result, or why there is none."""
        file = task.file
        if outcome["result"] is not None:
            self.add_result(file, BranchResult.model_validate_json(outcome["result"]))
            return
        branch = outcome["branch"] or peek_id(task.path)
        reason = outcome["error"] or "unknown failure"
        if branch is None:  # no id to name an output file by: the summary row says it all
            self.rows[file] = BranchRow(id=task.path.stem, status="error",
                                        seconds=outcome["seconds"], error=reason, file=file)
            if self.on_result is not None:
                self.on_result(self.rows[file])
            return
        sha = outcome["input_sha256"] or branch_sha256(task.path, self.standards_sha) or ""
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
            self.rows[f] = replace(self.rows[f], status="error", staff=None, kept=None,
                                   moved=None, freed=None, under_floor=None,
                                   uncovered_hours=None, error=reason, cause=None)
        write_branch_outputs(self._error_result(branch, sha, reason, 0.0), self.out)

    def summary(self, region: RegionFiles, roles: list[str]) -> RegionSummary:
        """The summary of what has been recorded so far."""
        rows = sorted(self.rows.values(), key=lambda r: (r.id, r.file))
        ok = [self.results[r.file] for r in rows if r.status != "error" and r.file in self.results]
        return RegionSummary(region=region.name, standards=self.standards_name, out=self.out,
                             rows=rows, totals=role_totals(ok, roles))
