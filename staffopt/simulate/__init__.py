"""Service truth (design §9): replay a roster against random arrivals, zone by zone.

``model`` turns a branch and a roster into zone-days (arrival rates, service minutes,
servers per slot), ``arrivals`` draws the customers, ``engine`` (an exact event loop) or
``network`` (the same system in ciw) gives their waits, ``run`` replicates and
aggregates, ``result`` holds the §9 contract, and ``source`` checks the result file.
"""

from __future__ import annotations

from staffopt.config import BranchInput
from staffopt.result import BranchResult
from staffopt.simulate.model import queue_posts, zone_days
from staffopt.simulate.result import SimulationResult, Totals
from staffopt.simulate.run import simulate, totals
from staffopt.simulate.source import SimulateError, check_simulable, load_result

DEFAULT_REPLICATIONS = 100
DEFAULT_SEED = 20261203


def simulate_branch(
    inp: BranchInput, result: BranchResult, replications: int = DEFAULT_REPLICATIONS,
    seed: int = DEFAULT_SEED, engine: str = "fast",
) -> SimulationResult:
    """Simulate every queue zone of a branch against the roster of ``result``."""
    days = zone_days(inp.standards, inp.branch, list(result.roster))
    return simulate(inp.branch.id, days, replications, seed, engine)


def targets(inp: BranchInput) -> dict[str, float]:
    """Each queue post's target share (0..1)."""
    out = {}
    for post, _, role in queue_posts(inp.standards, inp.branch):
        assert role.service_level is not None
        out[post] = role.service_level.percent / 100
    return out


__all__ = [
    "DEFAULT_REPLICATIONS",
    "DEFAULT_SEED",
    "SimulateError",
    "SimulationResult",
    "Totals",
    "check_simulable",
    "load_result",
    "simulate_branch",
    "targets",
    "totals",
]
