"""Checks that relate one part of a file to another, or a branch to its standards.

Errors make a file unusable; warnings flag what is legal but probably wrong, and
need no solve to see (design §7). The checks take the ``Gaps`` of a partly loaded
file (one with schema errors): a check that needs the whole of a value that lost a
part is left out, so that it does not report what the lost part would have answered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from staffopt.config.access import path_problem
from staffopt.config.breaks import check_branch_breaks, check_breaks, grid_example
from staffopt.config.models import (
    DAYS,
    SELF_SERVICE,
    Branch,
    GradeRole,
    PortfolioRole,
    PresenceRole,
    QueueRole,
    Region,
    Standards,
    covers,
    parse_hours,
)
from staffopt.config.partial import WHOLE, Gaps
from staffopt.config.sanity import branch_limits, standards_limits
from staffopt.config.source import SourceMap
from staffopt.problems import Problem, did_you_mean


def _listing(names: Iterable[str], limit: int = 12) -> str:
    names = sorted(names)
    shown = ", ".join(names[:limit])
    return shown + (", …" if len(names) > limit else "") if names else "(none)"


def _off_grid(hours: str, slot: int) -> bool:
    span = parse_hours(hours)
    return span is not None and (span[0] % slot or span[1] % slot) != 0


def _grid(hours: dict[str, str], slot: int, smap: SourceMap, at: tuple[str, ...]) -> list[Problem]:
    return [
        smap.problem(
            (*at, day), "off-grid",
            f"opening hours {day} '{value}' must start and end on the {slot}-minute slot grid"
            f" ({grid_example(slot)})",
        )
        for day, value in hours.items() if _off_grid(value, slot)
    ]


def queue_zones(std: Standards) -> dict[str, list[str]]:
    """Each zone that a queue role serves, with the roles that serve it."""
    zones: dict[str, list[str]] = {}
    for name, role in std.roles.items():
        if isinstance(role, QueueRole):
            for zone in dict.fromkeys(role.zones):
                if zone != SELF_SERVICE:
                    zones.setdefault(zone, []).append(name)
    return zones


# ---------------------------------------------------------------- standards


def check_standards(std: Standards, smap: SourceMap, gaps: Gaps = WHOLE) -> list[Problem]:
    """Consistency checks within a standards file (``gaps``: what failed its schema)."""
    out: list[Problem] = []
    hours = std.calendar.opening_hours
    if gaps.real("calendar"):
        out += _grid(hours, std.calendar.slot_minutes, smap, ("calendar", "opening_hours"))
        closed = all(parse_hours(hours.get(d, "closed")) is None for d in DAYS)
        if closed and gaps.kept("calendar", "opening_hours"):
            out.append(smap.problem(
                ("calendar", "opening_hours"), "never-open",
                "every day is closed; no one will be needed", level="warning",
            ))
    if gaps.real("calendar") and gaps.real("labor"):
        out += _labor(std, smap, gaps.kept("labor", "shift_hours"))
    if gaps.real("roles"):
        out += _roles(std, smap, gaps)
        queue_whole = all(
            gaps.whole("roles", name, "zones")
            for name, role in std.roles.items() if isinstance(role, QueueRole)
        )
        if gaps.real("transactions") and gaps.kept("roles") and queue_whole:
            out += _transaction_zones(std, smap)
    return out + standards_limits(std, smap, gaps.real("roles"))


def _labor(std: Standards, smap: SourceMap, all_shifts: bool) -> list[Problem]:
    out: list[Problem] = []
    slot = std.calendar.slot_minutes
    for i, hours in enumerate(std.labor.shift_hours):
        if (hours * 60) % slot:
            out.append(smap.problem(
                ("labor", "shift_hours", i), "off-grid",
                f"a {hours:g}-hour shift does not fit the {slot}-minute slot grid; "
                f"use a multiple of {slot / 60:g} h",
            ))
    shortest = min(std.labor.shift_hours)
    if all_shifts and std.labor.max_hours_per_week < shortest:
        out.append(smap.problem(
            ("labor", "max_hours_per_week"), "no-shift-fits",
            f"a full-timer may work {std.labor.max_hours_per_week:g} h a week, less than the "
            f"shortest shift ({shortest:g} h); no one can be rostered", level="warning",
        ))
    out += check_breaks(std, smap)
    return out


def _queue_role(name: str, role: QueueRole, served: set[str] | None,
                smap: SourceMap, gaps: Gaps) -> list[Problem]:
    out: list[Problem] = []
    at = ("roles", name)
    seen: set[str] = set()
    for i, zone in enumerate(role.zones):
        if zone in seen:
            out.append(smap.problem(
                (*at, "zones", i), "duplicate-zone",
                f"role {name}: zone '{zone}' is listed twice; list each zone once",
            ))
        elif zone == SELF_SERVICE:
            out.append(smap.problem(
                (*at, "zones", i), "bad-zone",
                f"role {name}: the {SELF_SERVICE} zone needs no counter staff; remove it",
            ))
        elif served is not None and zone not in served:
            out.append(smap.problem(
                (*at, "zones", i), "zone-unserved",
                f"role {name}: no transaction type is served in zone '{zone}'",
                level="warning",
            ))
        seen.add(zone)
    for zone in role.min_on_duty if gaps.whole(*at, "zones") else ():
        if zone not in role.zones:
            out.append(smap.problem(
                (*at, "min_on_duty", zone), "unknown-zone",
                f"role {name}: min_on_duty names zone '{zone}', which is not one of "
                f"its zones ({_listing(role.zones)}){did_you_mean(zone, role.zones)}",
                key=True,
            ))
    return out


def _roles(std: Standards, smap: SourceMap, gaps: Gaps) -> list[Problem]:
    out: list[Problem] = []
    served = None  # unknown where a transaction failed its schema
    if gaps.kept("transactions"):
        served = {t.zone for t in std.transactions.values()}
    for name, role in std.roles.items():
        if isinstance(role, QueueRole):
            out += _queue_role(name, role, served, smap, gaps)
        if isinstance(role, GradeRole) and gaps.kept("roles", name, "by_grade"):
            missing = [g for g in range(8, 15) if g not in role.by_grade]
            if missing:
                out.append(smap.problem(
                    ("roles", name, "by_grade"), "missing-grade",
                    f"role {name}: by_grade must give every grade 8-14; add "
                    + ", ".join(str(g) for g in missing),
                ))
    for zone, roles in queue_zones(std).items():
        if len(roles) > 1:
            out.append(smap.problem(
                ("roles", roles[1], "zones"), "zone-shared",
                f"zone '{zone}' is served by roles {' and '.join(roles)}; each is sized for "
                "the zone's whole volume, so the zone is staffed twice over",
                level="warning",
            ))
    return out


def _transaction_zones(std: Standards, smap: SourceMap) -> list[Problem]:
    """A transaction's zone must be a queue role's zone, or self_service (design §7)."""
    zones = set(queue_zones(std))
    known = {*zones, SELF_SERVICE}
    out: list[Problem] = []
    if not zones:  # no role serves counters (a standards file of presence roles, say)
        return out
    for name, spec in std.transactions.items():
        if spec.zone in known:
            continue
        hint = did_you_mean(spec.zone, known) or (
            f"; zones are {_listing(zones)} (the queue roles' zones), or {SELF_SERVICE}"
        )
        out.append(smap.problem(
            ("transactions", name, "zone"), "unknown-zone",
            f"transaction {name}: '{spec.zone}' is not a zone{hint} (as it is, its volume "
            "would be served by no one)",
        ))
    return out


# ---------------------------------------------------------------- region


def _near_file(name: str, folder: Path, dirs: bool) -> str:
    try:
        names = [p.name for p in folder.iterdir() if p.is_dir() == dirs]
    except (OSError, ValueError):  # no folder to list, or a NUL in its name
        return ""
    return did_you_mean(name.rstrip("/"), names)


def _path_words(found: Problem, what: str, written: str, fix: str) -> str:
    if found.code == "not-found":  # a fix, and a name near it, for a path that leads nowhere
        return f"{what} '{written}' not found; {fix}"
    return f"{what} '{written}': {found.message}"


def check_region(region: Region, smap: SourceMap, folder: Path) -> list[Problem]:
    """A region's paths, relative to its folder: the standards file and the branches folder.

    The standards must be a regular file and the branches a folder; anything else there
    (missing, a FIFO, a symlink loop, a name too long) is said at its line.
    """
    out: list[Problem] = []
    if region.standards is not None:
        target = folder / region.standards
        found = path_problem(target, region.standards)
        if found is not None:
            near = _near_file(target.name, target.parent, dirs=False)
            out.append(smap.problem(("standards",), "no-standards", _path_words(
                found, "standards file", region.standards,
                f"the path is relative to this file's folder{near}",
            )))
    target = folder / region.branches
    found = path_problem(target, region.branches, want="folder")
    if found is not None:
        near = _near_file(target.name, target.parent, dirs=True)
        out.append(smap.problem(("branches",), "no-branches", _path_words(
            found, "branches folder", region.branches,
            f"create it, or fix the path (relative to this file's folder){near}",
        )))
    return out


# ---------------------------------------------------------------- branch


def check_branch(branch: Branch, smap: SourceMap, std: Standards,
                 gaps: Gaps = WHOLE) -> list[Problem]:
    """References from a branch profile into its standards, and sanity warnings.

    ``gaps``: what failed the branch file's schema; ``std`` must be whole.
    """
    out = _grid(branch.opening_hours, std.calendar.slot_minutes, smap, ("opening_hours",))
    for tx in branch.volume.daily:
        if tx not in std.transactions:
            out.append(smap.problem(
                ("volume", "daily", tx), "unknown-transaction",
                f"transaction type '{tx}' is not in standards '{std.name}'; "
                f"types are {_listing(std.transactions)}{did_you_mean(tx, std.transactions)}",
                key=True,
            ))
    zones = {*queue_zones(std), SELF_SERVICE}
    for zone in branch.counters:
        if zone not in zones:
            out.append(smap.problem(
                ("counters", zone), "unknown-zone",
                f"counter zone '{zone}' is not in standards '{std.name}'; "
                f"zones are {_listing(zones)}{did_you_mean(zone, zones)}", key=True,
            ))
    teams = {t for r in std.roles.values() if isinstance(r, PortfolioRole) for t in r.teams}
    for team in branch.customers:
        if team not in teams:
            out.append(smap.problem(
                ("customers", team), "unknown-team",
                f"customer team '{team}' is not a portfolio team in standards '{std.name}'; "
                f"teams are {_listing(teams)}{did_you_mean(team, teams)}", key=True,
            ))
    out += _check_staff(branch, smap, std)
    out += _sanity(branch, smap, std, gaps)
    out += check_branch_breaks(branch, smap, std)
    return out + _staff_sanity(branch, smap, std, gaps) + branch_limits(branch, smap)


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
                f"roles are {_listing(std.roles)}{did_you_mean(emp.role, std.roles)}",
            ))
        for j, skill in enumerate(emp.skills):
            if skill not in names:
                out.append(smap.problem(
                    (*at, "skills", j), "unknown-post",
                    f"skill '{skill}' names no post; posts are {_listing(posts)}"
                    + did_you_mean(skill, names),
                ))
    return out


def _sanity(branch: Branch, smap: SourceMap, std: Standards, gaps: Gaps) -> list[Problem]:
    out: list[Problem] = []
    minutes = min(std.labor.shift_hours) * 60
    for day in DAYS if gaps.kept("opening_hours") else ():  # a lost day falls back
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
    queued = set(queue_zones(std))
    for tx, count in branch.volume.daily.items() if gaps.kept("counters") else ():
        spec = std.transactions.get(tx)
        if spec is None or count <= 0:
            continue
        if spec.zone in queued and branch.counters.get(spec.zone, 0) == 0:
            out.append(smap.problem(
                ("volume", "daily", tx), "zone-without-counters",
                f"'{tx}' has volume but zone '{spec.zone}' has no counters; "
                f"add counters.{spec.zone} or move the volume", level="warning",
            ))
    for name, role in std.roles.items():
        needed = (
            (isinstance(role, PresenceRole) and role.on_duty > 0)
            or (isinstance(role, GradeRole) and gaps.real("grade")
                and role.by_grade.get(branch.grade, 0) > 0)
        )
        if needed and gaps.whole("staff") and not any(
            covers(s, post) for e in branch.staff for s in e.skills for post in std.posts_of(name)
        ):
            out.append(smap.problem(
                ("staff",), "no-qualified-staff",
                f"no one can work as {name}, but the standards need one; "
                f"add '{name}' to someone's skills",
                level="warning",
            ))
    return out


def _staff_sanity(branch: Branch, smap: SourceMap, std: Standards, gaps: Gaps) -> list[Problem]:
    out: list[Problem] = []
    shortest = min(std.labor.shift_hours)
    most = std.labor.max_hours_per_week
    names = set(std.posts) | set(std.roles)  # an unknown skill is an error already
    for i, emp in enumerate(branch.staff):
        if not gaps.whole("staff", i):
            pass  # a skill or key of this employee failed: their skills are not known
        elif not emp.skills:
            out.append(smap.problem(
                ("staff", i), "no-skills",
                f"{emp.id} has no skills and cannot be given any post", level="warning",
            ))
        elif emp.role in std.roles and set(emp.skills) <= names and not any(
            covers(s, post) for s in emp.skills for post in std.posts_of(emp.role)
        ):
            out.append(smap.problem(
                ("staff", i, "role"), "role-without-skill",
                f"{emp.id} holds the role {emp.role} but has no skill for it, so cannot "
                f"stay in it; add '{emp.role}' (or one of its posts) to their skills",
                level="warning",
            ))
        hours = emp.max_hours_per_week
        if hours is not None and hours < shortest:
            out.append(smap.problem(
                ("staff", i, "max_hours_per_week"), "no-shift-fits",
                f"{emp.id} may work {hours:g} h a week, less than the "
                f"shortest shift ({shortest:g} h)", level="warning",
            ))
        elif hours is not None and hours > most:
            out.append(smap.problem(
                ("staff", i, "max_hours_per_week"), "contract-above-max",
                f"{emp.id}'s contract of {hours:g} h a week is above the labour maximum of "
                f"{most:g} h; they may be rostered up to {hours:g} h, so check the figure",
                level="warning",
            ))
    return out
