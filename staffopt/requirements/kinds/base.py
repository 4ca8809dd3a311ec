"""The one interface every sizing kind implements, and the slot it is asked about."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from staffopt.config.models import Branch, Standards
from staffopt.requirements.types import Floor, RequirementWarning, SlotRequirement


@dataclass(frozen=True)
class Slot:
    """One open slot of one day, with what its arrivals depend on."""

    std: Standards
    branch: Branch
    day: str
    start: int  # minutes after midnight
    share: float  # the slot's share of the day's arrivals
    factor: float  # the day's weekday factor

    @property
    def minutes(self) -> int:
        """The slot's length."""
        return self.std.calendar.slot_minutes


class Sized(NamedTuple):
    """What sizing one role in one slot gives: a row per post, and any warnings."""

    slots: list[SlotRequirement]
    warnings: list[RequirementWarning]


class SizingKind(Protocol):
    """A sizing kind of §3 (a module with these two functions).

    ``role`` is the kind's own role model from ``staffopt.config.models``.
    """

    def size_slot(self, name: str, role: Any, slot: Slot) -> Sized:
        """The requirement of each of the role's posts in one open slot."""
        ...

    def floors(self, name: str, role: Any, std: Standards, branch: Branch) -> list[Floor]:
        """The role's headcount floors: one row, or one per team."""
        ...
