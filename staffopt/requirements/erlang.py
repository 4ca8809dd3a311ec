"""Erlang C and the service level of §3, stable and in bounded time at any load.

Erlang B, B(n, A), is the base of both. Below ``RECURSION_BELOW`` Erlangs it comes from
the recursion B(k) = A·B(k-1) / (k + A·B(k-1)), which forms no factorial or power and
stops once B underflows to 0, so it costs at most a few thousand steps. From there up it
comes from the integral 1/B(n, A) = ∫₀^∞ e^(−u) (1 + u/A)^n du, taken in log form by
Gauss–Legendre panels around its peak: a fixed number of terms, whatever n and A are.
Both agree to about 1e-13 where they meet.

The least number of servers for a service level is searched from the least integer above
the load (SL is 0 below it) up to ``enough_servers`` (SL is 1 there): step by step on the
recursion, by bisection on the integral. At loads of ``RESOLVED_BELOW`` Erlangs and more,
where a float no longer tells n − A apart to a server, the search reports
``enough_servers``: an upper bound, less than 40·√A + 81 servers above the exact figure
(a relative 1e-6), and one that still grows with the load.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cache

RECURSION_BELOW = 1000.0  # Erlangs: the recursion below, the integral from here up
RESOLVED_BELOW = 2.0**50  # Erlangs: from here up the search gives an upper bound
_SPAN = 12.0  # the integral is taken over the peak ± 12 standard deviations (e^-72 beyond)
_PANEL = 3.0  # standard deviations per panel
_ORDER = 12  # Gauss–Legendre points per panel: 8 panels of 12, about 1e-14 from exact


@cache
def _gauss_legendre() -> tuple[tuple[float, float], ...]:
    """Nodes and weights of Gauss–Legendre quadrature on [-1, 1], by Newton's method."""
    out = []
    for i in range(1, _ORDER + 1):
        x = math.cos(math.pi * (i - 0.25) / (_ORDER + 0.5))
        for _ in range(100):
            p0, p1 = 1.0, x
            for k in range(2, _ORDER + 1):
                p0, p1 = p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
            slope = _ORDER * (x * p1 - p0) / (x * x - 1)
            step = p1 / slope
            x -= step
            if abs(step) < 1e-15:
                break
        out.append((x, 2 / ((1 - x * x) * slope * slope)))
    return tuple(out)


def _x_minus_log1p(x: float) -> float:
    """x − ln(1 + x) for x > −1, without cancellation near 0 (series below |x| = 0.1)."""
    if abs(x) >= 0.1:
        return x - math.log1p(x)
    total = 0.0
    for k in range(30, 1, -1):  # Σ_{k≥2} (−x)^k / k, by Horner's rule
        total = (-x) * (total + 1.0 / k)
    return (-x) * total


def _erlang_b_recursion(n: int, load: float) -> float:
    b = 1.0
    for k in range(1, n + 1):
        b = load * b / (k + load * b)
        if b == 0.0:
            break  # underflowed: it stays 0 for every larger k
    return b


def _erlang_b_integral(n: int, load: float) -> float:
    """B(n, A) for n > A from 1/B = e^peak · ∫ e^(−n·g(t/n)) dt, g(x) = x − ln(1 + x).

    The integrand e^(−u)(1 + u/A)^n peaks at u = n − A, where its log is n·g(−(n − A)/n),
    and falls off like a normal curve of standard deviation √n around it.
    """
    servers = float(n)
    top = servers - load
    spare = top / servers
    # g(−y) = −y − ln(1 − y), and 1 − y = A/n: take the log of A/n itself where y is large
    peak = servers * (_x_minus_log1p(-spare) if spare < 0.5 else math.log(servers / load) - spare)
    if peak > 745.0:
        return 0.0  # e^(−peak) underflows
    width = math.sqrt(servers)
    low, high = max(0.0, top - _SPAN * width), top + _SPAN * width
    panels = math.ceil((high - low) / (_PANEL * width))
    half = (high - low) / panels / 2
    total = 0.0
    for p in range(panels):
        mid = low + (2 * p + 1) * half - top
        for x, w in _gauss_legendre():
            total += w * math.exp(-servers * _x_minus_log1p((mid + half * x) / servers))
    return math.exp(-peak) / (total * half)


def erlang_c(n: int, load: float) -> float:
    """Probability that an arrival waits, with n servers and ``load`` Erlangs (n > load).

    An infinite load makes everyone wait; a NaN load is refused (ValueError).
    """
    if math.isnan(load):
        raise ValueError("the load is not a number")
    if load <= 0:
        return 0.0
    if n <= load:
        return 1.0
    if load < RECURSION_BELOW:
        b = _erlang_b_recursion(n, load)
        if b == 0.0:
            return 0.0
        return n * b / (n - load * (1.0 - b))
    if n > 1e300:
        return 0.0  # B underflows long before; and n would not fit a float
    b = _erlang_b_integral(n, load)
    spare = (n - load) / n
    return b / (spare + (1.0 - spare) * b)  # n·B / (n − A·(1 − B)), with n ≫ 1 in mind


def service_level(n: int, load: float, aht: float, wait: float) -> float:
    """Share of arrivals served within ``wait`` minutes: 1 - C(n, A)·exp(-(n - A)·wait / AHT)."""
    if math.isnan(load):
        raise ValueError("the load is not a number")
    if load <= 0:
        return 1.0
    if n <= load:
        return 0.0
    c = erlang_c(n, load)
    if c == 0.0:
        return 1.0
    return 1.0 - c * math.exp(-(n - load) * wait / aht)


def _search_recursion(load: float, aht: float, wait: float, target: float) -> int:
    """The least n with SL(n) ≥ target, walking the recursion one server at a time."""
    n = math.floor(load) + 1
    b = _erlang_b_recursion(n, load)
    while True:
        if b == 0.0:
            return n  # C = 0: everyone is served at once
        c = n * b / (n - load * (1.0 - b))
        if 1.0 - c * math.exp(-(n - load) * wait / aht) >= target:
            return n
        n += 1
        b = load * b / (n + load * b)


def _search_integral(load: float, aht: float, wait: float, target: float, start: int) -> int:
    """The least n ≥ start with SL(n) ≥ target, by bisection (SL grows with n)."""
    if service_level(start, load, aht, wait) >= target:
        return start
    low = start  # SL(low) < target
    high = max(start + 1, enough_servers(load))
    while high - low > 1:
        mid = (low + high) // 2
        if service_level(mid, load, aht, wait) >= target:
            high = mid
        else:
            low = mid
    return high


def servers_for_service_level(
    load: float, aht: float, wait: float, target: float, at_least: int = 0
) -> int:
    """The least n ≥ ``at_least`` with SL(n) ≥ target (0 < target < 1, a finite load > 0).

    SL(n) is 0 for n ≤ load, so the search starts above the load, and it never passes
    ``enough_servers(load)``. The comparison is exact: §3's 1e-9 tolerance applies before
    a ceil, not here. From ``RESOLVED_BELOW`` Erlangs up, the answer is
    ``max(at_least, enough_servers(load))`` (see the module's note). An infinite or NaN
    load has no answer (ValueError).
    """
    if not math.isfinite(load):
        raise ValueError(f"no number of servers serves a load of {load} Erlangs")
    if load >= RESOLVED_BELOW:
        return max(at_least, enough_servers(load))
    if load < RECURSION_BELOW:
        return max(at_least, _search_recursion(load, aht, wait, target))
    return _search_integral(load, aht, wait, target, max(at_least, math.floor(load) + 1))


def enough_servers(load: float | Fraction) -> int:
    """A number of servers that serves everyone at once: A + 40·(√A + 1) + 41, about.

    At least 40 standard deviations above the load, C(n, A) is far below 1e-17 (1e-138 at
    most), so SL(n) rounds to 1 for any wait and AHT, and no target below 1 asks for more.
    It takes any finite load, a float or an exact Fraction.
    """
    whole = math.floor(load)
    return whole + 1 + 40 * (math.isqrt(whole) + 1) + 40
