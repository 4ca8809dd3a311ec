"""Rosters read from a model's values, and rosters written back as a model's hint.

The paid-hours stage runs on the full model, starting from the reduced model's level-4
roster with its spare shift ends trimmed (``trim``), encoded as a full assignment of the
full model (``encode``).
"""

from __future__ import annotations

from staffopt.config.models import Employee
from staffopt.counting import Shift, SlotKey, counted_slots, coverage, heads
from staffopt.model import ComponentModel, interchangeable, order_key
from staffopt.solution import Solution
from staffopt.staffing import Staffing


def read_roster(comp: ComponentModel, values: list[int], out: Solution) -> None:
    """Put the shifts, roles and teams of a component's model ``values`` into ``out``."""
    for emp in comp.employees:
        eid = emp.id
        out.shifts[eid] = [s for s, x in comp.shifts[eid] if values[x.index]]
        out.roles[eid] = next((r for r, x in comp.roles[eid].items() if values[x.index]), None)
        out.teams[eid] = next((p for p, x in comp.teams[eid].items() if values[x.index]), None)


def idle(staffing: Staffing, comp: ComponentModel) -> list[int]:
    """The roster where no one works: always feasible, the fallback of last resort."""
    values = [0] * len(comp.model.proto.variables)
    for row, var in comp.shortage.items():
        values[var.index] = staffing.demand[row]
    for name, var in comp.floor_slack.items():
        values[var.index] = comp.floor_target[name]
    return values


def _dropped(s: Shift, kept: Shift | None, slot: int) -> list[SlotKey]:
    """The coverage rows and slots ``s`` counts towards that ``kept`` does not."""
    keep = set(counted_slots(kept, slot)) if kept else set()
    return [key for key in counted_slots(s, slot) if key not in keep]


def trim(staffing: Staffing, employees: list[Employee], sol: Solution) -> None:
    """Shorten or drop every shift of ``sol`` whose end slots are covered by others too.

    Levels 1-4 are solved with full-timers on maximal shifts, which pay for many
    slots nobody needs; this greedy pass, in employee order, gives the paid-hours
    stage a starting roster with the same coverage and far fewer paid slots. Every
    shift kept is one of the employee's ``shifts_for``.
    """
    slot = staffing.slot
    count = coverage((s for worked in sol.shifts.values() for s in worked), slot)
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
                if all(count[k] > staffing.demand.get(k, 0) for k in _dropped(s, c, slot))
            )
            for key in _dropped(s, choice, slot):
                count[key] -= 1
            if choice is not None:
                kept_shifts.append(choice)
        sol.shifts[emp.id] = kept_shifts


def _sort_interchangeable(staffing: Staffing, comp: ComponentModel, sol: Solution) -> None:
    """Swap the plans of interchangeable employees so that the symmetry order holds."""
    for group in interchangeable(staffing, comp.employees):
        plans = [(sol.roles[e.id], sol.teams[e.id], sol.shifts[e.id]) for e in group]
        plans.sort(key=lambda plan: -order_key(staffing, comp, group[0], *plan))
        for emp, (role, team, worked) in zip(group, plans, strict=True):
            sol.roles[emp.id], sol.teams[emp.id], sol.shifts[emp.id] = role, team, worked


def encode(staffing: Staffing, comp: ComponentModel, sol: Solution) -> list[int]:
    """A roster of a component as a full assignment of the component's model.

    Interchangeable employees swap rosters in ``sol``, where needed, so that the
    symmetry order holds; slacks are what the roster leaves uncovered.
    """
    _sort_interchangeable(staffing, comp, sol)
    values = [0] * len(comp.model.proto.variables)
    for emp in comp.employees:
        eid = emp.id
        for chosen, lits in ((sol.roles[eid], comp.roles[eid]), (sol.teams[eid], comp.teams[eid])):
            if chosen is not None:
                values[lits[chosen].index] = 1
        worked = set(sol.shifts[eid])
        for s, x in comp.shifts[eid]:
            values[x.index] = int(s in worked)
    count = coverage((s for worked in sol.shifts.values() for s in worked), staffing.slot)
    for row, var in comp.shortage.items():
        values[var.index] = max(var.proto.domain[0], staffing.demand[row] - count[row])
    people = heads((sol.roles[e.id], sol.teams[e.id]) for e in comp.employees)
    for name, var in comp.floor_slack.items():
        values[var.index] = max(0, comp.floor_target[name] - people[name])
    return values


def paid_hours_start(
    staffing: Staffing, reduced: ComponentModel, values: list[int], full: ComponentModel
) -> list[int]:
    """The full model's hint for the paid-hours stage: the reduced model's roster in
    ``values``, trimmed, as a full assignment of ``full``."""
    roster = Solution()
    read_roster(reduced, values, roster)
    trim(staffing, reduced.employees, roster)
    return encode(staffing, full, roster)
