"""PoolResult figures are recounted from the pooled shifts."""

from __future__ import annotations

from collections import Counter

from staffopt.counting import Shift, SlotKey
from staffopt.pool.result import left_after


def test_a_break_covers_nothing() -> None:
    need = Counter({SlotKey("teller.cash", "mon", 12 * 60): 1, SlotKey("teller", "mon", 9 * 60): 1})
    lunch = Shift("mon", 9 * 60, 18 * 60, "teller.cash", 12 * 60, 13 * 60)
    assert left_after(need, [lunch], 30) == 1  # the role row at 09:00 is covered, 12:00 not
