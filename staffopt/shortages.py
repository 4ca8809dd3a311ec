"""Why a slot stays uncovered: the binding cause, read from the staff and the roster.

Causes are found from data, not from the solver, so each names people and limits a
branch manager can act on: no one holds the skill, the qualified people are away,
at their weekly limit, already on the post, or needed on other posts at that time.
"""

from __future__ import annotations

from staffopt.config.models import Employee, covers, role_of
from staffopt.model import Shift, Staffing

NAMES_SHOWN = 4


def _qualified(staffing: Staffing, row: str) -> list[Employee]:
    posts = [p for p in staffing.standards.posts if row in (p, role_of(p))]
    return [e for e in staffing.branch.staff if any(covers(s, p) for s in e.skills for p in posts)]


def _names(ids: list[str]) -> str:
    if len(ids) <= NAMES_SHOWN:
        return ", ".join(ids)
    return ", ".join(ids[:NAMES_SHOWN]) + f" and {len(ids) - NAMES_SHOWN} more"


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g} h"


def explain(
    staffing: Staffing,
    shifts: dict[str, list[Shift]],
    roles: dict[str, str | None],
    row: str,
    day: str,
    start: int,
) -> str:
    """The binding cause of a shortage on ``row`` at ``day`` ``start``."""
    qualified = _qualified(staffing, row)
    if not qualified:
        return f"no one holds {row}"
    if not staffing.templates[day]:
        lengths = ", ".join(f"{h:g}" for h in staffing.standards.labor.shift_hours)
        return f"no shift of the allowed lengths ({lengths} h) fits {day}'s opening hours"
    present = [e for e in qualified if day not in e.unavailable]
    if not present:
        if len(qualified) == 1:
            return f"the only qualified person, {qualified[0].id}, is unavailable on {day}"
        return f"all {len(qualified)} people with {row} are unavailable on {day}"

    max_days = staffing.standards.labor.max_days_per_week
    shortest = min(e - s for s, e in staffing.templates[day])
    groups: dict[str, list[str]] = {
        "on it": [],
        "on other posts": [],
        "on a shift at other hours": [],
        "at their weekly limit": [],
        "kept in another role": [],
        "free": [],
    }
    limits: dict[str, str] = {}
    for emp in present:
        worked = shifts.get(emp.id, [])
        now = [s for s in worked if s.day == day and s.start <= start < s.end]
        if now:
            on_row = row in staffing.rows_covered_by(now[0].post)
            groups["on it" if on_row else "on other posts"].append(emp.id)
        elif any(s.day == day for s in worked):
            groups["on a shift at other hours"].append(emp.id)
        elif len(worked) >= max_days:
            groups["at their weekly limit"].append(emp.id)
            limits[emp.id] = f"{len(worked)} days"
        elif (
            sum(s.end - s.start for s in worked) + shortest
            > staffing.max_slots(emp) * staffing.slot
        ):
            groups["at their weekly limit"].append(emp.id)
            limits[emp.id] = _hours(sum(s.end - s.start for s in worked))
        elif roles.get(emp.id) not in (None, role_of(row)):
            groups["kept in another role"].append(emp.id)
        else:
            groups["free"].append(emp.id)

    if len(qualified) == 1 and groups["at their weekly limit"]:
        eid = qualified[0].id
        limit = limits[eid]
        allowed = (
            f"may work {max_days} days"
            if limit.endswith("days")
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
