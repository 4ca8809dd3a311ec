"""Counting from a roster: worked slots, coverage per row, heads, and gains and needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from staffopt.config import DAYS, Employee, Standards, load_standards
from staffopt.counting import (
    Gains,
    Shift,
    SlotKey,
    counted_slots,
    coverage,
    current_team,
    day_order,
    gains,
    heads,
    paid_minutes,
    rostered_roles,
    rows_of,
    staffed,
    week_order,
    worked_starts,
    works,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped() -> Standards:
    """The shipped standards: account_manager's teams start with personal_wealth, then
    personal_loans."""
    return load_standards(ROOT / "configs" / "standards.yaml")[0]


def test_days_sort_mon_to_sun() -> None:
    assert [day_order(d) for d in DAYS] == list(range(7))
    assert week_order({"sun", "mon", "wed"}) == ["mon", "wed", "sun"]
    assert week_order([]) == []


def test_a_post_counts_for_itself_and_its_role() -> None:
    assert rows_of("teller.cash") == ("teller.cash", "teller")
    assert rows_of("account_manager.wealth") == ("account_manager.wealth", "account_manager")
    assert rows_of("lobby_manager") == ("lobby_manager",)  # a role that is its own post


def test_a_shift_works_every_slot_it_spans() -> None:
    shift = Shift("mon", 540, 720, "teller.cash")
    assert list(worked_starts(shift, 60)) == [540, 600, 660]
    assert list(worked_starts(shift, 30)) == list(range(540, 720, 30))
    assert counted_slots(shift, 60) == [
        ("teller.cash", "mon", 540), ("teller.cash", "mon", 600), ("teller.cash", "mon", 660),
        ("teller", "mon", 540), ("teller", "mon", 600), ("teller", "mon", 660),
    ]
    assert counted_slots(shift, 60)[0] == SlotKey(row="teller.cash", day="mon", start=540)


def test_works_at_a_slot_of_its_own_day_only() -> None:
    shift = Shift("tue", 540, 720, "lobby_manager")
    assert works(shift, "tue", 540, 60) and works(shift, "tue", 660, 60)
    assert not works(shift, "tue", 720, 60)  # the end is not worked
    assert not works(shift, "mon", 600, 60)


def test_coverage_counts_people_per_row_and_slot() -> None:
    roster = [
        Shift("mon", 540, 660, "teller.cash"),
        Shift("mon", 600, 720, "teller.vip"),
        Shift("mon", 540, 600, "lobby_manager"),
    ]
    count = coverage(roster, 60)
    assert count[SlotKey("teller", "mon", 540)] == 1
    assert count[SlotKey("teller", "mon", 600)] == 2  # both zones count for the role's row
    assert count[SlotKey("teller.vip", "mon", 600)] == 1
    assert count[SlotKey("teller.vip", "mon", 540)] == 0
    assert count[("lobby_manager", "mon", 540)] == 1  # a plain tuple finds its key
    assert sum(count.values()) == 2 * 2 + 2 * 2 + 1
    assert paid_minutes(roster) == 120 + 120 + 60


def test_heads_count_roles_and_team_posts() -> None:
    count = heads([
        ("teller", None),
        ("teller", None),
        ("account_manager", "account_manager.wealth"),
        (None, None),
    ])
    assert count == {"teller": 2, "account_manager": 1, "account_manager.wealth": 1}
    assert count["lobby_manager"] == 0
    assert staffed(["teller", None, "account_manager", None]) == 2


def test_current_team_is_the_first_team_skill_in_standards_order(shipped: Standards) -> None:
    both = Employee(id="A1", role="account_manager",
                    skills=["account_manager.corporate_credit", "account_manager.personal_loans"])
    whole = Employee(id="A2", role="account_manager", skills=["account_manager"])
    assert current_team(shipped, both, "account_manager") == "account_manager.personal_loans"
    assert current_team(shipped, whole, "account_manager") == "account_manager.personal_wealth"


def _by_name(rows: list[Gains]) -> dict[str, Gains]:
    return {g.name: g for g in rows}


def test_gains_and_needs_per_role_and_team(shipped: Standards) -> None:
    # Today: three tellers and two account managers (loans, wealth). The roster frees T3,
    # keeps T1, moves T2 to the loans team, and moves A2 from wealth to loans.
    staff = [
        Employee(id="A1", role="account_manager", skills=["account_manager.personal_loans"]),
        Employee(id="A2", role="account_manager", skills=["account_manager"]),
        Employee(id="T1", role="teller", skills=["teller"]),
        Employee(id="T2", role="teller", skills=["teller", "account_manager"]),
        Employee(id="T3", role="teller", skills=["teller"]),
    ]
    loans = "account_manager.personal_loans"
    roles = {"A1": "account_manager", "A2": "account_manager", "T1": "teller",
             "T2": "account_manager", "T3": None}
    teams = {"A1": loans, "A2": loans, "T1": None, "T2": loans, "T3": None}
    rows = gains(shipped, staff, roles, teams)
    names = [g.name for g in rows]
    at = names.index("account_manager")
    posts = shipped.posts_of("account_manager")
    assert names[at : at + 1 + len(posts)] == ["account_manager", *posts]  # the role, its teams
    assert set(names) == set(shipped.roles) | set(posts)
    by = _by_name(rows)
    assert by["teller"] == Gains("teller", current=3, required=1, kept=1, moved_in=0,
                                 moved_out=1, freed=1)
    # a change of team is a move on the role's row too: A2 moves out of wealth into loans
    assert by["account_manager"] == Gains("account_manager", current=2, required=3, kept=1,
                                          moved_in=2, moved_out=1, freed=0)
    # a change of team is a move of the team
    assert by["account_manager.personal_wealth"] == Gains(
        "account_manager.personal_wealth", current=1, required=0, kept=0, moved_in=0,
        moved_out=1, freed=0)
    assert by[loans] == Gains(loans, current=1, required=3, kept=1, moved_in=2, moved_out=0,
                              freed=0)
    for g in rows:
        assert g.current == g.kept + g.moved_out + g.freed, g
        assert g.required == g.kept + g.moved_in, g


def test_a_break_is_not_worked_and_an_unpaid_one_is_not_paid() -> None:
    # 08:30-17:30 with lunch 12:00-13:00: 16 worked half-hours, 8 paid hours when unpaid
    lunch = Shift("mon", 510, 1050, "teller.cash", break_start=720, break_end=780)
    starts = worked_starts(lunch, 30)
    assert len(starts) == 16 and 720 not in starts and 750 not in starts
    assert starts[0] == 510 and starts[-1] == 1020 and 780 in starts
    assert lunch.paid == 480
    paid_lunch = Shift("mon", 510, 990, "teller.cash", 720, 750, break_paid=True)
    assert paid_lunch.paid == 480 and len(worked_starts(paid_lunch, 30)) == 15
    assert paid_minutes([lunch, paid_lunch]) == 960
    assert not works(lunch, "mon", 750, 30) and works(lunch, "mon", 780, 30)


def test_rostered_roles_have_a_positive_requirement_somewhere() -> None:
    rows = [("teller.cash", 2), ("branch_head", 0), ("account_manager", 1), ("lobby_manager", 0)]
    assert rostered_roles(rows) == {"teller", "account_manager"}


def test_a_portfolio_holder_without_a_team_skill_is_on_no_team(shipped: Standards) -> None:
    staff = [Employee(id="A1", role="account_manager", skills=["teller"])]
    rows = _by_name(gains(shipped, staff, {"A1": "teller"}, {"A1": None}))
    assert rows["account_manager"].current == 1 and rows["account_manager"].moved_out == 1
    assert all(rows[p].current == 0 for p in shipped.posts_of("account_manager"))
