"""Counting from a roster: the slots a shift works, coverage per row and slot, heads per
role and team, and what each role gains and needs (design §4).

The one coverage rule lives here: a shift's worked slots count for its own post and for
its role's row, so anyone on ``account_manager.wealth`` covers a requirement on
``account_manager``. The model, its hints, the Result, the renderers and the shortage
causes all count through these functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from staffopt.config.models import DAYS, Employee, PortfolioRole, Standards, role_of

_DAY_INDEX = {day: i for i, day in enumerate(DAYS)}


def day_order(day: str) -> int:
    """A day's place in the week (mon = 0): the sort key of every day-ordered list."""
    return _DAY_INDEX[day]


def week_order(days: Iterable[str]) -> list[str]:
    """These days, mon..sun."""
    return sorted(days, key=day_order)


class SlotKey(NamedTuple):
    """One coverage row (a post, or a role's own row) on one day, in the slot at ``start``."""

    row: str
    day: str
    start: int  # minutes after midnight


@dataclass(frozen=True)
class Shift:
    """A shift on one post, on one day, from ``start`` to ``end`` (minutes after midnight).

    A shift that holds a meal break (design §4) takes it from ``break_start`` to
    ``break_end``; nobody covers anything on a break. An unpaid break lengthens the span
    beyond the paid length; a paid one lies within it.
    """

    day: str
    start: int
    end: int
    post: str
    break_start: int | None = None
    break_end: int | None = None
    break_paid: bool = False

    @property
    def paid(self) -> int:
        """The paid minutes of the shift: its span, less an unpaid break."""
        if self.break_start is None or self.break_end is None or self.break_paid:
            return self.end - self.start
        return self.end - self.start - (self.break_end - self.break_start)


def rows_of(post: str) -> tuple[str, ...]:
    """The coverage rows a shift on ``post`` counts towards: its own, and its role's."""
    role = role_of(post)
    return (post,) if role == post else (post, role)


def worked_starts(shift: Shift, slot: int) -> list[int]:
    """The starts of the slots a shift works: every slot it spans, less its break."""
    if shift.break_start is None or shift.break_end is None:
        return list(range(shift.start, shift.end, slot))
    return [
        *range(shift.start, shift.break_start, slot),
        *range(shift.break_end, shift.end, slot),
    ]


def counted_slots(shift: Shift, slot: int) -> list[SlotKey]:
    """Every coverage row and slot that a shift counts one person towards, row by row."""
    starts = worked_starts(shift, slot)
    return [SlotKey(row, shift.day, t) for row in rows_of(shift.post) for t in starts]


def works(shift: Shift, day: str, start: int, slot: int) -> bool:
    """Whether the shift works the slot at ``day`` ``start`` (on any post)."""
    return shift.day == day and start in worked_starts(shift, slot)


def coverage(shifts: Iterable[Shift], slot: int) -> Counter[SlotKey]:
    """People on each coverage row in each slot, counted from a roster's shifts."""
    count: Counter[SlotKey] = Counter()
    for s in shifts:
        count.update(counted_slots(s, slot))
    return count


def paid_minutes(shifts: Iterable[Shift]) -> int:
    """The paid minutes of these shifts."""
    return sum(s.paid for s in shifts)


def rostered_roles(requirement_rows: Iterable[tuple[str, int]]) -> set[str]:
    """The roles that get shifts: those with a positive requirement in some slot, on a
    post or on the role's own row (design §4). ``requirement_rows`` are (row, required)."""
    return {role_of(row) for row, required in requirement_rows if required > 0}


# ---------------------------------------------------------------- heads


def heads(placements: Iterable[tuple[str | None, str | None]]) -> Counter[str]:
    """People per role and per portfolio team's post, from (role, team post) pairs."""
    count: Counter[str] = Counter()
    for role, team in placements:
        count.update(name for name in (role, team) if name is not None)
    return count


def staffed(roles: Iterable[str | None]) -> int:
    """The people given a role: the headcount."""
    return sum(1 for role in roles if role is not None)


def current_team(standards: Standards, emp: Employee, role: str) -> str:
    """The team a holder of a portfolio role counts towards today: the first team, in the
    standards' order, that one of their skills covers (a skill naming the whole role covers
    every team), else the role's first team."""
    posts = standards.posts_of(role)
    return next((p for p in posts if p in emp.skills or role in emp.skills), posts[0])


def current_placement(standards: Standards, emp: Employee) -> tuple[str | None, str | None]:
    """Today's (role, team post) of an employee; the team post only for a portfolio role,
    and none where no skill of theirs covers a team (they count on no team's row)."""
    role = emp.role
    if role is None or not isinstance(standards.roles.get(role), PortfolioRole):
        return role, None
    if not any(p in emp.skills or role in emp.skills for p in standards.posts_of(role)):
        return role, None
    return role, current_team(standards, emp, role)


@dataclass(frozen=True)
class Gains:
    """What a role, or a portfolio team, gains and needs (design §4).

    ``current`` people hold it today and ``required`` are given it; so current = kept +
    moved_out + freed, and required = kept + moved_in. ``freed`` counts today's people
    given no role at all. A change of portfolio team is a move on the role's row too.
    """

    name: str  # a role, or a portfolio team's post
    current: int
    required: int
    kept: int
    moved_in: int
    moved_out: int
    freed: int


def _gains(
    name: str,
    before: Sequence[bool],
    after: Sequence[bool],
    placed: Sequence[bool],
    unchanged: Sequence[bool],
) -> Gains:
    """The figures of one name from, per employee: holds it today, given it, given a role,
    keeps today's role and team."""
    rows = list(zip(before, after, placed, unchanged, strict=True))
    return Gains(
        name=name,
        current=sum(b for b, _, _, _ in rows),
        required=sum(a for _, a, _, _ in rows),
        kept=sum(b and a and u for b, a, _, u in rows),
        moved_in=sum(a and not (b and u) for b, a, _, u in rows),
        moved_out=sum(b and p and not (a and u) for b, a, p, u in rows),
        freed=sum(b and not p for b, _, p, _ in rows),
    )


def gains(
    standards: Standards,
    staff: Sequence[Employee],
    roles: Mapping[str, str | None],
    teams: Mapping[str, str | None],
) -> list[Gains]:
    """Per role in the standards' order, each portfolio role followed by its teams: who
    holds it today and who is given it by ``roles`` and ``teams`` (employee id -> role,
    team post). A change of team is a move of the team and of the role."""
    placed = [roles[e.id] is not None for e in staff]
    today = [current_placement(standards, e) for e in staff]
    unchanged = [(roles[e.id], teams[e.id]) == t for e, t in zip(staff, today, strict=True)]
    out = []
    for role, spec in standards.roles.items():
        before = [e.role == role for e in staff]
        after = [roles[e.id] == role for e in staff]
        out.append(_gains(role, before, after, placed, unchanged))
        if isinstance(spec, PortfolioRole):
            for post in standards.posts_of(role):
                held = [t[1] == post for t in today]
                given = [teams[e.id] == post for e in staff]
                out.append(_gains(post, held, given, placed, unchanged))
    return out
