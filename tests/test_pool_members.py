"""Pool members: freed employees with a pool skill, named <branch>/<employee>."""

from __future__ import annotations

from dataclasses import replace

from pool_data import branches_of, known_results, shipped_standards

from staffopt.pool.members import Member, days_left, members_of


def test_members_are_the_freed_with_a_skill() -> None:
    members, unskilled = members_of(branches_of("known"), known_results(),
                                    shipped_standards(), ["teller"])
    assert [(m.member, m.home, m.posts, m.contract_minutes) for m in members] == [
        ("A/E1", "A", ("teller.cash",), 40 * 60)]
    assert members[0].unavailable == frozenset({"fri"}) and unskilled == 0


def test_a_freed_employee_without_the_skill_is_counted_apart() -> None:
    members, unskilled = members_of(branches_of("unskilled"), known_results(),
                                    shipped_standards(), ["teller"])
    assert (members, unskilled) == ([], 1)


def test_days_left_default_to_the_standards() -> None:
    std = shipped_standards()
    member = Member("A/E1", None, "A", ("teller.cash",), frozenset(), 2400)
    assert days_left(member, std) == std.labor.max_days_per_week
    assert days_left(replace(member, max_days=2), std) == 2
