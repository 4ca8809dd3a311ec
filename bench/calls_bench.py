"""The fixed cost of a branch's solve: CP-SAT calls, their deterministic and wall seconds.

    python bench/calls_bench.py REGION OUT [--only ID,ID] [--time-limit S]

Solves every branch of ``REGION/branches`` (or those ``--only`` names) with
``staffopt.solve.solve``, the wall guard off (``WALL_FACTOR = 1000``), counting every CP-SAT
call by stage (``bench/stage_profile.py``'s recorder) and the model builds. Writes
``OUT/<id>.json`` (the result without ``solve_seconds``, to compare rosters and
objectives between runs and branches of the code) and ``OUT/calls.json`` (per branch:
status, calls, det. s, wall in CP-SAT, build wall, whole wall, calls by stage). Prints one
line per branch and the totals.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import stage_profile

import staffopt.solve.params
from staffopt.config import load_branch
from staffopt.solve import solve

staffopt.solve.params.WALL_FACTOR = 1000  # the guard never cuts a stage while measuring
_OTHER = {"least_row_shortage": "L1 day bounds", "_feasible": "L1 probes",
          "search_bound": "L1 finish"}
_stage = stage_profile._stage


def _named(frame):
    """The stage of a call, naming the callers stage_profile calls 'other'."""
    found = _stage(frame)
    if found[0] == "other":
        while frame is not None:
            if frame.f_code.co_name in _OTHER:
                return _OTHER[frame.f_code.co_name], 0
            frame = frame.f_back
    return found


stage_profile._stage = _named


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("region", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", default="", help="branch ids, comma-separated")
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args(argv)
    only = {s for s in args.only.split(",") if s}
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for path in sorted((args.region / "branches").glob("*.yaml")):
        if only and path.stem not in only:
            continue
        inp = load_branch(path)
        started = time.perf_counter()
        with stage_profile.Recorder() as rec:
            result = solve(inp, time_limit=args.time_limit)
        wall = time.perf_counter() - started
        data = json.loads(result.to_json())
        data.pop("solve_seconds", None)
        (args.out / f"{path.stem}.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        stages: dict[str, int] = {}
        for c in rec.calls:
            stages[c.stage] = stages.get(c.stage, 0) + 1
        row = {
            "id": path.stem, "status": result.status, "calls": len(rec.calls),
            "dtime": round(sum(c.dtime for c in rec.calls), 3),
            "presolve": round(sum(c.presolve_dtime for c in rec.calls), 3),
            "cpsat_wall": round(sum(c.wall for c in rec.calls), 3),
            "build_wall": round(rec.build_seconds, 3), "builds": rec.builds,
            "wall": round(wall, 3), "stages": stages,
            "per_call": [[c.stage, round(c.dtime, 3), round(c.wall, 3),
                          round(c.presolve_dtime, 3), c.status] for c in rec.calls],
        }
        rows.append(row)
        print(f"{row['id']} {row['status']:<9} calls {row['calls']:>3} det {row['dtime']:>7.2f} "
              f"cpsat {row['cpsat_wall']:>6.2f} build {row['build_wall']:>5.2f} "
              f"wall {row['wall']:>6.2f} {stages}", flush=True)
    (args.out / "calls.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    n = len(rows)
    print(f"{n} branches, optimal {sum(r['status'] == 'optimal' for r in rows)}, "
          f"calls {sum(r['calls'] for r in rows)}, det {sum(r['dtime'] for r in rows):.2f}, "
          f"cpsat wall {sum(r['cpsat_wall'] for r in rows):.2f}, "
          f"wall {sum(r['wall'] for r in rows):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
