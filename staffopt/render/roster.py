"""The roster grid of a branch result: employees down, grouped by role; days across."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from rich.table import Table

from staffopt.counting import week_order
from staffopt.render.tables import grid_table
from staffopt.result import Assignment, BranchResult, RosterRow

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
    lunch = "; ⏸12 = a break from 12:00" if any(r.break_start for r in result.roster) else ""
    return "Hours as 9–17 for 09:00–17:00" + lunch + (f"; {legend}" if legend else "")


def _cell_words(shift: RosterRow, post: str | None) -> list[str]:
    """The words of one cell: the span, the break's start, the post where it is not the
    employee's own."""
    words = [f"{_short_clock(shift.start)}–{_short_clock(shift.end)}"]
    if shift.break_start:
        words.append(f"⏸{_short_clock(shift.break_start)}")
    return words + ([post] if post else [])


def _cells(result: BranchResult, names: dict[str, str]) -> dict[str, dict[str, list[str]]]:
    """Per employee and day, the cell's words: the shift's hours, its break and, where the
    role column does not already say it, the short name of the post worked."""
    own = {a.employee: own_post(a) for a in result.assignments if a.role is not None}
    cells: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for shift in result.roster:
        post = names[shift.post] if shift.post != own.get(shift.employee) else None
        cells[shift.employee][shift.day] = _cell_words(shift, post)
    return cells


def _wide(cells: dict[str, dict[str, list[str]]], days: list[str], labels: int) -> int:
    """The width the grid takes with every cell on one line."""
    widest = {
        d: max([len(" ".join(c[d])) for c in cells.values() if d in c] + [len(d)]) for d in days
    }
    return labels + sum(w + 2 for w in widest.values())


SPAN_WIDTH = 7  # a wider span, such as 8:30–17:30, breaks after its dash on a narrow grid


def _cell_text(words: list[str], narrow: bool) -> str:
    """A cell on one line, or where the grid is narrow one word a line, a wide span broken
    after its dash, so that no time is ever cut."""
    if not words or not narrow:
        return " ".join(words)
    span = words[0]
    if len(span) > SPAN_WIDTH:
        first, _, second = span.partition("–")
        return "\n".join([f"{first}–", second, *words[1:]])
    return "\n".join(words)


def roster_grid(result: BranchResult, width: int | None = None) -> Table:
    """Employees with a role down (id and name), grouped by role; open days across. A cell
    holds the shift's hours, its break and, where the role has several posts, the post
    worked. Where ``width`` is too narrow for one line a cell, cells stack their words."""
    days = week_order({r.day for r in result.roster} | {r.day for r in result.requirements})
    staffed = [a for a in result.assignments if a.role is not None]
    names = _roster_names(result)
    cells = _cells(result, names)
    label = max([len(_who(a)) for a in staffed] + [5]) + max(
        [len(n) for n in names.values()] + [4]
    ) + 4
    narrow = width is not None and _wide(cells, days, label) > width
    table = grid_table("Roster")
    table.add_column("staff", overflow="fold", max_width=16 if narrow else None)
    table.add_column("role", no_wrap=True)
    for day in days:
        table.add_column(day, overflow="fold", min_width=5 if narrow else None)
    order = {row.role: i for i, row in enumerate(result.headcount)}
    staffed.sort(key=lambda a: (order.get(own_post(a) or "", len(order)), a.employee))
    previous = None
    for a in staffed:
        post = own_post(a)
        group = names.get(post or "", post or "") if post != previous else ""  # once per group
        if post != previous and previous is not None:
            table.add_section()
        previous = post
        row = [_cell_text(cells[a.employee].get(d, []), narrow) for d in days]
        table.add_row(_who(a), group, *row)
    return table


def _who(a: Assignment) -> str:
    """An employee's id with their name beside it."""
    return a.employee + (f" {a.name}" if a.name else "")
