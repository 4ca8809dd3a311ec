"""``compute``: a branch and its standards -> per-slot requirements and floors (design §3).

It walks the slot grid and asks each role's sizing kind (``kinds.KINDS``, keyed by the
role's ``sizing:`` tag) about every open slot, then about its headcount floors. It is a
pure function; each slot keeps the figures that explain it (arrivals, load, AHT, service
level, occupancy) so that a regional office can check any number against its own
spreadsheet.
"""

from __future__ import annotations

from staffopt.config.models import Branch, Standards
from staffopt.requirements.arrivals import weekday_factor
from staffopt.requirements.grid import day_shares, intraday_profile, opening_hours, slot_starts
from staffopt.requirements.kinds import KINDS, Slot
from staffopt.requirements.types import (
    Floor,
    Requirements,
    RequirementWarning,
    SlotRequirement,
    slot_order,
)


def floors(std: Standards, branch: Branch) -> tuple[list[Floor], dict[str, int]]:
    """The headcount floors: binding rows, and a per-role total (portfolio teams summed)."""
    rows: list[Floor] = []
    per_role: dict[str, int] = {}
    for name, role in std.roles.items():
        own = KINDS[role.sizing].floors(name, role, std, branch)
        rows += own
        per_role[name] = sum(f.floor for f in own)
    return rows, per_role


def compute(std: Standards, branch: Branch) -> Requirements:
    """Size every role of the standards for one branch (design §3)."""
    hours = opening_hours(std, branch)
    profile = intraday_profile(std, branch)
    slots: list[SlotRequirement] = []
    warnings: list[RequirementWarning] = []
    for day, (open_, close) in hours.items():
        factor = weekday_factor(std, branch, day)
        starts = slot_starts(std, open_, close)
        for start, share in zip(starts, day_shares(std, open_, close, profile), strict=True):
            slot = Slot(std, branch, day, start, share, factor)
            for name, role in std.roles.items():
                sized = KINDS[role.sizing].size_slot(name, role, slot)
                slots += sized.slots
                warnings += sized.warnings
    floor_rows, per_role = floors(std, branch)
    return Requirements(
        branch=branch.id,
        standards=std.name,
        slot_minutes=std.calendar.slot_minutes,
        hours=hours,
        slots=sorted(slots, key=slot_order),
        floors=floor_rows,
        role_floors=per_role,
        warnings=sorted(warnings, key=slot_order),
    )
