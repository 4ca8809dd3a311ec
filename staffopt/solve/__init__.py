"""The lexicographic solve of design §4: ``solve(branch input) -> BranchResult``.

Each component of staff is solved apart: the lexicographic optimum of a sum of
independent parts is the parts' own optima put together. Within a component the stages
(``stages.STAGES``) run in turn; each is minimised, then fixed, and its whole solution is
the next stage's hint. Bounds solved on small sub-models sharpen the proofs
(``bounds``); the idle-hours stage starts from a filled roster (``hints``), under a cheap bound that
ends it at once where that roster meets it (``idle_bound``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from staffopt.config import BranchInput
from staffopt.config.models import Employee
from staffopt.counting import SlotKey
from staffopt.extract import build_result
from staffopt.model import LEVELS, ComponentModel, build
from staffopt.requirements import compute
from staffopt.result import BranchResult
from staffopt.solution import Solution
from staffopt.solve import bounds, hints, idle_bound, idle_hint, people_hint, probes
from staffopt.solve.params import SEED, SolverParams
from staffopt.solve.stages import STAGES, fix_levels, run_stage
from staffopt.staffing import Staffing

ROW_BOUND_SHARE = 0.1  # of a component's budget, for each kind of sub-model bound
REPLAN = True  # re-plan each role's shifts for the idle-hours start (``idle_hint``)
REPLAN_SHARE = 0.05  # of a component's budget, shared by its roles


def hints_value_above(staffing: Staffing, comp: object, values: list[int], bound: int) -> bool:
    """Whether the start ``values`` has more idle slots than ``bound``."""
    return idle_bound.hint_value(staffing, comp, values) > bound

__all__ = ["SEED", "Component", "SolverParams", "components", "optimise", "solve"]


@dataclass(frozen=True)
class Component:
    """Staff that no post or role links to others, with the coverage rows and the floors
    (role or team post -> floor) its people can serve."""

    employees: list[Employee]
    rows: set[SlotKey]
    floors: dict[str, int]


def components(staffing: Staffing) -> tuple[list[Component], set[str]]:
    """The branch's components, and every post and role name some employee can work."""
    groups, names = staffing.components()
    parts = [Component(group, set(), {}) for group in groups]
    for row in staffing.demand:
        if row.row in names:
            parts[names[row.row]].rows.add(row)
    for f in staffing.requirements.floors:
        if f.role in names:
            parts[names[f.role]].floors[f.role] = f.floor
    return parts, set(names)


def _solve_component(
    staffing: Staffing, part: Component, params: SolverParams, out: Solution
) -> None:
    """Solve one component stage by stage within ``params.budget``, and put the last
    solution found into ``out``."""
    small = build(staffing, part.employees, part.rows, part.floors, maximal=True)
    bound_params = params.share(params.budget * ROW_BOUND_SHARE)
    used, row_bounds = bounds.row_bounds(staffing, small, bound_params)
    comp, values = small, None
    fixed: dict[str, int] = {}
    role_bounds: dict[str, int] = {}
    for n, stage in enumerate(STAGES):
        if values is not None and stage.role_bounds and params.role_cuts:
            spent, role_bounds = bounds.role_bounds(
                staffing, small, fixed["shortage_slots"], row_bounds, bound_params
            )
            used += spent
        if values is not None and stage.role_bounds:
            # a start at the proven bounds ends the stage; otherwise level 1's own roster
            # is the better hint (measured: the thinned one slows levels 2-5 down)
            start = people_hint.people_start(staffing, comp, values)
            if people_hint.settle_people(comp, stage, start, out, fixed):
                values = start
                continue
        if values is not None and stage.full_model:
            full = build(staffing, part.employees, part.rows, part.floors)
            fix_levels(full, fixed)
            bounds.add_role_cuts(full, role_bounds)
            comp, values = full, hints.idle_hours_start(staffing, small, values, full)
            # the headcount is exact only where the people levels are proven
            heads = fixed["headcount"] if out.levels["headcount"].optimal else 0
            idle_floor = idle_bound.add_idle_cuts(staffing, full, heads)
            if idle_bound.ASSIGN_BOUND:
                assigned, spent = idle_bound.assignment_bound(
                    staffing, full, heads, role_bounds, params
                )
                used += spent
                idle_floor = idle_bound.raise_bound(full, assigned)
            if REPLAN and hints_value_above(staffing, full, values, idle_floor):
                values, spent = idle_hint.improve(
                    staffing, full, values, params.share(params.budget * REPLAN_SHARE)
                )
                used += spent
            if idle_bound.settle_at_hint(staffing, full, stage, values, idle_floor, out, fixed):
                continue
        share = (params.budget - used) / (len(STAGES) - n)
        found = None
        if stage.probe:
            found, spent = probes.probe_stage(comp, stage, params.share(share / 2), out, fixed)
            used += spent  # the minimisation keeps its whole share; later stages pay
        if found is None:
            relaxed = None
            if stage.bound_search:
                def relaxed(p: SolverParams, comp: ComponentModel = comp) -> tuple[int, float]:
                    return bounds.pooled_bound(staffing, comp, p)
            found, spent = run_stage(
                comp, stage, values, params.share(share), out, fixed, relaxed
            )
            used += spent
        if found is None:
            # keep what earlier stages found; what is left is unproven
            for level in LEVELS[LEVELS.index(stage.levels[0]) :]:
                out.levels[level].optimal = False
                out.levels[level].bound += comp.level_bounds.get(level, 0)
            break
        values = found
    hints.read_roster(comp, values if values is not None else hints.idle(staffing, comp), out)


def optimise(staffing: Staffing, params: SolverParams) -> Solution:
    """Solve every component of the branch level by level within ``params.budget``,
    shared by the components in proportion to their staff."""
    parts, served = components(staffing)
    out = Solution()
    total = sum(len(c.employees) for c in parts) or 1
    for c in parts:
        share = params.share(params.budget * len(c.employees) / total)
        _solve_component(staffing, c, share, out)
    # Rows and floors no employee can serve are uncovered by force: add them to the proof.
    for row, need in staffing.demand.items():
        if row.row not in served:
            out.levels["shortage_slots"].bound += need
    for f in staffing.requirements.floors:
        if f.role not in served:
            out.levels["floor_shortage"].bound += f.floor
    for emp in staffing.branch.staff:
        out.shifts.setdefault(emp.id, [])
        out.roles.setdefault(emp.id, None)
        out.teams.setdefault(emp.id, None)
    return out


def solve(
    inp: BranchInput, *, time_limit: float = 30.0, seed: int = SEED, role_cuts: bool = True
) -> BranchResult:
    """Size, model and solve one branch; the result follows design §5.

    ``time_limit`` is a deterministic budget (about a second of work on one core per
    unit), so a loaded machine gives the same roster, only later. ``role_cuts`` is
    documented in ``SolverParams``.
    """
    started = time.perf_counter()
    staffing = Staffing(inp.standards, inp.branch, compute(inp.standards, inp.branch))
    params = SolverParams.start(time_limit, seed=seed, role_cuts=role_cuts)
    solution = optimise(staffing, params)
    return build_result(inp, staffing, solution, time.perf_counter() - started)
