"""The stages of the lexicographic solve (design §4), and how one stage is run.

Each stage minimises a weighted sum of one or more objective levels, then fixes it
(``expr <= value``) so that the next stage keeps it. Levels 1-4 are solved on a reduced
model where full-timers work only maximal shifts (a longer shift never hurts them there);
level 5, idle contract hours, on the full model with levels 1-4 fixed. Levels 2-4 share one
weighted solve, provably lexicographic (``stage_weights``), which saves a presolve per
level.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from staffopt.model import ComponentModel
from staffopt.solution import Solution
from staffopt.solve import finish
from staffopt.solve.params import SolverParams


@dataclass(frozen=True)
class Stage:
    """One minimisation: its name and the objective levels it weighs, first level first.

    ``role_bounds`` says the per-role headcount bounds are added before it (they need
    level 1's optimum); ``full_model`` says it runs on the full model, not the reduced one;
    ``probe`` says feasibility probes at the level's bound come first (``probes``);
    ``bound_search`` says an unproven minimisation goes on with a bound search from its
    roster (``finish``).
    """

    name: str
    levels: tuple[str, ...]
    role_bounds: bool = False
    full_model: bool = False
    probe: bool = False
    bound_search: bool = False


RELAXED_SHARE = 0.5  # of the stage's budget, apart from the branch's, for ``relaxed``

STAGES: tuple[Stage, ...] = (
    Stage("coverage", ("shortage_slots",), probe=True, bound_search=True),
    Stage("people", ("floor_shortage", "headcount", "role_changes"), role_bounds=True),
    Stage("idle hours", ("idle_slots",), full_model=True),
)


def stage_weights(level_max: dict[str, int], levels: Sequence[str]) -> list[int]:
    """Weights that make a weighted sum of levels order them lexicographically.

    Each level's weight exceeds the largest value all later levels can take together
    (``level_max``), so the weighted minimum is exactly the lexicographic one.
    """
    weights = [1]
    for level in reversed(levels[1:]):
        weights.append(weights[-1] * (level_max[level] + 1))
    return weights[::-1]


def proven_bounds(
    optimal: bool,
    objective_bound: float,
    values: Sequence[int],
    weights: Sequence[int],
    data_bounds: Sequence[int],
) -> list[int]:
    """The lower bound proven for each level of a weighted stage's solve.

    ``values`` are the levels' values in the solution found, ``objective_bound`` the
    solver's bound on the weighted sum, ``data_bounds`` what the data alone proves. While
    every earlier level is proven, the later levels add less than a level's weight in
    all, so the level is at least the bound left over, divided by its weight; once a
    level is open, nothing more than the data is known of the next.
    """
    residual = math.ceil(objective_bound - 1e-6)
    proven = True  # every earlier level of this stage is proven optimal
    bounds = []
    for value, weight, data_bound in zip(values, weights, data_bounds, strict=True):
        if optimal:
            bound = value
        elif proven:
            bound = max(residual // weight, data_bound)
            residual -= weight * value
        else:
            bound = data_bound
        proven = bound >= value
        bounds.append(bound)
    return bounds


def record(
    out: Solution, levels: Sequence[str], values: Sequence[int], bounds: Sequence[int],
    seconds: float,
) -> None:
    """Add one component's stage outcome to the branch's proof of each level."""
    for level, value, bound in zip(levels, values, bounds, strict=True):
        outcome = out.levels[level]
        outcome.bound += min(bound, value)
        outcome.value += value
        outcome.optimal &= bound >= value
        outcome.seconds += seconds / len(levels)


def run_stage(
    comp: ComponentModel,
    stage: Stage,
    hint: list[int] | None,
    params: SolverParams,
    out: Solution,
    fixed: dict[str, int],
    relaxed: Callable[[SolverParams], tuple[int, float]] | None = None,
) -> tuple[list[int] | None, float]:
    """Minimise one stage from ``hint``, record its proof in ``out`` and fix it in the
    model; return the solution found (None if none) and the deterministic time used.

    The stage's level values are added to ``fixed``. Where a bound-search stage ends
    unproven, ``relaxed`` (a lower bound of the stage's single level, solved apart, and
    its deterministic time) is tried first, within ``RELAXED_SHARE`` of the budget more;
    the bound search runs only if it does not prove the roster.
    """
    weights = stage_weights(comp.level_max, stage.levels)
    exprs = [comp.levels[level] for level in stage.levels]
    expr = sum(w * e for e, w in zip(exprs, weights, strict=True))
    comp.model.minimize(expr)
    comp.model.clear_hints()
    if hint is not None:
        comp.model.proto.solution_hint.vars.extend(range(len(hint)))
        comp.model.proto.solution_hint.values.extend(hint)
    started = time.perf_counter()
    solver, status = params.solve(comp.model)
    used = solver.response_proto.deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, used
    optimal, bound = status == cp_model.OPTIMAL, solver.best_objective_bound
    if stage.bound_search and not optimal and relaxed is not None:
        # its own budget, apart from the branch's: charged, it starved later levels
        floor, _ = relaxed(params.share(params.budget * RELAXED_SHARE))
        bound = max(bound, floor)
        optimal = math.ceil(bound - 1e-6) >= round(solver.objective_value)
    if stage.bound_search and not optimal:
        more = params.share(params.budget * finish.FINISH_SHARE)
        first_bound = bound
        solver, optimal, bound, spent = finish.search_bound(comp.model, expr, solver, more)
        bound = max(bound, first_bound)
        optimal = optimal or math.ceil(bound - 1e-6) >= round(solver.objective_value)
        used += spent
    values = [round(solver.value(e)) for e in exprs]
    bounds = proven_bounds(
        optimal,
        bound,
        values,
        weights,
        [comp.level_bounds.get(level, 0) for level in stage.levels],
    )
    record(out, stage.levels, values, bounds, time.perf_counter() - started)
    comp.model.add(expr <= round(solver.objective_value))
    fixed.update(zip(stage.levels, values, strict=True))
    return list(solver.response_proto.solution), used


def fix_levels(comp: ComponentModel, fixed: dict[str, int]) -> None:
    """Keep each level of ``fixed`` at most its value."""
    for level, value in fixed.items():
        comp.model.add(comp.levels[level] <= value)
