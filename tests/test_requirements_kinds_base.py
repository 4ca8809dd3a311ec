"""staffopt.requirements.kinds.base: ``Slot``, ``Sized`` and the ``SizingKind`` interface that
every kind in ``KINDS`` implements."""

from __future__ import annotations

import dataclasses
import inspect

import pytest
from helpers import GUARD, hand_branch, hand_standards

from staffopt.config.models import SIZINGS, Branch, Standards
from staffopt.requirements.kinds import KINDS
from staffopt.requirements.kinds.base import Sized, SizingKind, Slot
from staffopt.requirements.types import SlotRequirement


def _slot(slot_minutes: int) -> Slot:
    std = hand_standards(roles={"guard": GUARD})
    std["calendar"]["slot_minutes"] = slot_minutes
    return Slot(Standards.model_validate(std), Branch.model_validate(hand_branch()), "mon",
                540, 1.0, 1.0)


@pytest.mark.parametrize("minutes", [15, 30, 60])
def test_slot_minutes_are_the_calendars(minutes: int) -> None:
    assert _slot(minutes).minutes == minutes


def test_slot_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        _slot(60).start = 600  # type: ignore[misc]


def test_sized_unpacks_as_slots_then_warnings() -> None:
    row = SlotRequirement("guard", "mon", 540, 1)
    slots, warnings = Sized([row], [])
    assert (slots, warnings) == ([row], [])
    assert Sized([row], []).slots == [row]


def test_every_sizing_tag_has_one_kind() -> None:
    assert sorted(KINDS) == sorted(SIZINGS)
    for kind in KINDS.values():
        assert callable(kind.size_slot) and callable(kind.floors)


@pytest.mark.parametrize("tag", sorted(KINDS))
def test_every_kind_has_the_interfaces_parameters(tag: str) -> None:
    for name in ("size_slot", "floors"):
        wanted = list(inspect.signature(getattr(SizingKind, name)).parameters)[1:]  # no self
        assert list(inspect.signature(getattr(KINDS[tag], name)).parameters) == wanted


def test_a_kind_answers_a_slot_with_sized_rows() -> None:
    std = hand_standards(roles={"guard": {"sizing": "presence", "on_duty": 2}})
    slot = Slot(Standards.model_validate(std), Branch.model_validate(hand_branch()), "mon",
                540, 1.0, 1.0)
    sized = KINDS["presence"].size_slot("guard", slot.std.roles["guard"], slot)
    assert isinstance(sized, Sized)
    assert [(s.post, s.day, s.start, s.required) for s in sized.slots] == [("guard", "mon", 540, 2)]
