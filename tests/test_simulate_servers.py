"""Servers per slot from a roster: a shift counts where it works, less its break."""

from __future__ import annotations

from staffopt.result import RosterRow
from staffopt.simulate.servers import servers_per_slot


def _row(emp: str, post: str, start: str, end: str, brk: tuple[str, str] | None = None,
         hours: float = 4) -> RosterRow:
    return RosterRow(
        employee=emp, post=post, day="mon", start=start, end=end,
        break_start=brk[0] if brk else None, break_end=brk[1] if brk else None, hours=hours,
    )


def test_breaks_and_other_posts_do_not_serve() -> None:
    roster = [
        _row("A", "teller.cash", "09:00", "11:00", hours=2),
        _row("B", "teller.cash", "09:30", "12:00", ("10:30", "11:00"), hours=2),
        _row("C", "teller.non_cash", "09:00", "12:00", hours=3),
    ]
    starts = [540, 570, 600, 630, 660, 690]
    assert servers_per_slot(roster, "teller.cash", "mon", starts, 30) == (1, 2, 2, 1, 1, 1)
    assert servers_per_slot(roster, "teller.non_cash", "mon", starts, 30) == (1,) * 6


def test_other_days_do_not_count() -> None:
    roster = [_row("A", "teller.cash", "09:00", "11:00", hours=2)]
    assert servers_per_slot(roster, "teller.cash", "tue", [540, 570], 30) == (0, 0)
