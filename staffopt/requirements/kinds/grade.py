"""The grade kind (branch head): a headcount set by the branch grade.

§3: headcount floor = by_grade[grade]; required = min_on_duty in every open slot.
"""

from __future__ import annotations

from staffopt.config.models import Branch, GradeRole, Standards
from staffopt.requirements.kinds.base import Sized, Slot
from staffopt.requirements.types import Floor, SlotRequirement


def size_slot(name: str, role: GradeRole, slot: Slot) -> Sized:
    """One row: min_on_duty."""
    return Sized([SlotRequirement(name, slot.day, slot.start, role.min_on_duty)], [])


def floors(name: str, role: GradeRole, std: Standards, branch: Branch) -> list[Floor]:
    """The grade's figure (0 for a grade the table does not list)."""
    return [Floor(name, role.by_grade.get(branch.grade, 0))]
