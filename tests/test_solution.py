"""What a solve found, and the gap of its first unproven level."""

from __future__ import annotations

from staffopt.model import LEVELS
from staffopt.solution import LevelOutcome, Solution


def test_a_new_solution_has_every_level_proven() -> None:
    sol = Solution()
    assert list(sol.levels) == list(LEVELS)
    assert sol.optimal
    assert sol.gap(dict.fromkeys(LEVELS, 5)) == 0.0


def test_the_gap_is_that_of_the_first_open_level() -> None:
    sol = Solution()
    sol.levels["headcount"] = LevelOutcome(bound=9, optimal=False)
    sol.levels["idle_slots"] = LevelOutcome(bound=0, optimal=False)
    values = dict.fromkeys(LEVELS, 0) | {"headcount": 10, "idle_slots": 400}
    assert not sol.optimal
    assert sol.gap(values) == 0.1  # (10 - 9) / 10; idle_slots is not looked at
    # a level open at zero is divided by one, not by zero
    sol.levels["headcount"] = LevelOutcome(bound=-1, optimal=False)
    assert sol.gap(dict.fromkeys(LEVELS, 0)) == 1.0
