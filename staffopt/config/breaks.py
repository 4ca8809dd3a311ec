"""The checks of meal-break rules (design §2.1, §7): each rule's minutes and window on the
slot grid, one rule per shift length, and a window that some shift can hold."""

from __future__ import annotations

from staffopt.config.models import DAYS, Branch, Standards, parse_hours, parse_window
from staffopt.config.shifts import can_place
from staffopt.config.source import SourceMap
from staffopt.problems import Problem


def grid_example(slot: int) -> str:
    """Times on a grid of ``slot`` minutes, as an example for messages."""
    times = ", ".join(f"09:{m:02d}" for m in range(0, 60, slot))
    return f"times such as {times}"


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
                f"grid ({grid_example(slot)})",
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
