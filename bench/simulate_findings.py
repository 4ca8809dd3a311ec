"""Where Erlang C over- or under-promises: simulate every solved branch of a region.

    python bench/simulate_findings.py REGION_DIR RESULTS_DIR [--replications N] [--seed S]

RESULTS_DIR holds ``<id>.json`` per branch (``staffopt batch REGION --out RESULTS_DIR``).
Prints the met share per branch, then per kind of slot, over every queue zone:

- opening: the first hour of the day;
- lunch: slots inside a break window of the standards (when the rota thins);
- peak: slots whose expected arrivals are at least 90 % of their zone-day's highest;
- other: the rest.

For each: the slots, the share meeting the target, the slots where Erlang C lies above
the simulated 95 % interval (over-promises) and below it (under-promises), and the mean
simulated minus Erlang C service level. A slot can be opening, lunch and peak at once.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import yaml

from staffopt.config import load_branch
from staffopt.config.models import Standards
from staffopt.render.simulation import over_promised, under_promised
from staffopt.result import minutes_of
from staffopt.simulate import SimulateError, load_result, simulate_branch, targets, totals
from staffopt.simulate.result import SimSlot

KINDS = ("opening", "lunch", "peak", "other")


def kinds_of(slot: SimSlot, day_slots: list[SimSlot], windows: list[tuple[int, int]],
             opening: int) -> list[str]:
    """The kinds of one slot within its zone-day."""
    start = minutes_of(slot.start)
    out = []
    if start < opening + 60:
        out.append("opening")
    if any(a <= start < b for a, b in windows):
        out.append("lunch")
    if slot.arrivals >= 0.9 * max(s.arrivals for s in day_slots):
        out.append("peak")
    return out or ["other"]


def _windows(standards: Standards) -> list[tuple[int, int]]:
    out = []
    for rule in standards.labor.breaks:
        a, b = rule.window.split("-")
        out.append((minutes_of(a), minutes_of(b)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("region", type=Path)
    parser.add_argument("results", type=Path)
    parser.add_argument("--replications", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20261203)
    args = parser.parse_args()
    region = yaml.safe_load((args.region / "region.yaml").read_text(encoding="utf-8"))
    folder = args.region / region.get("branches", "branches/")
    stats: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0.0])
    all_slots = all_met = 0
    customers = within = 0.0
    print("branch  slots  met  met-share  in-time")
    for path in sorted(folder.glob("*.yaml")):
        inp = load_branch(path)
        try:
            result = load_result(args.results / f"{inp.branch.id}.json", inp)
        except SimulateError as error:
            print(f"{inp.branch.id}: skipped ({error})")
            continue
        sim = simulate_branch(inp, result, args.replications, args.seed)
        total = totals(sim, targets(inp))
        all_slots, all_met = all_slots + total.slots, all_met + total.met
        customers += total.customers
        within += total.customers * total.served_within_target
        print(f"{inp.branch.id}  {total.slots:5d}  {total.met:4d}  {total.met_share:9.4f}  "
              f"{total.served_within_target:.4f}")
        _tally(sim, inp, targets(inp), stats)
    print(f"ALL  {all_slots}  {all_met}  {all_met / all_slots:.4f}  {within / customers:.4f}")
    print("kind     slots  met-share  over  under  mean(sim - erlang)")
    for kind in KINDS:
        n, met, over, under, diff = stats[kind]
        if n:
            print(f"{kind:8s} {int(n):5d}  {met / n:9.4f}  {int(over):4d}  {int(under):5d}  "
                  f"{diff / n:+.4f}")


def _tally(sim: object, inp: object, goal: dict[str, float],
           stats: dict[str, list[float]]) -> None:
    windows = _windows(inp.standards)  # type: ignore[attr-defined]
    for zone in sim.zones:  # type: ignore[attr-defined]
        by_day: dict[str, list[SimSlot]] = defaultdict(list)
        for s in zone.slots:
            by_day[s.day].append(s)
        for day_slots in by_day.values():
            opening = minutes_of(day_slots[0].start)
            for s in day_slots:
                if s.sim_sl is None:
                    continue
                for kind in kinds_of(s, day_slots, windows, opening):
                    row = stats[kind]
                    row[0] += 1
                    row[1] += s.sim_sl >= goal[zone.post] - 1e-9
                    row[2] += over_promised(s)
                    row[3] += under_promised(s)
                    row[4] += s.sim_sl - s.erlang_sl


if __name__ == "__main__":
    main()
