"""The SimulationResult contract of design §9, and the figures a table view adds to it."""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SimSlot(_Row):
    """One slot with arrivals: the simulated service level and Erlang C's, side by side."""

    day: str
    start: str
    arrivals: float  # expected (§3)
    servers: int  # rostered, breaks excluded
    erlang_sl: float
    sim_sl: float | None  # None where no replication drew a customer in the slot
    sim_sl_low: float | None
    sim_sl_high: float | None
    mean_wait: float | None  # minutes


class SimZone(_Row):
    """One queue post over the week."""

    post: str
    met_share: float  # share of its slots whose sim_sl meets the target
    served_within_target: float  # share of its customers who started within the wait
    slots: list[SimSlot]


class SimulationResult(_Row):
    """``staffopt simulate --format json`` (design §9, version 1)."""

    kind: Literal["SimulationResult"] = "SimulationResult"
    version: Literal[1] = 1
    branch: str
    replications: int
    seed: int
    zones: list[SimZone]

    def to_json(self) -> str:
        """Stable key order, two-space indent, trailing newline."""
        return json.dumps(self.model_dump(), ensure_ascii=False, indent=2) + "\n"


class Totals(_Row):
    """The branch's figures over every zone (shown in the table view)."""

    slots: int
    met: int
    customers: float  # simulated customers per replication
    served_within_target: float

    @property
    def met_share(self) -> float:
        """The share of all slots that meet their target."""
        return self.met / self.slots if self.slots else 1.0
