"""The ``staffopt whatif`` view: per role and in total, baseline → scenario and the change;
for a region, the branches that change most and the failed branches."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from staffopt.render.tables import number_table

if TYPE_CHECKING:
    from staffopt.whatif import Figures, WhatIfResult

_TOP_CHANGED = 10  # branches listed under "change most"
_FIGURES = (("demand_hours", "demand h"), ("required", "required"), ("freed", "freed"),
            ("under_floor", "under floor"), ("uncovered_hours", "uncovered h"))


def _change(value: float) -> Text:
    """A change with its sign, coloured: fewer people or hours needed reads green."""
    if value == 0:
        return Text("0", style="dim")
    return Text(f"{value:+g}", style="green" if value < 0 else "yellow")


def _cell(base: float, scen: float, change: float) -> Text:
    return Text.assemble(f"{base:g} → {scen:g} ", "(", _change(change), ")")


def _freed_cell(base: float, scen: float, change: float) -> Text:
    # more people freed is the good direction here
    style = "dim" if change == 0 else "green" if change > 0 else "yellow"
    return Text.assemble(f"{base:g} → {scen:g} ", "(", (f"{change:+g}", style), ")")


def _cells(baseline: Figures, scenario: Figures, change: Figures) -> list[Text]:
    out = []
    for field, _ in _FIGURES:
        make = _freed_cell if field == "freed" else _cell
        out.append(make(getattr(baseline, field), getattr(scenario, field),
                        getattr(change, field)))
    return out


def _roles_table(result: WhatIfResult) -> Table:
    table = number_table("[bold]Per role: baseline → scenario (change)[/]", "role",
                         [name for _, name in _FIGURES])
    for row in result.roles:
        table.add_row(row.role, *_cells(row.baseline, row.scenario, row.change))
    table.add_section()
    t = result.total
    table.add_row("[bold]total[/]", *_cells(t.baseline, t.scenario, t.change))
    table.caption = ("demand h = person-hours a week the sizing rules ask for; required = "
                     "people given the role; freed = people of the role today given none; "
                     "under floor and uncovered hours are hiring needs")
    table.caption_justify = "left"
    return table


def _changed_table(result: WhatIfResult) -> Table | None:
    rows = result.changed_most(_TOP_CHANGED)
    if not rows:
        return None
    table = number_table("[bold]Branches that change most[/]", "branch",
                         [name for _, name in _FIGURES])
    for row in rows:
        assert row.baseline and row.scenario and row.change
        table.add_row(Text(row.id), *_cells(row.baseline, row.scenario, row.change))
    return table


def _failed_table(result: WhatIfResult) -> Table | None:
    failed = [b for b in result.branches if b.error is not None]
    if not failed:
        return None
    table = Table(title=f"[bold red]Failed branches[/] ({len(failed)})", title_justify="left")
    table.add_column("branch")
    table.add_column("reason", overflow="fold")
    for row in failed:
        table.add_row(Text(row.id), Text(row.error or ""))
    return table


def _header(result: WhatIfResult) -> Text:
    unproven = sum(1 for b in result.branches
                   if "feasible" in (b.baseline_status, b.scenario_status))
    where = f"branch {result.target}" if result.scope == "branch" else f"region {result.target}"
    line = Text.assemble(("What-if ", "bold"), f"{result.scenario} on {where} · standards "
                         f"{result.standards} · {result.compared} "
                         f"branch{'' if result.compared == 1 else 'es'} compared")
    if result.failed:
        line.append(f", {result.failed} failed", style="red")
    if unproven:
        line.append(f" · {unproven} not proven optimal on one side (see the gaps)", style="dim")
    return line


def print_whatif(result: WhatIfResult, console: Console, out: Path | None = None) -> None:
    """Print a what-if run: the roles side by side, then (for a region) the branches that
    change most, any failed branches, and where the results are kept."""
    console.print(_header(result))
    console.print()
    console.print(_roles_table(result))
    tables = [_failed_table(result)]
    if result.scope == "region":
        tables.insert(0, _changed_table(result))
    for table in tables:
        if table is not None:
            console.print()
            console.print(table)
    if out is not None:
        console.print(Text(f"Results in {out}", style="dim"))
