"""The CP-SAT staffing model of design §4, built from requirements and staff.

One boolean per useful (employee, day, shift, post); one per (employee, role), and per
(employee, team) for portfolio roles. The five objective levels are kept as linear
expressions so that ``solve`` can minimise them in turn.

Craft that keeps the model small and its proofs short:
- only shifts that cover some slot with a positive requirement of their post are
  built; any other shift adds paid hours and helps no higher level;
- with ``maximal=True`` a full-timer gets only the shifts no other shift contains:
  levels 1-4 lose nothing by it, and the model shrinks several times;
- the staff split into components that no post or role links, solved apart;
- weekly hours and days are bounded by the role literal, which tightens the LP;
- per-slot shortage has a lower bound from the people who could cover it at all;
- interchangeable employees are ordered by their role and hours (``order_key``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from ortools.sat.python import cp_model

from staffopt.config.models import Branch, Employee, PortfolioRole, Standards, covers, role_of
from staffopt.requirements import Requirements

LEVELS: tuple[str, ...] = (
    "shortage_slots",
    "floor_shortage",
    "headcount",
    "role_changes",
    "paid_slots",
)


@dataclass(frozen=True)
class Shift:
    """A shift on one post, on one day, from ``start`` to ``end`` (minutes after midnight)."""

    day: str
    start: int
    end: int
    post: str


@dataclass
class Staffing:
    """What the model needs: the branch, its standards and its requirements, prepared."""

    standards: Standards
    branch: Branch
    requirements: Requirements
    # coverage rows with a requirement: (post, day, start) -> required
    demand: dict[tuple[str, str, int], int] = field(init=False)
    # per open day: every (start, end) a shift may take
    templates: dict[str, list[tuple[int, int]]] = field(init=False)
    # memo of per-employee answers; employees are frozen models, ids are unique
    _memo: dict[tuple[str, str, bool], list] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.demand = {
            (s.post, s.day, s.start): s.required for s in self.requirements.slots if s.required > 0
        }
        slot = self.standards.calendar.slot_minutes
        self.templates = {}
        lengths = sorted({round(h * 60) for h in self.standards.labor.shift_hours})
        for day, (open_, close) in self.requirements.hours.items():
            self.templates[day] = [
                (start, start + length)
                for length in lengths
                for start in range(open_, close - length + 1, slot)
            ]

    @property
    def slot(self) -> int:
        """Slot length in minutes."""
        return self.standards.calendar.slot_minutes

    def posts_of(self, emp: Employee) -> list[str]:
        """The posts an employee holds a skill for, in standards order."""
        key = ("posts", emp.id, False)
        if key not in self._memo:
            self._memo[key] = [
                p for p in self.standards.posts if any(covers(s, p) for s in emp.skills)
            ]
        return self._memo[key]

    def roles_of(self, emp: Employee) -> list[str]:
        """The roles an employee could be given."""
        posts = self.posts_of(emp)
        return [r for r in self.standards.roles if any(role_of(p) == r for p in posts)]

    def max_slots(self, emp: Employee) -> int:
        """The employee's weekly hours limit, in slots."""
        hours = emp.max_hours_per_week
        if hours is None:
            hours = self.standards.labor.max_hours_per_week
        return int(hours * 60 + 1e-9) // self.slot

    def rows_covered_by(self, post: str) -> list[str]:
        """The coverage rows a shift on ``post`` counts towards: its own and its role's."""
        return [post] if role_of(post) == post else [post, role_of(post)]

    def shift_is_useful(self, shift: Shift) -> bool:
        """Whether the shift covers any slot with a positive requirement it can count to."""
        return any(
            (row, shift.day, t) in self.demand
            for row in self.rows_covered_by(shift.post)
            for t in range(shift.start, shift.end, self.slot)
        )

    def full_timer(self, emp: Employee) -> bool:
        """Whether the weekly hours never bind: the longest shift every allowed day fits."""
        longest = (
            max(e - s for day in self.templates.values() for s, e in day) if self.templates else 0
        )
        days = self.standards.labor.max_days_per_week
        return days * longest <= self.max_slots(emp) * self.slot

    def maximal_templates(self, day: str) -> list[tuple[int, int]]:
        """The day's shift templates that no other template of the day contains."""
        key = ("maximal", day, False)
        if key not in self._memo:
            spans = self.templates[day]
            self._memo[key] = [
                (s, e)
                for s, e in spans
                if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans)
            ]
        return self._memo[key]

    def shifts_for(self, emp: Employee, maximal: bool = False) -> list[Shift]:
        """Every useful shift the employee could work this week.

        With ``maximal``, a full-timer gets only the templates no other contains: for
        levels 1-4 a longer shift is never worse when weekly hours cannot bind.
        """
        key = ("shifts", emp.id, maximal)
        if key in self._memo:
            return self._memo[key]
        off = set(emp.unavailable)
        reduce = maximal and self.full_timer(emp)
        out: list[Shift] = []
        for day in self.requirements.hours:
            if day in off:
                continue
            spans = self.maximal_templates(day) if reduce else self.templates[day]
            for post in self.posts_of(emp):
                for start, end in spans:
                    shift = Shift(day, start, end, post)
                    if self.shift_is_useful(shift):
                        out.append(shift)
        self._memo[key] = out
        return out

    def signature(self, emp: Employee) -> tuple[object, ...]:
        """Employees with equal signatures are interchangeable in the model."""
        return (
            tuple(self.posts_of(emp)),
            tuple(sorted(set(emp.unavailable))),
            self.max_slots(emp),
            emp.role,
        )

    def components(self) -> tuple[list[list[Employee]], dict[str, int]]:
        """Groups of employees that no post or role links to one another.

        Also returns, for each post or role name some employee can work, its group.
        """
        parent: dict[str, str] = {}

        def find(a: str) -> str:
            while parent.setdefault(a, a) != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        for emp in self.branch.staff:
            node = "emp:" + emp.id
            for post in self.posts_of(emp):
                for key in ("post:" + post, "role:" + role_of(post)):
                    parent[find(node)] = find(key)
        groups: dict[str, list[Employee]] = {}
        for emp in self.branch.staff:
            groups.setdefault(find("emp:" + emp.id), []).append(emp)
        ordered = sorted(groups.values(), key=lambda g: g[0].id)
        index = {find("emp:" + g[0].id): i for i, g in enumerate(ordered)}
        names = {
            key.split(":", 1)[1]: index[find(key)]
            for key in list(parent)
            if not key.startswith("emp:")
        }
        return ordered, names


@dataclass
class ComponentModel:
    """The CP-SAT model of one component of staff, with its objective levels."""

    model: cp_model.CpModel
    employees: list[Employee]
    shifts: dict[str, list[tuple[Shift, cp_model.IntVar]]]
    roles: dict[str, dict[str, cp_model.IntVar]]  # employee -> role -> literal
    teams: dict[str, dict[str, cp_model.IntVar]]  # employee -> team post -> literal
    shortage: dict[tuple[str, str, int], cp_model.IntVar]  # per coverage row and slot
    floor_slack: dict[str, cp_model.IntVar]  # per floor: people missing under it
    floor_target: dict[str, int]
    levels: dict[str, cp_model.LinearExprT]
    level_bounds: dict[str, int]  # a proven lower bound per level, from the data
    level_max: dict[str, int]  # the largest value each level can take


def build(
    staffing: Staffing,
    employees: list[Employee],
    rows: set[tuple[str, str, int]],
    floors: dict[str, int],
    maximal: bool = False,
) -> ComponentModel:
    """Build the model of one component: these employees, these coverage rows and floors.

    ``floors`` maps a role, or a portfolio team's post, to its headcount floor. Only
    shifts that count towards one of ``rows`` are built.
    """
    std = staffing.standards
    m = cp_model.CpModel()
    shifts: dict[str, list[tuple[Shift, cp_model.IntVar]]] = {}
    roles: dict[str, dict[str, cp_model.IntVar]] = {}
    teams: dict[str, dict[str, cp_model.IntVar]] = {}
    used: dict[str, cp_model.LinearExprT] = {}
    cover: dict[tuple[str, str, int], list[cp_model.IntVar]] = {r: [] for r in sorted(rows)}
    # people who could work each coverage row at all: its shortage is at least need - them
    cover_people: dict[tuple[str, str, int], int] = dict.fromkeys(cover, 0)
    rows_of: dict[Shift, list[tuple[str, str, int]]] = {}  # the rows of `cover` a shift counts to
    paid: list[cp_model.LinearExprT] = []
    role_changes: list[cp_model.IntVar] = []
    slot = staffing.slot
    days_limit = std.labor.max_days_per_week

    for emp in employees:
        eid = emp.id
        roles[eid] = {r: m.new_bool_var(f"role[{eid},{r}]") for r in staffing.roles_of(emp)}
        m.add_at_most_one(roles[eid].values())
        used[eid] = cp_model.LinearExpr.sum(list(roles[eid].values()))
        role_changes += [lit for r, lit in roles[eid].items() if r != emp.role]
        teams[eid] = {}
        for r, lit in roles[eid].items():
            if isinstance(std.roles[r], PortfolioRole):
                posts = [p for p in staffing.posts_of(emp) if role_of(p) == r]
                teams[eid].update({p: m.new_bool_var(f"team[{eid},{p}]") for p in posts})
                m.add(cp_model.LinearExpr.sum([teams[eid][p] for p in posts]) == lit)

        shifts[eid] = []
        reached: set[tuple[str, str, int]] = set()
        # per day, the shift literals by role and by post: at most one shift a day, and
        # only on posts of the chosen role (and team)
        on_role: dict[tuple[str, str], list[cp_model.IntVar]] = {}
        on_post: dict[tuple[str, str], list[cp_model.IntVar]] = {}
        for s in staffing.shifts_for(emp, maximal):
            keys = rows_of.get(s)
            if keys is None:
                keys = rows_of[s] = [
                    key
                    for row in staffing.rows_covered_by(s.post)
                    for t in range(s.start, s.end, slot)
                    if (key := (row, s.day, t)) in cover
                ]
            if not keys:
                continue
            lit = m.new_bool_var("")
            shifts[eid].append((s, lit))
            for key in keys:
                cover[key].append(lit)
            reached.update(keys)
            on_role.setdefault((s.day, role_of(s.post)), []).append(lit)
            on_post.setdefault((s.day, s.post), []).append(lit)
        for key in reached:
            cover_people[key] += 1
        days: dict[str, list[cp_model.IntVar]] = {}
        for (day, r), lits in on_role.items():
            m.add(cp_model.LinearExpr.sum(lits) <= roles[eid][r])
            days.setdefault(day, []).extend(lits)
        for (_, p), lits in on_post.items():
            if p in teams[eid]:
                m.add(cp_model.LinearExpr.sum(lits) <= teams[eid][p])
        for lits in days.values():
            m.add_at_most_one(lits)
        hours = _hours(staffing, shifts[eid])
        all_lits = [x for _, x in shifts[eid]]
        m.add(hours <= staffing.max_slots(emp) * used[eid])
        m.add(cp_model.LinearExpr.sum(all_lits) <= days_limit * used[eid])
        paid.append(hours)

    # coverage slack, bounded below by what no one could cover at all
    shortage: dict[tuple[str, str, int], cp_model.IntVar] = {}
    bound_shortage = 0
    for row, lits in cover.items():
        need = staffing.demand[row]
        lower = max(0, need - cover_people[row])
        bound_shortage += lower
        s = m.new_int_var(lower, need, f"short[{row}]")
        m.add(cp_model.LinearExpr.sum(lits) + s >= need)
        shortage[row] = s

    floor_slack: dict[str, cp_model.IntVar] = {}
    for name, floor in floors.items():
        if floor <= 0:
            continue
        if "." in name:  # a portfolio team's post
            count = cp_model.LinearExpr.sum([t[name] for t in teams.values() if name in t])
        else:
            count = cp_model.LinearExpr.sum([r[name] for r in roles.values() if name in r])
        s = m.new_int_var(0, floor, f"floor_short[{name}]")
        m.add(count + s >= floor)
        floor_slack[name] = s

    levels = {
        "shortage_slots": cp_model.LinearExpr.sum(list(shortage.values())),
        "floor_shortage": cp_model.LinearExpr.sum(list(floor_slack.values())),
        "headcount": cp_model.LinearExpr.sum(list(used.values())),
        "role_changes": cp_model.LinearExpr.sum(role_changes),
        "paid_slots": cp_model.LinearExpr.sum(paid),
    }
    level_max = {
        "shortage_slots": sum(staffing.demand[r] for r in rows),
        "floor_shortage": sum(max(0, f) for f in floors.values()),
        "headcount": len(employees),
        "role_changes": len(employees),
        "paid_slots": sum(staffing.max_slots(e) for e in employees),
    }
    comp = ComponentModel(
        m,
        employees,
        shifts,
        roles,
        teams,
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
    """Paid slots of these shift literals."""
    return cp_model.LinearExpr.weighted_sum(
        [x for _, x in shifts], [(s.end - s.start) // staffing.slot for s, _ in shifts]
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
    hours = sum((s.end - s.start) // staffing.slot for s in shifts)
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
