"""The pool line of the region table."""

from __future__ import annotations

from staffopt.pool.result import PoolBranch, PoolMember, PoolResult
from staffopt.render.pool import pool_line


def test_pool_line() -> None:
    result = PoolResult(
        region="r", scope="district", status="optimal", gap=0.0,
        uncovered_hours_before=12, uncovered_hours_after=4,
        members=[PoolMember(member="A/E1", name=None, home="A", used=True, hours=16,
                            contract_hours=40)],
        roster=[],
        branches=[PoolBranch(id="B", uncovered_hours_before=4, uncovered_hours_after=0,
                             pooled_hours=8),
                  PoolBranch(id="D", uncovered_hours_before=4, uncovered_hours_after=4,
                             pooled_hours=0)],
    )
    assert pool_line(result) == "pool: 1 freed staff cover 8 of 12 uncovered hours in 1 branches"
