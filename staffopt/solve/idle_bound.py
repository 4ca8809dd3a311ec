"""A cheap lower bound on idle contract hours (level 5), and the check that lets the
idle-hours stage stop at its hint.

Each employee's paid hours are capped, role by role (team by team in a portfolio role),
by the most their own shifts can add up to within the contract and ``max_days_per_week``
(one shift a day): a small subset-sum over the days. The caps go into the full model as
cuts; the level's bound is the fewest people the fixed headcount forces into rostered
roles, each idle at least their smallest gap. When the hint meets that bound and
satisfies every constraint of the model, it is optimal, and the solve is skipped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from operator import mul

from ortools.sat.python import cp_model

from staffopt.config.models import role_of
from staffopt.counting import Shift
from staffopt.model import ComponentModel
from staffopt.solution import Solution
from staffopt.solve.params import SolverParams
from staffopt.solve.stages import Stage, record
from staffopt.staffing import Staffing

LEVEL = "idle_slots"


def most_paid(shifts: list[Shift], slot: int, contract: int, max_days: int) -> int:
    """The most paid slots, at most ``contract``, of at most one of ``shifts`` a day and at
    most ``max_days`` in all."""
    by_day: dict[str, set[int]] = {}
    for s in shifts:
        by_day.setdefault(s.day, set()).add(s.paid // slot)
    # reach[k]: the paid totals reachable with k shifts
    reach: list[set[int]] = [{0}] + [set() for _ in range(max_days)]
    for day in sorted(by_day):
        for k in range(max_days, 0, -1):
            reach[k] |= {t + p for t in reach[k - 1] for p in by_day[day] if t + p <= contract}
    return max(t for totals in reach for t in totals)


def _caps(
    staffing: Staffing, comp: ComponentModel, eid: str, contract: int
) -> dict[str, tuple[cp_model.IntVar, int]]:
    """Per role, or per team post of a portfolio role: its literal and the cap on paid
    slots while it is chosen."""
    teams = comp.teams[eid]
    lits = {r: x for r, x in comp.roles[eid].items() if not any(role_of(p) == r for p in teams)}
    lits.update(teams)
    grouped: dict[str, list[Shift]] = {name: [] for name in lits}
    for s, _ in comp.shifts[eid]:
        grouped.setdefault(s.post if s.post in teams else role_of(s.post), []).append(s)
    days = staffing.standards.labor.max_days_per_week
    return {
        name: (lit, most_paid(grouped[name], staffing.slot, contract, days))
        for name, lit in lits.items()
    }


def add_idle_cuts(staffing: Staffing, comp: ComponentModel, headcount: int) -> int:
    """Cap each employee's paid slots by role in ``comp`` and return a lower bound on its
    idle slots with ``headcount`` people given a role (it is also the level's data bound)."""
    gaps: list[int] = []
    free = 0  # people who could hold a role that is not rostered
    for emp in comp.employees:
        eid = emp.id
        contract = staffing.max_slots(emp)
        caps = _caps(staffing, comp, eid, contract)
        paid = cp_model.LinearExpr.weighted_sum(
            [x for _, x in comp.shifts[eid]], [s.paid // staffing.slot for s, _ in comp.shifts[eid]]
        )
        comp.model.add(paid <= sum(cap * lit for lit, cap in caps.values()))
        rostered = [
            contract - cap for name, (_, cap) in caps.items()
            if role_of(name) in staffing.rostered
        ]
        if rostered:
            gaps.append(min(rostered))
        if any(r not in staffing.rostered for r in comp.roles[eid]):
            free += 1
    forced = max(0, headcount - free)
    bound = sum(sorted(gaps)[:forced])
    comp.level_bounds[LEVEL] = bound
    comp.model.add(comp.levels[LEVEL] >= bound)  # lets CP-SAT stop as soon as it meets it
    return bound


ASSIGN_BOUND = True  # the role-by-role assignment bound (``assignment_bound``)
ASSIGN_BUDGET = 0.5  # deterministic seconds at most for it; it is a tiny model


def assignment_bound(
    staffing: Staffing, comp: ComponentModel, headcount: int, role_bounds: dict[str, int],
    params: SolverParams,
) -> tuple[int, float]:
    """A lower bound on idle slots from who can hold which role: the cheapest way to give
    every role at least ``role_bounds[role]`` people (and ``headcount`` people a role in
    all, when it is not 0), each idle at least their gap in the role held.

    Every roster that keeps levels 1-4 is such an assignment (the role bounds hold in it,
    and its idle slots are at least each holder's gap), so the assignment's least cost is
    a bound. Returns the bound proven and the deterministic time used.
    """
    m = cp_model.CpModel()
    cost: list[tuple[cp_model.IntVar, int]] = []
    held: dict[str, list[cp_model.IntVar]] = {}
    given: list[cp_model.IntVar] = []
    for emp in comp.employees:
        eid = emp.id
        caps = _caps(staffing, comp, eid, staffing.max_slots(emp))
        gap: dict[str, int] = {}
        for name, (_, cap) in caps.items():
            role = role_of(name)
            # a portfolio role: the cheapest of its teams, which relaxes the team choice
            here = staffing.max_slots(emp) - cap if role in staffing.rostered else 0
            gap[role] = min(gap.get(role, here), here)
        lits = []
        for role in sorted(gap):
            x = m.new_bool_var(f"{eid}:{role}")
            held.setdefault(role, []).append(x)
            lits.append(x)
            if gap[role]:
                cost.append((x, gap[role]))
        m.add_at_most_one(lits)
        given.extend(lits)
    for role, bound in sorted(role_bounds.items()):
        if bound > 0:
            m.add(sum(held.get(role, [])) >= bound)
    if headcount:
        m.add(sum(given) == headcount)
    m.minimize(sum(c * x for x, c in cost))
    solver = cp_model.CpSolver()
    params.exact(min(params.budget, ASSIGN_BUDGET)).configure(solver)
    status = solver.solve(m)
    spent = solver.response_proto.deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return 0, spent
    return math.ceil(solver.best_objective_bound - 1e-6), spent


def raise_bound(comp: ComponentModel, bound: int) -> int:
    """Raise the level's data bound in ``comp`` to ``bound`` (and cut the model at it);
    return the bound now held."""
    if bound > comp.level_bounds.get(LEVEL, 0):
        comp.level_bounds[LEVEL] = bound
        comp.model.add(comp.levels[LEVEL] >= bound)
    return comp.level_bounds.get(LEVEL, 0)


def _holds(values: list[int], lits: list[int]) -> list[int]:
    """Values of literals (a negative one is the negation of variable ``-lit - 1``)."""
    return [values[x] if x >= 0 else 1 - values[-x - 1] for x in lits]


def _within(domain: Sequence[int], value: int) -> bool:
    """Whether ``value`` lies in a proto domain: sorted (lower, upper) pairs, flat."""
    if len(domain) == 2:  # the common case, read once
        return domain[0] <= value <= domain[1]
    return any(domain[i] <= value <= domain[i + 1] for i in range(0, len(domain), 2))


def satisfies(proto: object, values: list[int]) -> bool:
    """Whether ``values`` satisfy every variable domain and constraint of the model proto;
    False for a kind of constraint this check does not read."""
    for var, value in zip(proto.variables, values, strict=True):
        if not _within(var.domain, value):
            return False
    value_of = values.__getitem__
    for ct in proto.constraints:
        enforced = ct.enforcement_literal
        if len(enforced) and not all(_holds(values, list(enforced))):
            continue
        if ct.has_linear():
            linear = ct.linear
            # a proto's vars and coeffs are of one length
            total = sum(map(mul, linear.coeffs, map(value_of, linear.vars)))
            if not _within(linear.domain, total):
                return False
        elif ct.has_at_most_one():
            if sum(_holds(values, list(ct.at_most_one.literals))) > 1:
                return False
        elif ct.has_exactly_one():
            if sum(_holds(values, list(ct.exactly_one.literals))) != 1:
                return False
        else:
            return False
    return True


def hint_value(staffing: Staffing, comp: ComponentModel, values: list[int]) -> int:
    """Idle slots of the roster in ``values``."""
    idle = 0
    for emp in comp.employees:
        eid = emp.id
        held = sum(values[x.index] for r, x in comp.roles[eid].items() if r in staffing.rostered)
        paid = sum(s.paid // staffing.slot * values[x.index] for s, x in comp.shifts[eid])
        idle += staffing.max_slots(emp) * held - paid
    return idle


def settle_at_hint(
    staffing: Staffing, comp: ComponentModel, stage: Stage, hint: list[int], bound: int,
    out: Solution, fixed: dict[str, int],
) -> bool:
    """Record the idle-hours stage as proven at its hint, if the hint is a solution of
    ``comp`` and meets ``bound``; say whether it did."""
    if stage.levels != (LEVEL,):
        return False
    value = hint_value(staffing, comp, hint)
    if value > bound or not satisfies(comp.model.proto, hint):
        return False
    record(out, stage.levels, [value], [value], 0.0)
    comp.model.add(comp.levels[LEVEL] <= value)
    fixed[LEVEL] = value
    return True
