"""Benchmark a region batch with 1 and with 2 worker processes (or any other counts).

    python bench/batch_bench.py [N] [--seed S] [--region DIR] [--workers 1,2]
                                [--time-limit S] [--work DIR]

generates a synthetic region of N branches (default 470) with ``bench/make_region.py``,
unless ``--region`` names one, then runs ``staffopt.batch.run_batch`` once per worker count,
each into a fresh output folder. Per run it prints the branches, how many were proved
optimal, the wall-clock seconds, the median and largest per-branch solve seconds, and the
speed-up over the first run. It also checks that every run wrote the same results apart
from the seconds fields, as determinism requires.
"""

from __future__ import annotations

import argparse
import json
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


def make_region(n: int, seed: int, out: Path) -> Path:
    """Generate the synthetic region with the generator's own command line."""
    subprocess.run([sys.executable, str(HERE / "make_region.py"), str(n), str(seed), str(out)],
                   check=True)
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


def report(workers: int, summary: RegionSummary, wall: float, base: float | None) -> str:
    """One line of figures for a run."""
    seconds = [r.seconds for r in summary.rows if r.seconds is not None]
    optimal = sum(1 for r in summary.rows if r.status == "optimal")
    median = statistics.median(seconds) if seconds else 0.0
    largest = max(seconds, default=0.0)
    speedup = f"{base / wall:.2f}x" if base else "1.00x"
    return (
        f"workers={workers}  branches={len(summary.rows)}  optimal={optimal}  "
        f"failed={len(summary.failed)}  total={wall:.1f}s  per-branch median={median:.2f}s "
        f"max={largest:.2f}s  speed-up={speedup}"
    )


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=DEFAULT_N, help="branches to generate")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument("--region", type=Path, help="use this region instead of generating one")
    parser.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT,
                        help="solver time limit per branch, seconds")
    parser.add_argument("--work", type=Path, help="keep region and outputs here (default: temp)")
    args = parser.parse_args(argv)
    counts = [int(w) for w in args.workers.split(",") if w.strip()]
    if not counts or min(counts) < 1:
        parser.error("--workers needs positive counts, such as 1,2")

    work = args.work or Path(tempfile.mkdtemp(prefix="staffopt-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    region = args.region or make_region(args.n, args.seed, work / "region")
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
        print(report(workers, summary, wall, base), flush=True)
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
