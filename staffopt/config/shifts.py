"""Where a shift and its break may lie on an open day (design §4), in minutes after midnight.

A shift starts on the slot grid and lies inside the opening hours. Its break, where a rule
applies, starts on the grid, lies inside the rule's window and strictly inside the shift
(the first and last slots are worked); an unpaid break lengthens the shift by its minutes.
"""

from __future__ import annotations

from collections.abc import Iterator

from staffopt.config.models import BreakRule, parse_window


def shift_span(paid_minutes: int, rule: BreakRule | None) -> int:
    """Minutes from a shift's start to its end: the paid length, plus an unpaid break."""
    return paid_minutes + (rule.minutes if rule is not None and not rule.paid else 0)


def placements(
    opening: tuple[int, int], slot: int, paid_minutes: int, rule: BreakRule | None
) -> Iterator[tuple[int, int | None]]:
    """Every legal (shift start, break start) on a day open ``opening``; None: no break."""
    first, last = opening
    span = shift_span(paid_minutes, rule)
    begin = -(-first // slot) * slot  # the first grid time at or after opening
    for start in range(begin, last - span + 1, slot):
        if rule is None:
            yield start, None
            continue
        window_start, window_end = parse_window(rule.window)
        low = max(start + slot, -(-window_start // slot) * slot)
        high = min(start + span - slot, window_end) - rule.minutes
        for at in range(low, high + 1, slot):
            yield start, at


def can_place(
    opening: tuple[int, int], slot: int, paid_minutes: int, rule: BreakRule | None
) -> bool:
    """Whether some shift of this paid length, with its break, fits the day."""
    return next(placements(opening, slot, paid_minutes, rule), None) is not None
