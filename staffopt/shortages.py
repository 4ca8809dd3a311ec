"""Why a slot stays uncovered: the binding cause, read from the staff and the roster.

Causes are found from data, not from the solver, so each names people and limits a
branch manager can act on: no one holds the skill, the qualified people are away,
at their weekly limit, already on the post, or needed on other posts at that time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from staffopt.config.models import Employee, covers, role_of
from staffopt.counting import Shift, paid_minutes, rows_of, works
from staffopt.staffing import Staffing

NAMES_SHOWN = 4

# What each present, qualified person was doing at the slot, in the order causes are told.
GROUPS = (
    "on it",
    "on other posts",
    "on a shift at other hours",
    "at their weekly limit",
    "kept in another role",
    "free",
)


def _qualified(staffing: Staffing, row: str) -> list[Employee]:
    """Everyone with a skill for a post whose shifts count towards ``row``."""
    posts = [p for p in staffing.standards.posts if row in rows_of(p)]
    return [e for e in staffing.branch.staff if any(covers(s, p) for s in e.skills for p in posts)]


def _names(ids: list[str]) -> str:
    if len(ids) <= NAMES_SHOWN:
        return ", ".join(ids)
    return ", ".join(ids[:NAMES_SHOWN]) + f" and {len(ids) - NAMES_SHOWN} more"


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g} h"


@dataclass
class _Present:
    """The qualified people present on the day, grouped by what kept them off the slot;
    for those at their weekly limit, the limit reached (``5 days``, ``40 h``)."""

    groups: dict[str, list[str]] = field(default_factory=lambda: {g: [] for g in GROUPS})
    limits: dict[str, str] = field(default_factory=dict)


def _group(
    staffing: Staffing,
    present: list[Employee],
    shifts: dict[str, list[Shift]],
    roles: dict[str, str | None],
    slot_key: tuple[str, str, int],
) -> _Present:
    """Sort the present people by what they were doing at the slot ``slot_key``."""
    row, day, start = slot_key
    max_days = staffing.standards.labor.max_days_per_week
    shortest = min(t.paid for t in staffing.templates[day])
    out = _Present()
    for emp in present:
        worked = shifts.get(emp.id, [])
        now = [s for s in worked if works(s, day, start, staffing.slot)]
        if now:
            out.groups["on it" if row in rows_of(now[0].post) else "on other posts"].append(emp.id)
        elif any(s.day == day for s in worked):
            out.groups["on a shift at other hours"].append(emp.id)
        elif len(worked) >= max_days:
            out.groups["at their weekly limit"].append(emp.id)
            out.limits[emp.id] = f"{len(worked)} days"
        elif paid_minutes(worked) + shortest > staffing.max_slots(emp) * staffing.slot:
            out.groups["at their weekly limit"].append(emp.id)
            out.limits[emp.id] = _hours(paid_minutes(worked))
        elif roles.get(emp.id) not in (None, role_of(row)):
            out.groups["kept in another role"].append(emp.id)
        else:
            out.groups["free"].append(emp.id)
    return out


def _absent_cause(staffing: Staffing, qualified: list[Employee], row: str, day: str) -> str | None:
    """The cause when no one qualified can work that day at all, else None."""
    if not qualified:
        return f"no one holds {row}"
    if not staffing.templates[day]:
        lengths = ", ".join(f"{h:g}" for h in staffing.standards.labor.shift_hours)
        return f"no shift of the allowed lengths ({lengths} h) fits {day}'s opening hours"
    if all(day in e.unavailable for e in qualified):
        if len(qualified) == 1:
            return f"the only qualified person, {qualified[0].id}, is unavailable on {day}"
        return f"all {len(qualified)} people with {row} are unavailable on {day}"
    return None


def _told(
    staffing: Staffing,
    qualified: list[Employee],
    present: list[Employee],
    seen: _Present,
    row: str,
    day: str,
) -> str:
    """The cause in words, from who was doing what."""
    groups, limits = seen.groups, seen.limits
    if len(qualified) == 1 and groups["at their weekly limit"]:
        eid = qualified[0].id
        allowed = (
            f"may work {staffing.standards.labor.max_days_per_week} days"
            if limits[eid].endswith("days")
            else f"may work {_hours(staffing.max_slots(qualified[0]) * staffing.slot)} a week"
        )
        return f"only {eid} holds {row}, and {eid} {allowed}"
    away = [e.id for e in qualified if day in e.unavailable]
    away_note = f"; {_names(away)} unavailable on {day}" if away else ""
    if len(groups["on it"]) == len(present):
        return (
            f"only {len(qualified)} {'person holds' if len(qualified) == 1 else 'people hold'} "
            f"{row}, and {_names(groups['on it'])} {'is' if len(present) == 1 else 'are'} "
            f"on it then{away_note}"
        )
    if len(groups["at their weekly limit"]) == len(present):
        detail = ", ".join(f"{eid} at {limits[eid]}" for eid in groups["at their weekly limit"])
        return (
            f"all {len(present)} people with {row} are at their weekly limit ({detail}){away_note}"
            if len(present) > 1
            else f"{row}: {detail}, the only one present, is at the weekly limit{away_note}"
        )
    parts = [
        f"{len(ids)} {label} ({_names(ids)})"
        for label, ids in groups.items()
        if ids and label != "free"
    ]
    if groups["free"]:
        parts.append(
            f"{_names(groups['free'])} could not take a shift of the allowed lengths "
            "without breaking another rule"
        )
    return f"of the {_people(len(present))} with {row} on {day}: " + "; ".join(parts) + away_note


def explain(
    staffing: Staffing,
    shifts: dict[str, list[Shift]],
    roles: dict[str, str | None],
    row: str,
    day: str,
    start: int,
) -> str:
    """The binding cause of a shortage on ``row`` at ``day`` ``start``, given the roster's
    ``shifts`` and ``roles`` (employee id -> …)."""
    qualified = _qualified(staffing, row)
    cause = _absent_cause(staffing, qualified, row, day)
    if cause is not None:
        return cause
    present = [e for e in qualified if day not in e.unavailable]
    seen = _group(staffing, present, shifts, roles, (row, day, start))
    return _told(staffing, qualified, present, seen, row, day)
