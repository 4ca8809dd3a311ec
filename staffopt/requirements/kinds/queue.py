"""The queue kind (tellers): Erlang C per slot and counter zone, capped at the counters.

§3: A = the zone's work minutes ÷ slot minutes, AHT = work minutes ÷ arrivals,
required = max(n_queue, n_occ, min_on_duty[z]) (min_on_duty where A = 0), capped at
counters[z] with a counter-capacity warning. Zones without counters, and self-service,
need no tellers.

Where absurd volumes overflow a float, the figures are redone exactly: n_occ is then
exact, and n_queue is taken as ``enough_servers`` (see ``erlang``). The warning's
``needed`` is then exact wherever n_occ or min_on_duty reach that bound (as they do for
any max_occupancy below 1), else an upper bound within a relative 1e-150.
"""

from __future__ import annotations

import math
from fractions import Fraction

from staffopt.config.models import SELF_SERVICE, Branch, QueueRole, Standards
from staffopt.requirements.arrivals import zone_volume
from staffopt.requirements.erlang import (
    enough_servers,
    servers_for_service_level,
    service_level,
)
from staffopt.requirements.grid import clock
from staffopt.requirements.kinds.base import Sized, Slot
from staffopt.requirements.rounding import ceil_tol, ratio, to_float
from staffopt.requirements.types import Floor, RequirementWarning, SlotRequirement


def size_slot(name: str, role: QueueRole, slot: Slot) -> Sized:
    """One row per zone of the role that has counters, and a warning per capped zone."""
    rows: list[SlotRequirement] = []
    warnings: list[RequirementWarning] = []
    for zone in role.zones:
        counters = slot.branch.counters.get(zone, 0)
        if counters <= 0 or zone == SELF_SERVICE:
            continue  # zones without counters, and self-service, need no tellers
        row = _zone(name, role, zone, counters, slot)
        rows.append(row)
        if row.uncapped is not None and row.uncapped > counters:
            warnings.append(_capacity_warning(row, row.uncapped, counters))
    return Sized(rows, warnings)


def _capacity_warning(row: SlotRequirement, need: int, counters: int) -> RequirementWarning:
    """The counter-capacity warning of a slot whose need is more than the zone's counters."""
    return RequirementWarning(
        "counter-capacity", row.post, row.day, row.start,
        f"{row.post} needs {need} at {row.day} {clock(row.start)} but the zone has {counters} "
        f"counter{'s' if counters != 1 else ''}; the requirement is capped",
        needed=need, counters=counters,
    )


def _zone(name: str, role: QueueRole, zone: str, counters: int, slot: Slot) -> SlotRequirement:
    arrivals, minutes = zone_volume(slot.std, slot.branch, zone, slot.factor, slot.share)
    load = minutes / slot.minutes
    least = role.min_on_duty.get(zone, 0)
    aht: float | None = None
    if load <= 0:
        need = least  # A = 0 gives min_on_duty, still capped below
    elif math.isfinite(arrivals) and math.isfinite(load / role.max_occupancy):
        aht = minutes / arrivals
        need = _need(role, load, aht, least)
    else:
        arrivals, load, aht, need = _overflowed(role, zone, least, slot)
    required = min(need, counters)
    sl = None
    if role.service_level is not None and aht is not None:
        sl = service_level(required, load, aht, role.service_level.wait_minutes)
    return SlotRequirement(
        f"{name}.{zone}", slot.day, slot.start, required, arrivals, load, aht, sl,
        ratio(load, required) if required else None, need,
    )


def _need(role: QueueRole, load: float, aht: float, least: int) -> int:
    """max(n_queue, n_occ, min_on_duty): n_queue is only searched above the other two."""
    base = max(ceil_tol(load / role.max_occupancy), least)  # n_occ, in closed form
    if role.service_level is None:
        return base  # sized by occupancy alone
    target = role.service_level.percent / 100
    return servers_for_service_level(
        load, aht, role.service_level.wait_minutes, target, at_least=base
    )


def _overflowed(
    role: QueueRole, zone: str, least: int, slot: Slot
) -> tuple[float, float, float, int]:
    """Arrivals, load, AHT and need where the float figures overflow: redone exactly."""
    count, minutes = zone_volume(
        slot.std, slot.branch, zone, slot.factor, slot.share, num=Fraction
    )
    load = minutes / slot.minutes
    need = max(ceil_tol(load / Fraction(role.max_occupancy)), least)
    if role.service_level is not None:
        need = max(need, enough_servers(load))  # no float resolves Erlang C here
    return to_float(count), to_float(load), float(minutes / count), need


def floors(name: str, role: QueueRole, std: Standards, branch: Branch) -> list[Floor]:
    """§3 gives a queue role no headcount floor: one row of 0."""
    return [Floor(name, 0)]
