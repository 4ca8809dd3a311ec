"""An independent check of a ``staffopt simulate`` output (design §9).

It reads the branch and standards YAML itself, the roster from the BranchResult JSON and
the SimulationResult JSON, and uses none of staffopt's code: it recounts the servers of
every slot from the roster rows (breaks excluded), recomputes each slot's §3 arrivals and
Erlang C service level, and runs its own event simulation, with server objects, random
leavers and Python's ``random``, whose share of customers served within the wait must
come within ``TOLERANCE`` of the reported one per zone.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import deque
from pathlib import Path
from typing import Any

import yaml

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
TOLERANCE = 0.05


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _hours(branch: dict[str, Any], std: dict[str, Any]) -> dict[str, tuple[int, int]]:
    out = {}
    for day in DAYS:
        text = branch.get("opening_hours", {}).get(day, std["calendar"]["opening_hours"].get(
            day, "closed"))
        if text != "closed":
            a, b = text.split("-")
            out[day] = (_minutes(a), _minutes(b))
    return out


def _shares(std: dict[str, Any], branch: dict[str, Any], open_: int, close: int,
            slot: int) -> list[float]:
    profile = {**std.get("intraday_profile", {}), **branch["volume"].get("intraday_profile", {})}
    weights = [float(profile.get(f"{t // 60:02d}", 0.0)) for t in range(open_, close, slot)]
    total = sum(weights)
    return [w / total for w in weights] if total > 0 else [1 / len(weights)] * len(weights)


def zone_rates(std: dict[str, Any], branch: dict[str, Any], zone: str, day: str,
               shares: list[float]) -> list[tuple[list[float], float]]:
    """Per transaction type of the zone: expected arrivals per slot, and service minutes."""
    factor = branch["volume"].get("weekday_factors", {}).get(
        day, std.get("weekday_factors", {}).get(day, 1.0))
    return [
        ([branch["volume"]["daily"].get(tx, 0.0) * factor * s for s in shares], spec["minutes"])
        for tx, spec in std["transactions"].items() if spec["zone"] == zone
    ]


def servers(roster: list[dict[str, Any]], post: str, day: str, t: int) -> int:
    """People on ``post`` at minute ``t`` of ``day``: in their shift, not on a break."""
    n = 0
    for r in roster:
        if r["post"] != post or r["day"] != day:
            continue
        on = _minutes(r["start"]) <= t < _minutes(r["end"])
        if r["break_start"] is not None and _minutes(r["break_start"]) <= t < _minutes(
                r["break_end"]):
            on = False
        n += on
    return n


def erlang_sl(n: int, load: float, aht: float, wait: float) -> float:
    """1 − C(n, A)·exp(−(n − A)·wait/AHT), from the sum of A^k/k!."""
    if load <= 0:
        return 1.0
    if n <= load:
        return 0.0
    term = total = 1.0
    for k in range(1, n):
        term *= load / k
        total += term
    top = term * load / n * n / (n - load)
    return 1.0 - top / (total + top) * math.exp(-(n - load) * wait / aht)


def simulate_day(rates: list[tuple[list[float], float]], caps: list[int], slot: int,
                 wait: float, rng: random.Random) -> tuple[int, int]:
    """One day of one zone: (customers, those who started within ``wait``)."""
    events: list[tuple[float, int, str, Any]] = []
    seq = 0

    def push(t: float, kind: str, data: Any) -> None:
        nonlocal seq
        heapq.heappush(events, (t, seq, kind, data))
        seq += 1

    for i, cap in enumerate([*caps, max(1, caps[-1])]):
        push(float(i * slot), "shift", cap)
    for per_slot, minutes in rates:
        for i, expected in enumerate(per_slot):
            t = i * slot
            while expected > 0:
                t += rng.expovariate(expected / slot)
                if t >= (i + 1) * slot:
                    break
                push(t, "arrive", rng.expovariate(1 / minutes))
    idle: list[int] = []  # on duty, free
    busy: dict[int, bool] = {}  # server -> leaving when done
    queue: deque[tuple[float, float]] = deque()
    made = customers = within = 0
    while events:
        now, _, kind, data = heapq.heappop(events)
        if kind == "arrive":
            queue.append((now, data))
            customers += 1
        elif kind == "done":
            if not busy.pop(data):
                idle.append(data)
        else:  # a shift change to ``data`` servers
            on = len(idle) + sum(1 for leaving in busy.values() if not leaving)
            for s in [s for s, leaving in busy.items() if leaving][: max(0, data - on)]:
                busy[s] = False
                on += 1
            while on < data:
                made += 1
                idle.append(made)
                on += 1
            while on > data and idle:
                idle.pop()
                on -= 1
            staying = [s for s, leaving in busy.items() if not leaving]
            for s in rng.sample(staying, on - data) if on > data else []:
                busy[s] = True
        while idle and queue:
            arrived, service = queue.popleft()
            within += now - arrived <= wait + 1e-9
            s = idle.pop()
            busy[s] = False
            push(now + service, "done", s)
    return customers, within


def check(branch_path: Path, standards_path: Path, result: dict[str, Any],
          sim: dict[str, Any], replications: int = 200, seed: int = 1) -> list[str]:
    """Every disagreement found; an empty list when the simulation output holds."""
    branch = yaml.safe_load(branch_path.read_text(encoding="utf-8"))
    std = yaml.safe_load(standards_path.read_text(encoding="utf-8"))
    slot = std["calendar"]["slot_minutes"]
    problems: list[str] = []
    zones = {z["post"]: z for z in sim["zones"]}
    expected_posts = []
    for name, role in std["roles"].items():
        if role["sizing"] != "queue" or "service_level" not in role:
            continue
        for zone in role["zones"]:
            if branch.get("counters", {}).get(zone, 0) > 0 and zone != "self_service":
                expected_posts.append((f"{name}.{zone}", zone, role["service_level"]))
    if [p for p, _, _ in expected_posts] != list(zones):
        return [f"zones {list(zones)} differ from {[p for p, _, _ in expected_posts]}"]
    rng = random.Random(seed)
    for post, zone, level in expected_posts:
        problems += _check_zone(std, branch, result["roster"], zones[post], zone, level, slot,
                                replications, rng)
    return problems


def _check_zone(std: dict[str, Any], branch: dict[str, Any], roster: list[dict[str, Any]],
                reported: dict[str, Any], zone: str, level: dict[str, float], slot: int,
                replications: int, rng: random.Random) -> list[str]:
    post, wait, target = reported["post"], level["wait_minutes"], level["percent"] / 100
    problems: list[str] = []
    rows = {(s["day"], s["start"]): s for s in reported["slots"]}
    seen: set[tuple[str, str]] = set()
    customers = within = 0
    for day, (open_, close) in _hours(branch, std).items():
        rates = zone_rates(std, branch, zone, day, _shares(std, branch, open_, close, slot))
        starts = list(range(open_, close, slot))
        caps = [servers(roster, post, day, t) for t in starts]
        for i, t in enumerate(starts):
            count = sum(r[i] for r, _ in rates)
            if count <= 0:
                continue
            key = (day, f"{t // 60:02d}:{t % 60:02d}")
            seen.add(key)
            row = rows.get(key)
            if row is None:
                problems.append(f"{post} {key}: a slot with arrivals is missing")
                continue
            work = sum(r[i] * m for r, m in rates)
            sl = erlang_sl(caps[i], work / slot, work / count, wait)
            if row["servers"] != caps[i]:
                problems.append(f"{post} {key}: servers {row['servers']}, roster has {caps[i]}")
            if abs(row["arrivals"] - count) > 1e-3 or abs(row["erlang_sl"] - sl) > 1e-3:
                problems.append(f"{post} {key}: arrivals or Erlang C differ ({count}, {sl})")
            if row["sim_sl"] is not None and not (
                    row["sim_sl_low"] <= row["sim_sl"] <= row["sim_sl_high"]):
                problems.append(f"{post} {key}: sim_sl outside its interval")
        for _ in range(replications):
            n, w = simulate_day(rates, caps, slot, wait, rng)
            customers, within = customers + n, within + w
    if seen != set(rows):
        problems.append(f"{post}: slots without arrivals listed: {sorted(set(rows) - seen)}")
    met = sum(1 for s in reported["slots"] if s["sim_sl"] is None or s["sim_sl"] >= target - 1e-9)
    if reported["slots"] and abs(met / len(reported["slots"]) - reported["met_share"]) > 1e-4:
        problems.append(f"{post}: met_share {reported['met_share']}, slots say {met}")
    own = within / customers if customers else 1.0
    if abs(own - reported["served_within_target"]) > TOLERANCE:
        problems.append(
            f"{post}: served within target {reported['served_within_target']}, own {own:.4f}")
    return problems
