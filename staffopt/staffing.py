"""What the staffing model is built from: a branch, its standards and its requirements,
prepared once. The shift templates of each open day (with their meal breaks), the shifts
each employee could work, who is interchangeable with whom, and the components of staff
that nothing links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from staffopt.config.models import Branch, Employee, Standards, covers, role_of
from staffopt.config.shifts import placements, shift_span
from staffopt.counting import Shift, SlotKey, counted_slots, rostered_roles, worked_starts
from staffopt.requirements import Requirements


@dataclass(eq=False)
class ShiftBlock:
    """The shifts of one post on one day that ``Staffing.shifts_for`` gives everyone whose
    contract hours bind alike. Built once per ``Staffing`` and shared, so compared (and
    hashed) by identity: a model built from blocks does its per-shift work once a block."""

    day: str
    post: str
    shifts: list[Shift]
    # each row and slot with a requirement that the shifts count towards, with the shifts
    # (by place) that do, in ``demand_keys`` order
    by_key: list[tuple[SlotKey, list[int]]]
    reached: set[SlotKey]  # those rows and slots
    paid: list[int]  # each shift's paid slots


class Template(NamedTuple):
    """One shape a shift may take on a day: its span and, where a rule applies, its break."""

    start: int
    end: int
    break_start: int | None = None
    break_end: int | None = None
    break_paid: bool = False

    def shift(self, day: str, post: str) -> Shift:
        """This template as a shift on ``post`` on ``day``."""
        return Shift(day, self.start, self.end, post, *self[2:])

    @property
    def paid(self) -> int:
        """Paid minutes: the span, less an unpaid break."""
        return self.shift("", "").paid


def day_templates(standards: Standards, opening: tuple[int, int]) -> list[Template]:
    """Every shift template of a day open ``opening``: each paid length of ``shift_hours``
    at each legal start, with each legal break start where a break rule applies (§4)."""
    slot = standards.calendar.slot_minutes
    out: list[Template] = []
    for hours in sorted(set(standards.labor.shift_hours)):
        paid = round(hours * 60)
        rule = standards.labor.break_rule(hours)
        span = shift_span(paid, rule)
        for start, at in placements(opening, slot, paid, rule):
            if at is None or rule is None:
                out.append(Template(start, start + span))
            else:
                out.append(Template(start, start + span, at, at + rule.minutes, rule.paid))
    return out


def _pays(u: Template, t: Template, hours_bind: bool, idle: bool) -> bool:
    """Whether ``u``'s pay lets it stand in for ``t`` (their worked slots aside).

    For levels 1-4 more pay is harmless unless contract hours bind; for level 5 (idle
    hours) less pay is worse, and where hours bind so is more.
    """
    if idle:
        return u.paid == t.paid if hours_bind else u.paid >= t.paid
    return u.paid <= t.paid or not hours_bind


def undominated(
    templates: list[Template], slot: int, hours_bind: bool, idle: bool = False
) -> list[Template]:
    """The templates no other one dominates: another dominates ``t`` when it works every
    slot ``t`` works and its pay may stand in for ``t``'s (``_pays``). Of templates that
    dominate each other, the first is kept."""
    worked = [frozenset(worked_starts(t.shift("", ""), slot)) for t in templates]
    keep = []
    for i, t in enumerate(templates):
        beaten = False
        for j, u in enumerate(templates):
            if i == j or not worked[i] <= worked[j] or not _pays(u, t, hours_bind, idle):
                continue
            mutual = worked[i] == worked[j] and _pays(t, u, hours_bind, idle)
            if not mutual or j < i:
                beaten = True
                break
        if not beaten:
            keep.append(t)
    return keep


@dataclass
class Staffing:
    """What the model needs: the branch, its standards and its requirements, prepared."""

    standards: Standards
    branch: Branch
    requirements: Requirements
    # coverage rows with a requirement -> required
    demand: dict[SlotKey, int] = field(init=False)
    # per open day: every shape a shift may take; none where no shift length fits
    templates: dict[str, list[Template]] = field(init=False)
    # roles with a positive requirement somewhere: only these get shifts
    rostered: set[str] = field(init=False)
    # memo of per-employee answers; employees are frozen models, ids are unique
    _memo: dict[tuple[str, str, bool], list] = field(init=False, default_factory=dict)
    # memo of the demand rows each shift counts towards: every model build asks again
    _keys: dict[Shift, tuple[SlotKey, ...]] = field(init=False, default_factory=dict)
    # the blocks of shifts_for, by day, post, hours binding and maximal
    _blocks: dict[tuple[str, str, bool, bool], ShiftBlock] = field(
        init=False, default_factory=dict
    )
    # the longest paid template of any day, in minutes (0 where none fits)
    _longest: int = field(init=False)

    def __post_init__(self) -> None:
        self.demand = {
            SlotKey(s.post, s.day, s.start): s.required
            for s in self.requirements.slots
            if s.required > 0
        }
        self.rostered = rostered_roles((s.post, s.required) for s in self.requirements.slots)
        self.templates = {
            day: day_templates(self.standards, opening)
            for day, opening in self.requirements.hours.items()
        }
        self._longest = max((t.paid for day in self.templates.values() for t in day), default=0)

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
        """The employee's weekly contract hours (design §4), in whole slots."""
        hours = emp.max_hours_per_week
        if hours is None:
            hours = self.standards.labor.max_hours_per_week
        return int(hours * 60 + 1e-9) // self.slot

    def demand_keys(self, shift: Shift) -> tuple[SlotKey, ...]:
        """The rows and slots with a positive requirement that ``shift`` counts towards,
        in ``counted_slots`` order."""
        keys = self._keys.get(shift)
        if keys is None:
            demand = self.demand
            keys = tuple(k for k in counted_slots(shift, self.slot) if k in demand)
            self._keys[shift] = keys
        return keys

    def shift_is_useful(self, shift: Shift) -> bool:
        """Whether the shift works any slot with a positive requirement it counts to."""
        return bool(self.demand_keys(shift))

    def full_timer(self, emp: Employee) -> bool:
        """Whether the contract hours never bind: the longest paid shift on every allowed
        day stays within them."""
        # a branch where no shift fits any day has no shifts: nothing can bind
        days = self.standards.labor.max_days_per_week
        return days * self._longest <= self.max_slots(emp) * self.slot

    def maximal_templates(
        self, day: str, hours_bind: bool = False, idle: bool = False
    ) -> list[Template]:
        """The day's templates that no other dominates on worked slots (``undominated``),
        for levels 1-4, or with ``idle`` for level 5 too."""
        key = ("maximal", day, (hours_bind, idle))
        if key not in self._memo:
            self._memo[key] = undominated(self.templates[day], self.slot, hours_bind, idle)
        return self._memo[key]

    def shifts_for(self, emp: Employee, maximal: bool = False) -> list[Shift]:
        """Every useful shift the employee could work this week.

        Only templates no other dominates (``maximal_templates``): with ``maximal`` for
        levels 1-4 (a shift that works more slots is never worse, when it is paid no more
        or the contract hours cannot bind); without it for level 5 as well (paid at least
        as much, or exactly as much where hours bind), and each post and day also gets one
        shift of each paid length no useful shift has, for idle hours. Only posts of
        rostered roles get shifts.
        """
        key = ("shifts", emp.id, maximal)
        if key not in self._memo:
            blocks = self.shift_blocks(emp, maximal)
            self._memo[key] = [s for block in blocks for s in block.shifts]
        return self._memo[key]

    def shift_blocks(self, emp: Employee, maximal: bool = False) -> list[ShiftBlock]:
        """``shifts_for(emp, maximal)``, block by block: day by day, post by post."""
        key = ("blocks", emp.id, maximal)
        if key in self._memo:
            return self._memo[key]
        off = set(emp.unavailable)
        bind = not self.full_timer(emp)
        out: list[ShiftBlock] = []
        for day in self.requirements.hours:
            if day in off:
                continue
            for post in self.posts_of(emp):
                if role_of(post) in self.rostered:
                    out.append(self._block(day, post, bind, maximal))
        self._memo[key] = out
        return out

    def _block(self, day: str, post: str, bind: bool, maximal: bool) -> ShiftBlock:
        """The one block of this day and post for everyone whose hours bind (or not) alike."""
        key = (day, post, bind, maximal)
        if key not in self._blocks:
            shapes = self.maximal_templates(day, bind, idle=not maximal)
            useful = [t.shift(day, post) for t in shapes]
            useful = [x for x in useful if self.shift_is_useful(x)]
            if not maximal:
                useful += self._idle_shifts(day, post, [x.paid for x in useful], bind)
            by_key: dict[SlotKey, list[int]] = {}
            for i, x in enumerate(useful):
                for k in self.demand_keys(x):
                    by_key.setdefault(k, []).append(i)
            paid = [x.paid // self.slot for x in useful]
            self._blocks[key] = ShiftBlock(
                day, post, useful, list(by_key.items()), set(by_key), paid
            )
        return self._blocks[key]

    def _idle_shifts(
        self, day: str, post: str, useful: list[int], hours_bind: bool
    ) -> list[Shift]:
        """Shifts that cover nothing, for idle contract hours (level 5) alone: one of each
        paid length no useful shift (paid ``useful``) has, where hours bind; else only the
        longest, if it outpays every useful one. Any two of one length are alike there."""
        first: dict[int, Template] = {}
        for t in self.templates[day]:
            first.setdefault(t.paid, t)
        if not hours_bind:
            longest = max(first, default=0)
            return [first[longest].shift(day, post)] if longest > max(useful, default=0) else []
        return [t.shift(day, post) for paid, t in first.items() if paid not in useful]

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
