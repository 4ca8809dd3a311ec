"""A start for the people stage (levels 2-4) built from level 1's roster.

Level 1 leaves many people working shifts that cover nothing short: its roster is a poor
start for the headcount. ``people_start`` frees people one at a time, each shift of
theirs either dropped (every slot it covers stays at or above its requirement) or moved
to a kept colleague of the same role who is free that day, within the weekly hours and
days. Coverage is recounted in Python, so the level-1 shortage never rises. Freed people
then fill the headcount floors, those whose role it is today first. Two orders of
freeing are tried; the best roster, by levels 2, 3 and 4 in turn, is encoded as a full
assignment of the model. Where it meets the stage's proven bounds the stage ends at once
(``settle_people``); elsewhere ``solve`` keeps level 1's roster as the hint, which measured
faster on most branches.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from staffopt.config.models import Employee, role_of
from staffopt.counting import Shift, SlotKey, counted_slots, heads
from staffopt.model import ComponentModel
from staffopt.solution import Solution
from staffopt.solve.hints import encode, read_roster
from staffopt.solve.idle_bound import satisfies
from staffopt.solve.stages import Stage, record
from staffopt.staffing import Staffing


@dataclass
class _Memo:
    """What the thinning asks for thousands of times, shared by the rosters of one start
    (measured: recounting it was most of the start's time)."""

    keys: dict[Shift, list[SlotKey]] = field(default_factory=dict)
    sets: dict[Shift, frozenset[SlotKey]] = field(default_factory=dict)
    days: dict[tuple[str, str], list[Shift]] = field(default_factory=dict)


@dataclass
class _Roster:
    """A roster being thinned, with its coverage count on the component's rows."""

    staffing: Staffing
    comp: ComponentModel
    sol: Solution
    count: Counter[SlotKey]
    floor: dict[SlotKey, int]  # level 1's people per slot, up to its requirement
    memo: _Memo = field(default_factory=_Memo)

    def keys(self, s: Shift) -> list[SlotKey]:
        """The component's rows and slots ``s`` counts towards (a shared list: read only)."""
        found = self.memo.keys.get(s)
        if found is None:
            shortage = self.comp.shortage
            found = [k for k in counted_slots(s, self.staffing.slot) if k in shortage]
            self.memo.keys[s] = found
        return found

    def key_set(self, s: Shift) -> frozenset[SlotKey]:
        """``keys`` as a set."""
        found = self.memo.sets.get(s)
        if found is None:
            found = self.memo.sets[s] = frozenset(self.keys(s))
        return found

    def options(self, eid: str, day: str) -> list[Shift]:
        """The model's shifts of ``eid`` on ``day``, the least paid first."""
        found = self.memo.days.get((eid, day))
        if found is None:
            found = sorted(
                (c for c, _ in self.comp.shifts[eid] if c.day == day),
                key=lambda c: (c.paid, c.start, c.post),
            )
            self.memo.days[(eid, day)] = found
        return found

    def take(self, eid: str, s: Shift) -> None:
        """Drop shift ``s`` of ``eid``."""
        self.sol.shifts[eid].remove(s)
        self.count.subtract(self.keys(s))

    def give(self, eid: str, s: Shift) -> None:
        """Give shift ``s`` to ``eid``."""
        self.sol.shifts[eid].append(s)
        self.count.update(self.keys(s))

    def lacking(self, s: Shift) -> set[SlotKey]:
        """Slots of ``s`` below their floor (once ``s`` is dropped)."""
        return self.lacking_keys(self.keys(s))

    def lacking_keys(self, keys: Iterable[SlotKey]) -> set[SlotKey]:
        """Those of ``keys`` below their floor."""
        return {k for k in keys if self.count[k] < self.floor[k]}


def _fits(r: _Roster, emp: Employee, c: Shift) -> bool:
    """Whether ``emp`` can work ``c`` besides their shifts: same role and team, a free
    day, within the weekly days and contract hours."""
    eid, slot = emp.id, r.staffing.slot
    worked = r.sol.shifts[eid]
    if r.sol.roles[eid] != role_of(c.post) or r.sol.teams[eid] not in (None, c.post):
        return False
    if any(s.day == c.day for s in worked):
        return False
    if len(worked) >= r.staffing.standards.labor.max_days_per_week:
        return False
    return sum(s.paid // slot for s in worked) + c.paid // slot <= r.staffing.max_slots(emp)


def _cover_elsewhere(r: _Roster, away: str, s: Shift, recruit: bool) -> bool:
    """Give a kept colleague of ``away`` a shift on ``s``'s day so that every slot is
    back at its floor, in place of the colleague's own shift that day if they have one,
    the least paid first; with ``recruit``, a freed person after that. Say whether one
    was found."""
    lost = r.lacking(s)
    # only the role's holders can take a shift that covers its slots back to the floor
    role = role_of(s.post)
    kept = [e for e in r.comp.employees if e.id != away and r.sol.roles[e.id] == role]
    freed = [e for e in r.comp.employees if recruit and r.sol.roles[e.id] is None]
    for emp in kept + freed:
        if r.sol.roles[emp.id] is None and not _enlist(r, emp, s.post):
            continue
        if _take_over(r, emp, s, lost):
            return True
        if emp in freed:
            r.sol.roles[emp.id] = r.sol.teams[emp.id] = None
    return False


def _enlist(r: _Roster, emp: Employee, post: str) -> bool:
    """Give a freed ``emp`` the role (and team) of ``post``, if the model lets them."""
    role, teams = role_of(post), r.comp.teams[emp.id]
    if role not in r.comp.roles[emp.id]:
        return False
    portfolio = any(role_of(t) == role for t in teams)
    if portfolio and post not in teams:
        return False
    r.sol.roles[emp.id], r.sol.teams[emp.id] = role, post if portfolio else None
    return True


def _take_over(r: _Roster, emp: Employee, s: Shift, lost: set[SlotKey]) -> bool:
    """Give ``emp`` a shift on ``s``'s day that puts ``lost`` back at its floor, in place
    of their own shift that day (whose slots must stay at their floor too)."""
    own = next((c for c in r.sol.shifts[emp.id] if c.day == s.day), None)
    touched = set(lost)
    if own is not None:
        r.take(emp.id, own)
        touched |= set(r.keys(own))
    lacking = r.lacking_keys(touched)  # the same for every option: each one is undone
    for c in r.options(emp.id, s.day):
        if c == own or not (lacking <= r.key_set(c) and _fits(r, emp, c)):
            continue
        r.give(emp.id, c)
        if not r.lacking_keys(touched):
            return True
        r.take(emp.id, c)
    if own is not None:
        r.give(emp.id, own)
    return False


def _free(r: _Roster, eid: str, recruit: bool = False) -> bool:
    """Free ``eid`` of every shift, dropping or moving each (to freed people too, with
    ``recruit``); undo all and say False where some shift can go nowhere."""
    saved = _snapshot(r)
    for s in list(r.sol.shifts[eid]):
        r.take(eid, s)
        if r.lacking(s) and not _cover_elsewhere(r, eid, s, recruit):
            _restore(r, saved)
            return False
    r.sol.roles[eid] = r.sol.teams[eid] = None
    return True


_Saved = tuple[dict[str, str | None], dict[str, str | None], dict[str, list[Shift]], Counter]


def _snapshot(r: _Roster) -> _Saved:
    """A copy of the roster's roles, teams, shifts and coverage count."""
    sol = r.sol
    return dict(sol.roles), dict(sol.teams), {k: list(v) for k, v in sol.shifts.items()}, \
        Counter(r.count)


def _restore(r: _Roster, saved: _Saved) -> None:
    """Put back a ``_snapshot``."""
    r.sol.roles.update(saved[0])
    r.sol.teams.update(saved[1])
    r.sol.shifts.update({k: list(v) for k, v in saved[2].items()})
    r.count = Counter(saved[3])


def _plan_fits(r: _Roster, emp: Employee, plan: tuple[str | None, str | None, list[Shift]]) -> bool:
    """Whether ``emp`` may hold this (role, team, shifts) plan in the model."""
    role, team, worked = plan
    comp, slot = r.comp, r.staffing.slot
    if role is not None and role not in comp.roles[emp.id]:
        return False
    if team is not None and team not in comp.teams[emp.id]:
        return False
    if not set(worked) <= {c for c, _ in comp.shifts[emp.id]}:
        return False
    return sum(s.paid // slot for s in worked) <= r.staffing.max_slots(emp)


def _swap_roles(r: _Roster) -> None:
    """Swap whole plans between two people (one may be freed) where that lowers the
    role changes: someone working another role hands it to today's holder of it."""
    sol, people = r.sol, r.comp.employees

    def changes(e: Employee) -> int:
        return int(sol.roles[e.id] not in (None, e.role))

    for a in people:
        if not changes(a):
            continue
        for b in people:
            if b is a or b.role != sol.roles[a.id]:
                continue
            pa = (sol.roles[a.id], sol.teams[a.id], sol.shifts[a.id])
            pb = (sol.roles[b.id], sol.teams[b.id], sol.shifts[b.id])
            before = changes(a) + changes(b)
            if not (_plan_fits(r, a, pb) and _plan_fits(r, b, pa)):
                continue
            sol.roles[a.id], sol.teams[a.id], sol.shifts[a.id] = pb
            sol.roles[b.id], sol.teams[b.id], sol.shifts[b.id] = pa
            if changes(a) + changes(b) < before:
                break
            sol.roles[a.id], sol.teams[a.id], sol.shifts[a.id] = pa
            sol.roles[b.id], sol.teams[b.id], sol.shifts[b.id] = pb


def _team_for(comp: ComponentModel, emp: Employee, name: str) -> str | None:
    """The team ``emp`` takes when given floor ``name``'s role: ``name`` itself for a
    team's floor, the first team of a portfolio role, None for any other role."""
    if "." in name:
        return name
    return next((p for p in comp.teams[emp.id] if role_of(p) == name), None)


def _fill_floors(r: _Roster) -> None:
    """Give freed people the roles (and teams) whose floors are short, today's holders
    first; team floors before role floors, as a team's member also holds its role."""
    comp, sol = r.comp, r.sol
    people = heads((sol.roles[e.id], sol.teams[e.id]) for e in comp.employees)
    for name in sorted(comp.floor_slack, key=lambda n: ("." not in n, n)):
        role = role_of(name)
        idle = [
            e for e in comp.employees
            if sol.roles[e.id] is None and role in comp.roles[e.id]
            and ("." not in name or name in comp.teams[e.id])
        ]
        idle.sort(key=lambda e: e.role != role)
        for emp in idle[: max(0, comp.floor_target[name] - people[name])]:
            sol.roles[emp.id], sol.teams[emp.id] = role, _team_for(comp, emp, name)
            people.update(n for n in (role, sol.teams[emp.id]) if n is not None)


def _repair_floors(r: _Roster) -> None:
    """Free a kept person into each floor still short, where their shifts can go to
    colleagues (freed ones too: a floor weighs more than a head) and no floor ends up
    shorter; today's holders first, fewest shifts first."""
    comp, sol = r.comp, r.sol
    for name in sorted(comp.floor_slack, key=lambda n: ("." not in n, n)):
        role = role_of(name)
        movers = [
            e for e in comp.employees
            if sol.roles[e.id] is not None and name not in (sol.roles[e.id], sol.teams[e.id])
            and role in comp.roles[e.id] and ("." not in name or name in comp.teams[e.id])
        ]
        movers.sort(key=lambda e: (e.role != role, len(sol.shifts[e.id])))
        for emp in movers:
            if _shortfall(comp, sol, name) == 0:
                break
            short, saved = levels_of(comp, sol)[0], _snapshot(r)
            if _free(r, emp.id, recruit=True):
                sol.roles[emp.id], sol.teams[emp.id] = role, _team_for(comp, emp, name)
                if levels_of(comp, sol)[0] < short:
                    continue
            _restore(r, saved)


def _shortfall(comp: ComponentModel, sol: Solution, name: str) -> int:
    """People missing under floor ``name``."""
    people = heads((sol.roles[e.id], sol.teams[e.id]) for e in comp.employees)
    return max(0, comp.floor_target[name] - people[name])


def levels_of(comp: ComponentModel, sol: Solution) -> tuple[int, int, int]:
    """Floor shortage, headcount and role changes of a roster of ``comp``."""
    people = heads((sol.roles[e.id], sol.teams[e.id]) for e in comp.employees)
    floor = sum(max(0, comp.floor_target[n] - people[n]) for n in comp.floor_slack)
    kept = [e for e in comp.employees if sol.roles[e.id] is not None]
    return floor, len(kept), sum(1 for e in kept if sol.roles[e.id] != e.role)


def _thinned(
    staffing: Staffing, comp: ComponentModel, values: list[int],
    order: Callable[[Employee, Solution], tuple[object, ...]],
    memo: _Memo,
) -> Solution:
    """Level 1's roster with people freed in ``order``, then the floors filled."""
    sol = Solution()
    read_roster(comp, values, sol)
    count: Counter[SlotKey] = Counter()
    r = _Roster(staffing, comp, sol, count, {}, memo)
    for worked in sol.shifts.values():
        for s in worked:
            count.update(r.keys(s))
    r.floor.update((k, min(staffing.demand[k], count[k])) for k in comp.shortage)
    for emp in sorted(comp.employees, key=lambda e: order(e, sol)):
        if sol.roles[emp.id] is not None:
            _free(r, emp.id)
    _fill_floors(r)
    _repair_floors(r)
    _swap_roles(r)
    return sol


ORDERS: tuple[Callable[[Employee, Solution], tuple[object, ...]], ...] = (
    lambda e, sol: (len(sol.shifts[e.id]),),
    lambda e, sol: (sol.roles[e.id] == e.role, len(sol.shifts[e.id])),
)


def people_start(staffing: Staffing, comp: ComponentModel, values: list[int]) -> list[int]:
    """The best of level 1's roster and its thinned versions (``ORDERS``), by levels 2-4,
    as a full assignment of ``comp``; ``values`` itself where none beats it or fits."""
    first = Solution()
    read_roster(comp, values, first)
    start_levels = levels_of(comp, first)
    memo = _Memo()
    candidates = []
    for n, order in enumerate(ORDERS):
        sol = _thinned(staffing, comp, values, order, memo)
        found = levels_of(comp, sol)
        if found <= start_levels:
            candidates.append((found, -n, sol))
    # the best by levels 2-4, the later order on a tie; the model check (measured: a
    # tenth of a small branch's time) only until one fits
    for _, _, sol in sorted(candidates, key=lambda c: c[:2]):
        hint = encode(staffing, comp, sol)
        if satisfies(comp.model.proto, hint):
            return hint
    return values


def settle_people(
    comp: ComponentModel, stage: Stage, hint: list[int], out: Solution,
    fixed: dict[str, int],
) -> bool:
    """Record the people stage as proven at ``hint`` where every level meets its data
    bound (no role changes at all, the headcount at the roles' bounds); say whether."""
    sol = Solution()
    read_roster(comp, hint, sol)
    found = levels_of(comp, sol)
    bounds = tuple(comp.level_bounds.get(level, 0) for level in stage.levels)
    if len(stage.levels) != len(found) or found != bounds:
        return False
    record(out, stage.levels, list(found), list(found), 0.0)
    for level, value in zip(stage.levels, found, strict=True):
        comp.model.add(comp.levels[level] <= value)
        fixed[level] = value
    return True
