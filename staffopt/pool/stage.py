"""The pool stage of a batch: from the branch files and results to a PoolResult and a note."""

from __future__ import annotations

from dataclasses import dataclass

from staffopt.config.models import Branch, Pool, Standards
from staffopt.pool.demand import demand_of
from staffopt.pool.members import members_of
from staffopt.pool.result import PoolResult, pool_result
from staffopt.pool.roles import pool_roles, pool_scope
from staffopt.pool.solve import PoolSolution, groups_of, solve_group
from staffopt.requirements.grid import opening_hours

GROUP_BUDGET = 4.0  # deterministic seconds per scope group, split over its levels


@dataclass
class PoolOutcome:
    """The result, and a sentence saying why nothing was pooled where that is so."""

    result: PoolResult
    note: str | None


def _why_none(members: int, unskilled: int, short: int, result: PoolResult) -> str | None:
    if short == 0:
        return "no branch is short; nothing to pool"
    if members == 0 and unskilled:
        return f"{unskilled} freed staff, none with a skill for a pool role's post"
    if members == 0:
        return "no branch frees anyone"
    if not result.roster:
        return "no member can work a short slot within their scope, days and hours"
    return None


def run_pool(region: str, pool: Pool, branches: dict[str, Branch], results: dict,
             std: Standards, budget: float = GROUP_BUDGET) -> PoolOutcome:
    """Solve the region's pool: ``results`` are the branch results, by branch id."""
    roles = pool_roles(pool, std)
    districts = {bid: b.district for bid, b in branches.items() if bid in results}
    scope = pool_scope(pool, list(districts.values()))
    members, unskilled = members_of(branches, results, std, roles)
    demand = demand_of(results)
    openings = {bid: opening_hours(std, branches[bid]) for bid in districts}
    sol = PoolSolution()
    for group, scope_of in groups_of(members, districts, scope):
        solve_group(group, openings, demand, scope_of[group[0].member], std, budget, sol)
    result = pool_result(region, scope, sol.status, sol.gap, members, sol.shifts, demand,
                         std.calendar.slot_minutes)
    return PoolOutcome(result, _why_none(len(members), unskilled, len(demand), result))
