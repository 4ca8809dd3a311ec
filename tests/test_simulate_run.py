"""Replications and their figures: Erlang C on a flat day, intervals, determinism."""

from __future__ import annotations

import numpy as np
import pytest
from simulate_data import flat_day

from staffopt.requirements import service_level
from staffopt.simulate.engine import waits
from staffopt.simulate.run import simulate, slot_row, tally, totals


def test_a_flat_day_agrees_with_erlang_c() -> None:
    # A = 4 Erlangs on 5 servers, AHT 4 minutes, a 2-minute wait: SL = 0.664 in steady
    # state; 40 slots, the first 10 left out as the warm-up from an empty morning
    zd = flat_day(30.0, 4.0, [5] * 40, wait=2.0)
    erlang = service_level(5, 4.0, 4.0, 2.0)
    t = tally(zd, 200, [7, 0, 0], waits)
    share = t.within[:, 10:].sum(axis=1) / t.count[:, 10:].sum(axis=1)
    half = 1.96 * share.std(ddof=1) / np.sqrt(share.size)
    assert abs(share.mean() - erlang) <= half
    rows = [slot_row(zd, t, i) for i in range(10, 40)]
    inside = [r.sim_sl_low <= r.erlang_sl <= r.sim_sl_high for r in rows]
    assert sum(inside) >= 0.8 * len(rows)  # 95 % intervals: most slots hold Erlang C
    assert all(r.erlang_sl == pytest.approx(erlang, abs=1e-4) for r in rows)


def test_a_slot_without_servers() -> None:
    zd = flat_day(10.0, 3.0, [2, 0, 2], wait=5.0)
    t = tally(zd, 50, [1, 0, 0], waits)
    row = slot_row(zd, t, 1)
    assert row.servers == 0 and row.erlang_sl == 0.0
    assert row.sim_sl is not None and row.sim_sl < 0.3  # only those arriving in its last 5'
    assert row.mean_wait is not None and row.mean_wait > 10
    assert slot_row(zd, t, 0).sim_sl == pytest.approx(1.0, abs=0.05)


def test_intervals_hold_the_mean() -> None:
    zd = flat_day(12.0, 4.0, [2, 2, 3, 1])
    t = tally(zd, 30, [3, 0, 0], waits)
    for i in range(4):
        r = slot_row(zd, t, i)
        assert r.sim_sl_low <= r.sim_sl <= r.sim_sl_high
        assert r.sim_sl_low >= 0.0 and r.sim_sl_high <= 1.0


def test_the_first_replications_do_not_depend_on_how_many() -> None:
    zd = flat_day(12.0, 4.0, [2, 2, 3, 1])
    few, many = tally(zd, 5, [3, 0, 0], waits), tally(zd, 9, [3, 0, 0], waits)
    assert np.array_equal(few.within, many.within[:5])


def test_same_seed_same_result_other_seed_other_result() -> None:
    days = [flat_day(12.0, 4.0, [2, 2, 3, 1])]
    a = simulate("B", days, 20, 11).to_json()
    assert a == simulate("B", days, 20, 11).to_json()
    assert a != simulate("B", days, 20, 12).to_json()


def test_zone_and_branch_figures() -> None:
    days = [flat_day(12.0, 4.0, [0, 3, 3, 3]), flat_day(0.0, 4.0, [1, 1, 1, 1])]
    result = simulate("B", days, 20, 11)
    (zone,) = result.zones
    assert len(zone.slots) == 4  # the day without arrivals lists no slot
    met = sum(s.sim_sl >= 0.8 for s in zone.slots)
    assert zone.met_share == pytest.approx(met / 4)
    total = totals(result, {"teller.cash": 0.8})
    assert (total.slots, total.met) == (4, met)
    assert total.served_within_target == pytest.approx(zone.served_within_target)


def test_ciw_engine_gives_the_same_result() -> None:
    days = [flat_day(12.0, 4.0, [2, 0, 3, 1])]
    assert simulate("B", days, 5, 4, "ciw") == simulate("B", days, 5, 4, "fast")
