"""The CP-SAT staffing model of design §4, built from requirements and staff.

One boolean per useful (employee, day, shift and break, post); one per (employee, role),
and per (employee, team) for portfolio roles. The five objective levels are kept as linear
expressions so that ``solve`` can minimise them in turn.

Craft that keeps the model small and its proofs short:
- levels 1-4 use only shifts that work some slot with a positive requirement of their
  post; the full model adds one idle shift per post, day and paid length (for level 5);
- with ``maximal=True`` only shifts no other dominates on worked slots (paid no more,
  where contract hours may bind): levels 1-4 lose nothing by it, and the model shrinks
  several times;
- the staff split into components that no post or role links, solved apart;
- weekly hours and days are bounded by the role literal, which tightens the LP;
- per-slot shortage has a lower bound from the people who could cover it at all;
- interchangeable employees are ordered by their role and hours (``order_key``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from ortools.sat.python import cp_model

from staffopt.config.models import Employee, PortfolioRole, role_of
from staffopt.counting import Shift, SlotKey
from staffopt.linear import INT_MAX, INT_MIN, add_linear
from staffopt.staffing import ShiftBlock, Staffing

LEVELS: tuple[str, ...] = (
    "shortage_slots",
    "floor_shortage",
    "headcount",
    "role_changes",
    "idle_slots",
)

Lit = cp_model.IntVar


@dataclass
class ComponentModel:
    """The CP-SAT model of one component of staff, with its objective levels."""

    model: cp_model.CpModel
    employees: list[Employee]
    shifts: dict[str, list[tuple[Shift, Lit]]]
    roles: dict[str, dict[str, Lit]]  # employee -> role -> literal
    teams: dict[str, dict[str, Lit]]  # employee -> team post -> literal
    shortage: dict[SlotKey, cp_model.IntVar]  # per coverage row and slot
    floor_slack: dict[str, cp_model.IntVar]  # per floor: people missing under it
    floor_target: dict[str, int]
    levels: dict[str, cp_model.LinearExprT]
    level_bounds: dict[str, int]  # a proven lower bound per level, from the data
    level_max: dict[str, int]  # the largest value each level can take


@dataclass
class _Kept:
    """What one block of shifts adds to a component's model: the shifts built, their paid
    slots, and each row and slot they count towards with the shifts (by place) that do."""

    shifts: list[Shift]
    paid: list[int]
    role: str
    by_key: list[tuple[SlotKey, list[int]]]
    reached: set[SlotKey]


@dataclass
class _Cover:
    """The coverage rows of a component while it is built: the shift literals that count
    towards each, and how many people could reach each at all."""

    lits: dict[SlotKey, list[int]]  # variable indices of the shift literals
    people: dict[SlotKey, int]
    kept: dict[ShiftBlock, _Kept] = field(default_factory=dict)  # memo, shared by staff

    @classmethod
    def of(cls, rows: set[SlotKey]) -> _Cover:
        """Empty coverage of these rows, in sorted order."""
        lits: dict[SlotKey, list[int]] = {r: [] for r in sorted(rows)}
        return cls(lits, dict.fromkeys(lits, 0))

    def kept_of(self, block: ShiftBlock, staffing: Staffing, maximal: bool) -> _Kept:
        """The shifts of a block that this component's model builds: those that count
        towards one of its rows (which all have a positive requirement), and in the full
        model the idle shifts, which count towards none anywhere."""
        kept = self.kept.get(block)
        if kept is not None:
            return kept
        lits, slot = self.lits, staffing.slot
        if block.reached <= lits.keys():
            # every row the block reaches is here: every shift is built (a maximal block
            # holds useful shifts only), as the block counts them
            kept = _Kept(block.shifts, block.paid, role_of(block.post), block.by_key, block.reached)
            self.kept[block] = kept
            return kept
        shifts, by_key = [], {}
        for s in block.shifts:
            keys = [k for k in staffing.demand_keys(s) if k in lits]
            if not keys and (maximal or staffing.shift_is_useful(s)):
                continue  # counts towards no row here; idle shifts serve the full model only
            for k in keys:
                by_key.setdefault(k, []).append(len(shifts))
            shifts.append(s)
        paid = [s.paid // slot for s in shifts]
        kept = _Kept(shifts, paid, role_of(block.post), list(by_key.items()), set(by_key))
        self.kept[block] = kept
        return kept


@dataclass
class _Person:
    """One employee's part of the model."""

    roles: dict[str, Lit]
    teams: dict[str, Lit]
    used: cp_model.LinearExprT  # 1 when given a role
    changes: list[Lit]  # literals of roles other than today's
    shifts: list[tuple[Shift, Lit]] = field(default_factory=list)
    paid: cp_model.LinearExprT = 0
    idle: cp_model.LinearExprT = 0  # contract less paid slots, when given a rostered role


def _role_literals(m: cp_model.CpModel, staffing: Staffing, emp: Employee) -> _Person:
    """At most one role for the week; for a portfolio role, exactly one of its teams."""
    eid = emp.id
    roles = {r: m.new_bool_var(f"role[{eid},{r}]") for r in staffing.roles_of(emp)}
    m.add_at_most_one(roles.values())
    person = _Person(
        roles,
        {},
        cp_model.LinearExpr.sum(list(roles.values())),
        [lit for r, lit in roles.items() if r != emp.role],
    )
    for r, lit in roles.items():
        if isinstance(staffing.standards.roles[r], PortfolioRole):
            posts = [p for p in staffing.posts_of(emp) if role_of(p) == r]
            person.teams.update({p: m.new_bool_var(f"team[{eid},{p}]") for p in posts})
            m.add(cp_model.LinearExpr.sum([person.teams[p] for p in posts]) == lit)
    return person


_BOOL = cp_model.Domain(0, 1)
_DayKey = tuple[str, str]  # a day and a role, or a day and a team post


def _new_bools(m: cp_model.CpModel, n: int) -> list[Lit]:
    """``n`` new unnamed booleans: ``new_bool_var("")`` at half the cost."""
    proto = m.proto
    return [cp_model.IntVar(proto).with_domain(_BOOL) for _ in range(n)]


def _add_shifts(
    m: cp_model.CpModel, staffing: Staffing, emp: Employee, cover: _Cover, maximal: bool,
    person: _Person,
) -> tuple[dict[_DayKey, tuple[list[Lit], list[int]]], dict[_DayKey, list[int]], list[int]]:
    """An employee's shift literals, counted towards the cover's rows. Returns them per day
    and role (literals and variable indices), their indices per day and team post, and
    their paid slots."""
    reached: set[SlotKey] = set()
    on_role: dict[_DayKey, tuple[list[Lit], list[int]]] = {}
    on_team: dict[_DayKey, list[int]] = {}
    paid: list[int] = []
    for block in staffing.shift_blocks(emp, maximal):
        kept = cover.kept_of(block, staffing, maximal)
        if not kept.shifts:
            continue
        lits = _new_bools(m, len(kept.shifts))
        first = lits[0].index  # new variables are numbered in turn
        index = list(range(first, first + len(lits)))
        person.shifts.extend(zip(kept.shifts, lits, strict=True))
        paid.extend(kept.paid)
        for key, at in kept.by_key:
            cover.lits[key].extend([first + i for i in at])
        reached |= kept.reached
        role_lits, role_index = on_role.setdefault((block.day, kept.role), ([], []))
        role_lits.extend(lits)
        role_index.extend(index)
        if block.post in person.teams:  # one block per day and post
            on_team[(block.day, block.post)] = index
    for key in reached:
        cover.people[key] += 1
    return on_role, on_team, paid


def _add_person(
    m: cp_model.CpModel, staffing: Staffing, emp: Employee, cover: _Cover, maximal: bool
) -> _Person:
    """An employee's role, team and shift literals, and the rules that tie them.

    At most one shift a day, only on posts of the chosen role (and team), within the
    weekly hours and days; the limits are scaled by the role literal for a tighter LP.
    """
    person = _role_literals(m, staffing, emp)
    on_role, on_team, paid = _add_shifts(m, staffing, emp, cover, maximal, person)
    proto = m.proto
    days: dict[str, list[Lit]] = {}
    for (day, r), (lits, index) in on_role.items():
        # sum(lits) <= role, as cp_model writes it
        add_linear(proto, [person.roles[r].index, *index], [-1] + [1] * len(index), INT_MIN, 0)
        days.setdefault(day, []).extend(lits)
    for (_, p), index in on_team.items():
        add_linear(proto, [person.teams[p].index, *index], [-1] + [1] * len(index), INT_MIN, 0)
    for lits in days.values():
        m.add_at_most_one(lits)
    person.paid = cp_model.LinearExpr.weighted_sum([x for _, x in person.shifts], paid)
    contract = staffing.max_slots(emp)
    m.add(person.paid <= contract * person.used)
    rostered = [lit for r, lit in person.roles.items() if r in staffing.rostered]
    person.idle = contract * cp_model.LinearExpr.sum(rostered) - person.paid
    days_limit = staffing.standards.labor.max_days_per_week
    m.add(cp_model.LinearExpr.sum([x for _, x in person.shifts]) <= days_limit * person.used)
    return person


def _add_shortages(
    m: cp_model.CpModel, staffing: Staffing, cover: _Cover
) -> tuple[dict[SlotKey, cp_model.IntVar], int]:
    """Coverage slack per row and slot, bounded below by what no one could cover at all;
    also the sum of those lower bounds."""
    shortage: dict[SlotKey, cp_model.IntVar] = {}
    bound = 0
    proto = m.proto
    for row, lits in cover.lits.items():
        need = staffing.demand[row]
        lower = max(0, need - cover.people[row])
        bound += lower
        s = m.new_int_var(lower, need, f"short[{tuple(row)}]")
        # sum(lits) + s >= need, as cp_model writes it
        add_linear(proto, [*lits, s.index], [1] * (len(lits) + 1), need, INT_MAX)
        shortage[row] = s
    return shortage, bound


def _add_floors(
    m: cp_model.CpModel, floors: dict[str, int], people: list[_Person]
) -> dict[str, cp_model.IntVar]:
    """Slack per positive floor: the people missing under it."""
    floor_slack: dict[str, cp_model.IntVar] = {}
    for name, floor in floors.items():
        if floor <= 0:
            continue
        if "." in name:  # a portfolio team's post
            count = cp_model.LinearExpr.sum([p.teams[name] for p in people if name in p.teams])
        else:
            count = cp_model.LinearExpr.sum([p.roles[name] for p in people if name in p.roles])
        s = m.new_int_var(0, floor, f"floor_short[{name}]")
        m.add(count + s >= floor)
        floor_slack[name] = s
    return floor_slack


def build(
    staffing: Staffing,
    employees: list[Employee],
    rows: set[SlotKey],
    floors: dict[str, int],
    maximal: bool = False,
) -> ComponentModel:
    """Build the model of one component: these employees, these coverage rows and floors.

    ``floors`` maps a role, or a portfolio team's post, to its headcount floor. Only
    shifts that count towards one of ``rows`` are built.
    """
    m = cp_model.CpModel()
    cover = _Cover.of(rows)
    people = [_add_person(m, staffing, emp, cover, maximal) for emp in employees]
    shortage, bound_shortage = _add_shortages(m, staffing, cover)
    floor_slack = _add_floors(m, floors, people)
    levels = {
        "shortage_slots": cp_model.LinearExpr.sum(list(shortage.values())),
        "floor_shortage": cp_model.LinearExpr.sum(list(floor_slack.values())),
        "headcount": cp_model.LinearExpr.sum([p.used for p in people]),
        "role_changes": cp_model.LinearExpr.sum([x for p in people for x in p.changes]),
        "idle_slots": cp_model.LinearExpr.sum([p.idle for p in people]),
    }
    level_max = {
        "shortage_slots": sum(staffing.demand[r] for r in rows),
        "floor_shortage": sum(max(0, f) for f in floors.values()),
        "headcount": len(employees),
        "role_changes": len(employees),
        "idle_slots": sum(staffing.max_slots(e) for e in employees),
    }
    ids = [e.id for e in employees]
    comp = ComponentModel(
        m,
        employees,
        {eid: p.shifts for eid, p in zip(ids, people, strict=True)},
        {eid: p.roles for eid, p in zip(ids, people, strict=True)},
        {eid: p.teams for eid, p in zip(ids, people, strict=True)},
        shortage,
        floor_slack,
        dict(floors),
        levels,
        {"shortage_slots": bound_shortage},
        level_max,
    )
    _break_symmetry(staffing, comp)
    return comp


def _hours(
    staffing: Staffing, shifts: list[tuple[Shift, cp_model.IntVar]]
) -> cp_model.LinearExprT:
    """Paid slots of these shift literals (a break that is unpaid is not)."""
    return cp_model.LinearExpr.weighted_sum(
        [x for _, x in shifts], [s.paid // staffing.slot for s, _ in shifts]
    )


def order_key(
    staffing: Staffing,
    comp: ComponentModel,
    emp: Employee,
    role: str | None,
    team: str | None,
    shifts: list[Shift],
) -> int:
    """The value of an employee's symmetry-ordering key for a given role, team and shifts."""
    codes = list(comp.roles[emp.id]) + list(comp.teams[emp.id])
    code = sum(i + 1 for i, c in enumerate(codes) if c in (role, team))
    hours = sum(s.paid // staffing.slot for s in shifts)
    return code * (staffing.max_slots(emp) + 1) + hours


def interchangeable(staffing: Staffing, employees: list[Employee]) -> list[list[Employee]]:
    """Classes of two or more interchangeable employees, in the order they are given."""
    classes: dict[tuple[object, ...], list[Employee]] = {}
    for emp in employees:
        classes.setdefault(staffing.signature(emp), []).append(emp)
    return [group for group in classes.values() if len(group) > 1]


def _break_symmetry(staffing: Staffing, comp: ComponentModel) -> None:
    """Order interchangeable employees by role (and team), then by hours, descending.

    Any permutation of identical employees maps a roster to an equally good one, so
    keeping only the rosters whose keys descend loses no optimum. The key is
    ``order_key`` as a linear expression.
    """
    for group in interchangeable(staffing, comp.employees):
        keys = []
        for emp in group:
            eid = emp.id
            codes = list(comp.roles[eid]) + list(comp.teams[eid])
            lits = {**comp.roles[eid], **comp.teams[eid]}
            code = sum((i + 1) * lits[c] for i, c in enumerate(codes))
            keys.append(code * (staffing.max_slots(emp) + 1) + _hours(staffing, comp.shifts[eid]))
        for a, b in pairwise(keys):
            comp.model.add(a >= b)
