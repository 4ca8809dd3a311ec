"""What a solve finds: the chosen shifts, roles and teams, and what is proven of each level."""

from __future__ import annotations

from dataclasses import dataclass, field

from staffopt.counting import Shift
from staffopt.model import LEVELS


@dataclass
class LevelOutcome:
    """What is proven about one objective level, summed over components."""

    bound: int = 0
    optimal: bool = True
    seconds: float = 0.0


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
        the level ``values`` the roster reaches."""
        for level in LEVELS:
            o = self.levels[level]
            if not o.optimal:
                return round((values[level] - o.bound) / max(1.0, values[level]), 6)
        return 0.0
