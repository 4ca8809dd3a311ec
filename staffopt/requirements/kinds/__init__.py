"""The five sizing kinds of §3, one module each, registered here by their ``sizing:`` tag.

Each module implements ``SizingKind``: ``size_slot`` (the requirement of the role's posts
in one open slot) and ``floors`` (its headcount floors). A rule of §3 changes in its
kind's module alone.
"""

from __future__ import annotations

from staffopt.requirements.kinds import grade, portfolio, presence, queue, workload
from staffopt.requirements.kinds.base import Sized, SizingKind, Slot

KINDS: dict[str, SizingKind] = {
    "queue": queue,
    "workload": workload,
    "presence": presence,
    "portfolio": portfolio,
    "grade": grade,
}

__all__ = ["KINDS", "Sized", "SizingKind", "Slot"]
