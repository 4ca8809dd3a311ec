"""The presence kind (operations supervisor): a fixed number on duty in every open slot.

§3: required = on_duty in every open slot; headcount floor =
ceil(open_days_per_year × on_duty ÷ working_days_per_year).
"""

from __future__ import annotations

from staffopt.config.models import Branch, PresenceRole, Standards
from staffopt.requirements.kinds.base import Sized, Slot
from staffopt.requirements.rounding import ceil_ratio
from staffopt.requirements.types import Floor, SlotRequirement


def size_slot(name: str, role: PresenceRole, slot: Slot) -> Sized:
    """One row: on_duty."""
    return Sized([SlotRequirement(name, slot.day, slot.start, role.on_duty)], [])


def floors(name: str, role: PresenceRole, std: Standards, branch: Branch) -> list[Floor]:
    """Enough people to have on_duty present every open day of the year."""
    days = std.calendar.open_days_per_year * role.on_duty
    return [Floor(name, ceil_ratio(days, std.labor.working_days_per_year))]
