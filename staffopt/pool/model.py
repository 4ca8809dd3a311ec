"""The pool's CP-SAT model over one scope group, with interchangeable members counted
together: members of one class (same pool posts, same contract) are one integer a shift."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from ortools.sat.python import cp_model

from staffopt.config.models import Standards
from staffopt.counting import Shift, SlotKey, counted_slots, week_order
from staffopt.pool.members import Member, days_left
from staffopt.staffing import day_templates


@dataclass(frozen=True)
class MemberClass:
    """Members who are interchangeable for the model: same posts, contract, days off and
    days a week."""

    posts: tuple[str, ...]
    contract_minutes: int
    unavailable: frozenset[str]
    members: tuple[Member, ...]
    max_days: int | None = None


@dataclass
class Candidate:
    """How many pooled members work one shift at a branch."""

    branch: str
    shift: Shift
    var: cp_model.IntVar


@dataclass
class PoolModel:
    """The model, its candidates, the members each class sends to each branch, and the
    objective levels (design §6.1)."""

    model: cp_model.CpModel
    classes: list[MemberClass] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    sent: dict[tuple[int, str], cp_model.IntVar] = field(default_factory=dict)
    levels: list[cp_model.LinearExpr] = field(default_factory=list)


class Covering(Protocol):
    """A candidate shift at a branch, as the coverage rows read it."""

    branch: str
    shift: Shift
    var: cp_model.IntVar


def cover_vars(candidates: Iterable[Covering], slot: int, demand: dict[str, Counter[SlotKey]]
               ) -> dict[tuple[str, SlotKey], list[cp_model.IntVar]]:
    """The variables of the candidates that count towards each (branch, slot) in need."""
    cover: dict[tuple[str, SlotKey], list[cp_model.IntVar]] = defaultdict(list)
    for c in candidates:
        for k in counted_slots(c.shift, slot):
            if demand[c.branch][k] > 0:
                cover[(c.branch, k)].append(c.var)
    return cover


def classes_of(members: list[Member]) -> list[MemberClass]:
    """The group's member classes, in a stable order."""
    by: dict[tuple[tuple[str, ...], int, tuple[str, ...], int], list[Member]] = defaultdict(list)
    for m in members:
        days = -1 if m.max_days is None else m.max_days
        by[(m.posts, m.contract_minutes, tuple(week_order(m.unavailable)), days)].append(m)
    return [MemberClass(p, c, frozenset(u), tuple(by[(p, c, u, d)]), None if d < 0 else d)
            for p, c, u, d in sorted(by)]


def useful_shifts(opening: tuple[int, int], day: str, post: str, need: Counter[SlotKey],
                  std: Standards) -> list[Shift]:
    """The shifts worth offering on a post and day: each covers some missing slot, and
    none covers a strict subset of what another of its paid length covers (that other
    is as good at every objective level)."""
    slot = std.calendar.slot_minutes
    seen: dict[tuple[frozenset[SlotKey], int], Shift] = {}
    for t in day_templates(std, opening):
        shift = t.shift(day, post)
        covered = frozenset(k for k in counted_slots(shift, slot) if need[k] > 0)
        if covered:
            seen.setdefault((covered, shift.paid), shift)
    return [s for (c, paid), s in seen.items()
            if not any(paid == p and c < oc for oc, p in seen)]


def _offers(opening: dict[str, tuple[int, int]], need: Counter[SlotKey], posts: set[str],
            std: Standards) -> dict[tuple[str, str], list[Shift]]:
    """Useful shifts by (day, post) at one branch, computed once for every class."""
    days = {k.day for k, n in need.items() if n > 0}
    return {(day, post): useful_shifts(opening[day], day, post, need, std)
            for day in week_order(days) if day in opening
            for post in sorted(posts)}


def _subsets(posts: list[str]) -> list[frozenset[str]]:
    """Every non-empty set of the posts (few: a branch has a handful of pool posts)."""
    return [frozenset(p for i, p in enumerate(posts) if mask >> i & 1)
            for mask in range(1, 1 << len(posts))]


def _branch_rules(pm: PoolModel, bid: str, cands: list[Candidate], std: Standards) -> None:
    """The members sent to ``bid`` can work its shifts: each day, every set of posts has
    at least as many available members holding one of them as it has shifts (Hall), and
    the week's days and paid hours fit the members sent."""
    m = pm.model
    z = {ci: pm.sent[(ci, bid)] for ci in range(len(pm.classes))}
    by_day: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        by_day[c.shift.day].append(c)
    for day in week_order(by_day):
        posts = sorted({c.shift.post for c in by_day[day]})
        for sub in _subsets(posts):
            have = [z[ci] for ci, cls in enumerate(pm.classes)
                    if day not in cls.unavailable and sub & set(cls.posts)]
            m.add(sum(c.var for c in by_day[day] if c.shift.post in sub) <= sum(have))
    m.add(sum(c.var for c in cands)
          <= sum(days_left(cls.members[0], std) * z[ci] for ci, cls in enumerate(pm.classes)))
    m.add(sum(c.shift.paid * c.var for c in cands)
          <= sum(cls.contract_minutes * z[ci] for ci, cls in enumerate(pm.classes)))


def build_pool(members: list[Member], openings: dict[str, dict[str, tuple[int, int]]],
               demand: dict[str, Counter[SlotKey]], branches: list[str],
               std: Standards) -> PoolModel:
    """The model of one group whose members may all work at ``branches``.

    A member works at one branch all week, so visits equal members used: levels (2)
    and (3) of §6.1 are one level here.
    """
    pm = PoolModel(cp_model.CpModel(), classes_of(members))
    slot = std.calendar.slot_minutes
    short = [b for b in branches if b in demand]
    posts = {p for member in members for p in member.posts}
    for bid in short:
        mine = []
        for (day, post), shifts in _offers(openings[bid], demand[bid], posts, std).items():
            for s in shifts:
                name = f"x[{bid},{day},{post},{s.start}-{s.end},break {s.break_start}]"
                mine.append(Candidate(bid, s, pm.model.new_int_var(0, len(members), name)))
        if not mine:
            continue
        for ci, cls in enumerate(pm.classes):
            pm.sent[(ci, bid)] = pm.model.new_int_var(0, len(cls.members), f"sent[{ci},{bid}]")
        pm.candidates.extend(mine)
        _branch_rules(pm, bid, mine, std)
    for ci, cls in enumerate(pm.classes):
        pm.model.add(sum(z for (c, _), z in sorted(pm.sent.items()) if c == ci)
                     <= len(cls.members))
    cover = cover_vars(pm.candidates, slot, demand)
    uncovered = []
    for bid in short:
        for k in sorted(demand[bid]):
            need = demand[bid][k]
            u = pm.model.new_int_var(0, need, f"u[{bid},{k}]")
            pm.model.add(u + sum(cover.get((bid, k), [])) >= need)
            uncovered.append(u)
    sent = [pm.sent[k] for k in sorted(pm.sent)]
    idle = sum(pm.classes[ci].contract_minutes * pm.sent[(ci, b)] for ci, b in sorted(pm.sent))
    pm.levels = [sum(uncovered), sum(sent),
                 idle - sum(c.shift.paid * c.var for c in pm.candidates)]
    return pm
