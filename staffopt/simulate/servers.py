"""The servers of each queue zone in each slot, counted from a roster (breaks excluded).

The one coverage rule of ``staffopt.counting`` applies: a shift counts on its own post in
every slot it works, less its break, so a teller on ``teller.cash`` serves the cash queue
there and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from staffopt.counting import SlotKey, coverage
from staffopt.result import RosterRow


def servers_per_slot(
    roster: Iterable[RosterRow], post: str, day: str, starts: Sequence[int], slot: int
) -> tuple[int, ...]:
    """The people rostered on ``post`` on ``day`` in each slot starting at ``starts``."""
    on_duty = coverage((r.shift() for r in roster if r.post == post and r.day == day), slot)
    return tuple(on_duty[SlotKey(post, day, start)] for start in starts)
