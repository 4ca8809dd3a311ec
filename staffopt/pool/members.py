"""Pool members: the freed employees of a region who hold a skill for a pool role's post."""

from __future__ import annotations

from dataclasses import dataclass

from staffopt.config.models import Branch, Standards, covers
from staffopt.result import BranchResult


@dataclass(frozen=True)
class Member:
    """A freed employee, named ``<branch id>/<employee id>``, with what binds them all week."""

    member: str
    name: str | None
    home: str
    posts: tuple[str, ...]  # the pool posts they hold a skill for
    unavailable: frozenset[str]
    contract_minutes: int
    max_days: int | None = None  # days they may still work; None: the standards' days


def days_left(member: Member, std: Standards) -> int:
    """The days a week the member may work, at most the standards' ``max_days_per_week``."""
    return std.labor.max_days_per_week if member.max_days is None else member.max_days


def _contract(std: Standards, hours: float | None) -> int:
    return round(60 * (hours if hours is not None else std.labor.max_hours_per_week))


def members_of(branches: dict[str, Branch], results: dict[str, BranchResult],
               std: Standards, roles: list[str]) -> tuple[list[Member], int]:
    """The members, sorted by name, and the number of freed employees without a pool skill."""
    posts = [p for role in roles if role in std.roles for p in std.posts_of(role)]
    out: list[Member] = []
    unskilled = 0
    for bid in sorted(results):
        res, branch = results[bid], branches.get(bid)
        if res.status == "error" or branch is None:
            continue
        freed = {a.employee for a in res.assignments if a.role is None}
        for emp in branch.staff:
            if emp.id not in freed:
                continue
            mine = tuple(p for p in posts if any(covers(s, p) for s in emp.skills))
            if not mine:
                unskilled += 1
                continue
            out.append(Member(f"{bid}/{emp.id}", emp.name, bid, mine,
                              frozenset(emp.unavailable),
                              _contract(std, emp.max_hours_per_week)))
    return sorted(out, key=lambda m: m.member), unskilled
