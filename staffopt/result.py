"""The result contract of design §5: BranchResult, and the JSON and CSV forms of results.

A BranchResult validates itself: its objective is recounted from its own roster and
assignments, and its rows are in the order the contract fixes.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from staffopt.config.models import DAYS
from staffopt.requirements import Requirements, clock

Status = Literal["optimal", "feasible", "error"]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Objective(_Row):
    shortage_slots: int
    floor_shortage: int
    headcount: int
    role_changes: int
    paid_hours: int | float  # int where every shift is whole hours


class RequirementRow(_Row):
    post: str
    day: str
    start: str
    required: int


class RosterRow(_Row):
    employee: str
    post: str
    day: str
    start: str
    end: str


class HeadcountRow(_Row):
    role: str
    current: int
    required: int
    freed: int
    floor: int


class Assignment(_Row):
    employee: str
    role: str | None
    team: str | None


class Move(_Row):
    employee: str
    from_: str | None = Field(alias="from")
    to: str | None


class Shortage(_Row):
    post: str
    day: str
    start: str
    missing: int
    cause: str


class WarningRow(_Row):
    code: str
    post: str
    day: str
    start: str
    message: str


def _day_start(row: RequirementRow | RosterRow | Shortage) -> tuple[int, str]:
    return DAYS.index(row.day), row.start


class BranchResult(_Row):
    """The outcome of solving one branch (design §5)."""

    kind: Literal["BranchResult"] = "BranchResult"
    version: Literal[1] = 1
    branch: str
    input_sha256: str
    standards: str | None
    status: Status
    gap: float | None
    solve_seconds: float
    slot_minutes: int | None
    objective: Objective | None
    requirements: list[RequirementRow] = []
    roster: list[RosterRow] = []
    headcount: list[HeadcountRow] = []
    assignments: list[Assignment] = []
    moves: list[Move] = []
    shortages: list[Shortage] = []
    warnings: list[WarningRow] = []
    error: str | None = None  # only for status "error": what went wrong

    @model_validator(mode="after")
    def _consistent(self) -> BranchResult:
        if self.status == "error":
            return self
        assert self.objective is not None
        if sum(s.missing for s in self.shortages) != self.objective.shortage_slots:
            raise ValueError("shortages do not sum to objective.shortage_slots")
        if sum(1 for a in self.assignments if a.role is not None) != self.objective.headcount:
            raise ValueError("objective.headcount differs from the assignments")
        checks = {
            "requirements": [(r.post, *_day_start(r)) for r in self.requirements],
            "roster": [(r.employee, *_day_start(r)) for r in self.roster],
            "assignments": [a.employee for a in self.assignments],
            "moves": [m.employee for m in self.moves],
        }
        for name, keys in checks.items():
            if keys != sorted(keys):
                raise ValueError(f"{name} are not sorted as the contract says")
        return self

    def to_json(self) -> str:
        """The contract's JSON text: stable key order, two-space indent, trailing newline."""
        data = self.model_dump(by_alias=True, exclude_none=False)
        if data.get("error") is None:
            data.pop("error")
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    @property
    def current(self) -> int:
        """Employees today."""
        return len(self.assignments)

    @property
    def required(self) -> int:
        """Employees given a role."""
        return sum(1 for a in self.assignments if a.role is not None)


# ---------------------------------------------------------------- requirements output


def requirement_rows(req: Requirements) -> list[RequirementRow]:
    """Every post, day and slot with a requirement above 0, sorted as §5 says."""
    return [
        RequirementRow(post=s.post, day=s.day, start=clock(s.start), required=s.required)
        for s in req.slots
        if s.required > 0
    ]


def warning_rows(req: Requirements) -> list[WarningRow]:
    """The requirement warnings in contract form."""
    return [
        WarningRow(code=w.code, post=w.post, day=w.day, start=clock(w.start), message=w.message)
        for w in req.warnings
    ]


def requirements_json(req: Requirements) -> str:
    """``staffopt requirements --format json``: requirements, floors and warnings."""
    data = {
        "branch": req.branch,
        "standards": req.standards,
        "slot_minutes": req.slot_minutes,
        "requirements": [r.model_dump() for r in requirement_rows(req)],
        "floors": [{"role": f.role, "floor": f.floor} for f in req.floors],
        "warnings": [w.model_dump() for w in warning_rows(req)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def requirements_csv(req: Requirements) -> str:
    """One row per post, day and slot, with the figures that explain each requirement."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        [
            "post",
            "day",
            "start",
            "required",
            "uncapped",
            "arrivals",
            "load",
            "aht_minutes",
            "service_level",
            "occupancy",
        ]
    )
    for s in req.slots:
        writer.writerow(
            [
                s.post,
                s.day,
                clock(s.start),
                s.required,
                "" if s.uncapped is None else s.uncapped,
                _fmt(s.arrivals),
                _fmt(s.load),
                _fmt(s.aht),
                _fmt(s.service_level),
                _fmt(s.occupancy),
            ]
        )
    return buf.getvalue()


def roster_csv(result: BranchResult) -> str:
    """The roster as CSV, one shift per row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["employee", "post", "day", "start", "end"])
    for r in result.roster:
        writer.writerow([r.employee, r.post, r.day, r.start, r.end])
    return buf.getvalue()
