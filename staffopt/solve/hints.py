"""Rosters read from a model's values, and rosters written back as a model's hint.

The idle-hours stage runs on the full model, starting from the reduced model's level-4
roster of maximal shifts, filled up to the contract hours (``fill``), encoded as a full
assignment of the full model (``encode``).
"""

from __future__ import annotations

from staffopt.config.models import Employee, role_of
from staffopt.counting import Shift, coverage, day_order, heads, paid_minutes, worked_starts
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


def _longer(s: Shift, usable: list[Shift], slot: int) -> Shift | None:
    """The usable shift on ``s``'s day and post paid most, that works every slot ``s``
    works; None if none is paid more than ``s``."""
    worked = set(worked_starts(s, slot))
    better = [
        c for c in usable
        if c.day == s.day and c.post == s.post and c.paid > s.paid
        and worked <= set(worked_starts(c, slot))
    ]
    return max(better, key=lambda c: c.paid, default=None)


def fill(staffing: Staffing, employees: list[Employee], sol: Solution) -> None:
    """Lengthen the shifts of ``sol`` and add shifts on free days, within the contract
    hours and days, for everyone given a rostered role.

    Levels 1-4 keep their values (no slot loses a person, no role changes), and idle
    contract hours (level 5) only fall: the idle-hours stage starts from this. In employee
    order, longest first; every shift added is one of the employee's ``shifts_for``.
    """
    slot = staffing.slot
    max_days = staffing.standards.labor.max_days_per_week
    for emp in employees:
        role, team = sol.roles[emp.id], sol.teams[emp.id]
        if role not in staffing.rostered:
            continue
        usable = [
            s for s in staffing.shifts_for(emp)
            if role_of(s.post) == role and team in (None, s.post)
        ]
        usable.sort(key=lambda s: (-s.paid, day_order(s.day), s.start, s.post))
        room = staffing.max_slots(emp) * slot - paid_minutes(sol.shifts[emp.id])
        kept = []
        for s in sol.shifts[emp.id]:
            c = _longer(s, [u for u in usable if u.paid - s.paid <= room], slot)
            if c is not None:
                room -= c.paid - s.paid
                s = c
            kept.append(s)
        busy = {s.day for s in kept}
        for c in usable:
            if len(kept) < max_days and c.day not in busy and c.paid <= room:
                kept.append(c)
                busy.add(c.day)
                room -= c.paid
        sol.shifts[emp.id] = sorted(kept, key=lambda s: day_order(s.day))


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


def idle_hours_start(
    staffing: Staffing, reduced: ComponentModel, values: list[int], full: ComponentModel
) -> list[int]:
    """The full model's hint for the idle-hours stage: the reduced model's roster in
    ``values``, filled (``fill``), as a full assignment of ``full``."""
    roster = Solution()
    read_roster(reduced, values, roster)
    fill(staffing, reduced.employees, roster)
    return encode(staffing, full, roster)
