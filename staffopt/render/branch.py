"""The ``staffopt solve`` view of one branch's result, in the order a manager reads it."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from staffopt.render.coverage import coverage_table, shortage_grid, shortage_runs
from staffopt.render.requirements import merged_warning_lines
from staffopt.render.roster import roster_grid, roster_legend
from staffopt.render.tables import number_table
from staffopt.requirements import RequirementWarning
from staffopt.result import BranchResult, minutes_of


def _plural(n: int | float, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def headline(result: BranchResult) -> str:
    """What the branch gains and needs in one line, from the result's totals: "30 staff:
    24 kept, 3 moved, 3 freed · short: 1 under the standard, 12 uncovered hours"."""
    t = result.totals
    assert t is not None
    gains = f"{t.staff} staff: {t.kept} kept, {t.moved} moved, {t.freed} freed"
    if not (t.under_floor or t.uncovered_hours):
        return f"{gains} · nothing short"
    short = [
        *([f"{t.under_floor} under the standard"] if t.under_floor else []),
        *([_plural(t.uncovered_hours, "uncovered hour")] if t.uncovered_hours else []),
    ]
    return f"{gains} · short: {', '.join(short)}"


def _headline(result: BranchResult) -> Text:
    text = Text()
    title = result.branch + (f" {result.name}" if result.name else "")
    if result.district:
        title += f" ({result.district})"
    text.append(f"{title}: ", style="bold")
    gains, _, short = headline(result).partition(" · ")
    text.append(gains, style="bold green")
    text.append(" · ")
    text.append(short, style="bold red" if short.startswith("short") else "default")
    return text


HEADCOUNT_COLUMNS = (
    "current", "required", "kept", "moved in", "moved out", "freed", "floor", "under floor",
    "uncovered h",
)
# The same columns where the screen is narrow (under 120 columns), spelled out beneath.
NARROW_COLUMNS = ("now", "need", "kept", "in", "out", "freed", "floor", "under", "unc h")
NARROW_LEGEND = (
    "now = current, need = required, in/out = moved in/out, under = under the floor, "
    "unc h = uncovered hours"
)


def _headcount_table(result: BranchResult, narrow: bool = False) -> Table:
    if narrow:
        table = Table(title="Headcount by role", title_justify="left", box=box.SIMPLE_HEAD,
                      show_edge=False, pad_edge=False, padding=(0, 0, 0, 1))
        table.add_column("role", no_wrap=True)
        for name in NARROW_COLUMNS:
            table.add_column(name, justify="right", no_wrap=True)
    else:
        table = number_table("Headcount by role", "role", HEADCOUNT_COLUMNS)
    for row in result.headcount:
        if "." in row.role and not (row.current or row.required or row.floor):
            continue  # a team with no customers and no one in it says nothing
        name = f"  {row.role.split('.', 1)[1]}" if "." in row.role else row.role
        style = "red" if row.under_floor or row.uncovered_hours else None
        figures = (
            row.current, row.required, row.kept, row.moved_in, row.moved_out, row.freed,
            row.floor, row.under_floor, row.uncovered_hours,
        )
        table.add_row(name, *(str(f) for f in figures), style=style)
    return table


def _placement(role: str | None, team: str | None) -> str:
    return "no role" if role is None else role + (f" ({team})" if team else "")


def _moves_lines(result: BranchResult) -> list[str]:
    names = {a.employee: a.name for a in result.assignments}
    lines = []
    for move in result.moves:
        to = "freed" if move.to is None else _placement(move.to, move.to_team)
        who = move.employee + (f" {names[move.employee]}" if names.get(move.employee) else "")
        lines.append(f"{who}: {_placement(move.from_, move.from_team)} → {to}")
    return lines


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
        f"role changes {o.role_changes} · idle hours {o.idle_hours} · "
        f"paid hours {o.paid_hours}",
        style="default",
    )
    return text


def _result_warning_lines(result: BranchResult) -> list[str]:
    """The result's warnings as print_requirements shows them: capped slots merged into
    ranges per post and day, from the figures the warning rows carry."""
    merged = [
        RequirementWarning(
            w.code, w.post, w.day, minutes_of(w.start), w.message, w.needed, w.counters
        )
        for w in result.warnings
    ]
    return merged_warning_lines(merged, result.slot_minutes or 60)


def _sections(result: BranchResult, console: Console) -> None:
    """Coverage with the merged shortages, then the warnings."""
    console.print(coverage_table(result))
    step = result.slot_minutes or 60
    if result.shortages:
        console.print()
        console.print(Text(f"Shortages ({len(shortage_runs(result.shortages, step))})",
                           style="bold red"))
        console.print(shortage_grid(result.shortages, step))
    warnings = _result_warning_lines(result)
    if warnings:
        console.print()
        console.print(Text(f"Warnings ({len(warnings)})", style="bold yellow"))
        for line in warnings:
            console.print(Text(f"  {line}"))


def print_result(result: BranchResult, console: Console) -> None:
    """The ``staffopt solve`` view, in the order a branch manager reads it: the headline,
    headcount by role, the moves, the roster grid, coverage per post and day with the
    merged shortages and their causes, the counter-capacity warnings, and the proof."""
    if result.status == "error":
        console.print(_status_line(result))
        return
    console.print(_headline(result))
    console.print()
    narrow = console.width < 120
    console.print(_headcount_table(result, narrow))
    if narrow:
        console.print(Text(NARROW_LEGEND, style="dim"))
    console.print()
    console.print(Text("Moves", style="bold"))
    for line in _moves_lines(result) or ["no moves: everyone keeps their role"]:
        console.print(Text(f"  {line}"))
    console.print()
    console.print(roster_grid(result, console.width))
    console.print(Text(roster_legend(result), style="dim"))
    freed = [
        a.employee + (f" {a.name}" if a.name else "") for a in result.assignments if a.role is None
    ]
    if freed:
        console.print(Text(f"Freed, no role this week: {', '.join(freed)}", style="dim"))
    console.print()
    _sections(result, console)
    console.print()
    console.print(_status_line(result))
