"""Text shared by the workbook and the HTML: shift cells, days, merged shortage ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass

from staffopt.counting import day_order, week_order
from staffopt.requirements import clock
from staffopt.result import BranchResult, RosterRow, Shortage, minutes_of


def post_label(post: str) -> str:
    """A post as people say it: ``teller.non_cash`` as ``non cash``."""
    return post.split(".", 1)[-1].replace("_", " ")


def shift_cell(start: str, end: str, break_start: str | None, post: str) -> str:
    """One shift as ``08:30–17:30 (12:00 lunch) cash``."""
    lunch = f" ({break_start} lunch)" if break_start else ""
    return f"{start}–{end}{lunch} {post_label(post)}"


def roster_cells(result: BranchResult) -> dict[str, dict[str, str]]:
    """Per employee and day, the text of the shift worked."""
    cells: dict[str, dict[str, str]] = {}
    for r in result.roster:
        cells.setdefault(r.employee, {})[r.day] = _cell(r)
    return cells


def _cell(r: RosterRow) -> str:
    return shift_cell(r.start, r.end, r.break_start, r.post)


def days_of(result: BranchResult) -> list[str]:
    """The days the branch is open, as far as its rows tell, in week order."""
    days = {r.day for r in result.roster} | {r.day for r in result.requirements}
    return week_order(days) or ["mon", "tue", "wed", "thu", "fri"]


@dataclass(frozen=True)
class ShortageRange:
    """Consecutive short slots of one post and day with one cause."""

    post: str
    day: str
    start: str
    end: str
    most: int
    slot_units: int
    cause: str


def merged_shortages(shortages: list[Shortage], step: int) -> list[ShortageRange]:
    """Shortages merged into hour ranges: consecutive slots, one post, day and cause."""
    ordered = sorted(shortages, key=lambda s: (s.post, day_order(s.day), minutes_of(s.start)))
    runs: list[list[Shortage]] = []
    for s in ordered:
        last = runs[-1][-1] if runs else None
        if (last is not None and (last.post, last.day, last.cause) == (s.post, s.day, s.cause)
                and minutes_of(s.start) == minutes_of(last.start) + step):
            runs[-1].append(s)
        else:
            runs.append([s])
    return [
        ShortageRange(
            run[0].post, run[0].day, run[0].start, clock(minutes_of(run[-1].start) + step),
            max(s.missing for s in run), sum(s.missing for s in run), run[0].cause,
        )
        for run in runs
    ]


_BAD = re.compile(r"[\[\]:*?/\\]")
RESERVED = {"summary", "roles", "headcount", "moves", "shortages", "pool", "history"}


def sheet_names(ids: list[str]) -> dict[str, str]:
    """A valid, unique Excel sheet name per branch id: 31 characters at most, none of
    ``[]:*?/\\``, no apostrophe at either end, none equal to another sheet's."""
    used = set(RESERVED)
    names: dict[str, str] = {}
    for bid in ids:
        base = _BAD.sub("_", bid).strip("'")[:31] or "branch"
        name, n = base, 1
        while name.lower() in used:
            n += 1
            suffix = f"~{n}"
            name = base[: 31 - len(suffix)] + suffix
        used.add(name.lower())
        names[bid] = name
    return names
