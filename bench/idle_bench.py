"""Level 5 (idle contract hours) per branch: its deterministic time, its proof and bound.

    python bench/idle_bench.py REGION [--time-limit S] [--processes P] [--json FILE]

Solves every branch of ``REGION/branches`` with ``staffopt.solve.optimise``, as
``staffopt solve`` does, with the wall-clock guard off (``WALL_FACTOR``), and prints per
branch: the deterministic seconds of the idle-hours stage and of the whole solve, level 5's
value, its proven bound and whether it is proven, and a digest of the roster (roles and
shifts) so that two runs can be compared byte for byte. Deterministic time does not depend
on the machine's load, so ``--processes`` only changes the wall-clock time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
from multiprocessing import Pool
from pathlib import Path

from ortools.sat.python import cp_model

import staffopt.solve
import staffopt.solve.bounds
import staffopt.solve.idle_bound
import staffopt.solve.params
from staffopt.config import load_branch
from staffopt.requirements import compute
from staffopt.solve import SolverParams, optimise
from staffopt.staffing import Staffing

LEVEL = "idle_slots"


def _one(args: tuple[str, str, float, list[str]]) -> dict[str, object]:
    """Solve one branch and return its figures."""
    path, standards, limit, off = args
    staffopt.solve.params.WALL_FACTOR = 1000
    for name in off:
        module = staffopt.solve if hasattr(staffopt.solve, name) else staffopt.solve.idle_bound
        setattr(module, name, False)
    spent = {"L5": 0.0, "all": 0.0}
    original_solve = cp_model.CpSolver.solve
    stage_of = {"now": "other"}

    def solve(self: cp_model.CpSolver, model: cp_model.CpModel, *a: object, **k: object) -> int:
        status = original_solve(self, model, *a, **k)
        used = self.response_proto.deterministic_time
        spent["all"] += used
        if stage_of["now"] == "L5":
            spent["L5"] += used
        return status

    # level 5 runs from its cuts to the component's end; the next component starts
    # with its row bounds
    original_cuts = staffopt.solve.idle_bound.add_idle_cuts
    original_rows = staffopt.solve.bounds.row_bounds

    def add_idle_cuts(*a, **k):  # type: ignore[no-untyped-def]
        stage_of["now"] = "L5"
        return original_cuts(*a, **k)

    def row_bounds(*a, **k):  # type: ignore[no-untyped-def]
        stage_of["now"] = "other"
        return original_rows(*a, **k)

    original_settle = staffopt.solve.idle_bound.settle_at_hint
    data_bound = {"at": 0, "hint": -1}

    def settle(staffing, comp, stage, hint, bound, *a, **k):  # type: ignore[no-untyped-def]
        data_bound["at"] += bound
        data_bound["hint"] += staffopt.solve.idle_bound.hint_value(staffing, comp, hint) + (
            1 if data_bound["hint"] < 0 else 0
        )
        return original_settle(staffing, comp, stage, hint, bound, *a, **k)

    staffopt.solve.idle_bound.settle_at_hint = settle  # type: ignore[assignment]
    cp_model.CpSolver.solve = solve  # type: ignore[method-assign]
    staffopt.solve.idle_bound.add_idle_cuts = add_idle_cuts  # type: ignore[assignment]
    staffopt.solve.bounds.row_bounds = row_bounds  # type: ignore[assignment]
    inp = load_branch(Path(path), Path(standards))
    staffing = Staffing(inp.standards, inp.branch, compute(inp.standards, inp.branch))
    out = optimise(staffing, SolverParams.start(limit))
    level = out.levels[LEVEL]
    roster = json.dumps(
        {
            e: [out.roles.get(e), out.teams.get(e), [repr(s) for s in out.shifts.get(e, [])]]
            for e in sorted(out.shifts)
        },
        sort_keys=True,
    )
    return {
        "branch": Path(path).stem,
        "l5_det": round(spent["L5"], 4),
        "all_det": round(spent["all"], 4),
        "l5_value": level.value,
        "l5_bound": level.bound,
        "l5_optimal": level.optimal,
        "data_bound": data_bound["at"],
        "hint": data_bound["hint"],
        "all_optimal": all(v.optimal for v in out.levels.values()),
        "digest": hashlib.sha256(roster.encode()).hexdigest()[:16],
    }


def main() -> None:
    """Run the bench."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("region", type=Path)
    ap.add_argument("--time-limit", type=float, default=30.0)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--off", action="append", default=[], help="a staffopt.solve.idle_bound flag")
    a = ap.parse_args()
    files = sorted((a.region / "branches").glob("*.yaml"))
    standards = str(a.region / "standards.yaml")
    with Pool(a.processes) as pool:
        jobs = [(str(f), standards, a.time_limit, a.off) for f in files]
        rows = pool.map(_one, jobs, chunksize=1)
    for r in rows:
        print(
            f"{r['branch']}  L5 {r['l5_det']:8.3f} det-s  all {r['all_det']:8.3f}  "
            f"idle {r['l5_value']:5d} >= {r['l5_bound']:5d} {'opt' if r['l5_optimal'] else 'GAP'}"
            f"  data {r['data_bound']:5d} hint {r['hint']:5d}"
            f"  {r['digest']}"
        )
    l5 = [float(r["l5_det"]) for r in rows]
    print(
        f"branches {len(rows)}  L5 proven {sum(bool(r['l5_optimal']) for r in rows)}  "
        f"all proven {sum(bool(r['all_optimal']) for r in rows)}  "
        f"L5 det-s sum {sum(l5):.2f} median {statistics.median(l5):.3f} max {max(l5):.2f}  "
        f"all det-s sum {sum(float(r['all_det']) for r in rows):.2f}"
    )
    if a.json:
        a.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
