"""Pieces shared by the rich views: day columns, the heat scale, time spans, table shapes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.table import Table

from staffopt.counting import week_order
from staffopt.requirements import clock

# Light to dark: a cell's shade says how busy the slot is compared with the rest of its post.
HEAT = (
    "black on #e5f5e0",
    "black on #a1d99b",
    "black on #fee391",
    "black on #fdae61",
    "bold white on #d7301f",
)
EMPTY = "·"  # a slot that is open but needs no one
CAPPED = "!"  # a slot whose requirement was capped at the zone's counters


def day_columns(table: Table, days: Iterable[str], *, width: int = 3) -> None:
    """Add one right-aligned column per day, in mon..sun order, headed by the day."""
    for day in week_order(days):
        table.add_column(day, justify="right", min_width=width)


def heat_style(value: int, low: int, high: int) -> str:
    """The shade of ``value`` on a scale from ``low`` (lightest) to ``high`` (darkest)."""
    if high <= low:
        return HEAT[0]  # a flat series has no peak to point at
    step = round((value - low) / (high - low) * (len(HEAT) - 1))
    return HEAT[max(0, min(step, len(HEAT) - 1))]


def span(start: int, end: int) -> str:
    """A time span such as 10:00–12:30."""
    return f"{clock(start)}–{clock(end)}"


def number_table(title: str, first: str, numbers: Sequence[str]) -> Table:
    """A table titled on the left: one text column, then right-aligned number columns."""
    table = Table(title=title, title_justify="left")
    table.add_column(first)
    for name in numbers:
        table.add_column(name, justify="right")
    return table


def grid_table(title: str) -> Table:
    """A light, edge-less table for wide grids, titled on the left."""
    return Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False
    )


def plural(n: int, word: str) -> str:
    """``1 counter``, ``3 counters``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def runs(starts: Sequence[int], step: int) -> list[tuple[int, int]]:
    """Consecutive slot starts merged into (first start, last start) runs."""
    merged: list[tuple[int, int]] = []
    for start in starts:
        if merged and start == merged[-1][1] + step:
            merged[-1] = (merged[-1][0], start)
        else:
            merged.append((start, start))
    return merged
