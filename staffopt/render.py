"""Rich views for people: what a branch needs, slot by slot, at a glance.

Shared helpers (day columns, the heat scale, time spans) come first, as small private
functions; each public ``print_*`` function renders one kind of output to a Console.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from rich import box
from rich.columns import Columns
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from staffopt.config.models import DAYS
from staffopt.requirements import Requirements, RequirementWarning, SlotRequirement, clock
from staffopt.result import Assignment, BranchResult, Shortage

if TYPE_CHECKING:
    from staffopt.batch.summary import RegionSummary

# ---------------------------------------------------------------- shared helpers

# Light to dark: a cell's shade says how busy the slot is compared with the rest of its post.
_HEAT = (
    "black on #e5f5e0",
    "black on #a1d99b",
    "black on #fee391",
    "black on #fdae61",
    "bold white on #d7301f",
)
_EMPTY = "·"  # a slot that is open but needs no one
_CAPPED = "!"  # a slot whose requirement was capped at the zone's counters


def _day_columns(table: Table, days: Iterable[str], *, width: int = 3) -> None:
    """Add one right-aligned column per day, in mon..sun order, headed by the day."""
    for day in sorted(days, key=DAYS.index):
        table.add_column(day, justify="right", min_width=width)


def _heat_style(value: int, low: int, high: int) -> str:
    """The shade of ``value`` on a scale from ``low`` (lightest) to ``high`` (darkest)."""
    if high <= low:
        return _HEAT[0]  # a flat series has no peak to point at
    step = round((value - low) / (high - low) * (len(_HEAT) - 1))
    return _HEAT[max(0, min(step, len(_HEAT) - 1))]


def _span(start: int, end: int) -> str:
    """A time span such as 10:00–12:30."""
    return f"{clock(start)}–{clock(end)}"


def _number_table(title: str, first: str, numbers: Sequence[str]) -> Table:
    """A table titled on the left: one text column, then right-aligned number columns."""
    table = Table(title=title, title_justify="left")
    table.add_column(first)
    for name in numbers:
        table.add_column(name, justify="right")
    return table


def _grid_table(title: str) -> Table:
    """A light, edge-less table for wide grids, titled on the left."""
    return Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False
    )


def _plural(n: int, word: str) -> str:
    """``1 counter``, ``3 counters``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def _runs(starts: Sequence[int], step: int) -> list[tuple[int, int]]:
    """Consecutive slot starts merged into (first start, last start) runs."""
    runs: list[tuple[int, int]] = []
    for start in starts:
        if runs and start == runs[-1][1] + step:
            runs[-1] = (runs[-1][0], start)
        else:
            runs.append((start, start))
    return runs


# ---------------------------------------------------------------- requirements


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
    _day_columns(table, req.hours)
    starts = sorted({r.start for r in rows})
    for start in starts:
        line: list[Text | str] = [clock(start)]
        for day in sorted(req.hours, key=DAYS.index):
            row = cells.get((day, start))
            if row is None:
                line.append("")  # the day is closed at this time
            elif row.required == 0:
                line.append(Text(_EMPTY, style="dim"))
            else:
                capped = row.uncapped is not None and row.uncapped > row.required
                mark = _CAPPED if capped else " "
                style = _heat_style(row.required, low, high)
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
    span = _span(first.start, run[-1].start + step)
    return f"{first.post} {first.day} {span}: {need}, {_plural(first.counters or 0, 'counter')}"


def _warning_lines(req: Requirements) -> list[str]:
    """Warnings, with consecutive capped slots of one post and day merged into one line."""
    return _merged_warning_lines(req.warnings, req.slot_minutes)


def _merged_warning_lines(warnings: Sequence[RequirementWarning], step: int) -> list[str]:
    """Warning lines, merging consecutive capped slots of one post and day into a range."""
    ordered = sorted(warnings, key=lambda w: (w.code, w.post, DAYS.index(w.day), w.start))
    lines: list[str] = []
    for (code, _, _), group in groupby(ordered, key=lambda w: (w.code, w.post, w.day)):
        items = list(group)
        if code != "counter-capacity":
            lines += [w.message for w in items]
            continue
        by_start = {w.start: w for w in items}
        for first, last in _runs(sorted(by_start), step):
            run = [by_start[s] for s in range(first, last + step, step)]
            lines.append(_capacity_line(run, step))
    return lines


def print_requirements(req: Requirements, console: Console) -> None:
    """Print a branch's requirements: a heat-map grid per post, the floors and the warnings."""
    open_days = ", ".join(f"{d} {_span(*req.hours[d])}" for d in sorted(req.hours, key=DAYS.index))
    console.print(
        f"[bold]Staffing requirements[/] {escape(req.branch)} · "
        f"standards {escape(req.standards)} · {req.slot_minutes}-minute slots"
    )
    console.print(f"Open: {open_days or 'closed every day'}", style="dim")
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
            f"each post; {_EMPTY} none needed; {_CAPPED} capped at the zone's counters.",
            style="dim",
        )
    if idle:
        console.print(f"No one needed in any slot: {', '.join(idle)}", style="dim", markup=False)
    console.print()
    console.print(_floors_table(req))
    lines = _warning_lines(req)
    if lines:
        console.print()
        console.print(f"[bold yellow]Warnings[/] ({len(lines)})")
        for line in lines:
            console.print(f"  {line}", markup=False, highlight=False)


# ---------------------------------------------------------------- one branch's result


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _freed_text(freed: int) -> str:
    return f"hire {-freed}" if freed < 0 else str(freed)


def _headline(result: BranchResult) -> Text:
    current, required = result.current, result.required
    hires = sum(-r.freed for r in result.headcount if r.freed < 0 and "." not in r.role)
    text = Text()
    text.append(f"{result.branch}: ", style="bold")
    text.append(f"{current} staff today → {required} needed → ")
    text.append(f"{current - required} freed", style="bold green")
    if hires:
        text.append(f"; {hires} to hire", style="bold red")
    return text


def _headcount_table(result: BranchResult) -> Table:
    table = _number_table("Headcount by role", "role", ("current", "required", "freed", "floor"))
    for row in result.headcount:
        if "." in row.role and not (row.current or row.required or row.floor):
            continue  # a team with no customers and no one in it says nothing
        name = f"  {row.role.split('.', 1)[1]}" if "." in row.role else row.role
        style = "red" if row.freed < 0 else None
        table.add_row(
            name,
            str(row.current),
            str(row.required),
            _freed_text(row.freed),
            str(row.floor),
            style=style,
        )
    return table


def _moves_lines(result: BranchResult) -> list[str]:
    teams = {a.employee: a.team for a in result.assignments}
    lines = []
    for move in result.moves:
        to = "freed" if move.to is None else move.to
        if move.to is not None and teams.get(move.employee):
            to += f" ({teams[move.employee]})"
        lines.append(f"{move.employee}: {move.from_ or 'no role'} → {to}")
    return lines


# Short names for the standard posts, so that a week of shifts fits across the screen.
# Other posts keep their name, or its first word when long; a legend spells each one out.
_POST_SHORT = {
    "operations_supervisor": "ops",
    "lobby_manager": "lobby",
    "branch_head": "head",
    "account_manager": "acct",
    "non_cash": "n-cash",
    "personal_wealth": "wealth",
    "personal_loans": "loans",
    "comprehensive": "compr",
    "corporate_credit": "corp",
    "inclusive_finance": "incl",
}
_SHORT_WIDTH = 9  # longest short name before a post is cut to its first word


def _short_clock(hhmm: str) -> str:
    """``09:00`` as ``9`` and ``09:30`` as ``9:30``: whole hours need no minutes."""
    hours, minutes = hhmm.split(":")
    return str(int(hours)) if minutes == "00" else f"{int(hours)}:{minutes}"


def _short_names(posts: Iterable[str]) -> dict[str, str]:
    """A short name per post (its sub-post, else its role, abbreviated); a short name that
    two posts would share is dropped for the full post, so that no cell is ambiguous."""
    wanted: dict[str, str] = {}
    for post in set(posts):
        name = post.split(".", 1)[1] if "." in post else post
        short = _POST_SHORT.get(name, name)
        if len(short) > _SHORT_WIDTH:
            short = short.split("_", 1)[0][:_SHORT_WIDTH]
        wanted[post] = short
    uses = Counter(wanted.values())
    return {post: short if uses[short] == 1 else post for post, short in wanted.items()}


def _own_post(a: Assignment) -> str | None:
    """The post an assignment names: the role, or for a portfolio role the team's post."""
    if a.role is None:
        return None
    return f"{a.role}.{a.team}" if a.team else a.role


def _roster_names(result: BranchResult) -> dict[str, str]:
    """Short names for the posts the roster grid shows: those worked and those assigned."""
    return _short_names(
        [r.post for r in result.roster]
        + [p for a in result.assignments if (p := _own_post(a)) is not None]
    )


def _roster_legend(result: BranchResult) -> str:
    """What the roster grid's short forms stand for, as one line under it."""
    names = _roster_names(result)
    legend = " · ".join(
        f"{short} = {post}" for post, short in sorted(names.items()) if short != post
    )
    return "Hours as 9–17 for 09:00–17:00" + (f"; {legend}" if legend else "")


def _roster_grid(result: BranchResult) -> Table:
    """Employees with a role down, grouped by role; open days across. A cell holds the
    shift's hours and, where the role has several posts, the post worked."""
    days = sorted(
        {r.day for r in result.roster} | {r.day for r in result.requirements}, key=DAYS.index
    )
    staffed = [a for a in result.assignments if a.role is not None]
    names = _roster_names(result)
    table = _grid_table("Roster")
    table.add_column("staff", no_wrap=True)
    table.add_column("role", no_wrap=True)
    for day in days:
        table.add_column(day)
    order = {row.role: i for i, row in enumerate(result.headcount)}
    staffed.sort(key=lambda a: (order.get(_own_post(a) or "", len(order)), a.employee))
    cells: dict[str, dict[str, str]] = defaultdict(dict)
    own = {a.employee: _own_post(a) for a in staffed}
    for shift in result.roster:
        text = f"{_short_clock(shift.start)}–{_short_clock(shift.end)}"
        if shift.post != own.get(shift.employee):  # the role column already names it
            text += f" {names[shift.post]}"
        cells[shift.employee][shift.day] = text
    previous = None
    for a in staffed:
        post = _own_post(a)
        label = names.get(post or "", post or "") if post != previous else ""  # once per group
        if post != previous and previous is not None:
            table.add_section()
        previous = post
        table.add_row(a.employee, label, *(cells[a.employee].get(d, "") for d in days))
    return table


def _coverage(result: BranchResult) -> dict[tuple[str, str], tuple[int, int]]:
    """Per requirement post and day: (slot-units covered, slot-units required), counted
    from the roster. A shift counts towards its own post and its role's: anyone on an
    ``account_manager.*`` post covers a requirement on ``account_manager``."""
    step = result.slot_minutes or 60
    on_duty: Counter[tuple[str, str, int]] = Counter()
    for shift in result.roster:
        rows = {shift.post, shift.post.split(".", 1)[0]}
        for t in range(_minutes(shift.start), _minutes(shift.end), step):
            for row in rows:
                on_duty[(row, shift.day, t)] += 1
    totals: dict[tuple[str, str], tuple[int, int]] = {}
    for r in result.requirements:
        covered, required = totals.get((r.post, r.day), (0, 0))
        got = min(r.required, on_duty[(r.post, r.day, _minutes(r.start))])
        totals[(r.post, r.day)] = (covered + got, required + r.required)
    return totals


def _hours(slot_units: int, step: int) -> str:
    """Slot-units as person-hours: 15 half-hour units are 7.5."""
    return f"{slot_units * step / 60:g}"


def _coverage_table(result: BranchResult) -> Table:
    """Per post and day: the person-hours covered of those required; short cells in red."""
    step = result.slot_minutes or 60
    totals = _coverage(result)
    days = sorted({day for _, day in totals}, key=DAYS.index)
    table = _grid_table("Coverage: person-hours covered / required")
    table.add_column("post")
    _day_columns(table, days, width=7)
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


def _shortage_runs(shortages: Sequence[Shortage], step: int) -> list[tuple[str, str]]:
    """Shortages merged into (where, what) pairs, in post, day and time order. Consecutive
    slots of one post and day with the same cause make one pair, even where the number
    missing varies from slot to slot: the cause is what a manager acts on."""
    ordered = sorted(shortages, key=lambda s: (s.post, DAYS.index(s.day), _minutes(s.start)))
    runs: list[list[Shortage]] = []
    for s in ordered:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and (last.post, last.day, last.cause) == (s.post, s.day, s.cause)
            and _minutes(s.start) == _minutes(last.start) + step
        ):
            runs[-1].append(s)
        else:
            runs.append([s])
    pairs = []
    for run in runs:
        first, lo, hi = run[0], min(s.missing for s in run), max(s.missing for s in run)
        span = _span(_minutes(first.start), _minutes(run[-1].start) + step)
        missing = f"{lo}" if lo == hi else f"{lo} to {hi}"
        pairs.append((f"{first.post} {first.day} {span}", f"{missing} missing — {first.cause}"))
    return pairs


def shortage_lines(shortages: Sequence[Shortage], step: int) -> list[str]:
    """Shortages merged into readable lines, one per run of consecutive slots of a post
    and day with one cause: ``post day 09:00–16:00: 1 missing — cause``."""
    return [f"{where}: {what}" for where, what in _shortage_runs(shortages, step)]


def _shortage_grid(shortages: Sequence[Shortage], step: int) -> Table:
    """The merged shortages as a grid, so that a long cause wraps under itself."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)  # indent
    grid.add_column(no_wrap=True, style="red")
    grid.add_column()
    for where, what in _shortage_runs(shortages, step):
        grid.add_row("  ", Text(f"{where}: "), Text(what))  # causes are plain text, not markup
    return grid


def _status_line(result: BranchResult) -> Text:
    """How far the solve got, its time, and on a second line the objective's values."""
    if result.status == "optimal":
        text = Text("optimal: every objective level proven", style="bold green")
    elif result.status == "feasible":
        text = Text(
            f"feasible, gap {100 * (result.gap or 0):.1f}% — raise --time-limit to prove it",
            style="bold yellow",
        )
    else:
        return Text(f"error: {result.error}", style="bold red")
    o = result.objective
    assert o is not None
    text.append(f" ({result.solve_seconds:.2f} s)", style="default")
    text.append(
        f"\nobjective: uncovered slot-units {o.shortage_slots} · "
        f"under floors {o.floor_shortage} · headcount {o.headcount} · "
        f"role changes {o.role_changes} · paid hours {o.paid_hours}",
        style="default",
    )
    return text


# The requirement warning's own wording (staffopt.requirements), read back for its figures.
_CAPACITY = re.compile(r"needs (\d+) at .* has (\d+) counters?")


def _result_warning_lines(result: BranchResult) -> list[str]:
    """The result's warnings as print_requirements shows them: capped slots merged into
    ranges per post and day. A warning whose figures cannot be read keeps its message."""
    merged: list[RequirementWarning] = []
    lines: list[str] = []
    for w in result.warnings:
        found = _CAPACITY.search(w.message)
        if w.code == "counter-capacity" and found is None:
            lines.append(w.message)
            continue
        needed, counters = (int(found[1]), int(found[2])) if found else (None, None)
        merged.append(
            RequirementWarning(
                w.code, w.post, w.day, _minutes(w.start), w.message, needed, counters
            )
        )
    return _merged_warning_lines(merged, result.slot_minutes or 60) + lines


def print_result(result: BranchResult, console: Console) -> None:
    """The ``staffopt solve`` view, in the order a branch manager reads it: the headline,
    headcount by role, the moves, the roster grid, coverage per post and day with the
    merged shortages and their causes, the counter-capacity warnings, and the proof."""
    if result.status == "error":
        console.print(_status_line(result))
        return
    console.print(_headline(result))
    console.print()
    console.print(_headcount_table(result))
    console.print()
    console.print(Text("Moves", style="bold"))
    for line in _moves_lines(result) or ["no moves: everyone keeps their role"]:
        console.print(Text(f"  {line}"))
    console.print()
    console.print(_roster_grid(result))
    console.print(Text(_roster_legend(result), style="dim"))
    freed = [a.employee for a in result.assignments if a.role is None]
    if freed:
        console.print(Text(f"Freed, no role this week: {', '.join(freed)}", style="dim"))
    console.print()
    console.print(_coverage_table(result))
    step = result.slot_minutes or 60
    if result.shortages:
        runs = len(_shortage_runs(result.shortages, step))
        console.print()
        console.print(Text(f"Shortages ({runs})", style="bold red"))
        console.print(_shortage_grid(result.shortages, step))
    warnings = _result_warning_lines(result)
    if warnings:
        console.print()
        console.print(Text(f"Warnings ({len(warnings)})", style="bold yellow"))
        for line in warnings:
            console.print(Text(f"  {line}"))
    console.print()
    console.print(_status_line(result))


# ---------------------------------------------------------------- region

_TOP_FREED = 10  # branches listed under "frees the most people"


def _region_totals(summary: RegionSummary) -> Table:
    """Current → required → freed per role, with the uncovered slot-units, and a total row."""
    table = _number_table(
        "[bold]Headcount by role[/]", "role", ("current", "required", "freed", "shortage")
    )
    for t in summary.totals:
        table.add_row(t.role, str(t.current), str(t.required), str(t.freed), str(t.shortage))
    if summary.totals:
        table.add_section()
        table.add_row(
            "[bold]total[/]",
            *(
                f"[bold]{sum(getattr(t, name) for t in summary.totals)}[/]"
                for name in ("current", "required", "freed", "shortage")
            ),
        )
    table.caption = "freed = current - required; a negative figure is a hiring need"
    table.caption_justify = "left"
    return table


def print_region(summary: RegionSummary, console: Console) -> None:
    """Print a region run: totals per role, the branches that free the most people,
    the branches left short with their biggest cause, and the failed branches."""
    counts = {s: sum(1 for r in summary.rows if r.status == s) for s in ("optimal", "feasible")}
    failed = summary.failed
    n = len(summary.rows)
    console.print(
        Text.assemble(
            ("Region ", "bold"),
            f"{summary.region} · standards {summary.standards} · "
            f"{n} branch{'' if n == 1 else 'es'}: "
            f"{counts['optimal']} optimal, {counts['feasible']} feasible, {len(failed)} failed",
        )
    )
    if summary.skipped:
        console.print(
            f"{len(summary.solved)} solved, {len(summary.skipped)} up to date (--resume)",
            style="dim",
        )
    if summary.interrupted:
        console.print(
            f"[bold yellow]Interrupted:[/] {len(summary.unfinished)} branches not solved",
        )
    console.print()
    console.print(_region_totals(summary))

    freeing = sorted(
        (r for r in summary.rows if (r.freed or 0) > 0),
        key=lambda r: (-(r.freed or 0), r.id),
    )[:_TOP_FREED]
    if freeing:
        table = Table(title="[bold]Branches that free the most people[/]", title_justify="left")
        table.add_column("branch")
        for name in ("current", "required", "freed"):
            table.add_column(name, justify="right")
        for r in freeing:
            table.add_row(r.id, str(r.current), str(r.required), str(r.freed))
        console.print()
        console.print(table)

    short = sorted(
        (r for r in summary.rows if (r.shortage or 0) > 0),
        key=lambda r: (-(r.shortage or 0), r.id),
    )
    if short:
        table = Table(
            title=f"[bold]Branches with a shortage[/] ({len(short)})", title_justify="left"
        )
        table.add_column("branch")
        table.add_column("slot-units", justify="right")
        table.add_column("biggest cause", overflow="fold")
        for r in short:
            table.add_row(Text(r.id), str(r.shortage), Text(r.cause or ""))
        console.print()
        console.print(table)

    if failed:
        table = Table(title=f"[bold red]Failed branches[/] ({len(failed)})", title_justify="left")
        table.add_column("branch")
        table.add_column("reason", overflow="fold")
        for r in failed:
            table.add_row(Text(r.id), Text(r.error or ""))  # messages hold brackets: no markup
        console.print()
        console.print(table)
    console.print(Text(f"Results in {summary.out}", style="dim"))
