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

from staffopt.config import role_of
from staffopt.result import BranchResult

SUMMARY_COLUMNS = ("id", "status", "current", "required", "freed", "shortage", "seconds", "error")


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
    file: str = ""  # the file's path in the region's branches folder

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
