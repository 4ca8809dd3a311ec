"""The sizing rules of design §3: a branch and its standards -> per-slot requirements and floors.

Every rule of §3 lives here and nowhere else. ``compute`` is a pure function; each
slot keeps the figures that explain it (arrivals, load, AHT, service level, occupancy)
so that a regional office can check any number against its own spreadsheet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from staffopt.config.models import (
    DAYS,
    SELF_SERVICE,
    Branch,
    GradeRole,
    PortfolioRole,
    PresenceRole,
    QueueRole,
    Standards,
    WorkloadRole,
    parse_hours,
)

TOLERANCE = 1e-9


def ceil_tol(x: float) -> int:
    """Ceil after forgiving 1e-9 of float noise, so that 3.0000000001 stays 3."""
    return max(0, math.ceil(x - TOLERANCE))


def clock(minute: int) -> str:
    """Minutes after midnight as HH:MM."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


# ---------------------------------------------------------------- Erlang C


def erlang_c(n: int, load: float) -> float:
    """Probability that an arrival waits, with n servers and ``load`` Erlangs (n > load).

    Uses the Erlang B recursion B(k) = A·B(k-1) / (k + A·B(k-1)), which never forms a
    factorial or a power, so it is stable at hundreds of servers.
    """
    if load <= 0:
        return 0.0
    if n <= load:
        return 1.0
    b = 1.0
    for k in range(1, n + 1):
        b = load * b / (k + load * b)
    return n * b / (n - load * (1.0 - b))


def service_level(n: int, load: float, aht: float, wait: float) -> float:
    """Share of arrivals served within ``wait`` minutes: 1 - C(n, A)·exp(-(n - A)·wait / AHT)."""
    if load <= 0:
        return 1.0
    if n <= load:
        return 0.0
    return 1.0 - erlang_c(n, load) * math.exp(-(n - load) * wait / aht)


def servers_for_service_level(load: float, aht: float, wait: float, target: float) -> int:
    """The least n with SL(n) >= target (target < 1, so the search ends).

    SL(n) is 0 for n <= load, so the search starts at the least integer above the load.
    The comparison is exact: §3's 1e-9 tolerance applies before a ceil, not here.
    """
    n = math.floor(load) + 1
    while service_level(n, load, aht, wait) < target:
        n += 1
    return n


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class SlotRequirement:
    """How many people a post needs in one slot, with the figures that explain it."""

    post: str
    day: str
    start: int  # minutes after midnight
    required: int
    arrivals: float = 0.0  # transactions (queue) or visitors (workload) in the slot
    load: float = 0.0  # Erlangs (queue) or work minutes ÷ slot minutes (workload)
    aht: float | None = None  # average handling minutes (queue)
    service_level: float | None = None  # reached with `required` servers (queue)
    occupancy: float | None = None  # load ÷ required
    uncapped: int | None = None  # the queue requirement before the counter cap


@dataclass(frozen=True)
class Floor:
    """A headcount floor for a role, or for a portfolio team (role = the team's post)."""

    role: str
    floor: int


@dataclass(frozen=True)
class RequirementWarning:
    """A warning tied to a post and slot, such as a counter-capacity cap."""

    code: str
    post: str
    day: str
    start: int
    message: str
    needed: int | None = None  # counter-capacity: the requirement before the cap
    counters: int | None = None  # counter-capacity: the zone's counters, where it is capped


@dataclass
class Requirements:
    """Everything the staffing model needs to know about demand at one branch."""

    branch: str
    standards: str
    slot_minutes: int
    hours: dict[str, tuple[int, int]]  # open days only, mon..sun: (open, close) in minutes
    slots: list[SlotRequirement]  # every coverage post × every open slot, sorted
    floors: list[Floor]  # the binding floors: per role, and per team for portfolio roles
    role_floors: dict[str, int] = field(default_factory=dict)  # per role, teams summed
    warnings: list[RequirementWarning] = field(default_factory=list)

    @property
    def posts(self) -> list[str]:
        """The posts that carry a per-slot requirement, sorted."""
        return sorted({s.post for s in self.slots})


def _sort_key(row: SlotRequirement | RequirementWarning) -> tuple[str, int, int]:
    return row.post, DAYS.index(row.day), row.start


# ---------------------------------------------------------------- the rules


def opening_hours(std: Standards, branch: Branch) -> dict[str, tuple[int, int]]:
    """The open days of the week and their hours: the branch's overrides, key by key."""
    out = {}
    for day in DAYS:
        hours = branch.opening_hours.get(day, std.calendar.opening_hours.get(day, "closed"))
        span = parse_hours(hours)
        if span is not None:
            out[day] = span
    return out


def day_shares(std: Standards, start: int, end: int) -> list[float]:
    """Each slot's share of a day's arrivals, from the intraday profile; they sum to 1."""
    slot = std.calendar.slot_minutes
    weights = [std.intraday_profile.get(f"{m // 60:02d}", 0.0) for m in range(start, end, slot)]
    total = sum(weights)
    if total <= 0:
        return [1.0 / len(weights)] * len(weights)
    return [w / total for w in weights]


def weekday_factor(std: Standards, branch: Branch, day: str) -> float:
    """The day's volume factor: the branch's override, else the standards', else 1."""
    return branch.volume.weekday_factors.get(day, std.weekday_factors.get(day, 1.0))


def _queue(std: Standards, branch: Branch, name: str, role: QueueRole,
           day: str, start: int, share: float, factor: float,
           out: list[SlotRequirement], warnings: list[RequirementWarning]) -> None:
    slot = std.calendar.slot_minutes
    for zone in role.zones:
        counters = branch.counters.get(zone, 0)
        if counters <= 0 or zone == SELF_SERVICE:
            continue  # zones without counters, and self-service, need no tellers
        post = f"{name}.{zone}"
        arrivals = minutes = 0.0
        for tx, spec in std.transactions.items():
            if spec.zone == zone:
                a = branch.volume.daily.get(tx, 0.0) * factor * share
                arrivals += a
                minutes += a * spec.minutes
        load = minutes / slot
        aht: float | None = None
        if load <= 0:
            need = role.min_on_duty.get(zone, 0)  # A = 0 gives min_on_duty, still capped below
        else:
            aht = minutes / arrivals
            n_queue = 0  # no service level: sized by occupancy alone
            if role.service_level is not None:
                n_queue = servers_for_service_level(
                    load, aht, role.service_level.wait_minutes, role.service_level.percent / 100
                )
            n_occ = ceil_tol(load / role.max_occupancy)
            need = max(n_queue, n_occ, role.min_on_duty.get(zone, 0))
        required = min(need, counters)
        if need > counters:
            warnings.append(RequirementWarning(
                "counter-capacity", post, day, start,
                f"{post} needs {need} at {day} {clock(start)} but the zone has {counters} "
                f"counter{'s' if counters != 1 else ''}; the requirement is capped",
                needed=need, counters=counters,
            ))
        sl = None
        if role.service_level is not None and aht is not None:
            sl = service_level(required, load, aht, role.service_level.wait_minutes)
        out.append(SlotRequirement(
            post, day, start, required, arrivals, load, aht, sl,
            load / required if required else None, need,
        ))


def _workload(std: Standards, branch: Branch, name: str, role: WorkloadRole,
              day: str, start: int, share: float, factor: float) -> SlotRequirement:
    slot = std.calendar.slot_minutes
    daily = branch.volume.daily
    visitors = branch.volume.visitors if branch.volume.visitors is not None else sum(daily.values())
    visitors_slot = visitors * factor * share
    self_service = sum(
        daily.get(tx, 0.0) * factor * share
        for tx, spec in std.transactions.items()
        if spec.zone == SELF_SERVICE
    )
    work = visitors_slot * role.minutes_per_visitor + self_service * role.minutes_per_self_service
    required = max(role.min_on_duty, ceil_tol(work / (slot * role.max_occupancy)))
    load = work / slot
    return SlotRequirement(
        name, day, start, required, visitors_slot, load,
        occupancy=load / required if required else None,
    )


def _flat(std: Standards, role: PresenceRole | PortfolioRole | GradeRole) -> int:
    return role.on_duty if isinstance(role, PresenceRole) else role.min_on_duty


def floors(std: Standards, branch: Branch) -> tuple[list[Floor], dict[str, int]]:
    """The headcount floors: binding rows, and a per-role total (portfolio teams summed)."""
    rows: list[Floor] = []
    per_role: dict[str, int] = {}
    for name, role in std.roles.items():
        if isinstance(role, PresenceRole):
            value = ceil_tol(
                std.calendar.open_days_per_year * role.on_duty / std.labor.working_days_per_year
            )
            rows.append(Floor(name, value))
        elif isinstance(role, PortfolioRole):
            value = 0
            for team, spec in role.teams.items():
                team_floor = ceil_tol(branch.customers.get(team, 0) / spec.customers_per_manager)
                rows.append(Floor(f"{name}.{team}", team_floor))
                value += team_floor
        elif isinstance(role, GradeRole):
            value = role.by_grade.get(branch.grade, 0)
            rows.append(Floor(name, value))
        else:
            value = 0
            rows.append(Floor(name, 0))
        per_role[name] = value
    return rows, per_role


def compute(std: Standards, branch: Branch) -> Requirements:
    """Size every role of the standards for one branch (design §3)."""
    hours = opening_hours(std, branch)
    slots: list[SlotRequirement] = []
    warnings: list[RequirementWarning] = []
    for day, (open_, close) in hours.items():
        factor = weekday_factor(std, branch, day)
        starts = range(open_, close, std.calendar.slot_minutes)
        for start, share in zip(starts, day_shares(std, open_, close), strict=True):
            for name, role in std.roles.items():
                if isinstance(role, QueueRole):
                    _queue(std, branch, name, role, day, start, share, factor, slots, warnings)
                elif isinstance(role, WorkloadRole):
                    slots.append(_workload(std, branch, name, role, day, start, share, factor))
                else:
                    slots.append(SlotRequirement(name, day, start, _flat(std, role)))
    floor_rows, per_role = floors(std, branch)
    return Requirements(
        branch=branch.id,
        standards=std.name,
        slot_minutes=std.calendar.slot_minutes,
        hours=hours,
        slots=sorted(slots, key=_sort_key),
        floors=floor_rows,
        role_floors=per_role,
        warnings=sorted(warnings, key=_sort_key),
    )
