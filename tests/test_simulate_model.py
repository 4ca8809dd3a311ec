"""Zone-days from a branch, its standards and a roster (design §9 on §3's arrivals)."""

from __future__ import annotations

import pytest
from simulate_data import NO_COUNTERS, solved

from staffopt.config import load_branch
from staffopt.requirements import compute
from staffopt.simulate.model import queue_posts, zone_days


def test_arrivals_follow_section_3() -> None:
    inp, result = solved()
    days = zone_days(inp.standards, inp.branch, list(result.roster))
    assert [(zd.post, zd.day) for zd in days] == [
        ("teller.cash", "mon"), ("teller.cash", "tue"),
        ("teller.non_cash", "mon"), ("teller.non_cash", "tue"),
    ]
    cash_mon = days[0]
    assert sum(cash_mon.expected(i) for i in range(8)) == pytest.approx(120)
    assert sum(days[1].expected(i) for i in range(8)) == pytest.approx(120 * 0.8)
    assert cash_mon.minutes == (3.0,)
    assert (cash_mon.wait, cash_mon.target) == (5.0, 0.8)


def test_erlang_at_the_requirement_is_the_requirements_figure() -> None:
    inp, result = solved()
    req = {(s.post, s.day, s.start): s for s in compute(inp.standards, inp.branch).slots}
    for zd in zone_days(inp.standards, inp.branch, list(result.roster)):
        for i, start in enumerate(zd.starts):
            row = req[(zd.post, zd.day, start)]
            if zd.servers[i] == row.required and row.service_level is not None:
                assert zd.erlang_sl(i) == pytest.approx(row.service_level)


def test_servers_cover_the_requirement() -> None:
    inp, result = solved()
    need = {(r.post, r.day, r.start): r.required for r in result.requirements}
    for zd in zone_days(inp.standards, inp.branch, list(result.roster)):
        for i, start in enumerate(zd.starts):
            key = (zd.post, zd.day, f"{start // 60:02d}:{start % 60:02d}")
            assert zd.servers[i] >= need.get(key, 0)


def test_no_counters_no_queue_zone() -> None:
    inp = load_branch(NO_COUNTERS)  # the bundled standards: no zone with counters here
    assert queue_posts(inp.standards, inp.branch) == []


def test_closing_servers_at_least_one() -> None:
    inp, result = solved()
    zd = zone_days(inp.standards, inp.branch, list(result.roster))[0]
    assert zd.closing_servers == max(1, zd.servers[-1])
