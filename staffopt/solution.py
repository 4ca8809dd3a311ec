"""What a solve finds: the chosen shifts, roles and teams, and what is proven of each level."""

from __future__ import annotations

from dataclasses import dataclass, field

from staffopt.counting import Shift, paid_minutes
from staffopt.model import LEVELS
from staffopt.staffing import Staffing


@dataclass
class LevelOutcome:
    """What is proven about one objective level, summed over components."""

    bound: int = 0
    optimal: bool = True
    seconds: float = 0.0
    value: int = 0  # the value the solve reached, summed over components


@dataclass
class Solution:
    """The chosen shifts, roles and teams (employee id -> …), with the proof of each level."""

    shifts: dict[str, list[Shift]] = field(default_factory=dict)
    roles: dict[str, str | None] = field(default_factory=dict)
    teams: dict[str, str | None] = field(default_factory=dict)  # the team's post
    levels: dict[str, LevelOutcome] = field(
        default_factory=lambda: {k: LevelOutcome() for k in LEVELS}
    )

    @property
    def optimal(self) -> bool:
        """Whether every level is proven optimal."""
        return all(o.optimal for o in self.levels.values())

    def gap(self, values: dict[str, float]) -> float:
        """The relative gap of the first level not proven optimal (0.0 when all are), for
        the level ``values`` the roster reaches (a level missing there: the value the
        solve recorded)."""
        for level in LEVELS:
            o = self.levels[level]
            if not o.optimal:
                value = values.get(level, o.value)
                return round((value - o.bound) / max(1.0, value), 6)
        return 0.0


def idle_slots(staffing: Staffing, solution: Solution) -> int:
    """Level 5 counted from a roster: over the employees given a rostered role, their
    contract hours less their rostered paid hours, in slots (design §4)."""
    return sum(
        staffing.max_slots(e) - paid_minutes(solution.shifts.get(e.id, [])) // staffing.slot
        for e in staffing.branch.staff
        if solution.roles.get(e.id) in staffing.rostered
    )
