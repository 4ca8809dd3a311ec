"""The roster grid of a branch result: employees down, grouped by role; days across."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from rich.table import Table

from staffopt.counting import week_order
from staffopt.render.tables import grid_table
from staffopt.result import Assignment, BranchResult

# Short names for the standard posts, so that a week of shifts fits across the screen.
# Other posts keep their name, or its first word when long; a legend spells each one out.
POST_SHORT = {
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
SHORT_WIDTH = 9  # longest short name before a post is cut to its first word


def _short_clock(hhmm: str) -> str:
    """``09:00`` as ``9`` and ``09:30`` as ``9:30``: whole hours need no minutes."""
    hours, minutes = hhmm.split(":")
    return str(int(hours)) if minutes == "00" else f"{int(hours)}:{minutes}"


def short_names(posts: Iterable[str]) -> dict[str, str]:
    """A short name per post (its sub-post, else its role, abbreviated); a short name that
    two posts would share is dropped for the full post, so that no cell is ambiguous."""
    wanted: dict[str, str] = {}
    for post in set(posts):
        name = post.split(".", 1)[1] if "." in post else post
        short = POST_SHORT.get(name, name)
        if len(short) > SHORT_WIDTH:
            short = short.split("_", 1)[0][:SHORT_WIDTH]
        wanted[post] = short
    uses = Counter(wanted.values())
    return {post: short if uses[short] == 1 else post for post, short in wanted.items()}


def own_post(a: Assignment) -> str | None:
    """The post an assignment names: the role, or for a portfolio role the team's post."""
    return a.team_post or a.role


def _roster_names(result: BranchResult) -> dict[str, str]:
    """Short names for the posts the roster grid shows: those worked and those assigned."""
    return short_names(
        [r.post for r in result.roster]
        + [p for a in result.assignments if (p := own_post(a)) is not None]
    )


def roster_legend(result: BranchResult) -> str:
    """What the roster grid's short forms stand for, as one line under it."""
    names = _roster_names(result)
    legend = " · ".join(
        f"{short} = {post}" for post, short in sorted(names.items()) if short != post
    )
    return "Hours as 9–17 for 09:00–17:00" + (f"; {legend}" if legend else "")


def _cells(result: BranchResult, names: dict[str, str]) -> dict[str, dict[str, str]]:
    """Per employee and day, the cell text: the shift's hours and, where the role column
    does not already say it, the short name of the post worked."""
    own = {a.employee: own_post(a) for a in result.assignments if a.role is not None}
    cells: dict[str, dict[str, str]] = defaultdict(dict)
    for shift in result.roster:
        text = f"{_short_clock(shift.start)}–{_short_clock(shift.end)}"
        if shift.post != own.get(shift.employee):
            text += f" {names[shift.post]}"
        cells[shift.employee][shift.day] = text
    return cells


def roster_grid(result: BranchResult) -> Table:
    """Employees with a role down, grouped by role; open days across. A cell holds the
    shift's hours and, where the role has several posts, the post worked."""
    days = week_order({r.day for r in result.roster} | {r.day for r in result.requirements})
    staffed = [a for a in result.assignments if a.role is not None]
    names = _roster_names(result)
    table = grid_table("Roster")
    table.add_column("staff", no_wrap=True)
    table.add_column("role", no_wrap=True)
    for day in days:
        table.add_column(day)
    order = {row.role: i for i, row in enumerate(result.headcount)}
    staffed.sort(key=lambda a: (order.get(own_post(a) or "", len(order)), a.employee))
    cells = _cells(result, names)
    previous = None
    for a in staffed:
        post = own_post(a)
        label = names.get(post or "", post or "") if post != previous else ""  # once per group
        if post != previous and previous is not None:
            table.add_section()
        previous = post
        table.add_row(a.employee, label, *(cells[a.employee].get(d, "") for d in days))
    return table
