"""A cheap lower bound on the pool's level 1, the uncovered slot-units of a group, for
the groups solved branch by branch, whose models prove nothing about the whole group.

Three facts bound what the members can cover, each alone: in a slot a member works at
one branch on one post, and so adds one person to each of that post's rows there; a
row in a slot gains at most one person per member able to work it that day; over the
week a member works at most their contract's paid minutes (a shift counts no more
slots than it pays for), on at most ``max_days_per_week`` days of at most the longest
shift each.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from staffopt.config.models import Standards
from staffopt.counting import SlotKey, rows_of
from staffopt.pool.members import Member, days_left


def _workers(members: list[Member], std: Standards) -> list[Member]:
    """The members who can work any shift at all: a contract as long as the shortest."""
    shortest = round(60 * min(std.labor.shift_hours))
    return [m for m in members if m.contract_minutes >= shortest and m.posts]


def _week_slots(m: Member, days: set[str], std: Standards) -> int:
    """The most slots a member can work over the week's short days."""
    slot = std.calendar.slot_minutes
    longest = round(60 * max(std.labor.shift_hours))
    n = min(days_left(m, std), len(days - m.unavailable))
    return min(m.contract_minutes, n * longest) // slot


def _by_slot(demand: dict[str, Counter[SlotKey]], branches: list[str]
             ) -> dict[tuple[str, int], dict[str, Counter[str]]]:
    """Missing people by (day, start), then branch, then coverage row."""
    out: dict[tuple[str, int], dict[str, Counter[str]]] = defaultdict(dict)
    for bid in branches:
        for k, n in demand.get(bid, Counter()).items():
            if n > 0:
                out[(k.day, k.start)].setdefault(bid, Counter())[k.row] += n
    return out


def _slot_bound(rows_at: dict[str, Counter[str]], able: Counter[tuple[str, ...]]) -> int:
    """Uncovered units of one slot that no roster of the able members (counted by their
    posts) can avoid."""
    total = sum(sum(c.values()) for c in rows_at.values())
    # per row, summed over branches: at most one more person per member holding it
    per_row: Counter[str] = Counter()
    for rows in rows_at.values():
        per_row.update(rows)
    by_rows = sum(max(0, n - sum(k for posts, k in able.items()
                                 if any(row in rows_of(p) for p in posts)))
                  for row, n in per_row.items())
    # per member: the most short rows one post of theirs meets at any one branch
    best = {p: max(sum(1 for r in rows_of(p) if rows[r] > 0) for rows in rows_at.values())
            for posts in able for p in posts}
    reach = sum(k * max(best[p] for p in posts) for posts, k in able.items())
    return max(by_rows, total - reach, 0)


def level1_bound(members: list[Member], demand: dict[str, Counter[SlotKey]],
                 branches: list[str], std: Standards) -> int:
    """A lower bound on the uncovered slot-units of ``branches`` once ``members`` (who may
    all work at each of them) are pooled, whatever the roster."""
    able = _workers(members, std)
    slots = _by_slot(demand, branches)
    on: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
    for m in able:
        for day in {d for d, _ in slots} - m.unavailable:
            on[day][m.posts] += 1
    per_slot = sum(_slot_bound(rows_at, on[day]) for (day, _), rows_at in slots.items())
    total = sum(sum(sum(c.values()) for c in r.values()) for r in slots.values())
    days = {day for day, _ in slots}
    # a member's slot adds to at most as many short rows as one of their posts ever meets
    short_rows = {frozenset(rows) for rows_at in slots.values() for rows in rows_at.values()}
    meets = {p: max(sum(1 for r in rows_of(p) if r in rows) for rows in short_rows)
             for p in {p for m in able for p in m.posts}}
    reach = sum(_week_slots(m, days, std) * max(meets[p] for p in m.posts) for m in able)
    by_week = max(0, total - reach)
    return max(per_slot, by_week)
