"""From the model's counts to named members: the members each class sends to a branch
take its shifts day by day, under their own posts, days, hours and unavailable days."""

from __future__ import annotations

from collections import defaultdict

from staffopt.config.models import Standards
from staffopt.counting import Shift, week_order
from staffopt.pool.members import Member, days_left
from staffopt.pool.model import MemberClass


def teams_of(classes: list[MemberClass], sent: dict[tuple[int, str], int]
             ) -> dict[str, list[Member]]:
    """Who each branch receives: per class, its members at home there first, then by name."""
    teams: dict[str, list[Member]] = defaultdict(list)
    for ci, cls in enumerate(classes):
        free = list(cls.members)
        for bid in sorted(b for c, b in sent if c == ci):
            free.sort(key=lambda m: (m.home != bid, m.member))
            teams[bid].extend(free[:sent[(ci, bid)]])
            free = free[sent[(ci, bid)]:]
    return teams


def assign_branch(team: list[Member], bid: str, shifts: list[Shift], std: Standards
                  ) -> list[tuple[Member, str, Shift]]:
    """Name who works each shift, the least flexible shift first and, for it, the
    least flexible, least worked member; a shift nobody can take is left out (and so
    stays uncovered in the recount)."""
    out: list[tuple[Member, str, Shift]] = []
    days: dict[str, set[str]] = defaultdict(set)
    paid: dict[str, int] = defaultdict(int)
    by_day: dict[str, list[Shift]] = defaultdict(list)
    for s in shifts:
        by_day[s.day].append(s)

    def fits(m: Member, s: Shift) -> bool:
        return (s.post in m.posts and s.day not in m.unavailable and s.day not in days[m.member]
                and len(days[m.member]) < days_left(m, std)
                and paid[m.member] + s.paid <= m.contract_minutes)

    for day in week_order(by_day):
        todo = sorted(by_day[day], key=lambda s: (sum(fits(m, s) for m in team), -s.paid,
                                                  s.post, s.start))
        for s in todo:
            fit = [m for m in team if fits(m, s)]
            if fit:
                who = min(fit, key=lambda m: (len(m.posts), len(days[m.member]),
                                              paid[m.member], m.member))
                days[who.member].add(day)
                paid[who.member] += s.paid
                out.append((who, bid, s))
    return out
