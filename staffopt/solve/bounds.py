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

from staffopt.config.models import Employee, role_of
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


POOLED_PASSES: tuple[dict[str, object], ...] = (
    # measured on the pooled models: their proofs hinge on the presolve, and each of
    # these settings proves some that the other does not (bench/RESULTS.md)
    {"cp_model_probing_level": 2},
    {"max_presolve_iterations": 3},
)


def pooled_bound(
    staffing: Staffing, comp: ComponentModel, params: SolverParams
) -> tuple[int, float]:
    """Level 1's least value when people with the same posts are pooled into counts
    (``pooled_model``); the proven bound and the deterministic time.

    Every roster of ``comp`` maps to a pooled plan with the same shortage, so the pooled
    optimum bounds level 1 from below; the whole component is in one small model, so the
    rows that share people are seen together. The passes of ``POOLED_PASSES`` share
    ``params.budget`` in turn until one proves its optimum; the best bound is kept.
    """
    bound, used = 0, 0.0
    for n, extra in enumerate(POOLED_PASSES):
        m, short = pooled_model(staffing, comp, coarse=True)
        m.minimize(cp_model.LinearExpr.sum(short))
        solver = cp_model.CpSolver()
        budget = (params.budget - used) / (len(POOLED_PASSES) - n)
        params.exact(budget).configure(solver)
        for name, value in extra.items():
            setattr(solver.parameters, name, value)
        status = solver.solve(m)
        used += solver.response_proto.deterministic_time
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            bound = max(bound, math.ceil(solver.best_objective_bound - 1e-6))
        if status == cp_model.OPTIMAL:
            break
    return bound, used



def _pool_classes(
    staffing: Staffing, comp: ComponentModel, coarse: bool
) -> list[list[Employee]]:
    """The component's people in classes that share posts (and, unless ``coarse``, days
    off and contract), in first-seen order."""
    classes: dict[tuple[object, ...], list[Employee]] = {}
    for emp in comp.employees:
        key: tuple[object, ...] = (tuple(staffing.posts_of(emp)),)
        if not coarse:
            key += (tuple(sorted(set(emp.unavailable))), staffing.max_slots(emp))
        classes.setdefault(key, []).append(emp)
    return list(classes.values())


def _class_week(
    staffing: Staffing, comp: ComponentModel, members: list[Employee]
) -> tuple[dict[tuple[str, str], dict[tuple[SlotKey, ...], int]], dict[str, int], int, int, int]:
    """One class's week: per (day, role) each shape of shift (the row slots it covers) with
    its least paid slots; how many members can work each day; and the class's person-days,
    paid slots and the most paid slots of one member."""
    days_limit = staffing.standards.labor.max_days_per_week
    shapes: dict[tuple[str, str], dict[tuple[SlotKey, ...], int]] = {}
    free: dict[str, int] = {}
    person_days = paid_slots = most = 0
    seen: set[tuple[object, ...]] = set()
    for emp in members:
        days = {shift.day for shift, _ in comp.shifts[emp.id]}
        for day in days:
            free[day] = free.get(day, 0) + 1
        person_days += min(days_limit, len(days))
        paid_slots += staffing.max_slots(emp)
        most = max(most, staffing.max_slots(emp))
        same = (tuple(sorted(set(emp.unavailable))), staffing.max_slots(emp))
        if same in seen:
            continue  # the same shifts as a member already counted
        seen.add(same)
        for shift, _ in comp.shifts[emp.id]:
            keys = tuple(k for k in staffing.demand_keys(shift) if k in comp.shortage)
            if not keys:
                continue
            at = shapes.setdefault((shift.day, role_of(shift.post)), {})
            paid = shift.paid // staffing.slot
            at[keys] = min(at.get(keys, paid), paid)
    return shapes, free, person_days, paid_slots, most

def pooled_model(
    staffing: Staffing, comp: ComponentModel, coarse: bool = False
) -> tuple[cp_model.CpModel, list[cp_model.IntVar]]:
    """Level 1 relaxed: a class of people who share posts (and, unless ``coarse``, days
    off and contract) is a count, not persons.

    For each class, role, day and shape of shift (the row slots it covers), how many of
    the class work it; at most the class's people free that day, the people given each
    role, their weekly days and their paid slots, all summed over the class. A person's
    own week becomes the class's (one person may take another's day), and portfolio
    teams are dropped; nothing else is relaxed. Returns the model and the shortage per
    row slot.
    """
    days_limit = staffing.standards.labor.max_days_per_week
    m = cp_model.CpModel()
    covering: dict[SlotKey, list[cp_model.IntVar]] = {k: [] for k in comp.shortage}
    for c, members in enumerate(_pool_classes(staffing, comp, coarse)):
        size = len(members)
        shapes, free, person_days, paid_slots, most = _class_week(staffing, comp, members)
        roles = sorted({r for _, r in shapes})
        given = {r: m.new_int_var(0, size, f"m[{c},{r}]") for r in roles}
        m.add(cp_model.LinearExpr.sum(list(given.values())) <= size)
        by_day: dict[str, list[cp_model.IntVar]] = {}
        by_role: dict[str, list[tuple[cp_model.IntVar, int]]] = {r: [] for r in roles}
        for (day, role), at in sorted(shapes.items()):
            takes = []
            for n, (keys, paid) in enumerate(sorted(at.items())):
                x = m.new_int_var(0, free[day], f"n[{c},{day},{role},{n}]")
                takes.append(x)
                by_role[role].append((x, paid))
                for k in keys:
                    covering[k].append(x)
            m.add(cp_model.LinearExpr.sum(takes) <= given[role])
            by_day.setdefault(day, []).extend(takes)
        for day, takes in by_day.items():
            m.add(cp_model.LinearExpr.sum(takes) <= free[day])
        every = [x for takes in by_role.values() for x, _ in takes]
        m.add(cp_model.LinearExpr.sum(every) <= person_days)
        m.add(
            cp_model.LinearExpr.weighted_sum(every, [p for t in by_role.values() for _, p in t])
            <= paid_slots
        )
        for role, takes in by_role.items():
            xs = [x for x, _ in takes]
            m.add(cp_model.LinearExpr.sum(xs) <= days_limit * given[role])
            paid = cp_model.LinearExpr.weighted_sum(xs, [p for _, p in takes])
            m.add(paid <= most * given[role])
    short = []
    for key, xs in sorted(covering.items()):
        need = staffing.demand[key]
        gap = m.new_int_var(comp.shortage[key].proto.domain[0], need, f"s[{tuple(key)}]")
        m.add(cp_model.LinearExpr.sum([gap, *xs]) >= need)
        short.append(gap)
    return m, short
