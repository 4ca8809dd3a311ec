"""The zone-day as a ciw network: one node, a customer class per transaction type.

ciw's own ``Schedule`` retires every server at each boundary and adds fresh ones, so the
outgoing ones finish their customers as extra capacity (design §9). ``RosterNode``
changes only the difference: new servers join, idle ones leave first, and busy ones are
marked off duty, finish their customer and leave; a server marked off duty returns to
duty where the count rises again before it is done. The customers are the same random
draw as the fast engine's (``arrivals.draw_customers``), fed to ciw as fixed
inter-arrival times and service times per customer.
"""

from __future__ import annotations

from typing import Any

import ciw
import numpy as np

from staffopt.simulate.arrivals import Customers
from staffopt.simulate.engine import capacity_steps
from staffopt.simulate.model import ZoneDay


class RosterNode(ciw.Node):
    """A ciw node whose shift changes add or retire only the servers that change."""

    def change_shift(self) -> None:
        self.schedule.get_next_shift()
        self.next_shift_change = self.schedule.next_shift_change_date
        count = self.schedule.c
        on_duty = [s for s in self.servers if not s.offduty]
        if count > len(on_duty):
            back = sorted((s for s in self.servers if s.offduty), key=_started, reverse=True)
            back = back[: count - len(on_duty)]
            for server in back:
                server.offduty = False
            self.add_new_servers(count - len(on_duty) - len(back))
        else:
            drop = len(on_duty) - count
            # idle servers leave first, then the busy ones that started last
            for server in sorted(on_duty, key=lambda s: (s.busy, -_started(s)))[:drop]:
                server.shift_end = self.now
                if server.busy:
                    server.offduty = True  # finishes the customer, then leaves
                else:
                    self.kill_server(server)
        self.c = count
        self.begin_service_if_possible_change_shift()


def _started(server: Any) -> float:
    """When the server's customer started service (the latest starts leave first)."""
    return server.cust.service_start_date if server.busy else -1.0


class _PerCustomer(ciw.dists.Distribution):
    """Service times taken in arrival order: customer k gets the k-th drawn time."""

    def __init__(self, times: list[float]) -> None:
        self.times = times

    def sample(self, t: Any = None, ind: Any = None) -> float:
        return self.times[ind.id_number - 1]


def waits_ciw(zd: ZoneDay, customers: Customers) -> np.ndarray:
    """Each customer's wait for service, in minutes, in arrival order, simulated by ciw."""
    n = len(customers.arrival)
    if n == 0:
        return np.empty(0)
    gaps = [*np.diff(customers.arrival, prepend=0.0).tolist(), float("inf")]
    change_at, change_to = capacity_steps(zd)
    ends = [*change_at[1:], 1e12]  # the closing count holds until everyone is served
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Sequential(gaps)],
        service_distributions=[_PerCustomer(customers.service.tolist())],
        number_of_servers=[ciw.Schedule(numbers_of_servers=change_to, shift_end_dates=ends)],
    )
    sim = ciw.Simulation(network, node_class=RosterNode)
    sim.simulate_until_max_customers(n, method="Finish")
    out = np.empty(n)
    for record in sim.get_all_records():
        out[record.id_number - 1] = record.waiting_time
    return out
