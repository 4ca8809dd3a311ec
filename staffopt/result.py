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

from staffopt.counting import Shift, day_order, heads, paid_minutes, rostered_roles, staffed
from staffopt.requirements import Requirements, clock

Status = Literal["optimal", "feasible", "error"]
Hours = int | float  # int where the figure is whole hours


def hours_of(minutes: float) -> Hours:
    """Minutes as the contract's hours: a whole number where they are whole."""
    return int(minutes // 60) if minutes % 60 == 0 else minutes / 60


def whole(value: float) -> Hours:
    """A number of hours as an int where it is whole."""
    return int(value) if float(value).is_integer() else value


paid_hours = hours_of  # the name the batch and renderers know


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Objective(_Row):
    shortage_slots: int
    floor_shortage: int
    headcount: int
    role_changes: int
    idle_hours: Hours
    paid_hours: Hours


class Totals(_Row):
    staff: int
    kept: int
    moved: int
    freed: int
    under_floor: int
    uncovered_hours: Hours


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
    break_start: str | None = None
    break_end: str | None = None
    hours: Hours

    def shift(self) -> Shift:
        """The shift this row holds, in minutes; a break is paid where the span is the
        paid length."""
        start, end = minutes_of(self.start), minutes_of(self.end)
        if self.break_start is None or self.break_end is None:
            return Shift(self.day, start, end, self.post)
        return Shift(
            self.day, start, end, self.post, minutes_of(self.break_start),
            minutes_of(self.break_end), break_paid=end - start == round(self.hours * 60),
        )


class HeadcountRow(_Row):
    role: str
    current: int
    required: int
    kept: int
    moved_in: int
    moved_out: int
    freed: int
    floor: int
    under_floor: int
    uncovered_hours: Hours


class Assignment(_Row):
    employee: str
    name: str | None = None
    role: str | None
    team: str | None
    hours: Hours = 0
    contract_hours: Hours = 0

    @property
    def team_post(self) -> str | None:
        """The post of the portfolio team, such as ``account_manager.wealth``."""
        return f"{self.role}.{self.team}" if self.role and self.team else None


class Move(_Row):
    employee: str
    from_: str | None = Field(alias="from")
    to: str | None
    from_team: str | None = None
    to_team: str | None = None


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
    needed: int | None = None
    counters: int | None = None
    message: str


def _day_start(row: RequirementRow | RosterRow | Shortage) -> tuple[int, str]:
    return day_order(row.day), row.start


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


class BranchResult(_Row):
    """The outcome of solving one branch (design §5, version 2)."""

    kind: Literal["BranchResult"] = "BranchResult"
    version: Literal[2] = 2
    branch: str
    name: str | None = None
    district: str | None = None
    input_sha256: str
    standards: str | None
    status: Status
    gap: float | None
    solve_seconds: float
    slot_minutes: int | None
    objective: Objective | None
    totals: Totals | None = None
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
        checks = (
            self._hours_problem(),
            self._recount_problem(),
            self._headcount_problem(),
            self._totals_problem(),
        )
        for problem in checks:
            if problem:
                raise ValueError(problem)
        keys = {
            "requirements": [(r.post, *_day_start(r)) for r in self.requirements],
            "roster": [(r.employee, *_day_start(r)) for r in self.roster],
            "assignments": [a.employee for a in self.assignments],
            "moves": [m.employee for m in self.moves],
        }
        for name, order in keys.items():
            if order != sorted(order):
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
        if sum(1 for m in self.moves if m.to not in (None, m.from_)) != o.role_changes:
            return "objective.role_changes differs from the moves"
        if hours_of(paid_minutes(r.shift() for r in self.roster)) != o.paid_hours:
            return "objective.paid_hours differs from the roster"
        rostered = rostered_roles((r.post, r.required) for r in self.requirements)
        idle = sum(
            a.contract_hours - a.hours for a in self.assignments if a.role in rostered
        )
        if not _close(idle, o.idle_hours):
            return "objective.idle_hours is not the rostered roles' contract less paid hours"
        return None

    def _hours_problem(self) -> str | None:
        """Where a roster row's or an assignment's hours differ from the shifts, if anywhere."""
        worked: dict[str, int] = {}
        for r in self.roster:
            if not _close(hours_of(r.shift().paid), r.hours):
                return f"the hours of {r.employee}'s {r.day} shift differ from its span"
            worked[r.employee] = worked.get(r.employee, 0) + r.shift().paid
        for a in self.assignments:
            if not _close(hours_of(worked.get(a.employee, 0)), a.hours):
                return f"the hours of {a.employee} differ from the roster"
            if a.hours > a.contract_hours + 1e-6:
                return f"{a.employee} is rostered above their contract hours"
        if set(worked) - {a.employee for a in self.assignments}:
            return "the roster names someone with no assignment"
        return None

    def _headcount_problem(self) -> str | None:
        """Where the headcount rows or the moves disagree with the assignments, if anywhere."""
        placed = {a.employee: (a.role, a.team) for a in self.assignments}
        for m in self.moves:
            if placed.get(m.employee, (None, None)) != (m.to, m.to_team):
                return f"the move of {m.employee} differs from the assignments"
        assigned = heads((a.role, a.team_post) for a in self.assignments)
        for row in self.headcount:
            if row.required != assigned[row.role]:
                return f"headcount.required of {row.role} differs from the assignments"
            if row.current != row.kept + row.moved_out + row.freed:
                return f"headcount.current of {row.role} is not kept + moved_out + freed"
            if row.required != row.kept + row.moved_in:
                return f"headcount.required of {row.role} is not kept + moved_in"
            if self._portfolio(row.role):
                continue
            if row.under_floor != max(0, row.floor - row.required):
                return f"headcount.under_floor of {row.role} is not floor - required"
        return None

    def _portfolio(self, role: str) -> bool:
        """Whether a headcount row is a portfolio role's own row (it has team rows)."""
        return "." not in role and any(h.role.startswith(f"{role}.") for h in self.headcount)

    def _totals_problem(self) -> str | None:
        """Where the totals differ from the role rows and the shortages, if anywhere."""
        t = self.totals
        if t is None:
            return "a solved result has totals"
        roles = [h for h in self.headcount if "." not in h.role]
        want = Totals(
            staff=len(self.assignments),
            kept=sum(h.kept for h in roles),
            moved=sum(h.moved_in for h in roles),
            freed=sum(h.freed for h in roles),
            under_floor=sum(h.under_floor for h in roles),
            uncovered_hours=hours_of(
                sum(s.missing for s in self.shortages) * (self.slot_minutes or 60)
            ),
        )
        return None if want == t else "totals differ from the headcount rows and shortages"

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
        WarningRow(
            code=w.code, post=w.post, day=w.day, start=clock(w.start), needed=w.needed,
            counters=w.counters, message=w.message,
        )
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
    writer.writerow(
        ["employee", "post", "day", "start", "end", "break_start", "break_end", "hours"]
    )
    for r in result.roster:
        writer.writerow(
            [r.employee, r.post, r.day, r.start, r.end, r.break_start or "", r.break_end or "",
             r.hours]
        )
    return buf.getvalue()
