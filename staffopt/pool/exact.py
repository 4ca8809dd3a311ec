"""The exact per-member pool model (design §6.1), for groups small enough to solve it."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from staffopt.config.models import Standards
from staffopt.counting import Shift, SlotKey
from staffopt.pool.members import Member, days_left
from staffopt.pool.model import cover_vars, useful_shifts


@dataclass
class Candidate:
    """One shift a member could work at a branch."""

    member: Member
    branch: str
    shift: Shift
    var: cp_model.IntVar


@dataclass
class PoolModel:
    """The model, its candidates and the four objective levels (design §6.1)."""

    model: cp_model.CpModel
    candidates: list[Candidate] = field(default_factory=list)
    levels: list[cp_model.LinearExpr] = field(default_factory=list)


def _candidates(m: cp_model.CpModel, member: Member, branch: str,
                offers: dict[tuple[str, str], list[Shift]]) -> list[Candidate]:
    """The member's candidate shifts at a branch, from its offers by (day, post)."""
    out: list[Candidate] = []
    for (day, post), shifts in offers.items():
        if day in member.unavailable or post not in member.posts:
            continue
        for shift in shifts:
            if shift.paid <= member.contract_minutes:
                name = (f"x[{member.member},{branch},{day},{post},"
                        f"{shift.start}-{shift.end},break {shift.break_start}]")
                out.append(Candidate(member, branch, shift, m.new_bool_var(name)))
    return out


def _offers(opening: dict[str, tuple[int, int]], need: Counter[SlotKey], posts: set[str],
            std: Standards) -> dict[tuple[str, str], list[Shift]]:
    """Useful shifts by (day, post) at one branch, computed once for every member."""
    days = {k.day for k, n in need.items() if n > 0}
    return {(day, post): useful_shifts(opening[day], day, post, need, std)
            for day in sorted(days) if day in opening for post in sorted(posts)}


def _member_rules(m: cp_model.CpModel, member: Member, cands: list[Candidate],
                  std: Standards) -> tuple[cp_model.IntVar, list[cp_model.IntVar]]:
    """One shift a day, days per week, contract hours; returns (used, visit literals)."""
    by_day: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    by_branch: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for c in cands:
        by_day[c.shift.day].append(c.var)
        by_branch[c.branch].append(c.var)
    works = []
    for day in sorted(by_day):
        w = m.new_bool_var(f"w[{member.member},{day}]")
        m.add(sum(by_day[day]) == w)
        works.append(w)
    m.add(sum(works) <= days_left(member, std))
    m.add(sum(c.shift.paid * c.var for c in cands) <= member.contract_minutes)
    used = m.new_bool_var(f"used[{member.member}]")
    visits = []
    for bid in sorted(by_branch):
        v = m.new_bool_var(f"visit[{member.member},{bid}]")
        for x in by_branch[bid]:
            m.add_implication(x, v)
        m.add_implication(v, used)
        m.add(sum(by_branch[bid]) >= v)  # no visit without a shift
        visits.append(v)
    m.add(sum(visits) >= used)
    return used, visits


def build_pool(members: list[Member], openings: dict[str, dict[str, tuple[int, int]]],
               demand: dict[str, Counter[SlotKey]], scope_of: dict[str, list[str]],
               std: Standards) -> PoolModel:
    """The model of one group: ``scope_of`` gives the branches each member may work at."""
    m = cp_model.CpModel()
    pm = PoolModel(m)
    slot = std.calendar.slot_minutes
    used_vars, visit_vars, idle_terms = [], [], []
    posts = {p for member in members for p in member.posts}
    wanted = {b for member in members for b in scope_of[member.member] if b in demand}
    offers = {b: _offers(openings[b], demand[b], posts, std) for b in sorted(wanted)}
    for member in members:
        cands = [c for bid in scope_of[member.member] if bid in offers
                 for c in _candidates(m, member, bid, offers[bid])]
        if not cands:
            continue
        pm.candidates.extend(cands)
        used, visits = _member_rules(m, member, cands, std)
        used_vars.append(used)
        visit_vars.extend(visits)
        idle_terms.append(member.contract_minutes * used - sum(c.shift.paid * c.var for c in cands))
    cover = cover_vars(pm.candidates, slot, demand)
    uncovered = []
    for bid in sorted(demand):
        for k in sorted(demand[bid]):
            need = demand[bid][k]
            u = m.new_int_var(0, need, f"u[{bid},{k}]")
            m.add(u + sum(cover.get((bid, k), [])) >= need)
            uncovered.append(u)
    pm.levels = [sum(uncovered), sum(visit_vars), sum(used_vars), sum(idle_terms)]
    return pm
