"""Checks that relate one part of a file to another, or a branch to its standards.

Errors make a file unusable; warnings flag what is legal but probably wrong, and
need no solve to see (design §7).
"""

from __future__ import annotations

from collections import Counter

from staffopt.config.models import (
    DAYS,
    SELF_SERVICE,
    Branch,
    GradeRole,
    PortfolioRole,
    PresenceRole,
    QueueRole,
    Standards,
    covers,
    parse_hours,
    parse_window,
)
from staffopt.config.shifts import can_place
from staffopt.config.source import SourceMap
from staffopt.problems import Problem


def _listing(names: list[str] | set[str], limit: int = 12) -> str:
    names = sorted(names)
    shown = ", ".join(names[:limit])
    return shown + (", …" if len(names) > limit else "") if names else "(none)"


def _grid_example(slot: int) -> str:
    times = ", ".join(f"09:{m:02d}" for m in range(0, 60, slot))
    return f"times such as {times}"


def _off_grid(hours: str, slot: int) -> bool:
    span = parse_hours(hours)
    return span is not None and (span[0] % slot or span[1] % slot) != 0


def check_standards(std: Standards, smap: SourceMap) -> list[Problem]:
    """Consistency checks within a standards file."""
    out: list[Problem] = []
    slot = std.calendar.slot_minutes
    for day, hours in std.calendar.opening_hours.items():
        if _off_grid(hours, slot):
            out.append(smap.problem(
                ("calendar", "opening_hours", day), "off-grid",
                f"opening hours {day} '{hours}' must start and end on the {slot}-minute slot grid"
                f" ({_grid_example(slot)})",
            ))
    for i, hours in enumerate(std.labor.shift_hours):
        if (hours * 60) % slot:
            out.append(smap.problem(
                ("labor", "shift_hours", i), "off-grid",
                f"a {hours:g}-hour shift does not fit the {slot}-minute slot grid; "
                f"use a multiple of {slot / 60:g} h",
            ))
    served = {t.zone for t in std.transactions.values()}
    for name, role in std.roles.items():
        at = ("roles", name)
        if isinstance(role, QueueRole):
            for i, zone in enumerate(role.zones):
                if zone == SELF_SERVICE:
                    out.append(smap.problem(
                        (*at, "zones", i), "bad-zone",
                        f"role {name}: the {SELF_SERVICE} zone needs no counter staff; remove it",
                    ))
                elif zone not in served:
                    out.append(smap.problem(
                        (*at, "zones", i), "zone-unserved",
                        f"role {name}: no transaction type is served in zone '{zone}'",
                        level="warning",
                    ))
            for zone in role.min_on_duty:
                if zone not in role.zones:
                    out.append(smap.problem(
                        (*at, "min_on_duty", zone), "unknown-zone",
                        f"role {name}: min_on_duty names zone '{zone}', which is not one of "
                        f"its zones ({_listing(role.zones)})", key=True,
                    ))
        if isinstance(role, GradeRole):
            missing = [g for g in range(8, 15) if g not in role.by_grade]
            if missing:
                out.append(smap.problem(
                    (*at, "by_grade"), "missing-grade",
                    f"role {name}: by_grade must give every grade 8-14; add "
                    + ", ".join(str(g) for g in missing),
                ))
    if all(parse_hours(std.calendar.opening_hours.get(d, "closed")) is None for d in DAYS):
        out.append(smap.problem(
            ("calendar", "opening_hours"), "never-open",
            "every day is closed; no one will be needed", level="warning",
        ))
    out += check_breaks(std, smap)
    return out


def check_branch(branch: Branch, smap: SourceMap, std: Standards) -> list[Problem]:
    """References from a branch profile into its standards, and sanity warnings."""
    out: list[Problem] = []
    slot = std.calendar.slot_minutes
    for day, hours in branch.opening_hours.items():
        if _off_grid(hours, slot):
            out.append(smap.problem(
                ("opening_hours", day), "off-grid",
                f"opening hours {day} '{hours}' must start and end on the {slot}-minute slot grid"
                f" ({_grid_example(slot)})",
            ))
    for tx in branch.volume.daily:
        if tx not in std.transactions:
            out.append(smap.problem(
                ("volume", "daily", tx), "unknown-transaction",
                f"transaction type '{tx}' is not in standards '{std.name}'; "
                f"types are {_listing(list(std.transactions))}", key=True,
            ))
    zones = {t.zone for t in std.transactions.values()}
    for role in std.roles.values():
        if isinstance(role, QueueRole):
            zones.update(role.zones)
    for zone in branch.counters:
        if zone not in zones:
            out.append(smap.problem(
                ("counters", zone), "unknown-zone",
                f"counter zone '{zone}' is not in standards '{std.name}'; "
                f"zones are {_listing(zones)}", key=True,
            ))
    teams = {t for r in std.roles.values() if isinstance(r, PortfolioRole) for t in r.teams}
    for team in branch.customers:
        if team not in teams:
            out.append(smap.problem(
                ("customers", team), "unknown-team",
                f"customer team '{team}' is not a portfolio team in standards '{std.name}'; "
                f"teams are {_listing(teams)}", key=True,
            ))
    out += _check_staff(branch, smap, std)
    out += _sanity(branch, smap, std)
    out += check_branch_breaks(branch, smap, std)
    return out


def _check_staff(branch: Branch, smap: SourceMap, std: Standards) -> list[Problem]:
    out: list[Problem] = []
    posts = std.posts
    names = set(posts) | set(std.roles)
    seen: Counter[str] = Counter()
    for i, emp in enumerate(branch.staff):
        at = ("staff", i)
        seen[emp.id] += 1
        if seen[emp.id] == 2:
            out.append(smap.problem(
                (*at, "id"), "duplicate-id",
                f"staff id '{emp.id}' is used twice; give each employee their own id",
            ))
        if emp.role is not None and emp.role not in std.roles:
            out.append(smap.problem(
                (*at, "role"), "unknown-role",
                f"{emp.id}: role '{emp.role}' is not in standards '{std.name}'; "
                f"roles are {_listing(list(std.roles))}",
            ))
        for j, skill in enumerate(emp.skills):
            if skill not in names:
                out.append(smap.problem(
                    (*at, "skills", j), "unknown-post",
                    f"skill '{skill}' names no post; posts are {_listing(posts)}",
                ))
    return out


def _sanity(branch: Branch, smap: SourceMap, std: Standards) -> list[Problem]:
    out: list[Problem] = []
    minutes = min(std.labor.shift_hours) * 60
    for day in DAYS:
        hours = branch.opening_hours.get(day, std.calendar.opening_hours.get(day, "closed"))
        span = parse_hours(hours)
        if span is not None and span[1] - span[0] < minutes:
            where = ("opening_hours", day) if day in branch.opening_hours else ()
            out.append(smap.problem(
                where, "short-day",
                f"{day} opens {hours}, shorter than the shortest shift "
                f"({min(std.labor.shift_hours):g} h); no shift fits that day",
                level="warning",
            ))
    for tx, count in branch.volume.daily.items():
        spec = std.transactions.get(tx)
        if spec is None or count <= 0:
            continue
        queued = any(isinstance(r, QueueRole) and spec.zone in r.zones for r in std.roles.values())
        if queued and branch.counters.get(spec.zone, 0) == 0:
            out.append(smap.problem(
                ("volume", "daily", tx), "zone-without-counters",
                f"'{tx}' has volume but zone '{spec.zone}' has no counters; "
                f"add counters.{spec.zone} or move the volume", level="warning",
            ))
    for name, role in std.roles.items():
        needed = (
            (isinstance(role, PresenceRole) and role.on_duty > 0)
            or (isinstance(role, GradeRole) and role.by_grade.get(branch.grade, 0) > 0)
        )
        if needed and not any(
            covers(s, post) for e in branch.staff for s in e.skills for post in std.posts_of(name)
        ):
            out.append(smap.problem(
                ("staff",), "no-qualified-staff",
                f"no one can work as {name}, but the standards need one; "
                f"add '{name}' to someone's skills",
                level="warning",
            ))
    for i, emp in enumerate(branch.staff):
        if not emp.skills:
            out.append(smap.problem(
                ("staff", i), "no-skills",
                f"{emp.id} has no skills and cannot be given any post", level="warning",
            ))
        shortest = min(std.labor.shift_hours)
        if emp.max_hours_per_week is not None and emp.max_hours_per_week < shortest:
            out.append(smap.problem(
                ("staff", i, "max_hours_per_week"), "no-shift-fits",
                f"{emp.id} may work {emp.max_hours_per_week:g} h a week, less than the "
                f"shortest shift ({min(std.labor.shift_hours):g} h)", level="warning",
            ))
    return out


# ---------------------------------------------------------------- breaks (design §2.1, §4)


def check_breaks(std: Standards, smap: SourceMap) -> list[Problem]:
    """The break rules: on the slot grid, one rule per min_shift_hours, and placeable."""
    out: list[Problem] = []
    slot = std.calendar.slot_minutes
    seen: set[float] = set()
    for i, rule in enumerate(std.labor.breaks):
        at = ("labor", "breaks", i)
        if rule.minutes % slot:
            out.append(smap.problem(
                (*at, "minutes"), "off-grid",
                f"a {rule.minutes}-minute break does not fit the {slot}-minute slot grid; "
                f"use a multiple of {slot} minutes",
            ))
        start, end = parse_window(rule.window)
        if start % slot or end % slot:
            out.append(smap.problem(
                (*at, "window"), "off-grid",
                f"break window '{rule.window}' must start and end on the {slot}-minute slot "
                f"grid ({_grid_example(slot)})",
            ))
        if rule.min_shift_hours in seen:
            out.append(smap.problem(
                (*at, "min_shift_hours"), "duplicate-break-rule",
                f"two break rules apply from {rule.min_shift_hours:g} h; keep one rule per "
                "min_shift_hours",
            ))
        seen.add(rule.min_shift_hours)
    if out:  # the warnings below assume a consistent set of rules
        return out
    days = [span for d in DAYS
            if (span := parse_hours(std.calendar.opening_hours.get(d, "closed"))) is not None]
    for i, rule in enumerate(std.labor.breaks):
        at = ("labor", "breaks", i)
        lengths = _lengths_of(std, i)
        if lengths and rule.minutes >= min(lengths):
            out.append(smap.problem(
                (*at, "minutes"), "break-too-long",
                f"a {rule.minutes}-minute break is as long as the {min(lengths) / 60:g}-hour "
                "shift it applies to, or longer", level="warning",
            ))
        if days and not _placeable(std, i, days):
            out.append(smap.problem((*at, "window"), "break-unplaceable",
                                    _unplaceable(std, i, lengths), level="warning"))
    return out


def check_branch_breaks(branch: Branch, smap: SourceMap, std: Standards) -> list[Problem]:
    """A warning where the branch's own opening hours leave a break rule no shift to hold it.

    Where the standards' calendar already does so, the standards file carries the warning.
    """
    if not branch.opening_hours or not _breaks_consistent(std):
        return []
    own, theirs = [], []
    for day in DAYS:
        hours = branch.opening_hours.get(day, std.calendar.opening_hours.get(day, "closed"))
        if (span := parse_hours(hours)) is not None:
            own.append(span)
        if (span := parse_hours(std.calendar.opening_hours.get(day, "closed"))) is not None:
            theirs.append(span)
    out: list[Problem] = []
    for i, rule in enumerate(std.labor.breaks):
        if own and not _placeable(std, i, own) and _placeable(std, i, theirs):
            shown = " or ".join(f"{m / 60:g} h" for m in _lengths_of(std, i))
            out.append(smap.problem(
                ("opening_hours",), "break-unplaceable",
                f"with these opening hours no shift of {shown} can hold the {rule.minutes}-minute"
                f" break that standards '{std.name}' put in it (window {rule.window}); no such "
                "shift can be rostered here", key=True, level="warning",
            ))
    return out


def _breaks_consistent(std: Standards) -> bool:
    # the break errors of check_breaks, which stop a branch from being checked against them
    slot = std.calendar.slot_minutes
    starts = [r.min_shift_hours for r in std.labor.breaks]
    return len(starts) == len(set(starts)) and all(
        r.minutes % slot == 0 and all(t % slot == 0 for t in parse_window(r.window))
        for r in std.labor.breaks
    )


def _lengths_of(std: Standards, index: int) -> list[int]:
    """The paid shift lengths on the grid, in minutes, that break rule ``index`` applies to."""
    rule = std.labor.breaks[index]
    slot = std.calendar.slot_minutes
    return sorted({
        round(h * 60) for h in std.labor.shift_hours
        if (h * 60) % slot == 0 and std.labor.break_rule(h) is rule
    })


def _placeable(std: Standards, index: int, days: list[tuple[int, int]]) -> bool:
    rule = std.labor.breaks[index]
    slot = std.calendar.slot_minutes
    return any(
        can_place(span, slot, length, rule) for length in _lengths_of(std, index) for span in days
    )


def _unplaceable(std: Standards, index: int, lengths: list[int]) -> str:
    rule = std.labor.breaks[index]
    if not lengths:
        return (
            f"the break rule from {rule.min_shift_hours:g} h applies to no shift length "
            f"(shift_hours {', '.join(f'{h:g}' for h in std.labor.shift_hours)})"
        )
    shown = " or ".join(f"{m / 60:g} h" for m in lengths)
    extra = "" if rule.paid else " (the unpaid break lengthens the shift)"
    return (
        f"no shift of {shown} can hold its {rule.minutes}-minute break inside "
        f"'{rule.window}' on any open day{extra}; the break must lie strictly inside the "
        "shift, and the shift inside the opening hours"
    )
