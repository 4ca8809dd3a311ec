"""The slot grid of §3: open days and hours, slot starts, and each slot's share of a day."""

from __future__ import annotations

import math

from staffopt.config.models import DAYS, Branch, Standards, parse_hours


def clock(minute: int) -> str:
    """Minutes after midnight as HH:MM."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def opening_hours(std: Standards, branch: Branch) -> dict[str, tuple[int, int]]:
    """The open days of the week and their hours: the branch's overrides, key by key."""
    out = {}
    for day in DAYS:
        hours = branch.opening_hours.get(day, std.calendar.opening_hours.get(day, "closed"))
        span = parse_hours(hours)
        if span is not None:
            out[day] = span
    return out


def slot_starts(std: Standards, start: int, end: int) -> range:
    """The starts of the slots from opening to closing, in minutes after midnight."""
    return range(start, end, std.calendar.slot_minutes)


def intraday_profile(std: Standards, branch: Branch) -> dict[str, float]:
    """The intraday weights: the branch's overrides of the standards', hour by hour."""
    return {**std.intraday_profile, **branch.volume.intraday_profile}


def day_shares(
    std: Standards, start: int, end: int, profile: dict[str, float] | None = None
) -> list[float]:
    """Each slot's share of a day's arrivals, from the intraday profile; they sum to 1.

    ``profile`` is the branch's (``intraday_profile``); the standards' where not given.
    """
    profile = std.intraday_profile if profile is None else profile
    weights = [profile.get(f"{m // 60:02d}", 0.0) for m in slot_starts(std, start, end)]
    total = sum(weights)
    if math.isinf(total):
        # absurd weights overflow the sum; their shares are the same after scaling them down
        top = max(weights)
        weights = [w / top for w in weights]
        total = sum(weights)
    if total <= 0:
        return [1.0 / len(weights)] * len(weights)
    return [w / total for w in weights]
