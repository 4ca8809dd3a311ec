"""Bounds solved on small sub-models, which sharpen the proofs of the main solve.

Per post before level 1 (``row_bounds``): a post's shortage is at least what its
qualified people could not cover even if they worked nothing else. Per role once level 1
is known (``role_bounds``): a role's headcount is at least the fewest people who could
cover its rows alone. Each bound is added to the model as a cut.
"""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from staffopt.config.models import role_of
from staffopt.counting import SlotKey, rows_of
from staffopt.model import ComponentModel, build
from staffopt.solve.params import SolverParams
from staffopt.staffing import Staffing

ROW_BOUND_CROWD = 2  # skip a post's bound when more than this many times its peak qualify


def least(sub: ComponentModel, level: str, params: SolverParams) -> tuple[int | None, float]:
    """The proven lower bound of one level of a sub-model (None if nothing was proven),
    and the deterministic time spent on it; the budget is ``params.budget`` exactly."""
    sub.model.minimize(sub.levels[level])
    solver = cp_model.CpSolver()
    params.exact(params.budget).configure(solver)
    status = solver.solve(sub.model)
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
    used = 0.0
    by_name: dict[str, list[SlotKey]] = {}
    for row in comp.shortage:
        by_name.setdefault(row.row, []).append(row)
    total = 0
    bounds: dict[str, int] = {}
    for name, rows in by_name.items():
        bounds[name] = sum(comp.shortage[r].proto.domain[0] for r in rows)
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
    for role, rows in by_role.items():
        qualified = [e for e in comp.employees if role in comp.roles[e.id]]
        if not qualified:
            continue
        allowed = shortage - sum(b for name, b in row_bounds.items() if role_of(name) != role)
        sub = build(staffing, qualified, rows, {}, maximal=True)
        sub.model.add(sub.levels["shortage_slots"] <= allowed)
        found, spent = least(sub, "headcount", params.share(params.budget / len(by_role)))
        used += spent
        if found is not None:
            bounds[role] = found
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
