"""What one zone-day simulation needs (design §9): per-slot arrival rates per transaction
type, each type's service minutes, the rostered servers per slot, and the service target.

Times inside a simulation are minutes after opening. Arrivals follow §3 (daily volume ×
weekday factor × slot share), so the simulated customers are the ones Erlang C sized for.
Doors close at closing time; the queue left then is served out by the last slot's
servers, and by one person where that slot had none (someone closes the counters).
"""

from __future__ import annotations

from dataclasses import dataclass

from staffopt.config.models import SELF_SERVICE, Branch, QueueRole, Standards
from staffopt.requirements import (
    arrivals,
    day_shares,
    opening_hours,
    service_level,
    slot_starts,
    weekday_factor,
)
from staffopt.result import RosterRow
from staffopt.simulate.servers import servers_per_slot


@dataclass(frozen=True)
class ZoneDay:
    """One queue zone on one open day: the input of one simulation run."""

    post: str  # such as teller.cash
    day: str
    opening: int  # minutes after midnight
    slot: int  # slot minutes
    rates: tuple[tuple[float, ...], ...]  # per type, per slot: expected arrivals in the slot
    minutes: tuple[float, ...]  # per type: mean service minutes
    servers: tuple[int, ...]  # per slot: rostered servers, breaks excluded
    wait: float  # the target wait, minutes
    target: float  # the share to serve within ``wait`` (0..1)

    @property
    def starts(self) -> list[int]:
        """Each slot's start, in minutes after midnight."""
        return [self.opening + i * self.slot for i in range(len(self.servers))]

    @property
    def closing_servers(self) -> int:
        """Who serves out the queue after closing: the last slot's servers, at least one."""
        return max(1, self.servers[-1]) if self.servers else 1

    def expected(self, i: int) -> float:
        """The expected arrivals of slot ``i`` (§3)."""
        return sum(rate[i] for rate in self.rates)

    def erlang_sl(self, i: int) -> float:
        """§3's Erlang C service level of slot ``i`` at its rostered servers."""
        count = self.expected(i)
        work = sum(rate[i] * m for rate, m in zip(self.rates, self.minutes, strict=True))
        if count <= 0:
            return 1.0
        return service_level(self.servers[i], work / self.slot, work / count, self.wait)


def queue_posts(std: Standards, branch: Branch) -> list[tuple[str, str, QueueRole]]:
    """(post, zone, role) of every queue zone that has counters and a service target."""
    out = []
    for name, role in std.roles.items():
        if not isinstance(role, QueueRole) or role.service_level is None:
            continue
        for zone in role.zones:
            if zone != SELF_SERVICE and branch.counters.get(zone, 0) > 0:
                out.append((f"{name}.{zone}", zone, role))
    return out


def zone_days(std: Standards, branch: Branch, roster: list[RosterRow]) -> list[ZoneDay]:
    """Every queue zone's every open day, in zone then mon..sun order."""
    slot = std.calendar.slot_minutes
    types = [(tx, spec) for tx, spec in std.transactions.items()]
    out = []
    for post, zone, role in queue_posts(std, branch):
        served = [(tx, spec.minutes) for tx, spec in types if spec.zone == zone]
        assert role.service_level is not None  # queue_posts keeps only roles with one
        for day, (open_, close) in opening_hours(std, branch).items():
            factor = weekday_factor(std, branch, day)
            shares = day_shares(std, open_, close)
            starts = list(slot_starts(std, open_, close))
            rates = tuple(
                tuple(
                    float(arrivals(branch.volume.daily.get(tx, 0.0), factor, s)) for s in shares
                )
                for tx, _ in served
            )
            out.append(ZoneDay(
                post=post, day=day, opening=open_, slot=slot, rates=rates,
                minutes=tuple(m for _, m in served),
                servers=servers_per_slot(roster, post, day, starts, slot),
                wait=role.service_level.wait_minutes,
                target=role.service_level.percent / 100,
            ))
    return out
