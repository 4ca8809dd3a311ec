"""The result contract of design §5: BranchResult, and the JSON and CSV forms of results.

A BranchResult validates itself: its objective is recounted from its own roster,
assignments and moves, its headcount rows agree with its assignments, and its rows are in
the order the contract fixes.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from staffopt.counting import Shift, day_order, heads, paid_minutes, staffed
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


def minutes_of(hhmm: str) -> int:
    """A contract time such as ``09:30`` as minutes after midnight."""
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


class RosterRow(_Row):
    employee: str
    post: str
    day: str
    start: str
    end: str

    def shift(self) -> Shift:
        """The shift this row holds, in minutes."""
        return Shift(self.day, minutes_of(self.start), minutes_of(self.end), self.post)


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

    @property
    def team_post(self) -> str | None:
        """The post of the portfolio team, such as ``account_manager.wealth``."""
        return f"{self.role}.{self.team}" if self.role and self.team else None


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
    return day_order(row.day), row.start


def paid_hours(minutes: int) -> int | float:
    """Paid minutes as the contract's hours: a whole number where they are whole."""
    return minutes // 60 if minutes % 60 == 0 else minutes / 60


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
        for problem in (self._recount_problem(), self._headcount_problem()):
            if problem:
                raise ValueError(problem)
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

    def _recount_problem(self) -> str | None:
        """What of the objective its own rows do not recount, if anything."""
        o = self.objective
        assert o is not None
        if sum(s.missing for s in self.shortages) != o.shortage_slots:
            return "shortages do not sum to objective.shortage_slots"
        if staffed(a.role for a in self.assignments) != o.headcount:
            return "objective.headcount differs from the assignments"
        if sum(1 for m in self.moves if m.to is not None) != o.role_changes:
            return "objective.role_changes differs from the moves"
        if paid_hours(paid_minutes(r.shift() for r in self.roster)) != o.paid_hours:
            return "objective.paid_hours differs from the roster"
        return None

    def _headcount_problem(self) -> str | None:
        """Where the headcount rows or the moves disagree with the assignments, if anywhere."""
        roles = {a.employee: a.role for a in self.assignments}
        for m in self.moves:
            if m.employee not in roles or roles[m.employee] != m.to:
                return f"the move of {m.employee} differs from the assignments"
        assigned = heads((a.role, a.team_post) for a in self.assignments)
        for row in self.headcount:
            if row.required != assigned[row.role]:
                return f"headcount.required of {row.role} differs from the assignments"
            if row.freed != row.current - row.required:
                return f"headcount.freed of {row.role} is not current - required"
        return None

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
        return staffed(a.role for a in self.assignments)


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
