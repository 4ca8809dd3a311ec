"""staffopt.forecast.estimate: logs drawn from known parameters give those parameters back."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from staffopt.config import load_branch
from staffopt.forecast.estimate import estimate
from staffopt.forecast.tickets import read_tickets
from staffopt.requirements.arrivals import weekday_factor
from staffopt.requirements.grid import intraday_profile, opening_hours

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "forecast"
DEMO = ROOT / "data" / "regions" / "demo-city" / "branches"


def _make_tickets() -> ModuleType:
    """bench/make_tickets.py, imported by path: bench/ is not a package."""
    if "make_tickets" in sys.modules:
        return sys.modules["make_tickets"]
    script = ROOT / "bench" / "make_tickets.py"
    spec = importlib.util.spec_from_file_location("make_tickets", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# (branch file, standards, seed, days, handling scale): branches the estimator never saw tuned
CASES = [
    (DATA / "branch.yaml", DATA / "standards.yaml", 11, 56, 1.2),
    (DEMO / "DC-0003.yaml", None, 12, 42, 0.8),
    (DEMO / "DC-0008.yaml", None, 13, 35, 1.0),
]


@pytest.mark.parametrize(("branch", "standards", "seed", "days", "scale"), CASES)
def test_known_parameters_come_back(
    tmp_path: Path, branch: Path, standards: Path | None, seed: int, days: int, scale: float
) -> None:
    gen = _make_tickets()
    inp = load_branch(branch, standards)
    std, model = inp.standards, inp.branch
    truth = gen.Truth(start=dt.date(2026, 3, 2), days=days, seed=seed, handling_scale=scale)
    path = tmp_path / "t.csv"
    path.write_text(gen.ticket_log(std, model, truth), encoding="utf-8")
    hours = opening_hours(std, model)
    log = read_tickets(path, "t.csv", list(std.transactions), model.id)
    fc = estimate(log, std, hours)
    assert log.malformed == 0
    assert fc.open_days == sum(1 for d in range(days)
                               if (dt.date(2026, 3, 2) + dt.timedelta(d)).weekday()
                               in [("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(x)
                                   for x in hours])
    # the mean over open days is daily × the mean weekday factor (design §10)
    factors = {day: weekday_factor(std, model, day) for day in hours}
    mean = sum(factors.values()) / len(factors)
    for name, daily in model.volume.daily.items():
        if daily >= 5:
            assert fc.daily[name] == pytest.approx(daily, rel=0.10), name
            assert fc.daily[name] == pytest.approx(daily * mean, rel=0.10), name
    for day, factor in factors.items():
        assert abs(fc.weekday_factors[day] - factor) <= 0.1, day
    for h in fc.handling:
        if h.served >= 100:
            assert h.minutes == pytest.approx(h.standard * scale, rel=0.15), h.type
    profile = intraday_profile(std, model)
    for hour, weight in fc.intraday_profile.items():
        assert abs(weight - profile.get(hour, 0.0)) <= 0.2, hour


def test_waits_give_the_share_called_in_time(tmp_path: Path) -> None:
    gen = _make_tickets()
    inp = load_branch(DATA / "branch.yaml", DATA / "standards.yaml")
    truth = gen.Truth(days=28, seed=4, wait=5.0, walkout=0.1)
    path = tmp_path / "t.csv"
    path.write_text(gen.ticket_log(inp.standards, inp.branch, truth), encoding="utf-8")
    log = read_tickets(path, "t.csv", list(inp.standards.transactions))
    fc = estimate(log, inp.standards, opening_hours(inp.standards, inp.branch))
    expected = 0.9 * (1 - 2.718281828459045 ** (-10 / 5.0))  # exponential waits, 10 min target
    assert {s.zone for s in fc.service} == {"cash", "non_cash", "vip"}
    for s in fc.service:
        assert s.share == pytest.approx(expected, abs=0.06), s.zone
        assert s.left / s.tickets == pytest.approx(0.1, abs=0.05)
