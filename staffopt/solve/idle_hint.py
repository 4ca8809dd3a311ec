"""A better start for the idle-hours stage: each rostered role's shifts re-solved apart.

A shift counts only towards its own role's rows, so with everyone's role (and team) kept,
each role's shifts can be re-planned on their own: the fewest idle slots its holders can
have while its rows lack no more than they lack in the start. Levels 1-4 keep their
values (no role changes, no row loses coverage in all), and the idle slots only fall. Each
role's small model starts from the start's own shifts, so it never returns a worse plan.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from staffopt.config.models import role_of
from staffopt.counting import coverage
from staffopt.model import ComponentModel, build
from staffopt.solution import Solution
from staffopt.solve import hints
from staffopt.solve.idle_bound import hint_value, satisfies
from staffopt.solve.params import SolverParams
from staffopt.staffing import Staffing

LEVEL = "idle_slots"


def _replan_role(
    staffing: Staffing, full: ComponentModel, roster: Solution, role: str, params: SolverParams
) -> float:
    """Re-plan the shifts of ``role``'s holders in ``roster`` for the fewest idle slots,
    in place; return the deterministic time used."""
    people = [e for e in full.employees if roster.roles[e.id] == role]
    rows = {row for row in full.shortage if role_of(row.row) == role}
    sub = build(staffing, people, rows, {})
    for emp in people:
        for name, lit in sub.roles[emp.id].items():
            sub.model.add(lit == int(name == role))
        for post, lit in sub.teams[emp.id].items():
            sub.model.add(lit == int(post == roster.teams[emp.id]))
    part = Solution()
    for emp in people:
        part.roles[emp.id], part.teams[emp.id] = role, roster.teams[emp.id]
        part.shifts[emp.id] = list(roster.shifts[emp.id])
    count = coverage((s for e in people for s in part.shifts[e.id]), staffing.slot)
    lacking = sum(max(0, staffing.demand[row] - count[row]) for row in rows)
    sub.model.add(sub.levels["shortage_slots"] <= lacking)
    start = hints.encode(staffing, sub, part)
    sub.model.minimize(sub.levels[LEVEL])
    sub.model.proto.solution_hint.vars.extend(range(len(start)))
    sub.model.proto.solution_hint.values.extend(start)
    solver = cp_model.CpSolver()
    params.exact(params.budget).configure(solver)
    status = solver.solve(sub.model)
    spent = solver.response_proto.deterministic_time
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = list(solver.response_proto.solution)
        if hint_value(staffing, sub, values) < hint_value(staffing, sub, start):
            hints.read_roster(sub, values, part)
            for emp in people:
                roster.shifts[emp.id] = part.shifts[emp.id]
                roster.teams[emp.id] = part.teams[emp.id]
    return spent


def improve(
    staffing: Staffing, full: ComponentModel, values: list[int], params: SolverParams
) -> tuple[list[int], float]:
    """The idle-hours start ``values`` of ``full`` with every rostered role's shifts
    re-planned (``params.budget`` shared by the roles), or ``values`` itself where that is
    no better or no solution of ``full``; and the deterministic time used."""
    roster = Solution()
    hints.read_roster(full, values, roster)
    roles = sorted({r for r in roster.roles.values() if r in staffing.rostered})
    used = 0.0
    for n, role in enumerate(roles):
        share = max(params.budget - used, 0.0) / (len(roles) - n)
        used += _replan_role(staffing, full, roster, role, params.share(share))
    better = hints.encode(staffing, full, roster)
    if hint_value(staffing, full, better) < hint_value(staffing, full, values) and satisfies(
        full.model.proto, better
    ):
        return better, used
    return values, used
