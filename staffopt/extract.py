"""The Result of a solve (design §5), every figure recounted from the roster and roles.

None is read off the solver's slack variables, which may exceed what is truly uncovered
once later levels have run.
"""

from __future__ import annotations

from staffopt.config import BranchInput
from staffopt.config.models import Employee
from staffopt.counting import coverage, day_order, gains, heads, paid_minutes, staffed
from staffopt.requirements import clock
from staffopt.result import (
    Assignment,
    BranchResult,
    HeadcountRow,
    Move,
    Objective,
    RosterRow,
    Shortage,
    requirement_rows,
    warning_rows,
)
from staffopt.shortages import explain
from staffopt.solution import Solution
from staffopt.staffing import Staffing


def roster_rows(solution: Solution) -> list[RosterRow]:
    """Every shift, sorted by employee, day and start."""
    rows = [
        RosterRow(employee=eid, post=s.post, day=s.day, start=clock(s.start), end=clock(s.end))
        for eid, worked in solution.shifts.items()
        for s in worked
    ]
    return sorted(rows, key=lambda r: (r.employee, day_order(r.day), r.start))


def shortage_rows(staffing: Staffing, solution: Solution) -> list[Shortage]:
    """Every row and slot the roster leaves short of its requirement, with its cause;
    sorted by row, day and start."""
    count = coverage((s for worked in solution.shifts.values() for s in worked), staffing.slot)
    rows = []
    for key, need in sorted(
        staffing.demand.items(), key=lambda kv: (kv[0].row, day_order(kv[0].day), kv[0].start)
    ):
        missing = need - count[key]
        if missing > 0:
            cause = explain(staffing, solution.shifts, solution.roles, *key)
            rows.append(
                Shortage(
                    post=key.row, day=key.day, start=clock(key.start), missing=missing, cause=cause
                )
            )
    return rows


def headcount_rows(staffing: Staffing, solution: Solution) -> list[HeadcountRow]:
    """Per role, and per team of a portfolio role: today's people, the roster's, and the
    floor. ``freed`` is the net change, current less required (a negative is a hire)."""
    floors = {f.role: f.floor for f in staffing.requirements.floors}
    role_floors = staffing.requirements.role_floors
    return [
        HeadcountRow(
            role=g.name,
            current=g.current,
            required=g.required,
            freed=g.current - g.required,
            floor=floors.get(g.name, 0) if "." in g.name else role_floors.get(g.name, 0),
        )
        for g in gains(staffing.standards, staffing.branch.staff, solution.roles, solution.teams)
    ]


def objective(staffing: Staffing, solution: Solution, shortages: list[Shortage]) -> Objective:
    """The objective levels the roster reaches, paid time in hours."""
    staff = staffing.branch.staff
    assigned = heads((solution.roles[e.id], solution.teams[e.id]) for e in staff)
    minutes = paid_minutes(s for worked in solution.shifts.values() for s in worked)
    return Objective(
        shortage_slots=sum(s.missing for s in shortages),
        floor_shortage=sum(
            max(0, f.floor - assigned[f.role]) for f in staffing.requirements.floors
        ),
        headcount=staffed(solution.roles[e.id] for e in staff),
        role_changes=sum(1 for e in staff if solution.roles[e.id] not in (None, e.role)),
        paid_hours=minutes // 60 if minutes % 60 == 0 else minutes / 60,
    )


def _assignment(emp: Employee, solution: Solution) -> Assignment:
    team = solution.teams[emp.id]
    return Assignment(
        employee=emp.id, role=solution.roles[emp.id], team=team.split(".", 1)[1] if team else None
    )


def build_result(
    inp: BranchInput, staffing: Staffing, solution: Solution, seconds: float
) -> BranchResult:
    """Turn a solution into the contract's Result; the objective is recounted from it."""
    req = staffing.requirements
    staff = sorted(inp.branch.staff, key=lambda e: e.id)
    shortages = shortage_rows(staffing, solution)
    levels = objective(staffing, solution, shortages)
    paid_slots = paid_minutes(s for worked in solution.shifts.values() for s in worked)
    return BranchResult(
        branch=inp.branch.id,
        input_sha256=inp.input_sha256,
        standards=inp.standards.name,
        solve_seconds=round(seconds, 2),
        slot_minutes=req.slot_minutes,
        status="optimal" if solution.optimal else "feasible",
        gap=solution.gap(
            {**levels.model_dump(), "paid_slots": paid_slots // staffing.slot}
        ),
        objective=levels,
        requirements=requirement_rows(req),
        roster=roster_rows(solution),
        headcount=headcount_rows(staffing, solution),
        assignments=[_assignment(e, solution) for e in staff],
        moves=[
            Move(employee=e.id, **{"from": e.role}, to=solution.roles[e.id])
            for e in staff
            if solution.roles[e.id] != e.role
        ],
        shortages=shortages,
        warnings=warning_rows(req),
    )
