"""The sizing rules of design §3: a branch and its standards -> per-slot requirements and floors.

Every rule of §3 lives in this package and nowhere else: one module per sizing kind under
``kinds/`` (queue, workload, presence, portfolio, grade), registered in ``kinds.KINDS``,
and the pieces they share: the slot grid (``grid``), arrivals (``arrivals``), Erlang C
(``erlang``), §3's rounding (``rounding``), the result types (``types``) and ``compute``
(``sizing``). The names below are the package's public interface.
"""

from __future__ import annotations

from staffopt.requirements.arrivals import arrivals, daily_visitors, weekday_factor, zone_volume
from staffopt.requirements.erlang import (
    enough_servers,
    erlang_c,
    servers_for_service_level,
    service_level,
)
from staffopt.requirements.grid import clock, day_shares, opening_hours, slot_starts
from staffopt.requirements.rounding import TOLERANCE, ceil_ratio, ceil_tol
from staffopt.requirements.sizing import compute, floors
from staffopt.requirements.types import Floor, Requirements, RequirementWarning, SlotRequirement

__all__ = [
    "TOLERANCE",
    "Floor",
    "RequirementWarning",
    "Requirements",
    "SlotRequirement",
    "arrivals",
    "ceil_ratio",
    "ceil_tol",
    "clock",
    "compute",
    "daily_visitors",
    "day_shares",
    "enough_servers",
    "erlang_c",
    "floors",
    "opening_hours",
    "servers_for_service_level",
    "service_level",
    "slot_starts",
    "weekday_factor",
    "zone_volume",
]
