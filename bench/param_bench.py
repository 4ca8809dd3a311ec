"""What other CP-SAT parameters cost: solves branches with a parameter override and prints,
per branch, the deterministic time (in all and by kind of call), the status, the gap and the
objective values, then the totals and the median.

    python bench/param_bench.py PATH... [--standards FILE] [--time-limit S] [--jobs N]
                                [--set NAME=VALUE]... [--sub-set NAME=VALUE]...
                                [--json OUT] [--base BASE.json] [--stop-on-loss]
                                [--stop-over R]

PATH is a branch file or a region folder (every file of its ``branches/``). ``--set`` puts a
``SatParameters`` field on every CP-SAT call of the solve, after staffopt's own settings;
``--sub-set`` puts it on the sub-model bounds and the probes only (the calls
``SolverParams.exact`` makes). Both go through ``SolverParams.extra`` / ``sub_extra``, so the
solve is otherwise exactly ``staffopt solve``'s. Enum values are given by name
(``search_branching=FIXED_SEARCH``), booleans as true/false.

The wall-clock guard of ``SolverParams`` is off, so that only the deterministic budget
ends a solve, whatever the load. ``--json`` keeps the figures; ``--base`` compares with
such a file: the det-s ratio per branch and over the set, and every branch whose objective
got worse (lexicographically) where the base proved it, or that lost a proof.

Kinds of call: ``stage`` (a level's minimisation), ``row``/``day``/``role`` (the sub-model
bounds of ``staffopt.solve.bounds``), ``probe`` (``staffopt.solve.probes``). Deterministic time
does not depend on the machine's load, so it is the figure to compare.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any

from ortools.sat import sat_parameters_pb2
from ortools.sat.python import cp_model

from staffopt.config import load_branch
from staffopt.extract import build_result
from staffopt.requirements import compute
from staffopt.solve import SolverParams, optimise
from staffopt.staffing import Staffing

KINDS = ("stage", "row", "day", "role", "probe")
NO_GUARD = 1e6  # seconds
OBJECTIVE = ("shortage_slots", "floor_shortage", "headcount", "role_changes", "idle_hours")


def parse_setting(text: str) -> tuple[str, object]:
    """``NAME=VALUE`` as a SatParameters field and a value of its type."""
    name, _, raw = text.partition("=")
    fields = sat_parameters_pb2.SatParameters.DESCRIPTOR.fields_by_name
    if name not in fields:
        raise SystemExit(f"--set {text}: no SatParameters field {name!r}")
    f = fields[name]
    if f.enum_type is not None:
        if raw not in f.enum_type.values_by_name:
            raise SystemExit(f"--set {text}: {name} is one of {list(f.enum_type.values_by_name)}")
        return name, raw  # by name: the solver's own enum type does not pickle
    if f.type == f.TYPE_BOOL:
        return name, raw.lower() in ("1", "true", "yes")
    if f.type in (f.TYPE_DOUBLE, f.TYPE_FLOAT):
        return name, float(raw)
    return name, int(raw)


def _kind(frame: FrameType | None) -> str:
    """The kind of a CP-SAT call, from the staffopt function that made it."""
    while frame is not None:
        name = frame.f_code.co_name
        if name == "least_row_shortage":
            return "day"
        if name == "_feasible":
            return "probe"
        if name == "run_stage":
            return "stage"
        if name == "least" and frame.f_back is not None:
            return "row" if frame.f_back.f_code.co_name == "row_bounds" else "role"
        frame = frame.f_back
    return "stage"


class DetTime:
    """Adds up each CP-SAT call's deterministic time by kind, while entered."""

    def __init__(self) -> None:
        self.by_kind = dict.fromkeys(KINDS, 0.0)
        self.calls = 0
        self._solve = cp_model.CpSolver.solve

    def __enter__(self) -> DetTime:
        outer = self

        def solve(solver: cp_model.CpSolver, *args: Any, **kwargs: Any) -> Any:
            status = outer._solve(solver, *args, **kwargs)
            outer.by_kind[_kind(sys._getframe(1))] += solver.response_proto.deterministic_time
            outer.calls += 1
            return status

        cp_model.CpSolver.solve = solve  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        cp_model.CpSolver.solve = self._solve  # type: ignore[method-assign]


def _enums(settings: dict[str, object]) -> dict[str, object]:
    """The settings with enum values (names) as the solver's parameters take them."""
    kind = type(cp_model.CpSolver().parameters)
    return {k: getattr(kind, v) if isinstance(v, str) else v for k, v in settings.items()}


def run(job: tuple[str, str | None, float, dict, dict]) -> dict[str, Any]:
    """Solve one branch with the override; its figures."""
    path, standards, limit, extra, sub_extra = job
    extra, sub_extra = _enums(extra), _enums(sub_extra)
    inp = load_branch(Path(path), Path(standards) if standards else None)
    started = time.perf_counter()
    with DetTime() as det:
        staffing = Staffing(inp.standards, inp.branch, compute(inp.standards, inp.branch))
        # no wall-clock guard: on a loaded machine it would cut a slow setting's solve
        # where its deterministic budget would not, and the figures would follow the load
        params = replace(SolverParams.start(limit), deadline=time.perf_counter() + NO_GUARD,
                         extra=extra, sub_extra=sub_extra)
        solution = optimise(staffing, params)
        result = build_result(inp, staffing, solution, time.perf_counter() - started)
    objective = result.objective.model_dump() if result.objective else {}
    return {"branch": inp.branch.id, "status": result.status, "gap": result.gap or 0.0,
            "det": sum(det.by_kind.values()), "by_kind": det.by_kind, "calls": det.calls,
            "wall": time.perf_counter() - started,
            "objective": [objective.get(k) for k in OBJECTIVE]}


def _paths(items: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in items:
        out.extend(sorted((p / "branches").glob("*.yaml")) if p.is_dir() else [p])
    return out


def _lost(r: dict[str, Any], base: dict[str, Any] | None) -> bool:
    """Whether ``r`` lost a proof, or an optimum, that ``base`` had."""
    return base is not None and base["status"] == "optimal" and (
        r["status"] != "optimal" or r["objective"] > base["objective"])


def _line(r: dict[str, Any], base: dict[str, Any] | None) -> str:
    kinds = " ".join(f"{k} {r['by_kind'][k]:.2f}" for k in KINDS if r["by_kind"][k])
    text = (f"{r['branch']:<10}{r['det']:>8.2f} det-s  {r['status']:<8} gap {r['gap']:.4f}  "
            f"obj {r['objective']}  ({kinds}; {r['calls']} calls, {r['wall']:.1f} s wall)")
    if base is not None:
        text += f"  x{r['det'] / max(base['det'], 1e-9):.2f}"
        if base["status"] == "optimal" and r["objective"] > base["objective"]:
            text += f"  WORSE than base {base['objective']}"
        if base["status"] == "optimal" and r["status"] != "optimal":
            text += "  PROOF LOST"
        if base["status"] != "optimal" and r["status"] == "optimal":
            text += "  newly proven"
    return text


def report(results: list[dict[str, Any]], base: dict[str, dict[str, Any]]) -> list[str]:
    """A line per branch, then the totals (and the ratios to ``base``)."""
    lines = [_line(r, base.get(r["branch"])) for r in results]
    dets = [r["det"] for r in results]
    proven = sum(r["status"] == "optimal" for r in results)
    lines.append(f"total {sum(dets):.2f} det-s, median {statistics.median(dets):.2f}, "
                 f"{proven}/{len(results)} optimal; by kind: " + ", ".join(
                     f"{k} {sum(r['by_kind'][k] for r in results):.2f}" for k in KINDS))
    shared = [r for r in results if r["branch"] in base]
    if shared:
        before = sum(base[r["branch"]]["det"] for r in shared)
        after = sum(r["det"] for r in shared)
        proven = [r for r in shared if base[r["branch"]]["status"] == "optimal"]
        ratio = sum(r["det"] for r in proven) / max(
            sum(base[r["branch"]]["det"] for r in proven), 1e-9)
        lines.append(
            f"vs base: x{after / max(before, 1e-9):.3f} det-s over {len(shared)} branches "
            f"({before:.2f} -> {after:.2f}); on the {len(proven)} the base proved: x{ratio:.3f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--standards", type=Path)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--set", action="append", default=[], dest="sets")
    parser.add_argument("--sub-set", action="append", default=[], dest="sub_sets")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--stop-on-loss", action="store_true",
                        help="stop at the first branch that loses what the base proved")
    parser.add_argument("--stop-over", type=float, default=0.0,
                        help="stop once the det-s spent passes this multiple of the base's")
    parser.add_argument("--base", type=Path)
    args = parser.parse_args()
    extra = dict(parse_setting(s) for s in args.sets)
    sub_extra = dict(parse_setting(s) for s in args.sub_sets)
    std = str(args.standards) if args.standards else None
    jobs = [(str(p), std, args.time_limit, extra, sub_extra) for p in _paths(args.paths)]
    base = {}
    if args.base:
        base = {r["branch"]: r for r in json.loads(args.base.read_text())["results"]}
    # the longest first, so that the last to finish are short
    jobs.sort(key=lambda j: -base.get(Path(j[0]).stem, {}).get("det", 0.0))
    results = []
    with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
        for r in pool.imap_unordered(run, jobs, chunksize=1):
            print(_line(r, base.get(r["branch"])), file=sys.stderr, flush=True)  # progress
            results.append(r)
            if args.stop_on_loss and _lost(r, base.get(r["branch"])):
                print(f"stopped: {r['branch']} lost a proof or an optimum", flush=True)
                pool.terminate()
                break
            spent = sum(x["det"] for x in results)
            if args.stop_over and spent > args.stop_over * sum(b["det"] for b in base.values()):
                print(f"stopped: {spent:.2f} det-s spent, over {args.stop_over} x the base's "
                      "whole set", flush=True)
                pool.terminate()
                break
    results.sort(key=lambda r: r["branch"])
    print(f"settings: {args.sets} sub: {args.sub_sets}; time limit {args.time_limit}")
    print("\n".join(report(results, base)))
    if args.json:
        args.json.write_text(json.dumps({"sets": args.sets, "sub_sets": args.sub_sets,
                                         "results": results}, indent=1))


if __name__ == "__main__":
    main()
