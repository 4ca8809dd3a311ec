"""The ``staffopt requirements`` view: a heat-map grid per post, the floors, the warnings."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from rich.columns import Columns
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from staffopt.counting import day_order, week_order
from staffopt.render.tables import CAPPED, EMPTY, day_columns, heat_style, plural, runs, span
from staffopt.requirements import Requirements, RequirementWarning, SlotRequirement, clock


def _post_grid(req: Requirements, post: str, rows: list[SlotRequirement]) -> Table:
    """Slots down, open days across; each cell the number required, shaded by intensity."""
    cells = {(r.day, r.start): r for r in rows}
    values = [r.required for r in rows]
    low, high = min(values), max(values)
    if low == high:
        summary = f"{high} in every open slot"
    else:
        peak = next(r for r in rows if r.required == high)  # the first slot at the peak
        summary = f"peak {high} at {peak.day} {clock(peak.start)}"
    table = Table(
        title=post,
        title_style="bold",
        title_justify="left",
        caption=summary,
        caption_style="",
        caption_justify="left",
        min_width=max(len(post), len(summary)),  # keep both on one line in a narrow grid
        box=None,
        padding=(0, 1),
        pad_edge=False,
    )
    table.add_column("", style="dim")
    day_columns(table, req.hours)
    starts = sorted({r.start for r in rows})
    for start in starts:
        line: list[Text | str] = [clock(start)]
        for day in week_order(req.hours):
            row = cells.get((day, start))
            if row is None:
                line.append("")  # the day is closed at this time
            elif row.required == 0:
                line.append(Text(EMPTY, style="dim"))
            else:
                capped = row.uncapped is not None and row.uncapped > row.required
                mark = CAPPED if capped else " "
                style = heat_style(row.required, low, high)
                line.append(Text(f"{row.required}{mark}", style=style))
        table.add_row(*line)
    return table


def _floors_table(req: Requirements) -> Table:
    """The headcount floors: one row per role, and per team of a portfolio role."""
    table = Table(title="[bold]Headcount floors[/]", title_justify="left")
    table.add_column("role")
    table.add_column("floor", justify="right")
    for floor in req.floors:
        table.add_row(floor.role, str(floor.floor))
    return table


def _capacity_line(run: list[RequirementWarning], step: int) -> str:
    """One line for consecutive capped slots: the hours they cover, the need, the counters."""
    first = run[0]
    needs = [w.needed or 0 for w in run]
    need = f"needs {needs[0]}" if min(needs) == max(needs) else f"needs up to {max(needs)}"
    hours = span(first.start, run[-1].start + step)
    return f"{first.post} {first.day} {hours}: {need}, {plural(first.counters or 0, 'counter')}"


def merged_warning_lines(warnings: Sequence[RequirementWarning], step: int) -> list[str]:
    """Warning lines, merging consecutive capped slots of one post and day into a range."""
    ordered = sorted(warnings, key=lambda w: (w.code, w.post, day_order(w.day), w.start))
    lines: list[str] = []
    for (code, _, _), group in groupby(ordered, key=lambda w: (w.code, w.post, w.day)):
        items = list(group)
        if code != "counter-capacity":
            lines += [w.message for w in items]
            continue
        by_start = {w.start: w for w in items}
        for first, last in runs(sorted(by_start), step):
            run = [by_start[s] for s in range(first, last + step, step)]
            lines.append(_capacity_line(run, step))
    return lines


def _grids(req: Requirements, console: Console) -> None:
    """One grid per post with a requirement, and a line naming the posts without one."""
    grids = []
    idle = []
    for post, group in groupby(req.slots, key=lambda s: s.post):
        rows = list(group)
        if any(r.required > 0 for r in rows):
            grids.append(_post_grid(req, post, rows))
        else:
            idle.append(post)
    if grids:
        console.print()
        console.print(Columns(grids, padding=(1, 4)))
        console.print(
            f"People required in each slot. Shade: lighter is quieter, darker busier, within "
            f"each post; {EMPTY} none needed; {CAPPED} capped at the zone's counters.",
            style="dim",
        )
    if idle:
        console.print(f"No one needed in any slot: {', '.join(idle)}", style="dim", markup=False)


def print_requirements(req: Requirements, console: Console) -> None:
    """Print a branch's requirements: a heat-map grid per post, the floors and the warnings."""
    open_days = ", ".join(f"{d} {span(*req.hours[d])}" for d in week_order(req.hours))
    console.print(
        f"[bold]Staffing requirements[/] {escape(req.branch)} · "
        f"standards {escape(req.standards)} · {req.slot_minutes}-minute slots"
    )
    console.print(f"Open: {open_days or 'closed every day'}", style="dim")
    _grids(req, console)
    console.print()
    console.print(_floors_table(req))
    lines = merged_warning_lines(req.warnings, req.slot_minutes)
    if lines:
        console.print()
        console.print(f"[bold yellow]Warnings[/] ({len(lines)})")
        for line in lines:
            console.print(f"  {line}", markup=False, highlight=False)
