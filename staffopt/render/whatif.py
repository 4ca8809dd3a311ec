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
# Two tables per role, each narrow enough for an 80-column terminal: the staff the
# branches need and free, then the hiring needs (design §4: only these two are).
_STAFF = (("demand_hours", "demand h"), ("required", "required"), ("freed", "freed"))
_NEEDS = (("under_floor", "under floor"), ("uncovered_hours", "uncovered h"))
_BRANCH = (("required", "required"), ("freed", "freed"), ("under_floor", "under floor"),
           ("uncovered_hours", "uncovered h"))


def _cell(field: str, base: float, scen: float, change: float) -> Text:
    """``base → scen (change)``; the change is green where it helps: fewer people or
    hours needed, more people freed."""
    good = change > 0 if field == "freed" else change < 0
    style = "dim" if change == 0 else "green" if good else "yellow"
    shown = f"{change:+g}" if change else "0"
    return Text.assemble(f"{base:g} → {scen:g} (", (shown, style), ")")


def _cells(fields: tuple[tuple[str, str], ...], baseline: Figures, scenario: Figures,
           change: Figures) -> list[Text]:
    return [_cell(f, getattr(baseline, f), getattr(scenario, f), getattr(change, f))
            for f, _ in fields]


def _role_table(result: WhatIfResult, title: str, fields: tuple[tuple[str, str], ...],
                caption: str) -> Table:
    table = number_table(f"[bold]{title}[/]", "role",
                         [name for _, name in fields])
    for row in result.roles:
        table.add_row(row.role, *_cells(fields, row.baseline, row.scenario, row.change))
    table.add_section()
    t = result.total
    table.add_row("[bold]total[/]", *_cells(fields, t.baseline, t.scenario, t.change))
    table.caption = caption
    table.caption_justify = "left"
    return table


def _role_tables(result: WhatIfResult) -> list[Table]:
    return [
        _role_table(result, "Staff per role", _STAFF,
                    "demand h = person-hours a week the sizing rules ask for; required = "
                    "people given the role; freed = people of the role today given none"),
        _role_table(result, "Hiring needs per role", _NEEDS,
                    "people missing under the headcount floors, and person-hours left "
                    "uncovered"),
    ]


def _changed_table(result: WhatIfResult) -> Table | None:
    rows = result.changed_most(_TOP_CHANGED)
    if not rows:
        return None
    table = number_table("[bold]Branches that change most[/]", "branch",
                         [name for _, name in _BRANCH])
    for row in rows:
        assert row.baseline and row.scenario and row.change
        table.add_row(Text(row.id), *_cells(_BRANCH, row.baseline, row.scenario, row.change))
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
    console.print(Text("Each cell: baseline → scenario (change)", style="dim"))
    tables = [*_role_tables(result), _failed_table(result)]
    if result.scope == "region":
        tables.insert(2, _changed_table(result))
    for table in tables:
        if table is not None:
            console.print()
            console.print(table)
    if out is not None:
        console.print(Text(f"Results in {out}", style="dim"))
