"""The pool stage of a batch: from the branch files and results to a PoolResult and a note."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from staffopt.config.models import Branch, Pool, Standards
from staffopt.counting import SlotKey
from staffopt.pool.demand import demand_of
from staffopt.pool.members import Member, members_of
from staffopt.pool.result import PoolResult, pool_result
from staffopt.pool.roles import pool_roles, pool_scope
from staffopt.pool.solve import EXACT_SIZE, PoolSolution, groups_of, solve_group
from staffopt.requirements.grid import opening_hours

GROUP_BUDGET = 4.0  # deterministic seconds per scope group, split over its levels


@dataclass
class PoolOutcome:
    """The result, a sentence saying why nothing was pooled where that is so, and
    whether it was kept from an earlier run (``--resume``, inputs unchanged)."""

    result: PoolResult
    note: str | None
    reused: bool = False


@dataclass
class _Inputs:
    scope: str
    districts: dict[str, str | None]
    members: list[Member]
    unskilled: int
    demand: dict[str, Counter[SlotKey]]


def _inputs(pool: Pool, branches: dict[str, Branch], results: dict, std: Standards) -> _Inputs:
    districts = {bid: b.district for bid, b in branches.items() if bid in results}
    scope = pool_scope(pool, list(districts.values()))
    members, unskilled = members_of(branches, results, std, pool_roles(pool, std))
    return _Inputs(scope, districts, members, unskilled, demand_of(results))


def _why_none(inp: _Inputs, result: PoolResult) -> str | None:
    if not inp.demand:
        return "no branch is short; nothing to pool"
    if not inp.members and inp.unskilled:
        return f"{inp.unskilled} freed staff, none with a skill for a pool role's post"
    if not inp.members:
        return "no branch frees anyone"
    if not result.roster:
        return "no member can work a short slot within their scope, days and hours"
    return None


def pool_note(pool: Pool, branches: dict[str, Branch], results: dict, std: Standards,
              result: PoolResult) -> str | None:
    """Why ``result`` pools nothing, where so, without solving (for a kept pool)."""
    return _why_none(_inputs(pool, branches, results, std), result)


def run_pool(region: str, pool: Pool, branches: dict[str, Branch], results: dict,
             std: Standards, budget: float = GROUP_BUDGET,
             exact_size: int = EXACT_SIZE) -> PoolOutcome:
    """Solve the region's pool: ``results`` are the branch results, by branch id.
    Groups of more than ``exact_size`` member-branches are solved branch by branch."""
    inp = _inputs(pool, branches, results, std)
    openings = {bid: opening_hours(std, branches[bid]) for bid in inp.districts}
    sol = PoolSolution()
    for group, scope_of in groups_of(inp.members, inp.districts, inp.scope):
        solve_group(group, openings, inp.demand, scope_of[group[0].member], std, budget, sol,
                    exact_size=exact_size)
    result = pool_result(region, inp.scope, sol.status, sol.gap, inp.members, sol.shifts,
                         inp.demand, std.calendar.slot_minutes)
    return PoolOutcome(result, _why_none(inp, result))
