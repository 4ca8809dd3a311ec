"""Naming the members behind the counted model's shifts."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

from staffopt.counting import Shift
from staffopt.pool.assign import assign_branch, teams_of
from staffopt.pool.members import Member
from staffopt.pool.model import classes_of

STD = SimpleNamespace(labor=SimpleNamespace(max_days_per_week=1))


def _m(name: str, home: str, posts: tuple[str, ...], off: frozenset[str] = frozenset()) -> Member:
    return Member(f"{home}/{name}", None, home, posts, off, 600)


def test_members_at_home_are_sent_first_and_classes_group_alike() -> None:
    ms = [_m("E1", "A", ("teller.cash",)), _m("E2", "B", ("teller.cash",)),
          _m("E3", "A", ("lobby_manager",))]
    classes = classes_of(ms)
    assert [len(c.members) for c in classes] == [1, 2]  # lobby first, then the two tellers
    teams = teams_of(classes, {(1, "B"): 1})
    assert [m.member for m in teams["B"]] == ["B/E2"]


def test_each_shift_goes_to_one_who_can_work_it() -> None:
    cash, lobby = Shift("mon", 540, 780, "teller.cash"), Shift("mon", 540, 780, "lobby_manager")
    team = [_m("E1", "A", ("teller.cash", "lobby_manager")), _m("E2", "A", ("teller.cash",))]
    got = assign_branch(team, "A", [cash, lobby], STD)  # type: ignore[arg-type]
    assert sorted((m.member, s.post) for m, _, s in got) == [("A/E1", "lobby_manager"),
                                                           ("A/E2", "teller.cash")]
    # nobody may work a second day here, and nobody is free on tue: that shift is left out
    tue = Shift("tue", 540, 780, "teller.cash")
    off = [_m("E3", "A", ("teller.cash",), frozenset({"tue"}))]
    assert assign_branch(off, "A", [tue], STD) == []  # type: ignore[arg-type]


def test_a_member_with_fewer_days_left_works_fewer_days() -> None:
    week = SimpleNamespace(labor=SimpleNamespace(max_days_per_week=5))
    shifts = [Shift(d, 540, 780, "teller.cash") for d in ("mon", "tue", "wed")]
    rested = replace(_m("E1", "A", ("teller.cash",)), max_days=2)
    got = assign_branch([rested], "A", shifts, week)  # type: ignore[arg-type]
    assert len(got) == 2
    # members alike but for their days left fall in different classes
    assert len(classes_of([rested, _m("E2", "A", ("teller.cash",))])) == 2
