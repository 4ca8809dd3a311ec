"""Shared inputs of the simulate tests: the small teller branch, solved once, and flat days."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from staffopt.config import BranchInput, load_branch
from staffopt.result import BranchResult
from staffopt.simulate.model import ZoneDay

SIM = Path(__file__).resolve().parent / "data" / "simulate"
STANDARDS = SIM / "teller.standards.yaml"
BRANCH = SIM / "teller.yaml"
OTHER = SIM / "other.yaml"
NO_COUNTERS = SIM / "no-counters.yaml"


@cache
def solved() -> tuple[BranchInput, BranchResult]:
    """The teller branch and its solved result (CP-SAT, deterministic settings)."""
    from staffopt.solve import solve

    inp = load_branch(BRANCH, STANDARDS)
    return inp, solve(inp, time_limit=10.0)


def flat_day(
    per_slot: float, minutes: float, servers: list[int], wait: float = 2.0, slot: int = 30
) -> ZoneDay:
    """A zone-day with one transaction type at a constant rate, and the given servers."""
    return ZoneDay(
        post="teller.cash", day="mon", opening=8 * 60, slot=slot,
        rates=((per_slot,) * len(servers),), minutes=(minutes,), servers=tuple(servers),
        wait=wait, target=0.8,
    )
