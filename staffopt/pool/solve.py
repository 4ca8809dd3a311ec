"""Solving the pool: per scope group, level by level, deterministically (design §6.1)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from staffopt.config.models import Standards
from staffopt.counting import Shift, SlotKey, coverage
from staffopt.pool.assign import assign_branch, teams_of
from staffopt.pool.bound import level1_bound
from staffopt.pool.exact import build_pool as build_exact
from staffopt.pool.members import Member, days_left
from staffopt.pool.model import PoolModel, build_pool

SEED = 20261203
EXACT_SIZE = 2000  # members x short branches up to which the per-member model is solved
PASSES = 3  # rounds of branch by branch, each over the members with days and hours left


@dataclass
class PoolSolution:
    """The pooled shifts of every group, and how honest the answer is."""

    shifts: list[tuple[Member, str, Shift]] = field(default_factory=list)
    status: str = "optimal"
    gap: float = 0.0


def _params(budget: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # deterministic, and the batch shares the cores
    solver.parameters.random_seed = SEED
    solver.parameters.max_deterministic_time = budget
    return solver


def _gap(solver: cp_model.CpSolver) -> float:
    value, bound = solver.objective_value, solver.best_objective_bound
    gap = 0.0 if value <= bound + 1e-9 else (value - bound) / max(abs(value), 1.0)
    return min(gap, 1.0)


def _chosen(pm: PoolModel, solver: cp_model.CpSolver, std: Standards,
            into: PoolSolution) -> None:
    """Name the members behind the solver's counts, branch by branch."""
    sent = {k: solver.value(z) for k, z in pm.sent.items() if solver.value(z)}
    shifts: dict[str, list[Shift]] = {}
    for c in pm.candidates:
        shifts.setdefault(c.branch, []).extend([c.shift] * solver.value(c.var))
    for bid, team in sorted(teams_of(pm.classes, sent).items()):
        into.shifts.extend(assign_branch(team, bid, shifts.get(bid, []), std))


def _solve_exact(members: list[Member], openings: dict[str, dict[str, tuple[int, int]]],
                demand: dict[str, Counter[SlotKey]], scope_of: dict[str, list[str]],
                std: Standards, budget: float, into: PoolSolution) -> None:
    """The per-member model, level by level (small groups)."""
    pm = build_exact(members, openings, demand, scope_of, std)
    if not pm.candidates:
        return
    values: list[int] = []
    for level in pm.levels:
        pm.model.minimize(level)
        solver = _params(budget / len(pm.levels))
        code = solver.solve(pm.model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if not values:  # no answer at all: this group pools nobody
                into.status, into.gap = "feasible", 1.0  # nothing proven either
                return
            break  # the previous level's answer, already hinted, stands
        if code == cp_model.FEASIBLE:
            into.status = "feasible"
            into.gap = max(into.gap, _gap(solver))
        value = round(solver.objective_value)
        values.append(value)
        pm.model.add(level <= value)
        pm.model.clear_hints()
        for c in pm.candidates:
            pm.model.add_hint(c.var, solver.boolean_value(c.var))
        chosen = [c for c in pm.candidates if solver.boolean_value(c.var)]
    into.shifts.extend((c.member, c.branch, c.shift) for c in chosen)


def solve_group(members: list[Member], openings: dict[str, dict[str, tuple[int, int]]],
                demand: dict[str, Counter[SlotKey]], branches: list[str],
                std: Standards, budget: float, into: PoolSolution,
                exact_size: int = EXACT_SIZE) -> None:
    """Solve one group's levels in turn, each fixed before the next (its hint kept);
    ``budget`` deterministic seconds in all, presolve included. A group of more than
    ``exact_size`` member-branches is solved branch by branch instead."""
    short = [b for b in branches if b in demand]
    if not short:
        return  # nothing short here: nothing to solve
    if len(members) * len(short) <= exact_size:
        scope_of = {m.member: branches for m in members}
        _solve_exact(members, openings, demand, scope_of, std, budget, into)
        return
    start = len(into.shifts)
    _branch_by_branch(members, openings, demand, short, std, budget, into)
    # branch by branch proves nothing of the group: level 1 against a cheap bound
    mine = {b: demand[b] for b in short}
    value = sum(n.total() for n in _left(mine, into.shifts[start:], std).values())
    bound = level1_bound(members, demand, short, std)
    into.status = "feasible"
    into.gap = max(into.gap, 0.0 if value <= bound else (value - bound) / max(value, 1))


def _left(demand: dict[str, Counter[SlotKey]], shifts: list[tuple[Member, str, Shift]],
          std: Standards) -> dict[str, Counter[SlotKey]]:
    """The demand the shifts leave uncovered, by branch; branches left with none dropped."""
    at: dict[str, list[Shift]] = defaultdict(list)
    for _, bid, s in shifts:
        at[bid].append(s)
    out = {}
    for bid, need in demand.items():
        have = coverage(at.get(bid, []), std.calendar.slot_minutes)
        rest = Counter({k: n - have[k] for k, n in need.items() if n > have[k]})
        if rest:
            out[bid] = rest
    return out


def _rested(members: list[Member], shifts: list[tuple[Member, str, Shift]],
            std: Standards) -> list[Member]:
    """The members as the shifts leave them: the days they worked now off, their contract
    and days a week less what they worked; those who can work no shift more left out."""
    days: dict[str, set[str]] = defaultdict(set)
    paid: Counter[str] = Counter()
    for m, _, s in shifts:
        days[m.member].add(s.day)
        paid[m.member] += s.paid
    shortest = round(60 * min(std.labor.shift_hours))
    out = []
    for m in members:
        more = days_left(m, std) - len(days[m.member])
        if more > 0 and m.contract_minutes - paid[m.member] >= shortest:
            out.append(replace(m, unavailable=m.unavailable | days[m.member], max_days=more,
                               contract_minutes=m.contract_minutes - paid[m.member]))
    return out


def _branch_by_branch(members: list[Member], openings: dict[str, dict[str, tuple[int, int]]],
                      demand: dict[str, Counter[SlotKey]], short: list[str], std: Standards,
                      budget: float, into: PoolSolution) -> None:
    """Each short branch, most short first, takes the members still free; then, pass after
    pass, the members with days and hours left serve what is still short elsewhere."""
    start, left = len(into.shifts), list(members)
    need = mine = {b: demand[b] for b in short}
    for _ in range(PASSES):
        before = len(into.shifts)
        for bid in sorted(need, key=lambda b: (-sum(need[b].values()), b)):
            at = len(into.shifts)
            _solve_counted(left, openings, need, bid, std, budget / PASSES / len(short), into)
            used = {m.member for m, _, _ in into.shifts[at:]}
            left = [m for m in left if m.member not in used]
        if len(into.shifts) == before:
            return  # nobody could do more
        done = into.shifts[start:]
        left, need = _rested(members, done, std), _left(mine, done, std)


def _solve_counted(members: list[Member], openings: dict[str, dict[str, tuple[int, int]]],
                   demand: dict[str, Counter[SlotKey]], bid: str, std: Standards,
                   budget: float, into: PoolSolution) -> None:
    """One branch's counted model over the members still free, level by level."""
    pm = build_pool(members, openings, demand, [bid], std)
    if not pm.candidates:
        return
    best: cp_model.CpSolver | None = None
    for level in pm.levels:
        pm.model.minimize(level)
        solver = _params(budget / len(pm.levels))
        code = solver.solve(pm.model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break  # the previous level's answer, already hinted, stands
        best = solver
        pm.model.add(level <= round(solver.objective_value))
        pm.model.clear_hints()
        for c in pm.candidates:
            pm.model.add_hint(c.var, solver.value(c.var))
        for z in pm.sent.values():
            pm.model.add_hint(z, solver.value(z))
    if best is not None:
        _chosen(pm, best, std, into)


def groups_of(members: list[Member], districts: dict[str, str | None],
              scope: str) -> list[tuple[list[Member], dict[str, list[str]]]]:
    """The independent groups: a district each (a branch without one is its own), or all."""
    def key(bid: str) -> str:
        d = districts[bid]
        return "*" if scope == "region" else (f"d:{d}" if d is not None else f"b:{bid}")
    branches_of: dict[str, list[str]] = {}
    for bid in sorted(districts):
        branches_of.setdefault(key(bid), []).append(bid)
    out = []
    for g in sorted(branches_of):
        mine = [m for m in members if key(m.home) == g]
        if mine:
            out.append((mine, {m.member: branches_of[g] for m in mine}))
    return out
