"""Arrivals in a slot (§3): daily volume × the day's weekday factor × the slot's share.

Each function takes ``num``, the number type to compute in: ``float`` as §3 does, or
``Fraction`` to redo a figure exactly where absurd inputs overflow a float.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from staffopt.config.models import Branch, Standards

Number = float | Fraction
NumberType = Callable[[float], Number]  # float or Fraction


def weekday_factor(std: Standards, branch: Branch, day: str) -> float:
    """The day's volume factor: the branch's override, else the standards', else 1."""
    return branch.volume.weekday_factors.get(day, std.weekday_factors.get(day, 1.0))


def arrivals(daily: float, factor: float, share: float, num: NumberType = float) -> Number:
    """``daily × factor × share``; 0 where any of them is 0, even when the others overflow."""
    if daily == 0 or factor == 0 or share == 0:
        return num(0.0)  # an overflow times a zero share is no arrival, not NaN
    return num(daily) * num(factor) * num(share)


def daily_visitors(branch: Branch, num: NumberType = float) -> Number:
    """Visitors per open day: the branch's figure, else the sum of its daily transactions."""
    if branch.volume.visitors is not None:
        return num(branch.volume.visitors)
    if num is float:
        return sum(branch.volume.daily.values())
    return sum((num(v) for v in branch.volume.daily.values()), num(0.0))


def zone_volume(
    std: Standards, branch: Branch, zone: str, factor: float, share: float,
    num: NumberType = float,
) -> tuple[Number, Number]:
    """The arrivals in a slot of the transaction types a zone serves, and their work minutes."""
    count = work = num(0.0)
    for tx, spec in std.transactions.items():
        if spec.zone == zone:
            a = arrivals(branch.volume.daily.get(tx, 0.0), factor, share, num)
            count += a
            work += a * num(spec.minutes)
    return count, work
