"""pydantic models of the file kinds: Standards, Branch, Region and Scenario (design §2).

These models check each value on its own: types, ranges and formats. Checks that
relate one part of a file to another, or a branch to its standards, live in
``staffopt.config.checks`` so that each problem can point at the exact line.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
)

from staffopt.config.fields import (  # the names other modules read here are re-exported
    DAYS as DAYS,
    SELF_SERVICE as SELF_SERVICE,
    SIZINGS as SIZINGS,
    Amount,
    Count,
    Day,
    Hour,
    Hours,
    Name,
    NoBool,
    Occupancy,
    Text,
    Window,
    parse_hours as parse_hours,
    parse_window as parse_window,
)


class _Strict(BaseModel):
    # allow_inf_nan=False: '.inf' and '.nan' are valid YAML floats but no valid figure.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class _Document(_Strict):
    version: Literal[1]


# ---------------------------------------------------------------- standards


class Calendar(_Strict):
    """When branches open, and the slot grid."""

    slot_minutes: Literal[15, 30, 60]
    opening_hours: dict[Day, Hours] = Field(
        description="Per day, \"HH:MM-HH:MM\" or closed. A day not listed is closed."
    )
    open_days_per_year: Annotated[int, Field(ge=1, le=366), NoBool]


class BreakRule(_Strict):
    """A break inside every shift of at least min_shift_hours paid hours (design §4)."""

    min_shift_hours: Annotated[float, Field(ge=0, le=24), NoBool] = Field(
        description="The rule applies to shifts of this many paid hours or more, up to the "
        "next rule's."
    )
    minutes: Annotated[int, Field(gt=0, le=24 * 60), NoBool] = Field(
        description="Length of the break; a multiple of slot_minutes."
    )
    window: Window = Field(description="The break lies wholly inside this \"HH:MM-HH:MM\".")
    # strict: a number or a quoted word is refused rather than read as yes or no
    paid: Annotated[bool, Field(strict=True)] = Field(
        description="A paid break lies within the paid hours; an unpaid one lengthens the shift."
    )


class Labor(_Strict):
    """Labour rules that every roster obeys."""

    shift_hours: list[Annotated[float, Field(gt=0, le=24), NoBool]] = Field(min_length=1)
    max_hours_per_week: Annotated[float, Field(gt=0, le=168), NoBool]
    max_days_per_week: Annotated[int, Field(ge=1, le=7), NoBool]
    working_days_per_year: Annotated[int, Field(ge=1, le=366), NoBool]
    breaks: list[BreakRule] = Field(
        default_factory=list, description="Meal breaks; none when absent or empty."
    )

    def break_rule(self, paid_hours: float) -> BreakRule | None:
        """The rule for a shift of this paid length: the largest min_shift_hours not above it."""
        rules = [r for r in self.breaks if r.min_shift_hours <= paid_hours + 1e-9]
        return max(rules, key=lambda r: r.min_shift_hours, default=None)


class TransactionType(_Strict):
    """A transaction type: its standard handling minutes, and the zone that serves it."""

    minutes: Annotated[float, Field(gt=0, le=600), NoBool]
    zone: Name


class ServiceLevel(_Strict):
    """Share of customers to serve within a waiting time."""

    percent: Annotated[float, Field(gt=0, lt=100), NoBool]
    wait_minutes: Annotated[float, Field(ge=0), NoBool]


class QueueRole(_Strict):
    """Sized by Erlang C per slot and counter zone (tellers)."""

    sizing: Literal["queue"]
    zones: list[Name] = Field(min_length=1)
    service_level: ServiceLevel | None = None
    max_occupancy: Occupancy = 1.0
    min_on_duty: dict[Name, Count] = Field(default_factory=dict)


class WorkloadRole(_Strict):
    """Sized by visitor and self-service review minutes per slot (lobby)."""

    sizing: Literal["workload"]
    minutes_per_visitor: Amount = 0.0
    minutes_per_self_service: Amount = 0.0
    max_occupancy: Occupancy = 1.0
    min_on_duty: Count = 0


class PresenceRole(_Strict):
    """A fixed number on duty in every open slot (operations supervisor)."""

    sizing: Literal["presence"]
    on_duty: Count


class Team(_Strict):
    """A portfolio team and its customers per manager."""

    customers_per_manager: Annotated[int, Field(gt=0), NoBool]


class PortfolioRole(_Strict):
    """Sized by customers per manager, in teams (account managers)."""

    sizing: Literal["portfolio"]
    teams: dict[Name, Team] = Field(min_length=1)
    min_on_duty: Count = 0


class GradeRole(_Strict):
    """Sized by the branch grade (branch head)."""

    sizing: Literal["grade"]
    by_grade: dict[Annotated[int, Field(ge=8, le=14), NoBool], Count]
    min_on_duty: Count = 0


def _sizing_tag(value: object) -> str | None:
    if isinstance(value, dict):
        tag = value.get("sizing")
        return tag if isinstance(tag, str) else None
    return getattr(value, "sizing", None)


Role = Annotated[
    Annotated[QueueRole, Tag("queue")]
    | Annotated[WorkloadRole, Tag("workload")]
    | Annotated[PresenceRole, Tag("presence")]
    | Annotated[PortfolioRole, Tag("portfolio")]
    | Annotated[GradeRole, Tag("grade")],
    Discriminator(_sizing_tag),
]


class Standards(_Document):
    """The bank's per-role standard-configuration rules."""

    kind: Literal["Standards"]
    name: Text = Field(min_length=1)
    calendar: Calendar
    labor: Labor
    transactions: dict[Name, TransactionType] = Field(min_length=1)
    intraday_profile: dict[Hour, Amount] = Field(default_factory=dict)
    weekday_factors: dict[Day, Amount] = Field(default_factory=dict)
    roles: dict[Name, Role] = Field(min_length=1)

    def posts_of(self, role: str) -> list[str]:
        """The posts of a role: one per zone or team, else the role itself."""
        spec = self.roles[role]
        if isinstance(spec, QueueRole):
            return [f"{role}.{zone}" for zone in spec.zones]
        if isinstance(spec, PortfolioRole):
            return [f"{role}.{team}" for team in spec.teams]
        return [role]

    @property
    def posts(self) -> list[str]:
        """Every post, in role order."""
        return [post for role in self.roles for post in self.posts_of(role)]


def role_of(post: str) -> str:
    """The role a post belongs to."""
    return post.split(".", 1)[0]


def covers(skill: str, post: str) -> bool:
    """Whether a skill qualifies for a post: it names the post or its whole role."""
    return skill in (post, role_of(post))


# ---------------------------------------------------------------- branch


class Volume(_Strict):
    """Average transactions per open day, and visitors."""

    daily: dict[Name, Amount]
    visitors: Amount | None = Field(
        default=None, description="Visitors per open day; default: the sum of daily transactions."
    )
    weekday_factors: dict[Day, Amount] = Field(default_factory=dict)
    intraday_profile: dict[Hour, Amount] = Field(
        default_factory=dict,
        description="Overrides of the standards' intraday_profile, hour by hour.",
    )


EmployeeId = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=64)
]
Skill = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")]


class Employee(_Strict):
    """A member of staff: the role held today, and the posts they may work."""

    id: EmployeeId
    name: Text | None = None
    role: Name | None = Field(default=None, description="The role held today; none if unassigned.")
    skills: list[Skill] = Field(default_factory=list)
    unavailable: list[Day] = Field(default_factory=list, description="Days off this week.")
    max_hours_per_week: Annotated[float, Field(ge=0, le=168), NoBool] | None = None


class Branch(_Document):
    """A branch profile: what the branch does and who works there."""

    kind: Literal["Branch"]
    id: EmployeeId
    name: Text | None = None
    district: Text | None = Field(
        default=None, min_length=1, description="The district; the regional pool may keep to it."
    )
    grade: Annotated[int, Field(ge=8, le=14), NoBool]
    opening_hours: dict[Day, Hours] = Field(default_factory=dict)
    counters: dict[Name, Count] = Field(default_factory=dict)
    volume: Volume
    customers: dict[Name, Count] = Field(default_factory=dict)
    staff: list[Employee] = Field(default_factory=list)


# ---------------------------------------------------------------- region


class Pool(_Strict):
    """The city pool of freed staff (design §6.1)."""

    scope: Literal["district", "region"] | None = Field(
        default=None,
        description="Where members may work: their home district, or anywhere; "
        "default district when branches name one.",
    )
    roles: list[Name] | None = Field(
        default=None, min_length=1,
        description="Roles whose posts members may work; default every queue and workload role.",
    )


class Region(_Document):
    """A region: its standards file and its folder of branch profiles."""

    kind: Literal["Region"]
    name: Text = Field(min_length=1)
    standards: str | None = Field(
        default=None, description="The standards file, relative to this file."
    )
    branches: str = Field(default="branches/", description="The folder of Branch files.")
    pool: Pool | None = Field(default=None, description="The city pool of freed staff.")


# ---------------------------------------------------------------- scenario

Share = Annotated[float, Field(ge=0, le=1), NoBool]


class ScenarioVolume(_Strict):
    """How a scenario changes every branch's daily volume: scale, then move, then remove."""

    scale: Annotated[float, Field(gt=0), NoBool] = Field(
        default=1.0, description="Every daily volume, and visitors where given, times this."
    )
    to_self_service: dict[Name, Share] = Field(
        default_factory=dict,
        description="Share (0-1) of a type's volume moved to the first self_service type.",
    )
    centralise: dict[Name, Share] = Field(
        default_factory=dict,
        description="Share (0-1) of a type's volume taken to the back-office centre.",
    )


class Scenario(_Document):
    """A what-if: changes to every branch's volume and hours, and to the standards."""

    kind: Literal["Scenario"]
    name: Text = Field(min_length=1)
    description: Text | None = None
    volume: ScenarioVolume = Field(default_factory=ScenarioVolume)
    opening_hours: dict[Day, Hours] = Field(
        default_factory=dict,
        description="Overrides every branch's (and the standards') hours, day by day.",
    )
    standards: dict[str, Any] = Field(
        default_factory=dict,
        description="Overrides of the standards, key by key, at any depth.",
    )


KINDS: dict[str, type[_Document]] = {
    "Standards": Standards, "Branch": Branch, "Region": Region, "Scenario": Scenario,
}
