"""What the staffing model is built from: a branch, its standards and its requirements,
prepared once. The shift templates of each open day, the shifts each employee could work,
who is interchangeable with whom, and the components of staff that nothing links.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from staffopt.config.models import Branch, Employee, Standards, covers, role_of
from staffopt.counting import Shift, SlotKey, counted_slots
from staffopt.requirements import Requirements


@dataclass
class Staffing:
    """What the model needs: the branch, its standards and its requirements, prepared."""

    standards: Standards
    branch: Branch
    requirements: Requirements
    # coverage rows with a requirement -> required
    demand: dict[SlotKey, int] = field(init=False)
    # per open day: every (start, end) a shift may take; none where no shift length fits
    templates: dict[str, list[tuple[int, int]]] = field(init=False)
    # memo of per-employee answers; employees are frozen models, ids are unique
    _memo: dict[tuple[str, str, bool], list] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.demand = {
            SlotKey(s.post, s.day, s.start): s.required
            for s in self.requirements.slots
            if s.required > 0
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

    def shift_is_useful(self, shift: Shift) -> bool:
        """Whether the shift covers any slot with a positive requirement it can count to."""
        return any(key in self.demand for key in counted_slots(shift, self.slot))

    def full_timer(self, emp: Employee) -> bool:
        """Whether the weekly hours never bind: the longest shift every allowed day fits."""
        # a branch where no shift fits any day has no shifts: nothing can bind
        longest = max((e - s for day in self.templates.values() for s, e in day), default=0)
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
