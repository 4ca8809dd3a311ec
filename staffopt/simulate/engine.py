"""An exact event simulation of one zone-day: one FIFO queue, servers that change by slot.

Capacity follows the roster: when a slot adds servers they start at once; when it takes
some away, idle ones leave first and busy ones finish the customer in service and then
leave (design §9). A boundary where the count does not change changes nothing. Which busy
server leaves does not matter to the waits: exponential service has no memory, so the
leaver is the one that started last. After closing no one arrives and the closing
servers serve out the queue.

This is the fast engine. ``staffopt.simulate.network`` builds the same system in ciw,
and the two agree within their intervals (tests).
"""

from __future__ import annotations

import heapq
import math

import numpy as np

from staffopt.simulate.arrivals import Customers
from staffopt.simulate.model import ZoneDay


def capacity_steps(zd: ZoneDay) -> tuple[list[float], list[int]]:
    """The times (minutes after opening) where the server count changes, and the counts."""
    times: list[float] = []
    counts: list[int] = []
    for i, n in enumerate([*zd.servers, zd.closing_servers]):
        if not counts or counts[-1] != n:
            times.append(float(i * zd.slot))
            counts.append(n)
    return times, counts


def waits(zd: ZoneDay, customers: Customers) -> np.ndarray:
    """Each customer's wait for service, in minutes, in arrival order."""
    change_at, change_to = capacity_steps(zd)
    changes = list(zip(change_at, change_to, strict=True))
    out = np.empty(len(customers.arrival))
    busy: list[list[float]] = []  # heap of [end, -start order, leaving]
    state = _State(changes)
    t = 0.0
    for i, (a, x) in enumerate(zip(customers.arrival.tolist(), customers.service.tolist(),
                                   strict=True)):
        t = max(t, a)
        while True:
            state.advance(busy, t)
            if state.free > 0:
                break
            t = state.next_event(busy)
        state.free -= 1
        heapq.heappush(busy, [t + x, -i, False])
        out[i] = t - a
    return out


class _State:
    """The servers' state between customers: free on-duty servers, the pending changes."""

    def __init__(self, changes: list[tuple[float, int]]) -> None:
        self.changes = changes
        self.next = 0  # index of the next change to apply
        self.on_duty = 0
        self.free = 0
        self.leaving = 0  # busy servers that leave when their customer is done

    def advance(self, busy: list[list[float]], t: float) -> None:
        """Apply every completion and change up to time ``t``, in time order."""
        while True:
            end = busy[0][0] if busy else math.inf
            at = self.changes[self.next][0] if self.next < len(self.changes) else math.inf
            if min(end, at) > t:
                return
            if end <= at:
                _, _, leaves = heapq.heappop(busy)
                if leaves:
                    self.leaving -= 1
                else:
                    self.free += 1
            else:
                self._change(busy, self.changes[self.next][1])
                self.next += 1

    def next_event(self, busy: list[list[float]]) -> float:
        """The time of the next completion or change (there is one while someone waits)."""
        end = busy[0][0] if busy else math.inf
        at = self.changes[self.next][0] if self.next < len(self.changes) else math.inf
        return min(end, at)

    def _change(self, busy: list[list[float]], count: int) -> None:
        if count >= self.on_duty:
            back = min(self.leaving, count - self.on_duty)  # leavers not yet gone stay on
            self._flag(busy, back, leaving=False)
            self.leaving -= back
            self.free += count - self.on_duty - back
        else:
            drop = self.on_duty - count
            idle = min(self.free, drop)
            self.free -= idle
            self._flag(busy, drop - idle, leaving=True)
            self.leaving += drop - idle
        self.on_duty = count

    @staticmethod
    def _flag(busy: list[list[float]], k: int, *, leaving: bool) -> None:
        """Mark ``k`` busy servers (the latest starts) as leaving, or as staying."""
        if k <= 0:
            return
        pool = sorted((e for e in busy if e[2] is not leaving), key=lambda e: e[1])
        for entry in pool[:k]:
            entry[2] = leaving  # the heap is keyed on the end time, which does not change
