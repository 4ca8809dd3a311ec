"""The pool's demand: each branch's shortage slots as its own roster leaves them."""

from __future__ import annotations

from collections import Counter

from staffopt.counting import SlotKey
from staffopt.result import BranchResult, minutes_of


def demand_of(results: dict[str, BranchResult]) -> dict[str, Counter[SlotKey]]:
    """Missing people per coverage row and slot, by branch; branches with none left out."""
    out: dict[str, Counter[SlotKey]] = {}
    for bid in sorted(results):
        res = results[bid]
        if res.status == "error":
            continue
        need: Counter[SlotKey] = Counter()
        for s in res.shortages:
            need[SlotKey(s.post, s.day, minutes_of(s.start))] += s.missing
        if need:
            out[bid] = need
    return out


def uncovered_minutes(need: Counter[SlotKey], slot: int) -> int:
    """Uncovered minutes of a branch's demand."""
    return sum(need.values()) * slot
