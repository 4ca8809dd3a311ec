"""Bounds solved on small sub-models, which sharpen the proofs of the main solve.

Per post before level 1 (``row_bounds``): a post's shortage is at least what its
qualified people could not cover even if they worked nothing else. Per role once level 1
is known (``role_bounds``): a role's headcount is at least the fewest people who could
cover its rows alone. Per row, crowds too (``day_bounds``): a row's shortage is at least
what the people who could work it leave uncovered, one shift a day each, within their
weekly days and hours; where a meal break must fall inside the day (k on duty all day,
q people, each off for lunch in the window) the lunch slots lack people that no choice
of shifts can give. Each bound is added to the model as a cut.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ortools.sat.python import cp_model

from staffopt.config.models import role_of
from staffopt.counting import Shift, SlotKey, rows_of
from staffopt.model import ComponentModel, build
from staffopt.solve.params import SolverParams
from staffopt.staffing import Staffing

ROW_BOUND_CROWD = 2  # skip a post's bound when more than this many times its peak qualify
DAY_BOUND_SHARE = 0.25  # of the row bounds' budget, shared by the (row, day) bounds


def least(sub: ComponentModel, level: str, params: SolverParams) -> tuple[int | None, float]:
    """The proven lower bound of one level of a sub-model (None if nothing was proven),
    and the deterministic time spent on it; the budget is ``params.budget`` exactly."""
    sub.model.minimize(sub.levels[level])
    solver, status = params.exact(params.budget).solve(sub.model)
    spent = solver.response_proto.deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, spent
    return math.ceil(solver.best_objective_bound - 1e-6), spent


def row_bounds(
    staffing: Staffing, comp: ComponentModel, params: SolverParams
) -> tuple[float, dict[str, int]]:
    """Bound each post's shortage by the best its qualified people could do on it alone.

    Posts compete for people, so each post's shortage in any roster is at least what
    it would be if its people worked nothing else; these cuts close most of level 1's
    gap at once. ``params.budget`` is shared by the posts. Returns the deterministic
    time used and the bound of every coverage row name (at least what no one could
    cover at all).
    """
    by_name: dict[str, list[SlotKey]] = {}
    for row in comp.shortage:
        by_name.setdefault(row.row, []).append(row)
    total = 0
    bounds: dict[str, int] = {}
    used, by_day = day_bounds(staffing, comp, params.share(params.budget * DAY_BOUND_SHARE))
    for name, rows in by_name.items():
        bounds[name] = max(
            sum(comp.shortage[r].proto.domain[0] for r in rows), by_day.get(name, 0)
        )
        qualified = [
            e for e in comp.employees if any(name in rows_of(p) for p in staffing.posts_of(e))
        ]
        if len(qualified) > ROW_BOUND_CROWD * max(staffing.demand[r] for r in rows):
            total += bounds[name]
            continue  # a crowd of qualified people: no structural shortage to prove
        sub = build(staffing, qualified, set(rows), {}, maximal=True)
        found, spent = least(sub, "shortage_slots", params.share(params.budget / len(by_name)))
        used += spent
        bound = max(sub.level_bounds["shortage_slots"], found or 0)
        if bound > 0:
            comp.model.add(sum(comp.shortage[r] for r in rows) >= bound)
        bounds[name] = max(bounds[name], bound)
        total += bounds[name]
    comp.level_bounds["shortage_slots"] = max(comp.level_bounds["shortage_slots"], total)
    return used, bounds


def role_bounds(
    staffing: Staffing,
    comp: ComponentModel,
    shortage: int,
    row_bounds: dict[str, int],
    params: SolverParams,
) -> tuple[float, dict[str, int]]:
    """Bound the people each role needs, once level 1's optimum ``shortage`` is known.

    Everyone holds one role, and a shift counts only towards its own role's rows, so
    the people given role r must cover r's rows on their own, leaving at most what
    the other roles' row bounds leave of ``shortage``. The least such crowd, solved
    apart, bounds the role's headcount in every roster that keeps level 1; the sum of
    these bounds is what the headcount level's LP misses. The cuts are added to
    ``comp``; returns the deterministic time used and the bound per role.
    """
    used = 0.0
    by_role: dict[str, set[SlotKey]] = {}
    for row in comp.shortage:
        by_role.setdefault(role_of(row.row), set()).add(row)
    bounds: dict[str, int] = {}
    crowds = {r: [e for e in comp.employees if r in comp.roles[e.id]] for r in by_role}
    # smallest crowds first: what they leave of the budget goes to the larger ones
    order = sorted(by_role, key=lambda r: (len(crowds[r]), r))
    for n, role in enumerate(order):
        rows, qualified = by_role[role], crowds[role]
        if not qualified:
            continue
        allowed = shortage - sum(b for name, b in row_bounds.items() if role_of(name) != role)
        sub = build(staffing, qualified, rows, {}, maximal=True)
        sub.model.add(sub.levels["shortage_slots"] <= allowed)
        share = max(params.budget - used, 0.0) / (len(order) - n)
        found, spent = least(sub, "headcount", params.share(share))
        used += spent
        if found is not None:
            bounds[role] = found
    bounds = {r: bounds[r] for r in by_role if r in bounds}  # the cuts in the rows' order
    add_role_cuts(comp, bounds)
    # one role each: the roles' bounds add up to a bound on the headcount level
    headcount = max(comp.level_bounds.get("headcount", 0), sum(bounds.values()))
    comp.level_bounds["headcount"] = headcount
    return used, bounds


def add_role_cuts(comp: ComponentModel, bounds: dict[str, int]) -> None:
    """At least ``bounds[role]`` people hold each role."""
    for role, bound in bounds.items():
        if bound > 0:
            comp.model.add(sum(r[role] for r in comp.roles.values() if role in r) >= bound)



@dataclass(frozen=True)
class RowWeek:
    """One coverage row's week, relaxed: its demand per (day, slot start), the shapes a
    shift can take on it per day (slot starts covered, paid slots), how many people can
    work it each day, and the person-days and paid slots its people have in all."""

    demand: dict[tuple[str, int], int]
    shapes: dict[str, dict[frozenset[int], int]]
    people: dict[str, int]
    days: int
    paid: int


def day_bounds(
    staffing: Staffing, comp: ComponentModel, params: SolverParams
) -> tuple[float, dict[str, int]]:
    """Bound each row's shortage by ``least_row_shortage``, row by row.

    Each person works at most one shift a day, within the weekly days and hours, so a
    row's shortage is at least what the people with some shift on it leave uncovered if
    they worked it alone. Cuts are added where this beats the per-slot bounds; returns
    the deterministic time used and each row name's bound.
    """
    weeks = _row_weeks(staffing, comp)
    rows: dict[str, list[SlotKey]] = {}
    for key in comp.shortage:
        rows.setdefault(key.row, []).append(key)
    bounds: dict[str, int] = {}
    used = 0.0
    for row, keys in rows.items():
        floor = sum(comp.shortage[k].proto.domain[0] for k in keys)
        week = weeks.get(row)
        if week is None:
            bounds[row] = floor
            continue
        found, spent = least_row_shortage(week, params.share(params.budget / len(rows)))
        used += spent
        if found > floor:
            comp.model.add(sum(comp.shortage[k] for k in keys) >= found)
        bounds[row] = max(found, floor)
    return used, bounds


def _row_weeks(staffing: Staffing, comp: ComponentModel) -> dict[str, RowWeek]:
    """Each row's relaxed week (``RowWeek``), from the model's shifts."""
    slot = staffing.slot
    weeks: dict[str, RowWeek] = {}
    for key in comp.shortage:
        week = weeks.setdefault(key.row, RowWeek({}, {}, {}, 0, 0))
        week.demand[(key.day, key.start)] = staffing.demand[key]
    days_limit = staffing.standards.labor.max_days_per_week
    covers: dict[Shift, dict[str, frozenset[int]]] = {}  # memo: shifts are shared by staff
    for emp in comp.employees:
        worked: dict[str, set[str]] = {}  # row -> days this person can work it
        for shift, _ in comp.shifts[emp.id]:
            cover = covers.get(shift)
            if cover is None:
                cover = covers[shift] = _shift_rows(staffing, comp, shift)
            paid = shift.paid // slot
            for row, shape in cover.items():
                shapes = weeks[row].shapes.setdefault(shift.day, {})
                shapes[shape] = min(shapes.get(shape, paid), paid)
                worked.setdefault(row, set()).add(shift.day)
        for row, days in worked.items():
            week = weeks[row]
            for day in days:
                week.people[day] = week.people.get(day, 0) + 1
            weeks[row] = RowWeek(
                week.demand, week.shapes, week.people,
                week.days + min(days_limit, len(days)), week.paid + staffing.max_slots(emp),
            )
    return weeks


def _shift_rows(
    staffing: Staffing, comp: ComponentModel, shift: Shift
) -> dict[str, frozenset[int]]:
    """The starts of the slots a shift covers on each of the model's rows."""
    cover: dict[str, set[int]] = {}
    for key in staffing.demand_keys(shift):  # the model's rows all have a requirement
        if key in comp.shortage:
            cover.setdefault(key.row, set()).add(key.start)
    return {row: frozenset(starts) for row, starts in cover.items()}


def least_row_shortage(week: RowWeek, params: SolverParams) -> tuple[int, float]:
    """The least shortage of one row's relaxed week: how many people take each shape on
    each day, no more than can work that day, within the person-days and paid slots of
    all of them. Returns its proven bound (the optimum unless the budget runs out) and
    the deterministic time used.
    """
    m = cp_model.CpModel()
    take: dict[tuple[str, frozenset[int]], cp_model.IntVar] = {}
    for day in sorted(week.shapes):
        lits = []
        for n, shape in enumerate(sorted(week.shapes[day], key=sorted)):
            lits.append(m.new_int_var(0, week.people[day], f"n[{day},{n}]"))
            take[(day, shape)] = lits[-1]
        m.add(cp_model.LinearExpr.sum(lits) <= week.people[day])
    m.add(cp_model.LinearExpr.sum(list(take.values())) <= week.days)
    paid = [week.shapes[d][s] for d, s in take]
    m.add(cp_model.LinearExpr.weighted_sum(list(take.values()), paid) <= week.paid)
    short = []
    for (day, start), need in sorted(week.demand.items()):
        gap = m.new_int_var(0, need, f"s[{day},{start}]")
        covering = [n for (d, s), n in take.items() if d == day and start in s]
        m.add(cp_model.LinearExpr.sum([gap, *covering]) >= need)
        short.append(gap)
    m.minimize(cp_model.LinearExpr.sum(short))
    solver, status = params.exact(params.budget).solve(m)
    spent = solver.response_proto.deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return 0, spent
    return max(0, math.ceil(solver.best_objective_bound - 1e-6)), spent
