"""Scope groups: a district each, a branch without one alone, or the whole region."""

from __future__ import annotations

from staffopt.pool.members import Member
from staffopt.pool.solve import groups_of


def _member(home: str) -> Member:
    return Member(f"{home}/E1", None, home, ("teller.cash",), frozenset(), 2400)


def test_groups_by_district() -> None:
    districts = {"A": "N", "B": "N", "C": None, "D": "S"}
    groups = groups_of([_member("A"), _member("C")], districts, "district")
    assert [scope for _, scope in groups] == [{"C/E1": ["C"]}, {"A/E1": ["A", "B"]}]
    whole = groups_of([_member("A"), _member("C")], districts, "region")
    assert whole[0][1]["A/E1"] == ["A", "B", "C", "D"] and len(whole) == 1
