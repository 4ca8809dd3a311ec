"""A bound search after a minimisation that ended unproven: the proof of level 1.

Level 1's lower bound comes from the search tree, not from the LP: on real calendars
with meal breaks the LP stays far below the optimum (BR-0008: LP 6, optimum 14), and no
single row or role proves anything (each role's people alone cover its rows; the
shortage comes from the people the roles share). A plain search finds good rosters but
seldom proves them; CP-SAT's objective lower-bound search proves bounds but finds worse
rosters on its own. So the plain minimisation runs first, exactly as before, and where
it ends unproven a bound search continues from its roster, limited to rosters no worse
(``level <= incumbent``). Its bound is valid for the whole model, since an optimum lies
among those rosters; the roster kept is never worse than the first one.
"""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from staffopt.solve.params import SolverParams

FINISH_SHARE = 0.5  # of the stage's budget, on top of it, for the bound search


def search_bound(
    model: cp_model.CpModel,
    expr: cp_model.LinearExprT,
    first: cp_model.CpSolver,
    params: SolverParams,
) -> tuple[cp_model.CpSolver, bool, float, float]:
    """Continue an unproven minimisation of ``expr`` (solved by ``first``) with a bound
    search from its roster, within ``params.budget``.

    Returns the solver whose roster to keep, whether that roster is proven optimal, the
    best lower bound of ``expr`` proven by either solve, and the deterministic time of
    the bound search.
    """
    bound = first.best_objective_bound
    incumbent = round(first.objective_value)
    if math.ceil(bound - 1e-6) >= incumbent:
        return first, True, bound, 0.0
    search = model.clone()  # same variable indices: the roster and the level carry over
    search.clear_hints()
    hint = first.response_proto.solution
    search.proto.solution_hint.vars.extend(range(len(hint)))
    search.proto.solution_hint.values.extend(hint)
    search.add(expr <= incumbent)
    solver, status = params.exact(params.budget).searching_bound().solve(search)
    spent = solver.response_proto.deterministic_time
    if status == cp_model.OPTIMAL:
        return solver, True, solver.best_objective_bound, spent
    if status != cp_model.FEASIBLE:
        return first, False, bound, spent
    bound = max(bound, solver.best_objective_bound)
    better = round(solver.objective_value) < incumbent
    keep = solver if better else first
    return keep, math.ceil(bound - 1e-6) >= round(keep.objective_value), bound, spent
