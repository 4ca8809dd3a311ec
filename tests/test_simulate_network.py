"""The ciw network: the same system as the fast engine, customer for customer."""

from __future__ import annotations

import numpy as np
from simulate_data import flat_day

from staffopt.simulate.arrivals import draw_customers
from staffopt.simulate.engine import waits
from staffopt.simulate.model import ZoneDay
from staffopt.simulate.network import waits_ciw


def test_ciw_and_the_engine_give_the_same_waits() -> None:
    servers = (2, 2, 3, 1, 0, 3, 2, 2, 1, 3)
    zd = ZoneDay(
        post="teller.cash", day="mon", opening=540, slot=30,
        rates=(tuple(8.0 + 2 * (i % 3) for i in range(10)), (5.0,) * 10),
        minutes=(3.0, 5.0), servers=servers, wait=5.0, target=0.8,
    )
    for seed in range(15):
        c = draw_customers(zd, np.random.default_rng(seed))
        assert np.allclose(waits_ciw(zd, c), waits(zd, c), atol=1e-9)


def test_ciw_with_no_customers() -> None:
    zd = flat_day(0.0, 3.0, [1, 1])
    assert waits_ciw(zd, draw_customers(zd, np.random.default_rng(0))).size == 0
