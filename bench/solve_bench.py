"""Solver benchmark: every demo branch, plus generated large branches (40-60 staff).

    python bench/solve_bench.py [--time-limit S] [--large N] [--seed SEED]

Prints one row per branch: staff, status, gap, seconds per objective level and in total,
the deterministic work and the objective reached (levels 1-5); then the median and
maximum seconds and how many branches were proven optimal. The machine is shared and
noisy: compare timings within one run; the work and the objectives do not vary.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ortools.sat.python import cp_model

from staffopt.config import load_branch
from staffopt.extract import build_result
from staffopt.model import LEVELS
from staffopt.requirements import compute
from staffopt.solve import SolverParams, optimise
from staffopt.staffing import Staffing

ROOT = Path(__file__).resolve().parent.parent
SHORT = {
    "shortage_slots": "L1",
    "floor_shortage": "L2",
    "headcount": "L3",
    "role_changes": "L4",
    "idle_slots": "L5",
}


class _Work:
    """Sums CP-SAT's deterministic time over every solve, a load-independent measure."""

    def __init__(self) -> None:
        self.total = 0.0
        self._solve = cp_model.CpSolver.solve

    def __enter__(self) -> _Work:
        work = self

        def counted(solver: cp_model.CpSolver, *args: object, **kwargs: object) -> object:
            status = work._solve(solver, *args, **kwargs)
            work.total += solver.response_proto.deterministic_time
            return status

        cp_model.CpSolver.solve = counted  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        cp_model.CpSolver.solve = self._solve  # type: ignore[method-assign]


def bench_branch(path: Path, standards: Path | None, time_limit: float) -> dict[str, object]:
    """Solve one branch and return its figures."""
    inp = load_branch(path, standards)
    started = time.perf_counter()
    with _Work() as work:
        staffing = Staffing(inp.standards, inp.branch, compute(inp.standards, inp.branch))
        solution = optimise(staffing, SolverParams.start(time_limit))
        result = build_result(inp, staffing, solution, time.perf_counter() - started)
    return {
        "branch": inp.branch.id,
        "staff": len(inp.branch.staff),
        "status": result.status,
        "gap": result.gap,
        "levels": {level: solution.levels[level].seconds for level in LEVELS},
        "seconds": time.perf_counter() - started,
        "work": work.total,
        "objective": tuple(result.objective.model_dump().values()) if result.objective else (),
    }


def _large_branches(count: int, seed: int, folder: Path) -> list[Path]:
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "make_region.py"),
            str(count),
            str(seed),
            str(folder),
            "--large",
        ],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return sorted((folder / "branches").glob("*.yaml"))


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--large", type=int, default=4, help="generated branches of 40-60 staff")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    demo = sorted((ROOT / "data" / "regions" / "demo-city" / "branches").glob("*.yaml"))
    rows = []
    header = (
        f"{'branch':<10}{'staff':>6}  {'status':<9}{'gap':>7}  "
        + "".join(f"{SHORT[lv]:>7}" for lv in LEVELS)
        + f"{'total s':>9}{'work':>8}  objective"
    )
    print(f"cores: {os.cpu_count()}  time limit: {args.time_limit}")
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        large = _large_branches(args.large, args.seed, Path(tmp)) if args.large else []
        for path in demo + large:
            std = (
                Path(tmp) / "standards.yaml"
                if path in large
                else ROOT / "configs" / "standards.yaml"
            )
            row = bench_branch(path, std, args.time_limit)
            rows.append(row)
            levels = row["levels"]
            assert isinstance(levels, dict)
            print(
                f"{row['branch']!s:<10}{row['staff']:>6}  {row['status']!s:<9}{row['gap']:>7.3f}  "
                + "".join(f"{levels[lv]:>7.2f}" for lv in LEVELS)
                + f"{row['seconds']:>9.2f}{row['work']:>8.2f}  {row['objective']}",
                flush=True,
            )
    for name, group in (("demo", rows[: len(demo)]), ("large", rows[len(demo) :]), ("all", rows)):
        if not group:
            continue
        seconds = [float(r["seconds"]) for r in group]  # type: ignore[arg-type]
        optimal = sum(r["status"] == "optimal" for r in group)
        print(
            f"{name}: {len(group)} branches, {optimal} proven optimal, "
            f"median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s"
        )


if __name__ == "__main__":
    main()
