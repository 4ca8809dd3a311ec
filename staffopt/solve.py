"""The lexicographic solve of design §4, and the Result it yields.

Each component of staff is solved apart: the lexicographic optimum of a sum of
independent parts is the parts' own optima put together. Within a component level 1
is minimised and fixed (``expr <= value``), then levels 2-5 are minimised together
with lexicographic weights, from the whole previous solution as a hint.

Determinism: one CP-SAT worker, a fixed seed, and a deterministic-time budget, so
that the same input gives the same roster whatever the machine's load. A wall-clock
guard of several times the budget stops a runaway solve on a starved machine.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path

from ortools.sat.python import cp_model
from rich.console import Console

from staffopt.config import BranchInput, load_branch
from staffopt.config.models import DAYS, PortfolioRole
from staffopt.model import LEVELS, ComponentModel, Shift, Staffing, build
from staffopt.requirements import Requirements, clock, compute
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

# Level 1 is solved and fixed first; levels 2-5 then go in one weighted solve, which is
# provably lexicographic (see _stage_weights) and saves a presolve per level.
STAGES: tuple[tuple[str, ...], ...] = (
    ("shortage_slots",),
    ("floor_shortage", "headcount", "role_changes", "paid_slots"),
)
ROW_BOUND_SHARE = 0.1  # of a component's budget, for the per-post shortage bounds
WALL_FACTOR = 4.0  # wall-clock guard, as a multiple of a level's deterministic budget
SEED = 20260


@dataclass
class LevelOutcome:
    """How one objective level ended, summed over components."""

    value: int = 0
    bound: int = 0
    optimal: bool = True
    seconds: float = 0.0


@dataclass
class Solution:
    """The chosen shifts, roles and teams, with the proof of each level."""

    shifts: dict[str, list[Shift]] = field(default_factory=dict)
    roles: dict[str, str | None] = field(default_factory=dict)
    teams: dict[str, str | None] = field(default_factory=dict)
    levels: dict[str, LevelOutcome] = field(default_factory=lambda: {k: LevelOutcome() for k in LEVELS})
    failed: str | None = None


def _parameters(solver: cp_model.CpSolver, budget: float, seed: int) -> None:
    p = solver.parameters
    p.num_workers = 1
    p.random_seed = seed
    p.max_deterministic_time = max(budget, 0.05)
    p.max_time_in_seconds = max(budget, 0.05) * WALL_FACTOR + 1.0
    p.linearization_level = 2  # puts shift => role implications into the LP; proves level 1 fast


def _stage_weights(comp: ComponentModel, levels: tuple[str, ...]) -> list[int]:
    """Weights that make a weighted sum of levels order them lexicographically.

    Each level's weight exceeds the largest value all later levels can take together,
    so the weighted minimum is exactly the lexicographic one.
    """
    weights = [1]
    for level in reversed(levels[1:]):
        weights.append(weights[-1] * (comp.level_max[level] + 1))
    return weights[::-1]


def _record(comp: ComponentModel, solver: cp_model.CpSolver, status: int,
            levels: tuple[str, ...], weights: list[int], seconds: float, out: Solution) -> None:
    """Read each level's value and proven bound from a weighted stage's solve."""
    optimal = status == cp_model.OPTIMAL
    residual = math.ceil(solver.best_objective_bound - 1e-6)
    proven = True
    for level, weight in zip(levels, weights, strict=True):
        value = round(solver.value(comp.levels[level]))
        outcome = out.levels[level]
        outcome.seconds += seconds / len(levels)
        if optimal:
            bound = value
        elif proven:
            # later levels add less than `weight` in all, so this level is at least bound
            bound = max(residual // weight, comp.level_bounds.get(level, 0))
            residual -= weight * value
            proven = bound >= value
        else:
            bound = comp.level_bounds.get(level, 0)  # nothing is known beyond the data's bound
        outcome.value += value
        outcome.bound += min(bound, value)
        outcome.optimal &= bound >= value


def _row_bounds(staffing: Staffing, comp: ComponentModel, budget: float, seed: int) -> float:
    """Bound each post's shortage by the best its qualified people could do on it alone.

    Posts compete for people, so each post's shortage in any roster is at least what
    it would be if its people worked nothing else; these cuts close most of level 1's
    gap at once. Returns the deterministic time used.
    """
    used = 0.0
    by_name: dict[str, list[tuple[str, str, int]]] = {}
    for row in comp.shortage:
        by_name.setdefault(row[0], []).append(row)
    total = 0
    for name, rows in by_name.items():
        sub = build(staffing, comp.employees, set(rows), {})
        sub.model.minimize(sub.levels["shortage_slots"])
        solver = cp_model.CpSolver()
        _parameters(solver, budget / len(by_name), seed)
        solver.solve(sub.model)
        used += solver.response_proto.deterministic_time
        bound = max(math.ceil(solver.best_objective_bound - 1e-6), 0)
        if bound > 0:
            comp.model.add(sum(comp.shortage[r] for r in rows) >= bound)
        total += bound
    comp.level_bounds["shortage_slots"] = max(comp.level_bounds["shortage_slots"], total)
    return used


def _solve_component(comp: ComponentModel, staffing: Staffing, budget: float, seed: int,
                     out: Solution) -> float:
    """Minimise the stages in turn, fixing each; return the deterministic time used."""
    used = _row_bounds(staffing, comp, budget * ROW_BOUND_SHARE, seed)
    hint: list[int] | None = None
    model = comp.model
    for n, levels in enumerate(STAGES):
        share = (budget - used) / (len(STAGES) - n)
        weights = _stage_weights(comp, levels)
        expr = sum(w * comp.levels[level] for level, w in zip(levels, weights, strict=True))
        model.minimize(expr)
        model.clear_hints()
        if hint is not None:
            model.proto.solution_hint.vars.extend(range(len(hint)))
            model.proto.solution_hint.values.extend(hint)
        solver = cp_model.CpSolver()
        _parameters(solver, share, seed)
        started = time.perf_counter()
        status = solver.solve(model)
        used += solver.response_proto.deterministic_time
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            out.failed = (
                f"no solution within the time limit ({solver.status_name(status)}); "
                "raise --time-limit"
            )
            return used
        _record(comp, solver, status, levels, weights, time.perf_counter() - started, out)
        model.add(expr <= round(solver.objective_value))
        hint = list(solver.response_proto.solution)
    _extract(comp, solver, out)
    return used


def _extract(comp: ComponentModel, solver: cp_model.CpSolver, out: Solution) -> None:
    for emp in comp.employees:
        eid = emp.id
        out.shifts[eid] = [s for s, x in comp.shifts[eid] if solver.boolean_value(x)]
        out.roles[eid] = next((r for r, x in comp.roles[eid].items() if solver.boolean_value(x)), None)
        out.teams[eid] = next((p for p, x in comp.teams[eid].items() if solver.boolean_value(x)), None)


def optimise(staffing: Staffing, time_limit: float, seed: int = SEED) -> Solution:
    """Solve every component of the branch level by level within ``time_limit``."""
    groups, names = staffing.components()
    rows: list[set[tuple[str, str, int]]] = [set() for _ in groups]
    for row in staffing.demand:
        if row[0] in names:
            rows[names[row[0]]].add(row)
    floors: list[dict[str, int]] = [{} for _ in groups]
    for f in staffing.requirements.floors:
        if f.role in names:
            floors[names[f.role]][f.role] = f.floor
    out = Solution()
    total = sum(len(g) for g in groups) or 1
    for i, group in enumerate(groups):
        comp = build(staffing, group, rows[i], floors[i])
        _solve_component(comp, staffing, time_limit * len(group) / total, seed, out)
        if out.failed:
            break
    # Rows and floors no employee can serve are uncovered by force: add them to the proof.
    for row, need in staffing.demand.items():
        if row[0] not in names:
            out.levels["shortage_slots"].value += need
            out.levels["shortage_slots"].bound += need
    for f in staffing.requirements.floors:
        if f.role not in names:
            out.levels["floor_shortage"].value += f.floor
            out.levels["floor_shortage"].bound += f.floor
    for emp in staffing.branch.staff:
        out.shifts.setdefault(emp.id, [])
        out.roles.setdefault(emp.id, None)
        out.teams.setdefault(emp.id, None)
    return out


def gap(solution: Solution) -> float:
    """The relative gap of the first level not proven optimal (0.0 when all are)."""
    for level in LEVELS:
        o = solution.levels[level]
        if not o.optimal:
            return round((o.value - o.bound) / max(1, o.value), 6)
    return 0.0


def solve(inp: BranchInput, *, time_limit: float = 30.0, seed: int = SEED) -> BranchResult:
    """Size, model and solve one branch; the result follows design §5."""
    started = time.perf_counter()
    req: Requirements = compute(inp.standards, inp.branch)
    staffing = Staffing(inp.standards, inp.branch, req)
    solution = optimise(staffing, time_limit, seed)
    return build_result(inp, staffing, solution, gap(solution), time.perf_counter() - started)


def solve_file(path: Path, standards: Path | None = None, *, time_limit: float = 30.0,
               progress: Console | None = None) -> BranchResult:
    """Load a branch profile and solve it, with a spinner on ``progress``.

    Raises ConfigError when the files cannot be used.
    """
    inp = load_branch(path, standards)
    if progress is None:
        return solve(inp, time_limit=time_limit)
    with progress.status(f"Solving {inp.branch.id} ({len(inp.branch.staff)} staff)…"):
        return solve(inp, time_limit=time_limit)



# ---------------------------------------------------------------- the Result


def _coverage(staffing: Staffing, shifts: dict[str, list[Shift]]) -> dict[tuple[str, str, int], int]:
    """People on each coverage row in each slot, counted from the roster."""
    count: dict[tuple[str, str, int], int] = {}
    for worked in shifts.values():
        for s in worked:
            for row in staffing.rows_covered_by(s.post):
                for t in range(s.start, s.end, staffing.slot):
                    count[(row, s.day, t)] = count.get((row, s.day, t), 0) + 1
    return count


def _current_team(staffing: Staffing, emp_skills: list[str], role: str) -> str:
    """The team a current portfolio-role holder counts towards: their first team skill."""
    posts = staffing.standards.posts_of(role)
    return next((p for p in posts if p in emp_skills), posts[0])


def _headcount(staffing: Staffing, solution: Solution) -> list[HeadcountRow]:
    std, staff = staffing.standards, staffing.branch.staff
    floors = {f.role: f.floor for f in staffing.requirements.floors}
    rows = []
    for role, spec in std.roles.items():
        current = sum(1 for e in staff if e.role == role)
        required = sum(1 for e in staff if solution.roles[e.id] == role)
        rows.append(HeadcountRow(role=role, current=current, required=required,
                                 freed=current - required,
                                 floor=staffing.requirements.role_floors.get(role, 0)))
        if isinstance(spec, PortfolioRole):
            for post in std.posts_of(role):
                cur = sum(1 for e in staff if e.role == role and _current_team(staffing, e.skills, role) == post)
                req = sum(1 for e in staff if solution.teams[e.id] == post)
                rows.append(HeadcountRow(role=post, current=cur, required=req, freed=cur - req,
                                         floor=floors.get(post, 0)))
    return rows


def build_result(inp: BranchInput, staffing: Staffing, solution: Solution, gap_: float,
                 seconds: float) -> BranchResult:
    """Turn a solution into the contract's Result; the objective is recounted from it."""
    req = staffing.requirements
    common = {
        "branch": inp.branch.id, "input_sha256": inp.input_sha256, "standards": inp.standards.name,
        "solve_seconds": round(seconds, 2), "slot_minutes": req.slot_minutes,
    }
    if solution.failed:
        return BranchResult(**common, status="error", gap=None, objective=None, error=solution.failed)
    staff = sorted(inp.branch.staff, key=lambda e: e.id)
    roster = sorted(
        (RosterRow(employee=eid, post=s.post, day=s.day, start=clock(s.start), end=clock(s.end))
         for eid, worked in solution.shifts.items() for s in worked),
        key=lambda r: (r.employee, DAYS.index(r.day), r.start),
    )
    coverage = _coverage(staffing, solution.shifts)
    shortages = []
    for (row, day, start), need in sorted(
        staffing.demand.items(), key=lambda kv: (kv[0][0], DAYS.index(kv[0][1]), kv[0][2])
    ):
        missing = need - coverage.get((row, day, start), 0)
        if missing > 0:
            cause = explain(staffing, solution.shifts, solution.roles, row, day, start)
            shortages.append(Shortage(post=row, day=day, start=clock(start), missing=missing, cause=cause))
    assigned: dict[str, int] = {}
    for e in staff:
        for name in (solution.roles[e.id], solution.teams[e.id]):
            if name is not None:
                assigned[name] = assigned.get(name, 0) + 1
    floor_shortage = sum(max(0, f.floor - assigned.get(f.role, 0)) for f in req.floors)
    minutes = sum(s.end - s.start for worked in solution.shifts.values() for s in worked)
    objective = Objective(
        shortage_slots=sum(s.missing for s in shortages),
        floor_shortage=floor_shortage,
        headcount=sum(1 for e in staff if solution.roles[e.id] is not None),
        role_changes=sum(1 for e in staff if solution.roles[e.id] not in (None, e.role)),
        paid_hours=minutes // 60 if minutes % 60 == 0 else minutes / 60,
    )
    return BranchResult(
        **common,
        status="optimal" if all(o.optimal for o in solution.levels.values()) else "feasible",
        gap=gap_,
        objective=objective,
        requirements=requirement_rows(req),
        roster=roster,
        headcount=_headcount(staffing, solution),
        assignments=[
            Assignment(employee=e.id, role=solution.roles[e.id],
                       team=solution.teams[e.id].split(".", 1)[1] if solution.teams[e.id] else None)
            for e in staff
        ],
        moves=[
            Move(employee=e.id, **{"from": e.role}, to=solution.roles[e.id])
            for e in staff if solution.roles[e.id] != e.role
        ],
        shortages=shortages,
        warnings=warning_rows(req),
    )
