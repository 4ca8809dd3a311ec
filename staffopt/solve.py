"""The lexicographic solve of design §4, and the Result it yields.

Each component of staff is solved apart: the lexicographic optimum of a sum of
independent parts is the parts' own optima put together. Within a component the
stages below run in turn; each is minimised, then fixed (``expr <= value``), and its
whole solution is the next stage's hint. Bounds solved on small sub-models sharpen
the proofs: per post before level 1 (``_row_bounds``), per role once level 1 is known
(``_role_bounds``). The paid-hours stage starts from the level-4 roster with its spare
shift ends trimmed (``_trim``).

Determinism: one CP-SAT worker, a fixed seed, and a deterministic-time budget, so
that the same input gives the same roster whatever the machine's load. A wall-clock
guard of three times the budget stops a runaway solve on a starved machine.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path

from ortools.sat.python import cp_model
from rich.console import Console

from staffopt.config import BranchInput, load_branch
from staffopt.config.models import DAYS, Employee, PortfolioRole, role_of
from staffopt.model import (
    LEVELS,
    ComponentModel,
    Shift,
    Staffing,
    build,
    interchangeable,
    order_key,
)
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

# Levels 1-4 are solved on a reduced model where full-timers work only maximal shifts
# (a longer shift never hurts them there); level 5, paid hours, on the full model with
# levels 1-4 fixed. Levels 2-4 share one weighted solve, provably lexicographic (see
# _stage_weights), which saves a presolve per level.
STAGES: tuple[tuple[str, ...], ...] = (
    ("shortage_slots",),
    ("floor_shortage", "headcount", "role_changes"),
    ("paid_slots",),
)
ROW_BOUND_SHARE = 0.1  # of a component's budget, for the per-post shortage bounds
ROW_BOUND_CROWD = 2  # skip a post's bound when more than this many times its peak qualify
MIN_STAGE_BUDGET = 0.5  # deterministic seconds; below this even small models stall
WALL_FACTOR = 3.0  # wall-clock guard on the whole solve, as a multiple of --time-limit
SEED = 20260


@dataclass
class LevelOutcome:
    """What is proven about one objective level, summed over components."""

    bound: int = 0
    optimal: bool = True
    seconds: float = 0.0


@dataclass
class Solution:
    """The chosen shifts, roles and teams, with the proof of each level."""

    shifts: dict[str, list[Shift]] = field(default_factory=dict)
    roles: dict[str, str | None] = field(default_factory=dict)
    teams: dict[str, str | None] = field(default_factory=dict)
    levels: dict[str, LevelOutcome] = field(
        default_factory=lambda: {k: LevelOutcome() for k in LEVELS}
    )


def _parameters(solver: cp_model.CpSolver, budget: float, seed: int, deadline: float) -> None:
    p = solver.parameters
    p.num_workers = 1
    p.random_seed = seed
    p.max_deterministic_time = max(budget, MIN_STAGE_BUDGET)
    # the guard only bites on a starved machine; a deterministic budget decides otherwise
    p.max_time_in_seconds = max(deadline - time.perf_counter(), 0.5)
    p.linearization_level = 2  # puts shift => role implications into the LP; proves level 1 fast
    # measured: presolve probing costs these models more than it saves (12 % less work over
    # the demo region and a 40-branch sample, same optima); see bench/RESULTS.md
    p.cp_model_probing_level = 0
    # measured: one presolve pass does what these models need; the later passes cost a
    # quarter of the region's solve time and change no optimum (bench/RESULTS.md)
    p.max_presolve_iterations = 1


def _stage_weights(comp: ComponentModel, levels: tuple[str, ...]) -> list[int]:
    """Weights that make a weighted sum of levels order them lexicographically.

    Each level's weight exceeds the largest value all later levels can take together,
    so the weighted minimum is exactly the lexicographic one.
    """
    weights = [1]
    for level in reversed(levels[1:]):
        weights.append(weights[-1] * (comp.level_max[level] + 1))
    return weights[::-1]


def _record(
    comp: ComponentModel,
    solver: cp_model.CpSolver,
    status: int,
    levels: tuple[str, ...],
    weights: list[int],
    seconds: float,
    out: Solution,
) -> None:
    """Read each level's proven bound from a weighted stage's solve."""
    residual = math.ceil(solver.best_objective_bound - 1e-6)
    proven = True  # every earlier level of this stage is proven optimal
    for level, weight in zip(levels, weights, strict=True):
        value = round(solver.value(comp.levels[level]))
        data_bound = comp.level_bounds.get(level, 0)
        if status == cp_model.OPTIMAL:
            bound = value
        elif proven:
            # the later levels add less than `weight` in all, so this level is at least this
            bound = max(residual // weight, data_bound)
            residual -= weight * value
        else:
            bound = data_bound  # once a level is open, nothing is known of the next
        proven = bound >= value
        outcome = out.levels[level]
        outcome.bound += min(bound, value)
        outcome.optimal &= bound >= value
        outcome.seconds += seconds / len(levels)


def _least(
    sub: ComponentModel, level: str, budget: float, seed: int, deadline: float
) -> tuple[int | None, float]:
    """The proven lower bound of one level of a sub-model (None if nothing was proven),
    and the deterministic time spent on it."""
    sub.model.minimize(sub.levels[level])
    solver = cp_model.CpSolver()
    _parameters(solver, budget, seed, deadline)
    solver.parameters.max_deterministic_time = budget
    status = solver.solve(sub.model)
    spent = solver.response_proto.deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, spent
    return math.ceil(solver.best_objective_bound - 1e-6), spent


def _row_bounds(
    staffing: Staffing, comp: ComponentModel, budget: float, seed: int, deadline: float
) -> tuple[float, dict[str, int]]:
    """Bound each post's shortage by the best its qualified people could do on it alone.

    Posts compete for people, so each post's shortage in any roster is at least what
    it would be if its people worked nothing else; these cuts close most of level 1's
    gap at once. Returns the deterministic time used and the bound of every coverage
    row name (at least what no one could cover at all).
    """
    used = 0.0
    by_name: dict[str, list[tuple[str, str, int]]] = {}
    for row in comp.shortage:
        by_name.setdefault(row[0], []).append(row)
    total = 0
    bounds: dict[str, int] = {}
    for name, rows in by_name.items():
        bounds[name] = sum(comp.shortage[r].proto.domain[0] for r in rows)
        qualified = [
            e
            for e in comp.employees
            if any(name in staffing.rows_covered_by(p) for p in staffing.posts_of(e))
        ]
        if len(qualified) > ROW_BOUND_CROWD * max(staffing.demand[r] for r in rows):
            total += bounds[name]
            continue  # a crowd of qualified people: no structural shortage to prove
        sub = build(staffing, qualified, set(rows), {}, maximal=True)
        least, spent = _least(sub, "shortage_slots", budget / len(by_name), seed, deadline)
        used += spent
        bound = max(sub.level_bounds["shortage_slots"], least or 0)
        if bound > 0:
            comp.model.add(sum(comp.shortage[r] for r in rows) >= bound)
        bounds[name] = max(bounds[name], bound)
        total += bounds[name]
    comp.level_bounds["shortage_slots"] = max(comp.level_bounds["shortage_slots"], total)
    return used, bounds


def _role_bounds(
    staffing: Staffing,
    comp: ComponentModel,
    shortage: int,
    row_bounds: dict[str, int],
    budget: float,
    seed: int,
    deadline: float,
) -> tuple[float, dict[str, int]]:
    """Bound the people each role needs, once level 1's optimum ``shortage`` is known.

    Everyone holds one role, and a shift counts only towards its own role's rows, so
    the people given role r must cover r's rows on their own, leaving at most what
    the other roles' row bounds leave of ``shortage``. The least such crowd, solved
    apart, bounds the role's headcount in every roster that keeps level 1; the sum of
    these bounds is what the headcount level's LP misses. Returns the deterministic
    time used and the bound per role.
    """
    used = 0.0
    by_role: dict[str, set[tuple[str, str, int]]] = {}
    for row in comp.shortage:
        by_role.setdefault(role_of(row[0]), set()).add(row)
    bounds: dict[str, int] = {}
    for role, rows in by_role.items():
        qualified = [e for e in comp.employees if role in comp.roles[e.id]]
        if not qualified:
            continue
        allowed = shortage - sum(b for name, b in row_bounds.items() if role_of(name) != role)
        sub = build(staffing, qualified, rows, {}, maximal=True)
        sub.model.add(sub.levels["shortage_slots"] <= allowed)
        least, spent = _least(sub, "headcount", budget / len(by_role), seed, deadline)
        used += spent
        if least is not None:
            bounds[role] = least
    _add_role_cuts(comp, bounds)
    # one role each: the roles' bounds add up to a bound on the headcount level
    headcount = max(comp.level_bounds.get("headcount", 0), sum(bounds.values()))
    comp.level_bounds["headcount"] = headcount
    return used, bounds


def _add_role_cuts(comp: ComponentModel, bounds: dict[str, int]) -> None:
    """At least ``bounds[role]`` people hold each role."""
    for role, bound in bounds.items():
        if bound > 0:
            comp.model.add(sum(r[role] for r in comp.roles.values() if role in r) >= bound)


def _idle(comp: ComponentModel, staffing: Staffing) -> list[int]:
    """The roster where no one works: always feasible, the fallback of last resort."""
    values = [0] * len(comp.model.proto.variables)
    for row, var in comp.shortage.items():
        values[var.index] = staffing.demand[row]
    for name, var in comp.floor_slack.items():
        values[var.index] = comp.floor_target[name]
    return values


def _trim(staffing: Staffing, employees: list[Employee], sol: Solution) -> None:
    """Shorten or drop every shift whose end slots are covered by others as well.

    Levels 1-4 are solved with full-timers on maximal shifts, which pay for many
    slots nobody needs; this greedy pass, in employee order, gives the paid-hours
    stage a starting roster with the same coverage and far fewer paid slots.
    """
    coverage = _coverage(staffing, sol.shifts)
    slot = staffing.slot

    def dropped(s: Shift, kept: Shift | None) -> list[tuple[str, str, int]]:
        """The coverage rows and slots ``s`` counts towards that ``kept`` does not."""
        span = range(kept.start, kept.end, slot) if kept else range(0)
        return [
            (row, s.day, t)
            for row in staffing.rows_covered_by(s.post)
            for t in range(s.start, s.end, slot)
            if t not in span
        ]

    for emp in employees:
        usable = set(staffing.shifts_for(emp))
        kept_shifts = []
        for s in sol.shifts[emp.id]:
            # drop the shift, else keep its shortest part that loses no needed slot;
            # ``s`` itself, last, always qualifies
            inner = [
                Shift(s.day, b, e, s.post)
                for b, e in staffing.templates[s.day]
                if s.start <= b and e <= s.end
            ]
            inner.sort(key=lambda c: (c.end - c.start, c.start))
            inner = [c for c in inner if c in usable]
            choice = next(
                c
                for c in [None, *inner]
                if all(coverage[k] > staffing.demand.get(k, 0) for k in dropped(s, c))
            )
            for key in dropped(s, choice):
                coverage[key] -= 1
            if choice is not None:
                kept_shifts.append(choice)
        sol.shifts[emp.id] = kept_shifts


def _encode(staffing: Staffing, comp: ComponentModel, sol: Solution) -> list[int]:
    """A roster of a component as a full assignment of the component's model.

    Interchangeable employees swap rosters, where needed, so that the symmetry order
    holds; slacks are what the roster leaves uncovered.
    """
    for group in interchangeable(staffing, comp.employees):
        plans = [(sol.roles[e.id], sol.teams[e.id], sol.shifts[e.id]) for e in group]
        plans.sort(key=lambda plan: -order_key(staffing, comp, group[0], *plan))
        for emp, (role, team, worked) in zip(group, plans, strict=True):
            sol.roles[emp.id], sol.teams[emp.id], sol.shifts[emp.id] = role, team, worked
    values = [0] * len(comp.model.proto.variables)
    counts: dict[str, int] = {}
    for emp in comp.employees:
        eid = emp.id
        for chosen, lits in ((sol.roles[eid], comp.roles[eid]), (sol.teams[eid], comp.teams[eid])):
            if chosen is not None:
                values[lits[chosen].index] = 1
                counts[chosen] = counts.get(chosen, 0) + 1
        worked = set(sol.shifts[eid])
        for s, x in comp.shifts[eid]:
            values[x.index] = int(s in worked)
    coverage = _coverage(staffing, sol.shifts)
    for row, var in comp.shortage.items():
        values[var.index] = max(var.proto.domain[0], staffing.demand[row] - coverage.get(row, 0))
    for name, var in comp.floor_slack.items():
        values[var.index] = max(0, comp.floor_target[name] - counts.get(name, 0))
    return values


def _run_stage(
    comp: ComponentModel,
    levels: tuple[str, ...],
    hint: list[int] | None,
    budget: float,
    seed: int,
    deadline: float,
    out: Solution,
    fixed: dict[str, int],
) -> tuple[list[int] | None, float]:
    """Minimise one stage, record its proof and fix it; return the solution and time used.

    The stage's level values are added to ``fixed``.
    """
    weights = _stage_weights(comp, levels)
    expr = sum(w * comp.levels[level] for level, w in zip(levels, weights, strict=True))
    comp.model.minimize(expr)
    comp.model.clear_hints()
    if hint is not None:
        comp.model.proto.solution_hint.vars.extend(range(len(hint)))
        comp.model.proto.solution_hint.values.extend(hint)
    solver = cp_model.CpSolver()
    _parameters(solver, budget, seed, deadline)
    started = time.perf_counter()
    status = solver.solve(comp.model)
    used = solver.response_proto.deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, used
    _record(comp, solver, status, levels, weights, time.perf_counter() - started, out)
    comp.model.add(expr <= round(solver.objective_value))
    fixed.update({level: round(solver.value(comp.levels[level])) for level in levels})
    return list(solver.response_proto.solution), used


def _solve_component(
    staffing: Staffing,
    employees: list[Employee],
    rows: set[tuple[str, str, int]],
    floors: dict[str, int],
    budget: float,
    seed: int,
    deadline: float,
    out: Solution,
) -> None:
    """Solve one component stage by stage, and extract the last solution found."""
    small = build(staffing, employees, rows, floors, maximal=True)
    used, row_bounds = _row_bounds(staffing, small, budget * ROW_BOUND_SHARE, seed, deadline)
    comp, values = small, None
    fixed: dict[str, int] = {}
    role_bounds: dict[str, int] = {}
    for n, levels in enumerate(STAGES):
        if values is not None and levels == STAGES[1]:
            spent, role_bounds = _role_bounds(
                staffing, small, fixed["shortage_slots"], row_bounds,
                budget * ROW_BOUND_SHARE, seed, deadline,
            )
            used += spent
        if values is not None and levels == STAGES[-1]:
            full = build(staffing, employees, rows, floors)
            for level, value in fixed.items():
                full.model.add(full.levels[level] <= value)
            _add_role_cuts(full, role_bounds)
            roster = Solution()
            _extract(small, values, roster)
            _trim(staffing, employees, roster)
            comp, values = full, _encode(staffing, full, roster)
        share = (budget - used) / (len(STAGES) - n)
        found, spent = _run_stage(comp, levels, values, share, seed, deadline, out, fixed)
        used += spent
        if found is None:
            # keep what earlier stages found; what is left is unproven
            for level in LEVELS[LEVELS.index(levels[0]) :]:
                out.levels[level].optimal = False
                out.levels[level].bound += comp.level_bounds.get(level, 0)
            break
        values = found
    _extract(comp, values if values is not None else _idle(comp, staffing), out)


def _extract(comp: ComponentModel, values: list[int], out: Solution) -> None:
    for emp in comp.employees:
        eid = emp.id
        out.shifts[eid] = [s for s, x in comp.shifts[eid] if values[x.index]]
        out.roles[eid] = next((r for r, x in comp.roles[eid].items() if values[x.index]), None)
        out.teams[eid] = next((p for p, x in comp.teams[eid].items() if values[x.index]), None)


def optimise(staffing: Staffing, time_limit: float, seed: int = SEED) -> Solution:
    """Solve every component of the branch level by level within ``time_limit``.

    ``time_limit`` is a deterministic budget (about a second of work on one core per
    unit), so a loaded machine gives the same roster, only later.
    """
    deadline = time.perf_counter() + time_limit * WALL_FACTOR
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
        budget = time_limit * len(group) / total
        _solve_component(staffing, group, rows[i], floors[i], budget, seed, deadline, out)
    # Rows and floors no employee can serve are uncovered by force: add them to the proof.
    for row, need in staffing.demand.items():
        if row[0] not in names:
            out.levels["shortage_slots"].bound += need
    for f in staffing.requirements.floors:
        if f.role not in names:
            out.levels["floor_shortage"].bound += f.floor
    for emp in staffing.branch.staff:
        out.shifts.setdefault(emp.id, [])
        out.roles.setdefault(emp.id, None)
        out.teams.setdefault(emp.id, None)
    return out


def gap(solution: Solution, values: dict[str, float]) -> float:
    """The relative gap of the first level not proven optimal (0.0 when all are)."""
    for level in LEVELS:
        o = solution.levels[level]
        if not o.optimal:
            return round((values[level] - o.bound) / max(1.0, values[level]), 6)
    return 0.0


def solve(inp: BranchInput, *, time_limit: float = 30.0, seed: int = SEED) -> BranchResult:
    """Size, model and solve one branch; the result follows design §5."""
    started = time.perf_counter()
    req: Requirements = compute(inp.standards, inp.branch)
    staffing = Staffing(inp.standards, inp.branch, req)
    solution = optimise(staffing, time_limit, seed)
    return build_result(inp, staffing, solution, time.perf_counter() - started)


def solve_file(
    path: Path,
    standards: Path | None = None,
    *,
    time_limit: float = 30.0,
    progress: Console | None = None,
) -> BranchResult:
    """Load a branch profile and solve it; with ``progress``, show its input warnings
    and a spinner there (stderr).

    Raises ConfigError when the files cannot be used.
    """
    inp = load_branch(path, standards)
    if progress is None:
        return solve(inp, time_limit=time_limit)
    for warning in inp.warnings:
        progress.print(str(warning), markup=False, highlight=False, soft_wrap=True)
    with progress.status(f"Solving {inp.branch.id} ({len(inp.branch.staff)} staff)…"):
        return solve(inp, time_limit=time_limit)


# ---------------------------------------------------------------- the Result


def _coverage(
    staffing: Staffing, shifts: dict[str, list[Shift]]
) -> dict[tuple[str, str, int], int]:
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

    def row(name: str, current: int, required: int, floor: int) -> HeadcountRow:
        return HeadcountRow(
            role=name, current=current, required=required, freed=current - required, floor=floor
        )

    rows = []
    for role, spec in std.roles.items():
        current = sum(1 for e in staff if e.role == role)
        required = sum(1 for e in staff if solution.roles[e.id] == role)
        rows.append(row(role, current, required, staffing.requirements.role_floors.get(role, 0)))
        if isinstance(spec, PortfolioRole):
            for post in std.posts_of(role):
                current = sum(
                    1
                    for e in staff
                    if e.role == role and _current_team(staffing, e.skills, role) == post
                )
                required = sum(1 for e in staff if solution.teams[e.id] == post)
                rows.append(row(post, current, required, floors.get(post, 0)))
    return rows


def build_result(
    inp: BranchInput, staffing: Staffing, solution: Solution, seconds: float
) -> BranchResult:
    """Turn a solution into the contract's Result; the objective is recounted from it."""
    req = staffing.requirements
    common = {
        "branch": inp.branch.id,
        "input_sha256": inp.input_sha256,
        "standards": inp.standards.name,
        "solve_seconds": round(seconds, 2),
        "slot_minutes": req.slot_minutes,
    }
    staff = sorted(inp.branch.staff, key=lambda e: e.id)
    roster = sorted(
        (
            RosterRow(employee=eid, post=s.post, day=s.day, start=clock(s.start), end=clock(s.end))
            for eid, worked in solution.shifts.items()
            for s in worked
        ),
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
            shortages.append(
                Shortage(post=row, day=day, start=clock(start), missing=missing, cause=cause)
            )
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
        gap=gap(
            solution,
            {
                **objective.model_dump(),
                "paid_slots": minutes // staffing.slot,
            },
        ),
        objective=objective,
        requirements=requirement_rows(req),
        roster=roster,
        headcount=_headcount(staffing, solution),
        assignments=[
            Assignment(
                employee=e.id,
                role=solution.roles[e.id],
                team=solution.teams[e.id].split(".", 1)[1] if solution.teams[e.id] else None,
            )
            for e in staff
        ],
        moves=[
            Move(employee=e.id, **{"from": e.role}, to=solution.roles[e.id])
            for e in staff
            if solution.roles[e.id] != e.role
        ],
        shortages=shortages,
        warnings=warning_rows(req),
    )
