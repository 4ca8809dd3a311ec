"""Time the regional pool on a region a batch has already solved, and print its figures.

Usage: python bench/pool_bench.py REGION OUT [--budget SECONDS]
REGION is the region folder, OUT the batch's output folder (its <branch>.json results).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from staffopt.batch.pooling import _branches, region_pool
from staffopt.batch.region import open_region
from staffopt.config import load_standards
from staffopt.pool.roles import pool_roles
from staffopt.pool.stage import GROUP_BUDGET, run_pool
from staffopt.result import BranchResult


def main() -> None:
    """Solve the pool once and print uncovered hours before and after, members, time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("region", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--budget", type=float, default=GROUP_BUDGET)
    parser.add_argument("--check", action="store_true",
                        help="recount every pool rule with the tests' independent checker")
    args = parser.parse_args()
    reg = open_region(args.region)
    std, _, _ = load_standards(reg.standards)
    pool = region_pool(args.region, std)
    results = {}
    for path in sorted(args.out.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("kind") == "BranchResult" and data.get("status") != "error":
            results[data["branch"]] = BranchResult.model_validate(data)
    branches = _branches(reg.files, results)
    started = time.perf_counter()
    outcome = run_pool(reg.name, pool, branches, results, std, budget=args.budget)
    seconds = time.perf_counter() - started
    r = outcome.result
    used = sum(1 for m in r.members if m.used)
    print(f"branches {len(results)}  scope {r.scope}  status {r.status}  gap {r.gap:.4f}")
    print(f"uncovered hours before {r.uncovered_hours_before}  after {r.uncovered_hours_after}")
    print(f"members {len(r.members)}  used {used}  pooled shifts {len(r.roster)}")
    digest = hashlib.sha256(r.to_json().encode()).hexdigest()[:16]
    print(f"pool.json sha256 {digest}")
    print(f"pool stage {seconds:.1f} s (budget {args.budget} deterministic s per group)")
    if outcome.note:
        print(f"note: {outcome.note}")
    if args.check:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from pool_checker import check_pool

        plain = {b: res.model_dump(mode="json") for b, res in results.items()}
        found = check_pool(json.loads(r.to_json()), branches, plain, std,
                           pool_roles(pool, std))
        print(f"checker: {len(found)} problems", *found[:5], sep="\n  ")


if __name__ == "__main__":
    main()
