"""Level 1 (coverage shortage) per branch: its value, its proven bound and the work.

    python bench/l1_proof.py PATH... [--standards FILE] [--time-limit S] [--plain]

PATH is a branch file or a region folder (every file of its ``branches/``). Each branch is
solved with ``staffopt.solve.optimise``, as ``staffopt solve`` does, and one line printed:
level 1's value and bound, every level's value, whether all are proven, and the
deterministic seconds of all CP-SAT calls. The wall-clock guard is widened
(``--wall-factor``) so that the machine's load does not change the figures. ``--plain``
turns off the coverage stage's bound search (``Stage.bound_search``), to compare against it.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

from ortools.sat.python import cp_model

import staffopt.solve
import staffopt.solve.bounds
import staffopt.solve.params
import staffopt.solve.probes
from staffopt.config import load_branch
from staffopt.model import LEVELS
from staffopt.requirements import compute
from staffopt.solve import SolverParams, optimise
from staffopt.staffing import Staffing


def _paths(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out.extend(sorted((p / "branches").glob("*.yaml")) if p.is_dir() else [p])
    return out


def main(argv: list[str] | None = None) -> int:
    """Solve each branch and print its level 1 figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", type=Path, nargs="+")
    parser.add_argument("--standards", type=Path)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--plain", action="store_true", help="no bound search at level 1")
    parser.add_argument("--wall-factor", type=float, default=20.0,
                        help="wall-clock guard, as a multiple of the time limit")
    args = parser.parse_args(argv)
    # a loaded machine must not cut a solve short: the figures are deterministic time
    staffopt.solve.params.WALL_FACTOR = args.wall_factor
    if args.plain:
        staffopt.solve.STAGES = tuple(
            dataclasses.replace(s, bound_search=False) for s in staffopt.solve.STAGES
        )
    work = [0.0]
    original = cp_model.CpSolver.solve

    def solve(solver: cp_model.CpSolver, model: cp_model.CpModel, *a: Any, **k: Any) -> Any:
        status = original(solver, model, *a, **k)
        work[0] += solver.response_proto.deterministic_time
        return status

    cp_model.CpSolver.solve = solve  # type: ignore[method-assign]
    level1 = [0.0]  # det-s of the bounds before level 1 and of the coverage stage
    row_bounds, probe_stage, run_stage = (
        staffopt.solve.bounds.row_bounds, staffopt.solve.probes.probe_stage,
        staffopt.solve.run_stage,
    )

    def counted(fn: Any, first: bool) -> Any:
        def call(*a: Any, **k: Any) -> Any:
            before = work[0]
            got = fn(*a, **k)
            if first or a[1].name == "coverage":
                level1[0] += work[0] - before
            return got
        return call

    staffopt.solve.bounds.row_bounds = counted(row_bounds, True)
    staffopt.solve.probes.probe_stage = counted(probe_stage, False)
    staffopt.solve.run_stage = counted(run_stage, False)
    total = total1 = 0.0
    proven1 = 0
    for path in _paths(args.paths):
        inp = load_branch(path, args.standards)
        staffing = Staffing(inp.standards, inp.branch, compute(inp.standards, inp.branch))
        work[0] = level1[0] = 0.0
        out = optimise(staffing, SolverParams.start(args.time_limit))
        l1 = out.levels["shortage_slots"]
        values = "/".join(str(out.levels[lv].value) for lv in LEVELS)
        proven = all(out.levels[lv].optimal for lv in LEVELS)
        total += work[0]
        total1 += level1[0]
        proven1 += l1.optimal
        print(f"{inp.branch.id}  L1 {l1.value} bound {l1.bound} "
              f"{'proven' if l1.optimal else 'open'}  levels {values}  "
              f"{'optimal' if proven else 'OPEN'}  L1 {level1[0]:.2f}  {work[0]:.2f} det-s",
              flush=True)
    print(f"total {total:.2f} det-s, level 1 {total1:.2f} det-s, level 1 proven on "
          f"{proven1}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
