"""The workload kind (lobby): review minutes per slot, at a maximum occupancy.

§3: W = visitors × minutes_per_visitor + self-service arrivals × minutes_per_self_service,
required = max(min_on_duty, ceil(W ÷ (slot_minutes × max_occupancy))).

Where absurd volumes overflow a float, W is redone exactly, so the requirement is still
§3's figure (a very large integer).
"""

from __future__ import annotations

import math
from fractions import Fraction

from staffopt.config.models import SELF_SERVICE, Branch, Standards, WorkloadRole
from staffopt.requirements.arrivals import (
    Number,
    NumberType,
    arrivals,
    daily_visitors,
    zone_volume,
)
from staffopt.requirements.kinds.base import Sized, Slot
from staffopt.requirements.rounding import ceil_tol, ratio, to_float
from staffopt.requirements.types import Floor, SlotRequirement


def size_slot(name: str, role: WorkloadRole, slot: Slot) -> Sized:
    """One row: the role's requirement in the slot."""
    visitors, work = _work(role, slot)
    staff = work / (slot.minutes * role.max_occupancy)
    if math.isfinite(staff):
        required = max(role.min_on_duty, ceil_tol(staff))
        load = work / slot.minutes
    else:
        exact_visitors, exact = _work(role, slot, num=Fraction)
        room = slot.minutes * Fraction(role.max_occupancy)
        required = max(role.min_on_duty, ceil_tol(exact / room))
        visitors, load = to_float(exact_visitors), to_float(exact / slot.minutes)
    row = SlotRequirement(
        name, slot.day, slot.start, required, visitors, load,
        occupancy=ratio(load, required) if required else None,
    )
    return Sized([row], [])


def _work(role: WorkloadRole, slot: Slot, num: NumberType = float) -> tuple[Number, Number]:
    """The slot's visitors, and W in minutes."""
    visitors = arrivals(daily_visitors(slot.branch, num), slot.factor, slot.share, num)
    self_service, _ = zone_volume(
        slot.std, slot.branch, SELF_SERVICE, slot.factor, slot.share, num
    )
    work = visitors * num(role.minutes_per_visitor) + self_service * num(
        role.minutes_per_self_service
    )
    return visitors, work


def floors(name: str, role: WorkloadRole, std: Standards, branch: Branch) -> list[Floor]:
    """§3 gives a workload role no headcount floor: one row of 0."""
    return [Floor(name, 0)]
