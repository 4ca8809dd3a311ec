"""staffopt.pool.exact, the per-member model: ``useful_shifts`` by hand, and ``build_pool``
solved on tiny groups level by level (design §6.1)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from helpers import GUARD, hand_standards
from ortools.sat.python import cp_model

from staffopt.config.models import Standards
from staffopt.counting import Shift, SlotKey
from staffopt.pool.exact import PoolModel, build_pool, useful_shifts
from staffopt.pool.members import Member

MON = (9 * 60, 13 * 60)  # 09:00-13:00
WEEK = {"mon": MON, "tue": MON}


def _std(shift_hours: list[float], **labor: Any) -> Standards:
    std = hand_standards(roles={"guard": GUARD})
    std["labor"] |= {"shift_hours": shift_hours, **labor}
    return Standards.model_validate(std)


def _need(*slots: tuple[str, int], post: str = "guard", n: int = 1) -> Counter[SlotKey]:
    return Counter({SlotKey(post, day, hour * 60): n for day, hour in slots})


def _member(name: str = "A/E1", *, minutes: int = 2400, off: frozenset[str] = frozenset(),
            posts: tuple[str, ...] = ("guard",)) -> Member:
    return Member(name, None, name.split("/")[0], posts, off, minutes)


def _solve(pm: PoolModel) -> list[int]:
    """The optimum of each level in turn, each kept while the next is minimised."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    best: list[int] = []
    for level in pm.levels:
        pm.model.minimize(level)
        assert solver.solve(pm.model) == cp_model.OPTIMAL
        best.append(round(solver.objective_value))
        pm.model.add(level == best[-1])
    return best


# ---------------------------------------------------------------- useful_shifts


def test_a_shift_covering_a_subset_of_another_of_its_length_is_dropped() -> None:
    # 2-hour shifts at 09, 10 and 11: 09-11 covers both missing slots, 10-12 only one of
    # them (a strict subset at the same pay), 11-13 none.
    shifts = useful_shifts(MON, "mon", "guard", _need(("mon", 9), ("mon", 10)), _std([2]))
    assert shifts == [Shift("mon", 540, 660, "guard")]


def test_a_shorter_shift_is_kept_beside_a_longer_one() -> None:
    shifts = useful_shifts(MON, "mon", "guard", _need(("mon", 9), ("mon", 10)), _std([1, 2]))
    assert [(s.start, s.end) for s in shifts] == [(540, 600), (600, 660), (540, 660)]


def test_no_missing_slot_no_shift() -> None:
    assert useful_shifts(MON, "mon", "guard", Counter(), _std([1, 2])) == []
    assert useful_shifts(MON, "tue", "guard", _need(("mon", 9)), _std([1])) == []


# ---------------------------------------------------------------- build_pool


def _pool(members: list[Member], demand: dict[str, Counter[SlotKey]], std: Standards,
          scope: dict[str, list[str]] | None = None) -> PoolModel:
    scope_of = scope or {m.member: sorted(demand) for m in members}
    return build_pool(members, {b: WEEK for b in demand}, demand, scope_of, std)


def test_one_member_covers_a_branch() -> None:
    pm = _pool([_member()], {"B": _need(("mon", 9), ("mon", 10))}, _std([2]))
    assert len(pm.levels) == 4
    # nothing uncovered, one visit, one member, 2400 - 120 idle contract minutes
    assert _solve(pm) == [0, 1, 1, 2280]


def test_one_shift_a_day() -> None:
    # 1-hour shifts only, two missing hours apart: one of them stays uncovered
    pm = _pool([_member()], {"B": _need(("mon", 9), ("mon", 12))}, _std([1]))
    assert _solve(pm)[0] == 1


def test_days_per_week_bind() -> None:
    pm = _pool([_member()], {"B": _need(("mon", 9), ("tue", 9))}, _std([1], max_days_per_week=1))
    assert _solve(pm)[0] == 1


def test_contract_hours_bind() -> None:
    pm = _pool([_member(minutes=60)], {"B": _need(("mon", 9), ("tue", 9))}, _std([1]))
    assert _solve(pm) == [1, 1, 1, 0]


def test_two_branches_take_two_visits_by_as_few_members_as_can() -> None:
    demand = {"B": _need(("mon", 9)), "C": _need(("tue", 9))}
    two = [_member("A/E1"), _member("A/E2")]
    # either may work at both: one of them makes both visits
    assert _solve(_pool(two, demand, _std([1])))[:3] == [0, 2, 1]
    # each may work at one branch only: both are used
    scope = {"A/E1": ["B"], "A/E2": ["C"]}
    assert _solve(_pool(two, demand, _std([1]), scope))[:3] == [0, 2, 2]


@pytest.mark.parametrize("member", [
    _member(off=frozenset({"mon"})),  # unavailable that day
    _member(posts=("teller.cash",)),  # no skill for the post
    _member(minutes=30),  # a contract shorter than any shift
])
def test_a_member_who_cannot_work_gets_no_candidate(member: Member) -> None:
    pm = _pool([member], {"B": _need(("mon", 9), n=2)}, _std([1]))
    assert pm.candidates == []
    assert _solve(pm) == [2, 0, 0, 0]  # the whole demand uncovered, nobody used


def test_scope_limits_the_branches() -> None:
    demand = {"B": _need(("mon", 9)), "C": _need(("mon", 9))}
    pm = _pool([_member()], demand, _std([1]), scope={"A/E1": ["C"]})
    assert {c.branch for c in pm.candidates} == {"C"}
    assert _solve(pm)[0] == 1


def test_the_same_group_builds_the_same_model() -> None:
    def built() -> list[tuple[str, str, Shift]]:
        pm = _pool([_member("A/E2"), _member("A/E1")], {"B": _need(("mon", 9), ("tue", 10))},
                   _std([1, 2]))
        return [(c.member.member, c.branch, c.shift) for c in pm.candidates]

    first = built()
    assert first == built() and len(first) == len(set(first)) > 0


def test_a_variable_names_its_shift_start_and_end() -> None:
    pm = _pool([_member()], {"B": _need(("mon", 9))}, _std([1]))
    assert [c.var.name for c in pm.candidates] == ["x[A/E1,B,mon,guard,540-600,break None]"]
