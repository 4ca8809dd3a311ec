"""Benchmark a region batch with 1 and with 2 worker processes (or any other counts).

    python bench/batch_bench.py [N] [--seed S] [--kind bundled|real] [--lunch] [--districts]
                                [--shift-hours H,H,H] [--region DIR] [--workers 1,2]
                                [--time-limit S] [--work DIR]

generates a synthetic region of N branches (default 470), unless ``--region`` names one:
``--kind bundled`` (the default) with ``bench/make_region.py`` on the bundled standards,
``--kind real`` with ``bench/real_region.py`` on real calendars (``--lunch``,
``--districts`` and ``--shift-hours`` go to that generator). Then it runs
``staffopt.batch.run_batch`` once per worker count, each into a fresh output folder. Per
run it prints the branches,
how many were proven optimal and how many only feasible, the wall-clock seconds, the
median, p90 (nearest rank), largest and summed per-branch solve seconds, the speed-up
over the first run, the unproven branches with their gaps, and the slowest branches. It
also checks that every run wrote the same results apart from the seconds fields, as
determinism requires.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console

from staffopt.batch import RegionSummary, run_batch
from staffopt.cli import DEFAULT_TIME_LIMIT

HERE = Path(__file__).resolve().parent
DEFAULT_N = 470
DEFAULT_SEED = 470  # fixed, so that every benchmark run solves the same region


GENERATORS = {"bundled": "make_region.py", "real": "real_region.py"}
SLOWEST = 5  # branches listed by seconds after each run


def make_region(n: int, seed: int, out: Path, kind: str = "bundled",
                options: list[str] | None = None) -> Path:
    """Generate the synthetic region with the generator's own command line."""
    command = [sys.executable, str(HERE / GENERATORS[kind]), str(n), str(seed), str(out)]
    subprocess.run([*command, *(options or [])], check=True)
    return out


def _without_seconds(path: Path) -> str:
    """A result or summary file with its timing fields blanked, for comparison."""
    if path.suffix != ".json":
        return path.read_text(encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("solve_seconds", None)
    data.pop("seconds", None)
    for row in data.get("rows", []):
        row.pop("seconds", None)
    return json.dumps(data, sort_keys=True)


def snapshot(out: Path) -> dict[str, str]:
    """Every output file of a run, timing fields aside. summary.csv holds seconds: skipped."""
    return {p.name: _without_seconds(p) for p in sorted(out.iterdir())
            if p.is_file() and p.name != "summary.csv"}


def nearest_rank(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the least value with ``share`` of the values at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0


def gaps(summary: RegionSummary, out: Path) -> dict[str, float]:
    """The reported gap of every branch that ended feasible, from its result file."""
    found = {}
    for row in summary.rows:
        if row.status == "feasible":
            data = json.loads((out / f"{row.id}.json").read_text(encoding="utf-8"))
            found[row.id] = float(data.get("gap") or 0.0)
    return found


def report(workers: int, summary: RegionSummary, wall: float, base: float | None,
           out: Path) -> str:
    """The figures of a run: counts, per-branch seconds, the unproven and the slowest."""
    timed = {r.id: r.seconds for r in summary.rows if r.seconds is not None}
    seconds = list(timed.values())
    optimal = sum(1 for r in summary.rows if r.status == "optimal")
    feasible = sum(1 for r in summary.rows if r.status == "feasible")
    speedup = f"{base / wall:.2f}x" if base else "1.00x"
    median = statistics.median(seconds) if seconds else 0.0
    lines = [
        f"workers={workers}  branches={len(summary.rows)}  optimal={optimal}  "
        f"feasible={feasible}  failed={len(summary.failed)}  total={wall:.1f}s  "
        f"speed-up={speedup}",
        f"  per-branch seconds: median {median:.2f}  p90 {nearest_rank(seconds, 0.9):.2f}  "
        f"max {max(seconds, default=0.0):.2f}  sum {sum(seconds):.1f}",
    ]
    unproven = gaps(summary, out)
    if unproven:
        listed = ", ".join(f"{b} {g:.3f}" for b, g in sorted(unproven.items()))
        lines.append(f"  unproven (gap): {listed}")
    slow = sorted(timed.items(), key=lambda kv: (-kv[1], kv[0]))[:SLOWEST]
    lines.append("  slowest: " + ", ".join(f"{b} {t:.2f}s" for b, t in slow))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=DEFAULT_N, help="branches to generate")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument("--kind", choices=sorted(GENERATORS), default="bundled",
                        help="generated region: bundled standards or real calendars")
    parser.add_argument("--lunch", action="store_true", help="real: write the lunch rule")
    parser.add_argument("--districts", action="store_true", help="real: write districts")
    parser.add_argument("--shift-hours", help="real: allowed shift lengths, such as 4,6,8")
    parser.add_argument("--region", type=Path, help="use this region instead of generating one")
    parser.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT,
                        help="solver time limit per branch, seconds")
    parser.add_argument("--work", type=Path, help="keep region and outputs here (default: temp)")
    args = parser.parse_args(argv)
    counts = [int(w) for w in args.workers.split(",") if w.strip()]
    if not counts or min(counts) < 1:
        parser.error("--workers needs positive counts, such as 1,2")
    options = [f"--{name}" for name in ("lunch", "districts") if getattr(args, name)]
    if args.shift_hours:
        options += ["--shift-hours", args.shift_hours]
    if options and args.kind != "real":
        parser.error("--lunch, --districts and --shift-hours need --kind real")

    work = args.work or Path(tempfile.mkdtemp(prefix="staffopt-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    region = args.region or make_region(args.n, args.seed, work / "region", args.kind, options)
    print(f"region {region}, time limit {args.time_limit:g}s per branch", flush=True)

    base: float | None = None
    first: dict[str, str] | None = None
    for workers in counts:
        out = work / f"out-w{workers}"
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        summary = run_batch(region, out=out, workers=workers, time_limit=args.time_limit,
                            console=Console(stderr=True) if sys.stderr.isatty() else None)
        wall = time.perf_counter() - started
        print(report(workers, summary, wall, base, out), flush=True)
        base = base or wall
        files = snapshot(out)
        if first is None:
            first = files
        elif files != first:
            differ = sorted(k for k in first.keys() | files.keys() if first.get(k) != files.get(k))
            print(f"  results differ from the first run in: {', '.join(differ[:10])}")
        else:
            print("  results identical to the first run (seconds aside)")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":  # the guard spawned worker processes need
    raise SystemExit(main())
