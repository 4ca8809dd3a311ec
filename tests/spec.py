"""Design §3 written again from the spec, on plain YAML data, for the tests to compare with.

Kept apart from ``staffopt.requirements`` on purpose: it shares no code with it, uses
the closed form of Erlang C in log space rather than the Erlang B recursion, and reads
the YAML mappings as they are, so a mistake in the package is unlikely to repeat here.

Here live the shared pieces: the calendar walk, the arrivals per slot, Erlang C. Each sizing
kind's own rule (its requirement per slot, its floors) lives beside that kind's tests, in
``tests/test_requirements_kinds_<kind>.py`` as ``oracle_slots`` and ``oracle_floors``, so a
change to one rule touches that kind's package module and its test module only.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass
from types import ModuleType
from typing import Any, NamedTuple

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def erlang_c_log(n: int, load: float) -> float:
    """Erlang C from the closed form with log-gamma terms, for large n."""
    logs = [k * math.log(load) - math.lgamma(k + 1) for k in range(n + 1)]
    top_log = logs[n] + math.log(n / (n - load))
    peak = max(*logs, top_log)
    below = math.fsum(math.exp(v - peak) for v in logs[:n])
    top = math.exp(top_log - peak)
    return top / (below + top)


def ceil_tol(x: float) -> int:
    """§3: compare with a tolerance of 1e-9 before each ceil."""
    return math.ceil(x - 1e-9)


def minutes_of(text: str) -> int:
    """"HH:MM" as minutes after midnight."""
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def spec_service_level(n: int, load: float, aht: float, wait: float) -> float:
    """SL(n) = 1 − C(n, A)·exp(−(n − A)·wait / AHT), with Erlang C in its closed form."""
    if n <= load:
        return 0.0
    return 1.0 - erlang_c_log(n, load) * math.exp(-(n - load) * wait / aht)


Slots = dict[tuple[str, str, int], int]

KINDS = ("queue", "workload", "presence", "portfolio", "grade")


@dataclass(frozen=True)
class SlotContext:
    """One open slot of the week, as the kinds' oracles see it (plain YAML data)."""

    day: str
    start: int  # minutes after midnight
    minutes: int  # the slot's length
    share: float  # the slot's share of the day's arrivals
    factor: float  # the day's weekday factor
    daily: dict[str, Any]  # transactions a day by type
    visitors: float  # visitors a day
    types: dict[str, Any]  # the standards' transaction types
    counters: dict[str, int]  # counters by zone

    def arrivals(self, kind: str) -> float:
        """Arrivals of one transaction type in the slot."""
        return self.daily.get(kind, 0) * self.factor * self.share

    def zone_types(self, zone: str) -> list[str]:
        """The transaction types served in one zone."""
        return [t for t, spec in self.types.items() if spec["zone"] == zone]


class SlotNeed(NamedTuple):
    """One post's requirement in a slot; ``uncapped`` is set when the counters capped it."""

    post: str
    required: int
    uncapped: int | None = None


def oracle(kind: str) -> ModuleType:
    """The test module that holds one sizing kind's oracle (``oracle_slots``, ``oracle_floors``).

    Imported on first use, not with this module: those modules import staffopt for their own
    tests (the oracles use none of it) and import this module, while checker.py imports
    nothing of staffopt. conftest.py calls ``load_oracles`` at collection, so that their
    @given decorators never run inside a hypothesis test.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown sizing kind {kind!r}")
    return importlib.import_module(f"test_requirements_kinds_{kind}")


def load_oracles() -> None:
    """Import every kind's oracle now."""
    for kind in KINDS:
        oracle(kind)


def spec_requirements(
    std: dict[str, Any],
    branch: dict[str, Any],
) -> tuple[Slots, dict[str, int], set[tuple[str, str, int]]]:
    """Design §3 applied to plain YAML data: (required per post/day/start, floors, capped slots)."""
    need, floors, capped = spec_requirements_needed(std, branch)
    return need, floors, set(capped)


def spec_slots(std: dict[str, Any], branch: dict[str, Any]) -> list[SlotContext]:
    """Every open slot of the week in order, with its share of the day and weekday factor."""
    slot = std["calendar"]["slot_minutes"]
    hours = {**std["calendar"]["opening_hours"], **branch.get("opening_hours", {})}
    volume = branch["volume"]
    factors = {**std.get("weekday_factors", {}), **volume.get("weekday_factors", {})}
    # the branch's hours override the standards' hour by hour (keys may be "09" or 9)
    profile = {int(hour): weight for hour, weight in std.get("intraday_profile", {}).items()}
    profile.update(
        (int(hour), weight) for hour, weight in volume.get("intraday_profile", {}).items()
    )
    daily = volume["daily"]
    visitors = volume.get("visitors")
    if visitors is None:
        visitors = sum(daily.values())
    counters = branch.get("counters", {})
    slots: list[SlotContext] = []
    for day in DAY_NAMES:
        text = hours.get(day, "closed")
        if text == "closed":
            continue
        first, last = (minutes_of(part) for part in text.split("-"))
        starts = list(range(first, last, slot))
        weights = [profile.get(start // 60, 0) for start in starts]
        total = sum(weights)
        shares = [w / total for w in weights] if total > 0 else [1 / len(starts)] * len(starts)
        factor = factors.get(day, 1.0)
        slots.extend(
            SlotContext(
                day, start, slot, share, factor, daily, visitors, std["transactions"], counters
            )
            for start, share in zip(starts, shares, strict=True)
        )
    return slots


def spec_requirements_needed(
    std: dict[str, Any],
    branch: dict[str, Any],
) -> tuple[Slots, dict[str, int], Slots]:
    """As ``spec_requirements``, with each capped slot's requirement before the counter cap."""
    need: Slots = {}
    capped: Slots = {}
    for ctx in spec_slots(std, branch):
        for name, role in std["roles"].items():
            for post, required, uncapped in oracle(role["sizing"]).oracle_slots(
                name, role, ctx
            ):
                key = (post, ctx.day, ctx.start)
                need[key] = required
                if uncapped is not None:
                    capped[key] = uncapped
    floors: dict[str, int] = {}
    for name, role in std["roles"].items():
        floors.update(oracle(role["sizing"]).oracle_floors(name, role, std, branch))
    return need, floors, capped

