"""Random customers of one zone-day: Poisson arrivals per type and slot, exponential service.

In each slot the count of each type is Poisson with the slot's expected arrivals, and
the arrival times are uniform within the slot: a Poisson process whose rate changes at
slot boundaries. Each customer's service time is exponential with the type's minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from staffopt.simulate.model import ZoneDay


@dataclass(frozen=True)
class Customers:
    """One day's customers in arrival order: times in minutes after opening, and service."""

    arrival: np.ndarray  # float64, sorted
    service: np.ndarray  # float64, minutes


def draw_customers(zd: ZoneDay, rng: np.random.Generator) -> Customers:
    """One replication's customers of a zone-day."""
    if not zd.rates:
        return Customers(np.empty(0), np.empty(0))
    rates = np.asarray(zd.rates, dtype=float)  # types × slots
    counts = rng.poisson(rates)
    total = int(counts.sum())
    slot_of = np.repeat(np.tile(np.arange(rates.shape[1]), rates.shape[0]), counts.ravel())
    type_of = np.repeat(np.arange(rates.shape[0]), counts.sum(axis=1))
    times = (slot_of + rng.random(total)) * zd.slot
    mean = np.asarray(zd.minutes, dtype=float)[type_of]
    service = rng.exponential(1.0, total) * mean
    order = np.argsort(times, kind="stable")
    return Customers(times[order], service[order])
