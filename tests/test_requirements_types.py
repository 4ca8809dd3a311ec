"""staffopt.requirements.types: the result rows, ``Requirements.posts`` and ``slot_order``."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, strategies as st

from staffopt.requirements.types import (
    Floor,
    Requirements,
    RequirementWarning,
    SlotRequirement,
    slot_order,
)

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _requirements(slots: list[SlotRequirement]) -> Requirements:
    return Requirements(branch="B", standards="S", slot_minutes=60, hours={}, slots=slots,
                        floors=[])


def test_slot_requirement_defaults_explain_nothing() -> None:
    row = SlotRequirement("teller.cash", "mon", 540, 2)
    assert (row.arrivals, row.load) == (0.0, 0.0)
    assert (row.aht, row.service_level, row.occupancy, row.uncapped) == (None,) * 4


def test_rows_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        SlotRequirement("teller.cash", "mon", 540, 2).required = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Floor("guard", 1).floor = 2  # type: ignore[misc]


def test_requirements_defaults_are_not_shared() -> None:
    one, two = _requirements([]), _requirements([])
    one.warnings.append(RequirementWarning("counter-capacity", "teller.cash", "mon", 540, "x"))
    one.role_floors["guard"] = 1
    assert two.warnings == [] and two.role_floors == {}


def test_posts_are_sorted_and_distinct() -> None:
    slots = [SlotRequirement(p, "mon", 540, 1) for p in ("teller.vip", "guard", "teller.vip")]
    assert _requirements(slots).posts == ["guard", "teller.vip"]
    assert _requirements([]).posts == []


def test_slot_order_is_post_then_week_day_then_start() -> None:
    rows = [
        SlotRequirement("b", "mon", 540, 1),
        SlotRequirement("a", "sun", 600, 1),
        SlotRequirement("a", "tue", 600, 1),
        SlotRequirement("a", "tue", 540, 1),
    ]
    assert [(r.post, r.day, r.start) for r in sorted(rows, key=slot_order)] == [
        ("a", "tue", 540), ("a", "tue", 600), ("a", "sun", 600), ("b", "mon", 540),
    ]
    warning = RequirementWarning("counter-capacity", "a", "wed", 60, "capped", 3, 2)
    assert slot_order(warning) == ("a", 2, 60)


_ROWS = st.builds(
    SlotRequirement,
    post=st.sampled_from(["guard", "teller.cash", "teller.vip"]),
    day=st.sampled_from(DAYS),
    start=st.integers(min_value=0, max_value=24 * 60 - 1),
    required=st.integers(min_value=0, max_value=9),
)


@given(st.lists(_ROWS, max_size=20))
def test_property_slot_order_sorts_days_by_the_week(rows: list[SlotRequirement]) -> None:
    ordered = sorted(rows, key=slot_order)
    keys = [(r.post, DAYS.index(r.day), r.start) for r in ordered]
    assert keys == sorted(keys)
    assert sorted(ordered, key=slot_order) == ordered  # already in order: nothing moves
