"""The pool section of the ``staffopt batch --pool`` view: the line, and the biggest transfers."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from staffopt.pool.result import PoolResult
from staffopt.result import whole

_TOP_TRANSFERS = 10


def pool_line(result: PoolResult) -> str:
    """"pool: N freed staff cover X of Y uncovered hours in K branches"."""
    used = sum(1 for m in result.members if m.used)
    covered = whole(round(result.uncovered_hours_before - result.uncovered_hours_after, 2))
    relieved = sum(1 for b in result.branches
                   if b.uncovered_hours_after < b.uncovered_hours_before)
    return (f"pool: {used} freed staff cover {covered} of {result.uncovered_hours_before} "
            f"uncovered hours in {relieved} branches")


def _transfers(result: PoolResult) -> Table | None:
    hours: Counter[tuple[str, str, str]] = Counter()
    for r in result.roster:
        hours[(r.member, r.home, r.branch)] += r.hours
    if not hours:
        return None
    table = Table(title="[bold]Biggest pool transfers[/]", title_justify="left")
    for name in ("member", "from", "to", "hours"):
        table.add_column(name, justify="right" if name == "hours" else "left")
    top = sorted(hours.items(), key=lambda kv: (-kv[1], kv[0]))[:_TOP_TRANSFERS]
    for (member, home, branch), h in top:
        table.add_row(member, home, branch, str(whole(h)))
    return table


def print_pool(result: PoolResult, note: str | None, console: Console,
               reused: bool = False) -> None:
    """The pool line, its status, why nothing was pooled where so, and the transfers."""
    console.print()
    status = "" if result.status == "optimal" else f" ({result.status}, gap {result.gap:.1%})"
    console.print(f"[bold]{pool_line(result)}[/] · scope {result.scope}{status}")
    used = sum(1 for m in result.members if m.used)
    pooled = whole(round(sum(r.hours for r in result.roster), 2))
    console.print(f"  members: {len(result.members)} freed with a pool skill, {used} used, "
                  f"{pooled} pooled hours")
    if note:
        console.print(f"  {note}")
    if reused:
        console.print("  kept from the last run: no branch result or pool setting changed")
    table = _transfers(result)
    if table is not None:
        console.print(table)
