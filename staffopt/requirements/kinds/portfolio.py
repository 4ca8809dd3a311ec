"""The portfolio kind (account managers): customers per manager, team by team.

§3: headcount floor per team = ceil(customers[team] ÷ customers_per_manager);
required = min_on_duty in every open slot, over the role's posts together.
"""

from __future__ import annotations

from staffopt.config.models import Branch, PortfolioRole, Standards
from staffopt.requirements.kinds.base import Sized, Slot
from staffopt.requirements.rounding import ceil_ratio
from staffopt.requirements.types import Floor, SlotRequirement


def size_slot(name: str, role: PortfolioRole, slot: Slot) -> Sized:
    """One row for the role as a whole: min_on_duty."""
    return Sized([SlotRequirement(name, slot.day, slot.start, role.min_on_duty)], [])


def floors(name: str, role: PortfolioRole, std: Standards, branch: Branch) -> list[Floor]:
    """One floor per team, named after the team's post."""
    customers = branch.customers
    return [
        Floor(f"{name}.{team}", ceil_ratio(customers.get(team, 0), spec.customers_per_manager))
        for team, spec in role.teams.items()
    ]
