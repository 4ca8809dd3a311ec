"""The Result of a solve (design §5), every figure recounted from the roster and roles.

None is read off the solver's slack variables, which may exceed what is truly uncovered
once later levels have run.
"""

from __future__ import annotations

from staffopt.config import BranchInput
from staffopt.config.models import Employee, PortfolioRole
from staffopt.counting import (
    Gains,
    coverage,
    current_placement,
    day_order,
    gains,
    heads,
    paid_minutes,
    rostered_roles,
    staffed,
)
from staffopt.requirements import clock
from staffopt.result import (
    Assignment,
    BranchResult,
    HeadcountRow,
    Move,
    Objective,
    RosterRow,
    Shortage,
    Totals,
    hours_of,
    requirement_rows,
    warning_rows,
    whole,
)
from staffopt.shortages import explain
from staffopt.solution import Solution
from staffopt.staffing import Staffing


def contract_hours(staffing: Staffing, emp: Employee) -> float:
    """An employee's weekly contract hours: their own limit, else labor's (design §4)."""
    own = emp.max_hours_per_week
    return staffing.standards.labor.max_hours_per_week if own is None else own


def roster_rows(solution: Solution) -> list[RosterRow]:
    """Every shift with its break and paid hours, sorted by employee, day and start."""
    rows = [
        RosterRow(
            employee=eid,
            post=s.post,
            day=s.day,
            start=clock(s.start),
            end=clock(s.end),
            break_start=None if s.break_start is None else clock(s.break_start),
            break_end=None if s.break_end is None else clock(s.break_end),
            hours=hours_of(s.paid),
        )
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


def _floor(staffing: Staffing, name: str, gain: dict[str, Gains]) -> tuple[int, int]:
    """The floor of a role or team row and the people missing under it; a portfolio
    role's own row has the sums over its teams (design §4)."""
    floors = {f.role: f.floor for f in staffing.requirements.floors}
    if "." in name:
        floor = floors.get(name, 0)
        return floor, max(0, floor - gain[name].required)
    if isinstance(staffing.standards.roles[name], PortfolioRole):
        teams = staffing.standards.posts_of(name)
        return (
            sum(floors.get(t, 0) for t in teams),
            sum(max(0, floors.get(t, 0) - gain[t].required) for t in teams),
        )
    floor = staffing.requirements.role_floors.get(name, 0)
    return floor, max(0, floor - gain[name].required)


def headcount_rows(
    staffing: Staffing, solution: Solution, shortages: list[Shortage]
) -> list[HeadcountRow]:
    """Per role, and per team of a portfolio role, what the branch gains and needs (§4)."""
    gain = {
        g.name: g
        for g in gains(staffing.standards, staffing.branch.staff, solution.roles, solution.teams)
    }
    rows = []
    for name, g in gain.items():
        own = {name} if "." in name else {name, *staffing.standards.posts_of(name)}
        missing = sum(s.missing for s in shortages if s.post in own)
        floor, under = _floor(staffing, name, gain)
        rows.append(
            HeadcountRow(
                role=name, current=g.current, required=g.required, kept=g.kept,
                moved_in=g.moved_in, moved_out=g.moved_out, freed=g.freed, floor=floor,
                under_floor=under, uncovered_hours=hours_of(missing * staffing.slot),
            )
        )
    return rows


def totals(
    staffing: Staffing, headcount: list[HeadcountRow], shortages: list[Shortage]
) -> Totals:
    """The branch's totals: the role rows added up, and every uncovered hour."""
    roles = [h for h in headcount if "." not in h.role]
    return Totals(
        staff=len(staffing.branch.staff),
        kept=sum(h.kept for h in roles),
        moved=sum(h.moved_in for h in roles),
        freed=sum(h.freed for h in roles),
        under_floor=sum(h.under_floor for h in roles),
        uncovered_hours=hours_of(sum(s.missing for s in shortages) * staffing.slot),
    )


def _worked(solution: Solution) -> dict[str, int]:
    """Paid minutes per employee rostered."""
    return {eid: paid_minutes(worked) for eid, worked in solution.shifts.items()}


def objective(staffing: Staffing, solution: Solution, shortages: list[Shortage]) -> Objective:
    """The objective levels the roster reaches, paid and idle time in hours."""
    staff = staffing.branch.staff
    assigned = heads((solution.roles[e.id], solution.teams[e.id]) for e in staff)
    worked = _worked(solution)
    rostered = rostered_roles((k.row, n) for k, n in staffing.demand.items())
    idle = sum(
        contract_hours(staffing, e) * 60 - worked.get(e.id, 0)
        for e in staff
        if solution.roles[e.id] in rostered
    )
    return Objective(
        shortage_slots=sum(s.missing for s in shortages),
        floor_shortage=sum(
            max(0, f.floor - assigned[f.role]) for f in staffing.requirements.floors
        ),
        headcount=staffed(solution.roles[e.id] for e in staff),
        role_changes=sum(1 for e in staff if solution.roles[e.id] not in (None, e.role)),
        idle_hours=hours_of(idle),
        paid_hours=hours_of(sum(worked.values())),
    )


def _assignment(staffing: Staffing, emp: Employee, solution: Solution) -> Assignment:
    team = solution.teams[emp.id]
    return Assignment(
        employee=emp.id,
        name=emp.name,
        role=solution.roles[emp.id],
        team=team.split(".", 1)[1] if team else None,
        hours=hours_of(paid_minutes(solution.shifts.get(emp.id, []))),
        contract_hours=whole(contract_hours(staffing, emp)),
    )


def _move(staffing: Staffing, emp: Employee, solution: Solution) -> Move | None:
    """The change of role or portfolio team of one employee, if any."""
    role, team = current_placement(staffing.standards, emp)
    after = (solution.roles[emp.id], solution.teams[emp.id])
    if after == (role, team):
        return None
    return Move(
        employee=emp.id,
        **{"from": role},
        to=after[0],
        from_team=team.split(".", 1)[1] if team else None,
        to_team=after[1].split(".", 1)[1] if after[1] else None,
    )


def build_result(
    inp: BranchInput, staffing: Staffing, solution: Solution, seconds: float
) -> BranchResult:
    """Turn a solution into the contract's Result; the objective is recounted from it."""
    req = staffing.requirements
    staff = sorted(inp.branch.staff, key=lambda e: e.id)
    shortages = shortage_rows(staffing, solution)
    levels = objective(staffing, solution, shortages)
    headcount = headcount_rows(staffing, solution, shortages)
    slot = staffing.slot
    # the solver's own units of levels 5, for the gap: paid slots today, idle slots later
    units = {"paid_slots": round(levels.paid_hours * 60) // slot,
             "idle_slots": round(levels.idle_hours * 60) // slot}
    return BranchResult(
        branch=inp.branch.id,
        name=inp.branch.name,
        district=inp.branch.district,
        input_sha256=inp.input_sha256,
        standards=inp.standards.name,
        solve_seconds=round(seconds, 2),
        slot_minutes=req.slot_minutes,
        status="optimal" if solution.optimal else "feasible",
        gap=solution.gap({**levels.model_dump(), **units}),
        objective=levels,
        totals=totals(staffing, headcount, shortages),
        requirements=requirement_rows(req),
        roster=roster_rows(solution),
        headcount=headcount,
        assignments=[_assignment(staffing, e, solution) for e in staff],
        moves=[m for e in staff if (m := _move(staffing, e, solution)) is not None],
        shortages=shortages,
        warnings=warning_rows(req),
    )
