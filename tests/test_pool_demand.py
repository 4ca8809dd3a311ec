"""The pool's demand: each branch's shortage rows, slot by slot."""

from __future__ import annotations

from pool_data import known_results

from staffopt.counting import SlotKey
from staffopt.pool.demand import demand_of, uncovered_minutes


def test_demand_holds_the_short_branches_only() -> None:
    demand = demand_of(known_results())
    assert sorted(demand) == ["B", "C", "D"]
    assert demand["B"][SlotKey("teller.cash", "mon", 9 * 60)] == 1
    assert uncovered_minutes(demand["B"], 30) == 4 * 60
