"""Design §3 written again from the spec, on plain YAML data, for the tests to compare with.

Kept apart from ``staffopt.requirements`` on purpose: it shares no code with it, uses
the closed form of Erlang C in log space rather than the Erlang B recursion, and reads
the YAML mappings as they are, so a mistake in the package is unlikely to repeat here.
"""

from __future__ import annotations

import math
from typing import Any

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


def spec_requirements(
    std: dict[str, Any],
    branch: dict[str, Any],
) -> tuple[Slots, dict[str, int], set[tuple[str, str, int]]]:
    """Design §3 applied to plain YAML data: (required per post/day/start, floors, capped slots)."""
    need, floors, capped = spec_requirements_needed(std, branch)
    return need, floors, set(capped)


def spec_requirements_needed(
    std: dict[str, Any],
    branch: dict[str, Any],
) -> tuple[Slots, dict[str, int], Slots]:
    """As ``spec_requirements``, with each capped slot's requirement before the counter cap."""
    slot = std["calendar"]["slot_minutes"]
    hours = {**std["calendar"]["opening_hours"], **branch.get("opening_hours", {})}
    volume = branch["volume"]
    factors = {**std.get("weekday_factors", {}), **volume.get("weekday_factors", {})}
    # the branch's hours override the standards' hour by hour (keys may be "09" or 9)
    profile = {int(hour): weight for hour, weight in std.get("intraday_profile", {}).items()}
    profile.update(
        (int(hour), weight) for hour, weight in volume.get("intraday_profile", {}).items()
    )
    types = std["transactions"]
    daily = volume["daily"]
    visitors = volume.get("visitors")
    if visitors is None:
        visitors = sum(daily.values())
    counters = branch.get("counters", {})

    need: Slots = {}
    capped: Slots = {}
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
        for start, share in zip(starts, shares, strict=True):

            def arrivals(t: str, share: float = share, factor: float = factor) -> float:
                return daily.get(t, 0) * factor * share

            for name, role in std["roles"].items():
                kind = role["sizing"]
                if kind == "queue":
                    for zone in role["zones"]:
                        if zone == "self_service" or counters.get(zone, 0) <= 0:
                            continue
                        served = [t for t, spec in types.items() if spec["zone"] == zone]
                        count = sum(arrivals(t) for t in served)
                        work = sum(arrivals(t) * types[t]["minutes"] for t in served)
                        load = work / slot
                        floor = role.get("min_on_duty", {}).get(zone, 0)
                        if load == 0:
                            required = floor
                        else:
                            aht = work / count
                            n_queue = 0
                            target = role.get("service_level")
                            if target is not None:
                                n_queue = 1
                                while (
                                    spec_service_level(n_queue, load, aht, target["wait_minutes"])
                                    < target["percent"] / 100
                                ):
                                    n_queue += 1
                            n_occ = ceil_tol(load / role.get("max_occupancy", 1.0))
                            required = max(n_queue, n_occ, floor)
                        key = (f"{name}.{zone}", day, start)
                        if required > counters[zone]:
                            capped[key] = required
                            required = counters[zone]
                        need[key] = required
                elif kind == "workload":
                    self_service = sum(
                        arrivals(t) for t, spec in types.items() if spec["zone"] == "self_service"
                    )
                    work = visitors * factor * share * role.get(
                        "minutes_per_visitor", 0
                    ) + self_service * role.get("minutes_per_self_service", 0)
                    need[(name, day, start)] = max(
                        role.get("min_on_duty", 0),
                        ceil_tol(work / (slot * role.get("max_occupancy", 1.0))),
                    )
                elif kind == "presence":
                    need[(name, day, start)] = role["on_duty"]
                else:  # portfolio, grade
                    need[(name, day, start)] = role.get("min_on_duty", 0)

    floors: dict[str, int] = {}
    customers = branch.get("customers", {})
    for name, role in std["roles"].items():
        kind = role["sizing"]
        if kind == "presence":
            floors[name] = ceil_tol(
                std["calendar"]["open_days_per_year"]
                * role["on_duty"]
                / std["labor"]["working_days_per_year"]
            )
        elif kind == "portfolio":
            for team, spec in role["teams"].items():
                floors[f"{name}.{team}"] = ceil_tol(
                    customers.get(team, 0) / spec["customers_per_manager"]
                )
        elif kind == "grade":
            by_grade = {int(g): v for g, v in role["by_grade"].items()}
            floors[name] = by_grade[branch["grade"]]
        else:
            floors[name] = (
                0  # §3 gives queue and workload roles no floor; the output lists every role
            )
    return need, floors, capped
