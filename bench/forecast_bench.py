"""Time ``staffopt forecast`` on a year of tickets of one branch.

    python bench/forecast_bench.py [BRANCH.yaml] [--days 364] [--seed 3] [--repeat 3]

Generates the log with bench/make_tickets.py (once, not timed), then times reading,
checking and estimating it, and prints the rows and the best and worst seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_tickets import Truth, ticket_log

from staffopt.config import load_branch
from staffopt.forecast import run_forecast

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "regions" / "demo-city" / "branches" / "DC-0001.yaml"


def main() -> int:
    """Print the log size and the run times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("branch", type=Path, nargs="?", default=DEMO)
    parser.add_argument("--days", type=int, default=364)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    inp = load_branch(args.branch)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tickets.csv"
        truth = Truth(days=args.days, seed=args.seed)
        path.write_text(ticket_log(inp.standards, inp.branch, truth), encoding="utf-8")
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            run = run_forecast(path, args.branch)
            times.append(time.perf_counter() - start)
        size = path.stat().st_size
    print(f"{run.log.rows:,} rows ({size / 1e6:.1f} MB), {run.forecast.open_days} open days")
    print(f"forecast seconds: best {min(times):.2f}, worst {max(times):.2f} of {args.repeat}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
