"""Model-building benchmark: how much of a branch's solve is spent building CP-SAT models.

    python bench/build_bench.py BRANCH.yaml... [--time-limit S] [--repeat N] [--digest]

Prints one row per branch: the models built, the CPU seconds spent building them, inside
CP-SAT, elsewhere and in all, and the whole solve's wall seconds, each the least of
``--repeat`` runs, then the totals. The machine is shared and loaded: CPU seconds (this
process's, CP-SAT runs one worker in it) vary far less than wall seconds. ``--digest``
adds a sha256 of every model handed to CP-SAT (its text proto, hints included) and of the
result less its timing: two versions of the code that print the same digests built the
same models and found the same rosters.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

from ortools.sat.python import cp_model

import staffopt.model
import staffopt.solve
import staffopt.solve.bounds
from staffopt.config import load_branch


class _Meter:
    """Times every model build and every CP-SAT solve; optionally digests each model."""

    def __init__(self, digest: bool) -> None:
        self.digest = hashlib.sha256() if digest else None
        self.builds = 0
        self.build_seconds = 0.0
        self.cpsat_seconds = 0.0
        self._build = staffopt.model.build
        self._solve = cp_model.CpSolver.solve

    def __enter__(self) -> _Meter:
        meter = self

        def build(*args: object, **kwargs: object) -> staffopt.model.ComponentModel:
            started = time.process_time()
            comp = meter._build(*args, **kwargs)
            meter.build_seconds += time.process_time() - started
            meter.builds += 1
            return comp

        def solve(solver: cp_model.CpSolver, model: cp_model.CpModel, *a: object) -> object:
            if meter.digest is not None:
                meter.digest.update(str(model.proto).encode())
            started = time.process_time()
            status = meter._solve(solver, model, *a)
            meter.cpsat_seconds += time.process_time() - started
            return status

        # the solve and the bounds import ``build`` by name
        for module in (staffopt.solve, staffopt.solve.bounds):
            module.build = build  # type: ignore[attr-defined]
        cp_model.CpSolver.solve = solve  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        for module in (staffopt.solve, staffopt.solve.bounds):
            module.build = self._build  # type: ignore[attr-defined]
        cp_model.CpSolver.solve = self._solve  # type: ignore[method-assign]


def _run(path: Path, time_limit: float, digest: bool) -> dict[str, object]:
    """One solve of one branch, measured."""
    inp = load_branch(path)
    with _Meter(digest) as meter:
        started, cpu = time.perf_counter(), time.process_time()
        result = staffopt.solve.solve(inp, time_limit=time_limit)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    row: dict[str, object] = {
        "builds": meter.builds,
        "build": meter.build_seconds,
        "cpsat": meter.cpsat_seconds,
        "cpu": cpu,
        "wall": wall,
    }
    if meter.digest is not None:
        doc = json.loads(result.to_json())
        doc.pop("solve_seconds", None)
        meter.digest.update(json.dumps(doc, sort_keys=True).encode())
        row["digest"] = meter.digest.hexdigest()[:16]
    return row


def _least(runs: list[dict[str, object]], key: str) -> float:
    values: list[float] = [float(r[key]) for r in runs]  # type: ignore[arg-type]
    return min(values)


def main(argv: list[str] | None = None) -> None:
    """Print the figures of each branch given."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("branches", nargs="+", type=Path)
    ap.add_argument("--time-limit", type=float, default=30.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--digest", action="store_true")
    args = ap.parse_args(argv)
    print(f"{'branch':<10} {'builds':>6} {'build':>8} {'cp-sat':>8} {'other':>8} {'cpu':>8} "
          f"{'wall':>8}" + ("  digest" if args.digest else ""))
    totals = {"build": 0.0, "cpsat": 0.0, "cpu": 0.0, "wall": 0.0}
    for path in args.branches:
        runs = [_run(path, args.time_limit, args.digest and i == 0) for i in range(args.repeat)]
        fig = {key: _least(runs, key) for key in totals}
        for key in totals:
            totals[key] += fig[key]
        other = fig["cpu"] - fig["build"] - fig["cpsat"]
        line = (f"{path.stem:<10} {runs[0]['builds']:>6} {fig['build']:>8.3f} "
                f"{fig['cpsat']:>8.3f} {other:>8.3f} {fig['cpu']:>8.3f} {fig['wall']:>8.3f}")
        print(line + (f"  {runs[0]['digest']}" if args.digest else ""), flush=True)
    other = totals["cpu"] - totals["build"] - totals["cpsat"]
    print(f"{'total':<10} {'':>6} {totals['build']:>8.3f} {totals['cpsat']:>8.3f} "
          f"{other:>8.3f} {totals['cpu']:>8.3f} {totals['wall']:>8.3f}")


if __name__ == "__main__":
    main()
