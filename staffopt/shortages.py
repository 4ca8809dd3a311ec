"""Why a slot stays uncovered: the binding cause, read from the staff and the roster.

Causes are found from data, not from the solver, so each names people and limits a
branch manager can act on: no one holds the skill, the qualified people are away,
at their weekly limit, or needed on other posts at that time.
"""

from __future__ import annotations

from staffopt.config.models import Employee, covers, role_of
from staffopt.model import Shift, Staffing


def _qualified(staffing: Staffing, row: str) -> list[Employee]:
    posts = [p for p in staffing.standards.posts if row in (p, role_of(p))]
    return [e for e in staffing.branch.staff if any(covers(s, p) for s in e.skills for p in posts)]


def _names(people: list[Employee]) -> str:
    ids = [e.id for e in people]
    return ", ".join(ids) if len(ids) <= 4 else ", ".join(ids[:4]) + f" and {len(ids) - 4} more"


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
    limited, elsewhere, other = [], [], []
    for emp in present:
        worked = shifts.get(emp.id, [])
        minutes = sum(s.end - s.start for s in worked)
        on_day = [s for s in worked if s.day == day]
        if on_day:
            elsewhere.append((emp, f"{on_day[0].post} that day"))
        elif roles.get(emp.id) not in (None, role_of(row)):
            elsewhere.append((emp, f"the {roles[emp.id]} role"))
        elif not on_day and len(worked) >= max_days:
            limited.append((emp, f"{len(worked)} days"))
        elif (
            minutes + min(e - s for s, e in staffing.templates[day])
            > staffing.max_slots(emp) * staffing.slot
        ):
            limited.append((emp, _hours(minutes)))
        else:
            other.append(emp)
    if len(qualified) == 1 and limited:
        emp, limit = limited[0]
        allowed = (
            f"may work {max_days} days"
            if limit.endswith("days")
            else f"may work {_hours(staffing.max_slots(emp) * staffing.slot)} a week"
        )
        return f"only {emp.id} holds {row}, and {emp.id} {allowed}"
    if limited and not elsewhere and not other:
        return (
            f"all {len(limited)} people with {row} are at their weekly limit "
            f"({', '.join(f'{e.id} at {lim}' for e, lim in limited)})"
        )
    if elsewhere and not limited and not other:
        return (
            f"everyone with {row} is needed elsewhere "
            f"({', '.join(f'{e.id} on {p}' for e, p in elsewhere)})"
        )
    if not other:
        parts = [f"{e.id} at {lim}" for e, lim in limited] + [
            f"{e.id} on {p}" for e, p in elsewhere
        ]
        return f"the people with {row} are at their limits or on other posts ({', '.join(parts)})"
    away = [e for e in qualified if day in e.unavailable]
    note = f"; {_names(away)} unavailable on {day}" if away else ""
    return (
        f"no shift of the allowed lengths fits the remaining hours and days of "
        f"{_names(other)} around {day}{note}"
    )
