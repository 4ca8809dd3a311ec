"""The figures sizing produces: slot requirements, headcount floors, warnings, and the whole."""

from __future__ import annotations

from dataclasses import dataclass, field

from staffopt.counting import day_order


@dataclass(frozen=True)
class SlotRequirement:
    """How many people a post needs in one slot, with the figures that explain it."""

    post: str
    day: str
    start: int  # minutes after midnight
    required: int
    arrivals: float = 0.0  # transactions (queue) or visitors (workload) in the slot
    load: float = 0.0  # Erlangs (queue) or work minutes ÷ slot minutes (workload)
    aht: float | None = None  # average handling minutes (queue)
    service_level: float | None = None  # reached with `required` servers (queue)
    occupancy: float | None = None  # load ÷ required
    uncapped: int | None = None  # the queue requirement before the counter cap


@dataclass(frozen=True)
class Floor:
    """A headcount floor for a role, or for a portfolio team (role = the team's post)."""

    role: str
    floor: int


@dataclass(frozen=True)
class RequirementWarning:
    """A warning tied to a post and slot, such as a counter-capacity cap."""

    code: str
    post: str
    day: str
    start: int
    message: str
    needed: int | None = None  # counter-capacity: the requirement before the cap
    counters: int | None = None  # counter-capacity: the zone's counters, where it is capped


@dataclass
class Requirements:
    """Everything the staffing model needs to know about demand at one branch."""

    branch: str
    standards: str
    slot_minutes: int
    hours: dict[str, tuple[int, int]]  # open days only, mon..sun: (open, close) in minutes
    slots: list[SlotRequirement]  # every coverage post × every open slot, sorted
    floors: list[Floor]  # the binding floors: per role, and per team for portfolio roles
    role_floors: dict[str, int] = field(default_factory=dict)  # per role, teams summed
    warnings: list[RequirementWarning] = field(default_factory=list)

    @property
    def posts(self) -> list[str]:
        """The posts that carry a per-slot requirement, sorted."""
        return sorted({s.post for s in self.slots})


def slot_order(row: SlotRequirement | RequirementWarning) -> tuple[str, int, int]:
    """The order of slot rows and warnings: post, then day of the week, then start."""
    return row.post, day_order(row.day), row.start
