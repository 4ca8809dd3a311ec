"""Values that cannot be real: limits, each with a message at the value's line.

A value past a limit's ``warn`` is unusual and gets a warning; past its ``error`` it
cannot be a real branch's, and it is an error: such magnitudes are typing mistakes
(an extra digit, a percentage for a factor) and would only make sizing slow and its
figures meaningless.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from staffopt.config.models import Branch, GradeRole, PresenceRole, Standards
from staffopt.config.source import SourceMap
from staffopt.problems import Problem

UNUSUAL = "unusual-value"  # a warning
IMPOSSIBLE = "impossible-value"  # an error


@dataclass(frozen=True)
class Limit:
    """How large a value may be before it is unusual, and before it cannot be real."""

    what: str  # the value in words, for the message
    warn: float
    error: float
    why: str  # why the error limit cannot be real


DAILY = Limit(
    "transactions of one type a day", 10_000, 100_000,
    "a busy branch handles about a thousand counter transactions a day in all",
)
VISITORS = Limit(
    "visitors a day", 10_000, 100_000, "a busy branch sees about a thousand visitors a day",
)
FACTOR = Limit(
    "a weekday factor", 3, 7,
    "a factor scales the average open day, and even a day that took the whole week's "
    "volume would have 7",
)
WEIGHT = Limit(
    "an intraday weight", float("inf"), 1_000_000,
    "weights are relative to each other; write them near 1",
)
CUSTOMERS = Limit(
    "customers in one team", 100_000, 10_000_000, "no branch holds that many customers",
)
COUNTERS = Limit("counters in one zone", 30, 200, "no branch has that many counters")
STAFF = Limit("employees in one branch", 100, 1_000, "no branch has that many staff")
ON_DUTY = Limit("people on duty at once", 20, 200, "no branch has that many staff")
WEIGHT_SPREAD = 10  # an hour weighing this many times the median hour gets a warning


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 1000 else f"{value:g}"


def over(limit: Limit, value: float, smap: SourceMap, loc: tuple[Any, ...]) -> list[Problem]:
    """A problem where ``value`` passes the limit, else none."""
    if value > limit.error:
        return [smap.problem(
            loc, IMPOSSIBLE,
            f"{_number(value)} {limit.what} cannot be real (the limit is "
            f"{_number(limit.error)}): {limit.why}; check for a typing mistake",
        )]
    if value > limit.warn:
        return [smap.problem(
            loc, UNUSUAL,
            f"{_number(value)} {limit.what} is unusual (more than {_number(limit.warn)}); "
            "check it is meant",
            level="warning",
        )]
    return []


def _each(limit: Limit, values: dict[Any, float], smap: SourceMap,
          at: tuple[Any, ...]) -> list[Problem]:
    return [p for key, value in values.items() for p in over(limit, value, smap, (*at, key))]


def _weights(profile: dict[str, float], smap: SourceMap, at: tuple[Any, ...]) -> list[Problem]:
    out = _each(WEIGHT, profile, smap, at)
    positive = [w for w in profile.values() if w > 0]
    if out or len(positive) < 3:
        return out
    median = statistics.median(positive)
    for hour, weight in profile.items():
        if weight > WEIGHT_SPREAD * median:
            out.append(smap.problem(
                (*at, hour), UNUSUAL,
                f"hour {hour} weighs {weight:g}, more than {WEIGHT_SPREAD} times the median "
                f"hour ({median:g}); weights are relative, so it would take most of the day's "
                "arrivals", level="warning",
            ))
    return out


def standards_limits(std: Standards, smap: SourceMap, roles: bool = True) -> list[Problem]:
    """Limits on a standards file's factors, weights and (with ``roles``) on-duty counts."""
    out = _each(FACTOR, std.weekday_factors, smap, ("weekday_factors",))
    out += _weights(std.intraday_profile, smap, ("intraday_profile",))
    if not roles:  # the roles are a stand-in
        return out
    for name, role in std.roles.items():
        if isinstance(role, PresenceRole):
            out += over(ON_DUTY, role.on_duty, smap, ("roles", name, "on_duty"))
        elif isinstance(role, GradeRole):
            out += _each(ON_DUTY, role.by_grade, smap, ("roles", name, "by_grade"))
        duty = getattr(role, "min_on_duty", None)  # per zone for a queue role
        if isinstance(duty, dict):
            out += _each(ON_DUTY, duty, smap, ("roles", name, "min_on_duty"))
        elif duty is not None:
            out += over(ON_DUTY, duty, smap, ("roles", name, "min_on_duty"))
    return out


def branch_limits(branch: Branch, smap: SourceMap) -> list[Problem]:
    """Limits on a branch's volumes, factors, customers, counters and staff."""
    out = _each(DAILY, branch.volume.daily, smap, ("volume", "daily"))
    if branch.volume.visitors is not None:
        out += over(VISITORS, branch.volume.visitors, smap, ("volume", "visitors"))
    out += _each(FACTOR, branch.volume.weekday_factors, smap, ("volume", "weekday_factors"))
    out += _each(CUSTOMERS, branch.customers, smap, ("customers",))
    out += _each(COUNTERS, branch.counters, smap, ("counters",))
    out += over(STAFF, len(branch.staff), smap, ("staff",))
    return out
