"""The exact event engine: capacity by slot, leavers finish their customer, FIFO waits."""

from __future__ import annotations

import numpy as np
from simulate_data import flat_day

from staffopt.simulate.arrivals import Customers, draw_customers
from staffopt.simulate.engine import capacity_steps, waits


def _customers(arrival: list[float], service: list[float]) -> Customers:
    return Customers(np.array(arrival), np.array(service))


def test_steps_only_where_the_count_changes() -> None:
    zd = flat_day(1.0, 3.0, [2, 2, 0, 0, 3])
    assert capacity_steps(zd) == ([0.0, 60.0, 120.0], [2, 0, 3])


def test_a_slot_without_servers_holds_its_customers_to_the_next() -> None:
    zd = flat_day(20.0, 3.0, [3, 0, 3])
    for seed in range(20):
        c = draw_customers(zd, np.random.default_rng(seed))
        w = waits(zd, c)
        idle = (c.arrival >= 30) & (c.arrival < 60)
        assert np.all(c.arrival[idle] + w[idle] >= 60 - 1e-9)  # no one starts before 09:00


def test_a_last_slot_without_servers_is_served_out_by_one() -> None:
    zd = flat_day(5.0, 3.0, [0, 0])
    c = _customers([1.0, 2.0, 70.0], [3.0, 3.0, 1.0])
    assert waits(zd, c).tolist() == [59.0, 61.0, 0.0]  # 1 server from closing at 60


def test_fifo_with_fixed_times() -> None:
    zd = flat_day(1.0, 3.0, [1, 1])
    c = _customers([0.0, 1.0, 2.0], [5.0, 5.0, 1.0])
    assert waits(zd, c).tolist() == [0.0, 4.0, 8.0]


def test_a_leaver_finishes_the_customer_first() -> None:
    # two servers, one leaves at 30 while serving until 40: the next customer still
    # waits for the one who stays, free at 35
    zd = flat_day(1.0, 3.0, [2, 1])
    c = _customers([0.0, 1.0, 31.0], [35.0, 39.0, 1.0])
    assert waits(zd, c).tolist() == [0.0, 0.0, 4.0]


def test_a_rise_before_the_leaver_is_done_keeps_them() -> None:
    # 2 -> 1 -> 2 while both are busy: nobody leaves, and no third server appears
    zd = flat_day(1.0, 3.0, [2, 1, 2])
    c = _customers([0.0, 0.0, 61.0, 61.5], [100.0, 100.0, 1.0, 1.0])
    assert waits(zd, c).tolist() == [0.0, 0.0, 39.0, 38.5]


def test_no_customers() -> None:
    assert waits(flat_day(0.0, 3.0, [1]), _customers([], [])).size == 0
