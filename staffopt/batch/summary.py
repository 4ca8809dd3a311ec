"""The summary of a region run: a row per branch, totals per role, summary.json and .csv."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from staffopt.result import BranchResult, whole

SUMMARY_COLUMNS = (
    "id", "name", "district", "status", "staff", "kept", "moved", "freed", "under_floor",
    "uncovered_hours", "seconds", "error",
)
# The figures of design §4 that a role's region total adds up over its branches.
ROLE_FIGURES = (
    "current", "required", "kept", "moved_in", "moved_out", "freed", "floor", "under_floor",
    "uncovered_hours",
)


@dataclass
class BranchRow:
    """One branch in the region summary; the figures are None for a failed branch."""

    id: str
    status: str
    name: str | None = None
    district: str | None = None
    staff: int | None = None
    kept: int | None = None
    moved: int | None = None
    freed: int | None = None
    under_floor: int | None = None
    uncovered_hours: int | float | None = None
    seconds: float | None = None
    error: str | None = None
    cause: str | None = None  # the most frequent shortage cause
    file: str = ""  # the file's path in the region's branches folder
    uncovered_hours_after_pool: int | float | None = None  # with --pool only

    @property
    def short(self) -> bool:
        """Whether the branch is short: under a floor, or with uncovered hours."""
        return bool(self.under_floor or self.uncovered_hours)

    def to_dict(self) -> dict[str, Any]:
        """The summary.json form of the row: the CSV's columns, then cause and file."""
        return {
            **{c: getattr(self, c) for c in SUMMARY_COLUMNS},
            "cause": self.cause, "file": self.file,
        }


@dataclass
class RoleTotal:
    """Region totals for one role: the branches' figures added up (design §4-§5)."""

    role: str
    current: int = 0
    required: int = 0
    kept: int = 0
    moved_in: int = 0
    moved_out: int = 0
    freed: int = 0
    floor: int = 0
    under_floor: int = 0
    uncovered_hours: int | float = 0


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
    pool: Any = None  # the PoolOutcome of --pool, if it ran

    def _row_dict(self, r: BranchRow) -> dict[str, Any]:
        """A row's fields; with a pool, its column after uncovered_hours."""
        values = r.to_dict()
        if self.pool is None:
            return values
        keys = list(values)
        at = keys.index("uncovered_hours") + 1
        keys.insert(at, "uncovered_hours_after_pool")
        values["uncovered_hours_after_pool"] = r.uncovered_hours_after_pool
        return {k: values[k] for k in keys}

    @property
    def failed(self) -> list[BranchRow]:
        """The branches that ended in error."""
        return [r for r in self.rows if r.status == "error"]

    def to_json(self) -> str:
        """summary.json: the same for the same inputs, apart from the seconds fields."""
        counts = Counter(r.status for r in self.rows)
        data = {
            "kind": "RegionSummary",
            "version": 2,
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
            "rows": [self._row_dict(r) for r in self.rows],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def to_csv(self) -> str:
        """summary.csv: one row per branch, the columns of design §5."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        columns = list(SUMMARY_COLUMNS)
        if self.pool is not None:
            columns.insert(columns.index("uncovered_hours") + 1, "uncovered_hours_after_pool")
        writer.writerow(columns)
        for r in self.rows:
            values = self._row_dict(r)
            writer.writerow(["" if values[c] is None else values[c] for c in columns])
        return buf.getvalue()


def biggest_cause(result: BranchResult) -> str | None:
    """The shortage cause named by the most shortage rows (ties: alphabetical)."""
    counts = Counter(s.cause for s in result.shortages)
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def row_of(result: BranchResult, file: str) -> BranchRow:
    """The summary row of a branch result."""
    if result.status == "error" or result.objective is None or result.totals is None:
        return BranchRow(id=result.branch, status="error", name=result.name,
                         district=result.district, seconds=result.solve_seconds,
                         error=result.error or "no solution", file=file)
    t = result.totals
    return BranchRow(
        id=result.branch, status=result.status, name=result.name, district=result.district,
        staff=t.staff, kept=t.kept, moved=t.moved, freed=t.freed, under_floor=t.under_floor,
        uncovered_hours=t.uncovered_hours, seconds=result.solve_seconds,
        cause=biggest_cause(result), file=file,
    )


def role_totals(results: Iterable[BranchResult], roles: list[str]) -> list[RoleTotal]:
    """The §4 figures per role, added up over the results given: a branch's freed people
    are never netted against another branch's needs.

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
            for name in ROLE_FIGURES:
                setattr(t, name, getattr(t, name) + getattr(h, name))
    for t in totals.values():
        t.uncovered_hours = whole(t.uncovered_hours)
    return list(totals.values())
