"""Per-role figures of kept what-if runs, as a Markdown table for bench/RESULTS.md.

Usage: python bench/whatif_figures.py OUT_DIR [OUT_DIR ...]

Each OUT_DIR is the ``--out`` folder of a ``staffopt whatif`` run: its ``baseline/`` and
``scenario/`` result sets are compared again (all branches, and the branches proven
optimal on both sides), so that figures added since the run are counted too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from staffopt.result import BranchResult
from staffopt.whatif import WhatIfResult, compare

FIGURES = ("demand_hours", "required", "freed", "under_floor", "uncovered_hours")


def _results(folder: Path) -> dict[str, BranchResult]:
    return {p.name: BranchResult.model_validate_json(p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("*.json")) if p.name != "summary.json"}


def _compared(out: Path, proven_only: bool) -> WhatIfResult:
    base, scen = _results(out / "baseline"), _results(out / "scenario")
    if proven_only:
        keep = {f for f in base if base[f].status == scen[f].status == "optimal"}
        base = {f: r for f, r in base.items() if f in keep}
        scen = {f: r for f, r in scen.items() if f in keep}
    whatif = json.loads((out / "whatif.json").read_text(encoding="utf-8"))
    summary = json.loads((out / "baseline" / "summary.json").read_text(encoding="utf-8"))
    roles = [t["role"] for t in summary["totals"]]
    return compare(whatif["scenario"], whatif["scope"], whatif["target"], whatif["standards"],
                   roles, base, scen)


def _cell(row: object, name: str) -> str:
    base, scen, change = (getattr(getattr(row, side), name)
                          for side in ("baseline", "scenario", "change"))
    return f"{base:g} → {scen:g} ({change:+g})"


def table(result: WhatIfResult, title: str) -> str:
    """A Markdown table: a row per role and the total, baseline → scenario (change)."""
    lines = [f"{title}: {result.compared} branches", "",
             "| role | " + " | ".join(FIGURES) + " |", "|---" * (len(FIGURES) + 1) + "|"]
    for row in [*result.roles, result.total]:
        name = getattr(row, "role", "total")
        lines.append(f"| {name} | " + " | ".join(_cell(row, f) for f in FIGURES) + " |")
    return "\n".join(lines) + "\n"


def main(folders: list[str]) -> None:
    """Print the tables of each kept run."""
    for folder in folders:
        out = Path(folder)
        for proven in (False, True):
            result = _compared(out, proven)
            which = "proven optimal on both sides" if proven else "all branches"
            print(table(result, f"{result.scenario} on {result.target}, {which}"))


if __name__ == "__main__":
    main(sys.argv[1:])
