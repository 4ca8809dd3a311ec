"""The ``staffopt batch`` view of a region: totals per role, the branches that free the
most people, the branches left short, and the failed branches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from staffopt.render.tables import number_table
from staffopt.result import whole

if TYPE_CHECKING:
    from staffopt.batch.summary import RegionSummary, RoleTotal

_TOP_FREED = 10  # branches listed under "frees the most people"


REGION_COLUMNS = ("current", "required", "kept", "moved", "freed", "under floor",
                  "uncovered h")


def _role_cells(t: RoleTotal) -> list[int | float]:
    return [t.current, t.required, t.kept, t.moved_in, t.freed, t.under_floor,
            t.uncovered_hours]


def _region_totals(summary: RegionSummary) -> Table:
    """Per role and in total: current → required, kept, moved, freed, under floor and
    uncovered hours, each the branches' figures added up."""
    table = number_table("[bold]Headcount by role[/]", "role", REGION_COLUMNS)
    for t in summary.totals:
        table.add_row(t.role, *(str(v) for v in _role_cells(t)))
    if summary.totals:
        table.add_section()
        sums = [sum(col) for col in zip(*(_role_cells(t) for t in summary.totals), strict=True)]
        table.add_row("[bold]total[/]", *(f"[bold]{whole(v)}[/]" for v in sums))
    table.caption = (
        "moved = moved in from another role or team; freed people are never netted "
        "against another branch's needs"
    )
    table.caption_justify = "left"
    return table


def _header(summary: RegionSummary, console: Console) -> None:
    """The region's name and standards, and how many branches ended how."""
    counts = {s: sum(1 for r in summary.rows if r.status == s) for s in ("optimal", "feasible")}
    n = len(summary.rows)
    console.print(
        Text.assemble(
            ("Region ", "bold"),
            f"{summary.region} · standards {summary.standards} · "
            f"{n} branch{'' if n == 1 else 'es'}: "
            f"{counts['optimal']} optimal, {counts['feasible']} feasible, "
            f"{len(summary.failed)} failed",
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


def _freeing_table(summary: RegionSummary) -> Table | None:
    """The branches that free the most people, most first; None if none frees anyone."""
    freeing = sorted(
        (r for r in summary.rows if (r.freed or 0) > 0),
        key=lambda r: (-(r.freed or 0), r.id),
    )[:_TOP_FREED]
    if not freeing:
        return None
    table = Table(title="[bold]Branches that free the most people[/]", title_justify="left")
    table.add_column("branch")
    for name in ("staff", "kept", "moved", "freed"):
        table.add_column(name, justify="right")
    for r in freeing:
        table.add_row(r.id, str(r.staff), str(r.kept), str(r.moved), str(r.freed))
    return table


def _short_table(summary: RegionSummary) -> Table | None:
    """The branches left short, most short first, with their biggest cause."""
    short = sorted(
        (r for r in summary.rows if r.status != "error" and r.short),
        key=lambda r: (-(r.uncovered_hours or 0), -(r.under_floor or 0), r.id),
    )
    if not short:
        return None
    table = Table(title=f"[bold]Branches with a shortage[/] ({len(short)})", title_justify="left")
    table.add_column("branch")
    table.add_column("under floor", justify="right")
    table.add_column("uncovered h", justify="right")
    table.add_column("biggest cause", overflow="fold")
    for r in short:
        table.add_row(Text(r.id), str(r.under_floor), str(r.uncovered_hours),
                      Text(r.cause or ""))
    return table


def _failed_table(summary: RegionSummary) -> Table | None:
    """The failed branches with their reasons."""
    failed = summary.failed
    if not failed:
        return None
    table = Table(title=f"[bold red]Failed branches[/] ({len(failed)})", title_justify="left")
    table.add_column("branch")
    table.add_column("reason", overflow="fold")
    for r in failed:
        table.add_row(Text(r.id), Text(r.error or ""))  # messages hold brackets: no markup
    return table


def print_region(summary: RegionSummary, console: Console) -> None:
    """Print a region run: totals per role, the branches that free the most people,
    the branches left short with their biggest cause, and the failed branches."""
    _header(summary, console)
    console.print()
    console.print(_region_totals(summary))
    for table in (_freeing_table(summary), _short_table(summary), _failed_table(summary)):
        if table is not None:
            console.print()
            console.print(table)
    if summary.pool is not None:
        from staffopt.render.pool import print_pool  # only a pooled run needs it

        print_pool(summary.pool.result, summary.pool.note, console, summary.pool.reused)
    console.print(Text(f"Results in {summary.out}", style="dim"))
