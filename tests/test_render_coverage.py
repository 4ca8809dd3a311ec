"""Coverage per post and day counted from a result's roster, and shortages merged into runs."""

from __future__ import annotations

from helpers import fixed_result

from staffopt.render.coverage import coverage_by_day, shortage_lines
from staffopt.result import Shortage


def test_fixed_coverage_agrees_with_the_shortages() -> None:
    result = fixed_result()
    totals = coverage_by_day(result)
    uncovered = sum(required - covered for covered, required in totals.values())
    assert result.objective is not None
    assert uncovered == result.objective.shortage_slots == 11


def test_a_team_post_covers_its_role_row() -> None:
    # E020 on personal_wealth covers Monday's account_manager row, E021 on
    # corporate_credit Saturday's: a shift counts for its post and its role.
    totals = coverage_by_day(fixed_result())
    assert totals[("account_manager", "mon")] == (8, 8)
    assert totals[("account_manager", "sat")] == (7, 7)


def test_a_slot_counts_no_more_than_it_requires() -> None:
    # Monday's teller.cash: 1 required in most slots, 2 at 11:00 and 12:00; E010 and E011
    # together are 2 from 10:00 to 14:00, which covers 10 of 10, not 12.
    assert coverage_by_day(fixed_result())[("teller.cash", "mon")] == (10, 10)


def test_shortage_lines_split_at_a_change_of_cause() -> None:
    rows = [Shortage(post="lobby_manager", day="mon", start=start, missing=1, cause=cause)
            for start, cause in (("09:00", "a"), ("09:30", "a"), ("10:00", "b"), ("11:00", "b"))]
    assert shortage_lines(rows, 30) == [
        "lobby_manager mon 09:00–10:00: 1 missing — a",
        "lobby_manager mon 10:00–10:30: 1 missing — b",
        "lobby_manager mon 11:00–11:30: 1 missing — b",
    ]
