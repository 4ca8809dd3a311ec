"""The ``staffopt solve`` view of one branch's result, in the order a manager reads it."""

from __future__ import annotations

import re

from rich.console import Console
from rich.table import Table
from rich.text import Text

from staffopt.render.coverage import coverage_table, shortage_grid, shortage_runs
from staffopt.render.requirements import merged_warning_lines
from staffopt.render.roster import roster_grid, roster_legend
from staffopt.render.tables import number_table
from staffopt.requirements import RequirementWarning
from staffopt.result import BranchResult, minutes_of


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
    table = number_table("Headcount by role", "role", ("current", "required", "freed", "floor"))
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


# The requirement warning's own wording (staffopt.requirements), read back for its figures:
# the result contract's warning rows carry only the message.
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
                w.code, w.post, w.day, minutes_of(w.start), w.message, needed, counters
            )
        )
    return merged_warning_lines(merged, result.slot_minutes or 60) + lines


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
    console.print(_headcount_table(result))
    console.print()
    console.print(Text("Moves", style="bold"))
    for line in _moves_lines(result) or ["no moves: everyone keeps their role"]:
        console.print(Text(f"  {line}"))
    console.print()
    console.print(roster_grid(result))
    console.print(Text(roster_legend(result), style="dim"))
    freed = [a.employee for a in result.assignments if a.role is None]
    if freed:
        console.print(Text(f"Freed, no role this week: {', '.join(freed)}", style="dim"))
    console.print()
    _sections(result, console)
    console.print()
    console.print(_status_line(result))
