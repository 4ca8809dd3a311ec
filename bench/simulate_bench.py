"""Simulation benchmark: one branch's week, N replications, with each engine.

    python bench/simulate_bench.py [BRANCH.yaml] [--result R.json] [--replications N]
                                   [--time-limit S] [--engines fast,ciw]

Without a branch it takes the demo's DC-0001 (30 staff, seven open days). Without
``--result`` it solves the branch first (the solve is not timed). Prints, per engine,
the seconds of ``simulate_branch`` (process CPU time and wall time; the machine is shared,
so the CPU time is the figure to compare), the customers simulated and the rate, and the
branch's met share, so that the engines can be seen to agree.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from staffopt.config import load_branch
from staffopt.simulate import load_result, simulate_branch, targets, totals

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "data" / "regions" / "demo-city" / "branches" / "DC-0001.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("branch", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--result", type=Path)
    parser.add_argument("--replications", type=int, default=100)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--engines", default="fast,ciw")
    args = parser.parse_args()
    inp = load_branch(args.branch)
    if args.result:
        result = load_result(args.result, inp)
    else:
        from staffopt.solve import solve

        result = solve(inp, time_limit=args.time_limit)
    print(f"{inp.branch.id}: {len(inp.branch.staff)} staff, {len(result.roster)} shifts, "
          f"{args.replications} replications")
    for engine in args.engines.split(","):
        cpu, wall = time.process_time(), time.perf_counter()
        sim = simulate_branch(inp, result, args.replications, engine=engine)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        total = totals(sim, targets(inp))
        customers = total.customers * args.replications
        print(f"  {engine:5s} cpu {cpu:6.2f} s  wall {wall:6.2f} s  "
              f"~{customers:,.0f} customers  {customers / cpu:,.0f} per cpu-s  "
              f"met {total.met}/{total.slots}  in time {total.served_within_target:.4f}")


if __name__ == "__main__":
    main()
