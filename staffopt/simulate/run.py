"""Replications of every zone-day, and their figures per slot, zone and branch (design §9).

Each replication of each zone-day draws from its own stream, seeded by (seed, zone, day,
replication), so the output depends only on the input and the seed, and the first k
replications are the same whatever ``--replications`` is. Days are independent: every
zone-day starts empty at opening.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from staffopt.counting import day_order
from staffopt.requirements import clock
from staffopt.simulate.arrivals import Customers, draw_customers
from staffopt.simulate.engine import waits
from staffopt.simulate.model import ZoneDay
from staffopt.simulate.result import SimSlot, SimulationResult, SimZone, Totals

Engine = Callable[[ZoneDay, Customers], np.ndarray]
Z95 = 1.959963984540054  # the normal 97.5 % quantile
DIGITS = 4
TOLERANCE = 1e-9  # a wait of exactly the target counts as within it


@dataclass
class Tally:
    """Per replication (rows) and slot (columns): customers, those within the wait, waits."""

    count: np.ndarray
    within: np.ndarray
    wait: np.ndarray


def engines() -> dict[str, Engine]:
    """The engines by name: the fast event loop, and the same system in ciw."""
    from staffopt.simulate.network import waits_ciw

    return {"fast": waits, "ciw": waits_ciw}


def tally(zd: ZoneDay, replications: int, seed: list[int], engine: Engine) -> Tally:
    """Simulate ``replications`` days of one zone-day and count them by arrival slot."""
    slots = len(zd.servers)
    shape = (replications, slots)
    t = Tally(np.zeros(shape), np.zeros(shape), np.zeros(shape))
    for r in range(replications):
        customers = draw_customers(zd, np.random.default_rng([*seed, r]))
        w = engine(zd, customers)
        slot = np.minimum((customers.arrival // zd.slot).astype(int), slots - 1)
        t.count[r] = np.bincount(slot, minlength=slots)
        t.within[r] = np.bincount(slot, weights=w <= zd.wait + TOLERANCE, minlength=slots)
        t.wait[r] = np.bincount(slot, weights=w, minlength=slots)
    return t


def _r(value: float) -> float:
    return round(float(value), DIGITS)


def slot_row(zd: ZoneDay, t: Tally, i: int) -> SimSlot:
    """One slot's figures: the mean of the replications' shares and its 95 % interval."""
    seen = t.count[:, i] > 0
    share = t.within[seen, i] / t.count[seen, i]
    total = t.count[:, i].sum()
    sim = low = high = wait = None
    if share.size:
        mean = float(share.mean())
        half = Z95 * float(share.std(ddof=1)) / math.sqrt(share.size) if share.size > 1 else 0.0
        sim, low, high = _r(mean), _r(max(0.0, mean - half)), _r(min(1.0, mean + half))
        wait = _r(t.wait[:, i].sum() / total)
    return SimSlot(
        day=zd.day, start=clock(zd.starts[i]), arrivals=_r(zd.expected(i)),
        servers=zd.servers[i], erlang_sl=_r(zd.erlang_sl(i)), sim_sl=sim, sim_sl_low=low,
        sim_sl_high=high, mean_wait=wait,
    )


def simulate(
    branch: str, days: list[ZoneDay], replications: int, seed: int, engine: str = "fast"
) -> SimulationResult:
    """Every zone-day ``replications`` times: the SimulationResult of §9."""
    run = engines()[engine]
    posts = list(dict.fromkeys(zd.post for zd in days))
    zones = []
    for z, post in enumerate(posts):
        mine = sorted((zd for zd in days if zd.post == post), key=lambda zd: day_order(zd.day))
        rows: list[SimSlot] = []
        count = within = 0.0
        target = mine[0].target if mine else 1.0
        for zd in mine:
            t = tally(zd, replications, [seed, z, day_order(zd.day)], run)
            rows += [slot_row(zd, t, i) for i in range(len(zd.servers)) if zd.expected(i) > 0]
            count, within = count + t.count.sum(), within + t.within.sum()
        zones.append(SimZone(
            post=post, met_share=_r(_met(rows, target) / len(rows)) if rows else 1.0,
            served_within_target=_r(within / count) if count else 1.0, slots=rows,
        ))
    return SimulationResult(branch=branch, replications=replications, seed=seed, zones=zones)


def _met(rows: list[SimSlot], target: float) -> int:
    """The slots whose simulated service level meets the target (no customer meets it)."""
    return sum(1 for s in rows if s.sim_sl is None or s.sim_sl >= target - TOLERANCE)


def totals(result: SimulationResult, targets: dict[str, float]) -> Totals:
    """The branch's figures over every zone: slots met, and customers served in time."""
    slots = met = 0
    customers = within = 0.0
    for zone in result.zones:
        slots += len(zone.slots)
        met += _met(zone.slots, targets[zone.post])
        n = sum(s.arrivals for s in zone.slots)
        customers += n
        within += n * zone.served_within_target
    share = within / customers if customers else 1.0
    return Totals(slots=slots, met=met, customers=_r(customers), served_within_target=_r(share))
