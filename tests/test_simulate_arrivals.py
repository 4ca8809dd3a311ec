"""Random customers: Poisson counts per slot and type, sorted times, exponential service."""

from __future__ import annotations

import numpy as np
import pytest

from staffopt.simulate.arrivals import draw_customers
from staffopt.simulate.model import ZoneDay


def _day() -> ZoneDay:
    return ZoneDay(
        post="teller.cash", day="mon", opening=540, slot=30,
        rates=((10.0, 0.0, 4.0), (2.0, 2.0, 0.0)), minutes=(3.0, 12.0), servers=(1, 1, 1),
        wait=5.0, target=0.8,
    )


def test_counts_times_and_service_follow_the_rates() -> None:
    rng = np.random.default_rng(5)
    counts, service = np.zeros(3), []
    for _ in range(400):
        c = draw_customers(_day(), rng)
        assert np.all(np.diff(c.arrival) >= 0) and np.all(c.arrival < 90)
        counts += np.bincount((c.arrival // 30).astype(int), minlength=3)
        service += c.service.tolist()
    assert counts / 400 == pytest.approx([12.0, 2.0, 4.0], rel=0.06)
    # mean service: (14 × 3 + 4 × 12) / 18 minutes over the day's mix
    assert np.mean(service) == pytest.approx((14 * 3 + 4 * 12) / 18, rel=0.05)


def test_the_same_stream_gives_the_same_customers() -> None:
    a = draw_customers(_day(), np.random.default_rng([1, 2]))
    b = draw_customers(_day(), np.random.default_rng([1, 2]))
    assert np.array_equal(a.arrival, b.arrival) and np.array_equal(a.service, b.service)


def test_a_zone_without_types_has_no_customers() -> None:
    day = ZoneDay("teller.vip", "mon", 540, 30, (), (), (1,), 5.0, 0.8)
    assert draw_customers(day, np.random.default_rng(0)).arrival.size == 0
