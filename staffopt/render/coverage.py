"""Coverage of a branch result per post and day, and its shortages merged into runs."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from staffopt.counting import SlotKey, coverage, day_order, week_order
from staffopt.render.tables import day_columns, grid_table, span
from staffopt.result import BranchResult, Shortage, minutes_of


def coverage_by_day(result: BranchResult) -> dict[tuple[str, str], tuple[int, int]]:
    """Per requirement post and day: (slot-units covered, slot-units required), counted
    from the roster; a slot counts at most what it requires."""
    step = result.slot_minutes or 60
    on_duty = coverage((r.shift() for r in result.roster), step)
    totals: dict[tuple[str, str], tuple[int, int]] = {}
    for r in result.requirements:
        covered, required = totals.get((r.post, r.day), (0, 0))
        got = min(r.required, on_duty[SlotKey(r.post, r.day, minutes_of(r.start))])
        totals[(r.post, r.day)] = (covered + got, required + r.required)
    return totals


def _hours(slot_units: int, step: int) -> str:
    """Slot-units as person-hours: 15 half-hour units are 7.5."""
    return f"{slot_units * step / 60:g}"


def coverage_table(result: BranchResult) -> Table:
    """Per post and day: the person-hours covered of those required; short cells in red."""
    step = result.slot_minutes or 60
    totals = coverage_by_day(result)
    days = week_order({day for _, day in totals})
    table = grid_table("Coverage: person-hours covered / required")
    table.add_column("post")
    day_columns(table, days, width=7)
    for post in sorted({post for post, _ in totals}):
        row: list[Text | str] = []
        for day in days:
            if (post, day) not in totals:
                row.append("")
                continue
            covered, required = totals[(post, day)]
            style = "bold red" if covered < required else "green"
            row.append(Text(f"{_hours(covered, step)}/{_hours(required, step)}", style=style))
        table.add_row(post, *row)
    return table


def shortage_runs(shortages: Sequence[Shortage], step: int) -> list[tuple[str, str]]:
    """Shortages merged into (where, what) pairs, in post, day and time order. Consecutive
    slots of one post and day with the same cause make one pair, even where the number
    missing varies from slot to slot: the cause is what a manager acts on."""
    ordered = sorted(shortages, key=lambda s: (s.post, day_order(s.day), minutes_of(s.start)))
    runs: list[list[Shortage]] = []
    for s in ordered:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and (last.post, last.day, last.cause) == (s.post, s.day, s.cause)
            and minutes_of(s.start) == minutes_of(last.start) + step
        ):
            runs[-1].append(s)
        else:
            runs.append([s])
    pairs = []
    for run in runs:
        first, lo, hi = run[0], min(s.missing for s in run), max(s.missing for s in run)
        hours = span(minutes_of(first.start), minutes_of(run[-1].start) + step)
        missing = f"{lo}" if lo == hi else f"{lo} to {hi}"
        pairs.append((f"{first.post} {first.day} {hours}", f"{missing} missing — {first.cause}"))
    return pairs


def shortage_lines(shortages: Sequence[Shortage], step: int) -> list[str]:
    """Shortages merged into readable lines, one per run of consecutive slots of a post
    and day with one cause: ``post day 09:00–16:00: 1 missing — cause``."""
    return [f"{where}: {what}" for where, what in shortage_runs(shortages, step)]


def shortage_grid(shortages: Sequence[Shortage], step: int) -> Table:
    """The merged shortages as a grid, so that a long cause wraps under itself."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)  # indent
    grid.add_column(no_wrap=True, style="red")
    grid.add_column()
    for where, what in shortage_runs(shortages, step):
        grid.add_row("  ", Text(f"{where}: "), Text(what))  # causes are plain text, not markup
    return grid
