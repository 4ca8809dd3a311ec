"""Feasibility probes at a level's lower bound: prove a level by reaching its bound.

Minimising shortage is hard on calendars with meal breaks: the optimum is often the
bound the data already proves (no slot short), but the search wanders far above it.
Asking instead for a roster *at* the bound (``level <= bound``) turns every coverage row
into a hard constraint whose propagation finds such a roster quickly, or proves there is
none, which raises the bound by one. A few such probes prove most levels outright; what
they cannot settle is left to the plain minimisation. The raised bound becomes a cut
only when the probes ended on a proof; when the last probe ran out of time, the bound is
kept for the proof alone and the model left as it was, so that the minimisation searches
exactly as it would without probes (a cut there steered it to worse rosters: DC-0013).
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from staffopt.model import ComponentModel
from staffopt.solution import Solution
from staffopt.solve.params import SolverParams
from staffopt.solve.stages import Stage, record

PROBES = 3  # probes per level: the bound, then one more for each proof that it is not met
PROBE_BUDGET = 3.0  # deterministic seconds per probe at most


def probe_stage(
    comp: ComponentModel,
    stage: Stage,
    params: SolverParams,
    out: Solution,
    fixed: dict[str, int],
) -> tuple[list[int] | None, float]:
    """Try to settle a one-level stage by probes at its bound, within ``params.budget``.

    On success the level is recorded in ``out`` as proven, fixed in the model and in
    ``fixed``, and the roster is returned; otherwise None, with the bound proven so far
    kept in ``comp.level_bounds`` (and as a cut if no probe ran out of time). Returns
    the deterministic time used too.
    """
    (level,) = stage.levels
    expr = comp.levels[level]
    bound = comp.level_bounds.get(level, 0)
    used = 0.0
    settled = True  # every probe so far ended on a proof
    for _ in range(PROBES):
        budget = min(PROBE_BUDGET, (params.budget - used) / 2)
        if budget <= 0:
            break
        started = time.perf_counter()
        status, values, spent = _feasible(comp, expr <= bound, params.exact(budget))
        used += spent
        if status == cp_model.INFEASIBLE:
            bound += 1  # no roster at the bound: the level is at least one more
            continue
        if values is not None:
            record(out, stage.levels, [bound], [bound], time.perf_counter() - started)
            comp.model.add(expr <= bound)
            fixed[level] = bound
            return values, used
        settled = False  # the probe ran out of time: leave the level to the minimisation
        break
    if bound > comp.level_bounds.get(level, 0):
        comp.level_bounds[level] = bound
        if settled:
            comp.model.add(expr >= bound)
    return None, used


def _feasible(
    comp: ComponentModel, limit: cp_model.BoundedLinearExpression, params: SolverParams
) -> tuple[int, list[int] | None, float]:
    """Solve a copy of the model with ``limit`` added, for a time; the status, the roster
    found (if any) and the deterministic time used."""
    model = comp.model.clone()  # same variable indices: the limit and the roster carry over
    model.clear_objective()
    model.clear_hints()
    model.add(limit)
    solver, status = params.solve(model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    values = list(solver.response_proto.solution) if found else None
    return status, values, solver.response_proto.deterministic_time
