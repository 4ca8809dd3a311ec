"""Where a branch's solve spends its time: per stage and level, presolve against search,
bound against incumbent, and the model sizes.

    python bench/stage_profile.py PATH... [--standards FILE] [--time-limit S]
                                  [--summary SUMMARY.json --slowest K] [--json FILE]
                                  [--logs DIR] [--separate-levels]

PATH is a branch file or a region folder (every file of its ``branches/``). With
``--summary`` (a batch's summary.json) and ``--slowest K``, only the K branches that took
longest in that batch are profiled. Each branch is solved with ``staffopt.solve.optimise``,
exactly as ``staffopt solve`` does; every CP-SAT call it makes is intercepted to switch on
CP-SAT's search log (into the response, not the terminal) and to read from it:

- the stage the call belongs to: ``L1 post bounds`` (the per-post shortage sub-models),
  ``L1``, ``L2-4 role bounds`` (the per-role headcount sub-models), ``L2-4`` (one weighted
  solve) and ``L5`` (idle contract hours, on the full shift set), by the staffopt function that
  made the call;
- the deterministic time of the call, and of its presolve (the call's total less the
  search workers' own, from the log's task-timing table);
- the model's variables and constraints before and after presolve;
- the objective of the hint, of the first and of the last solution, the final bound, and
  when (in the call's wall-clock seconds) the last solution and the last bound came.

It also times the model builds (``staffopt.model.build``, as ``staffopt.solve`` and its
``bounds`` call it)
and the wall-clock seconds spent outside CP-SAT. ``--logs`` keeps the full log of every
call that ended unproven. ``--separate-levels`` is an experiment: it solves levels 2, 3 and
4 one at a time instead of in one weighted solve (``staffopt.solve.STAGES`` replaced).

Deterministic time does not depend on the machine's load, so it is the figure to compare;
the wall-clock moments inside one call are only read as shares of that call. The log does
not change the search: the results are the same as without it.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from ortools.sat.python import cp_model

import staffopt.solve
import staffopt.solve.bounds
from staffopt.config import load_branch
from staffopt.counting import coverage
from staffopt.model import LEVELS
from staffopt.requirements import compute
from staffopt.solution import idle_slots
from staffopt.solve import SolverParams, optimise
from staffopt.solve.stages import Stage
from staffopt.staffing import Staffing

STAGES = ("L1 post bounds", "L1", "L2-4 role bounds", "L2-4", "L3", "L4", "L5")
_STAGE_OF_LEVEL = {"shortage_slots": "L1", "floor_shortage": "L2-4", "headcount": "L3",
                   "role_changes": "L4", "idle_slots": "L5"}
# --separate-levels: levels 2, 3 and 4 one solve each instead of one weighted solve
SEPARATE = (
    Stage("coverage", ("shortage_slots",)),
    Stage("floors", ("floor_shortage",), role_bounds=True),
    Stage("headcount", ("headcount",)),
    Stage("role changes", ("role_changes",)),
    Stage("idle hours", ("idle_slots",), full_model=True),
)
_UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


@dataclass
class Call:
    """One CP-SAT solve and what its log says."""

    stage: str
    employees: int
    variables: int
    constraints: int
    status: str = ""
    dtime: float = 0.0
    wall: float = 0.0  # seconds inside CP-SAT, on this machine's load
    presolve_dtime: float = 0.0
    presolved_variables: int = 0
    presolved_constraints: int = 0
    hint: float | None = None  # the objective of the hint, where it was complete and feasible
    first: float | None = None  # the first solution's objective
    objective: float | None = None
    bound: float | None = None
    search_start: float = 0.0  # wall seconds into the call
    last_solution: float | None = None
    last_bound: float | None = None
    done: float = 0.0
    log: str = field(default="", repr=False)


@dataclass
class Profile:
    """A branch's calls, and its result."""

    branch: str
    staff: int
    status: str = ""
    gap: float = 0.0
    seconds: float = 0.0
    levels: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    build_seconds: float = 0.0  # wall seconds in staffopt.model.build, every model
    builds: int = 0

    def stage_dtime(self, stage: str) -> float:
        """Deterministic time of one stage, over every component."""
        return sum(c.dtime for c in self.calls if c.stage == stage)

    @property
    def dtime(self) -> float:
        """Deterministic time of the branch."""
        return sum(c.dtime for c in self.calls)

    @property
    def outside(self) -> float:
        """Wall seconds outside CP-SAT: sizing, model building, bounds, the result."""
        return self.seconds - sum(c.wall for c in self.calls)


def _stage(frame: FrameType | None) -> tuple[str, int]:
    """The stage a solve call belongs to, and its component's size, from its callers."""
    while frame is not None:
        name, local = frame.f_code.co_name, frame.f_locals
        if name == "least" and frame.f_back is not None:
            caller = frame.f_back.f_code.co_name
            sub = local.get("sub")
            size = len(sub.employees) if sub is not None else 0
            return ("L1 post bounds" if caller == "row_bounds" else "L2-4 role bounds"), size
        if name == "run_stage":
            comp = local.get("comp")
            size = len(comp.employees) if comp is not None else 0
            return _STAGE_OF_LEVEL.get(local["stage"].levels[0], "other"), size
        frame = frame.f_back
    return "other", 0


def _seconds(token: str) -> float:
    match = re.fullmatch(r"([\d.]+)(ns|us|ms|s)", token)
    return float(match.group(1)) * _UNITS[match.group(2)] if match else 0.0


def _sizes(block: str) -> tuple[int, int]:
    """Variables and constraints of one '#Variables: ...' block of the log."""
    found = re.search(r"#Variables: ([\d']+)", block)
    variables = int(found.group(1).replace("'", "")) if found else 0
    constraints = sum(int(n.replace("'", "")) for n in re.findall(r"^#k\w+: ([\d']+)", block,
                                                                  re.MULTILINE))
    return variables, constraints


def read_log(call: Call, log: str) -> None:
    """Fill a call's figures from CP-SAT's search log."""
    presolved = log.split("Presolved optimization model", 1)
    if len(presolved) == 2:
        call.presolved_variables, call.presolved_constraints = _sizes(
            presolved[1].split("\n\n", 1)[0])
    hint = re.search(r"hint is complete and is feasible\. Its objective value is (-?[\d.e+]+)", log)
    call.hint = float(hint.group(1)) if hint else None
    start = re.search(r"Starting search at ([\d.]+)s", log)
    call.search_start = float(start.group(1)) if start else 0.0
    solutions = re.findall(r"^#\d+\s+([\d.]+)s best:(-?[\d.e+]+)", log, re.MULTILINE)
    if solutions:
        call.first = float(solutions[0][1])
        call.last_solution = float(solutions[-1][0])
    bounds = re.findall(r"^#Bound\s+([\d.]+)s", log, re.MULTILINE)
    call.last_bound = float(bounds[-1]) if bounds else None
    done = re.search(r"^#Done\s+([\d.]+)s", log, re.MULTILINE)
    wall = re.search(r"^walltime: ([\d.e+-]+)", log, re.MULTILINE)
    call.done = float(done.group(1)) if done else float(wall.group(1)) if wall else 0.0
    table = log.split("Task timing", 1)
    if len(table) == 2:
        rows = table[1].split("\n\n", 1)[0].splitlines()[1:]
        search = sum(_seconds(row.split()[-1]) for row in rows if row.strip())
        call.presolve_dtime = max(0.0, call.dtime - search)


class Recorder:
    """Intercepts CpSolver.solve while it is entered, keeping a Call per solve, and times
    the model builds that staffopt.solve makes."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.build_seconds = 0.0
        self.builds = 0
        self._solve = cp_model.CpSolver.solve
        self._build = staffopt.solve.build

    def __enter__(self) -> Recorder:
        recorder = self

        def build(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return recorder._build(*args, **kwargs)
            finally:
                recorder.build_seconds += time.perf_counter() - started
                recorder.builds += 1

        def solve(solver: cp_model.CpSolver, model: cp_model.CpModel, *args: Any,
                  **kwargs: Any) -> Any:
            stage, size = _stage(sys._getframe(1))
            call = Call(stage, size, len(model.proto.variables), len(model.proto.constraints))
            params = solver.parameters
            params.log_search_progress = True
            params.log_to_stdout = False
            params.log_to_response = True
            started = time.perf_counter()
            status = recorder._solve(solver, model, *args, **kwargs)
            call.wall = time.perf_counter() - started
            response = solver.response_proto
            call.status = solver.status_name(status)
            call.dtime = response.deterministic_time
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                call.objective = response.objective_value
                call.bound = response.best_objective_bound
            call.log = response.solve_log
            read_log(call, call.log)
            recorder.calls.append(call)
            return status

        cp_model.CpSolver.solve = solve  # type: ignore[method-assign]
        staffopt.solve.build = build  # the names staffopt.solve and its bounds call
        staffopt.solve.bounds.build = build
        return self

    def __exit__(self, *exc: object) -> None:
        cp_model.CpSolver.solve = self._solve  # type: ignore[method-assign]
        staffopt.solve.build = self._build
        staffopt.solve.bounds.build = self._build


def profile(path: Path, standards: Path | None, time_limit: float) -> Profile:
    """Solve one branch as staffopt does, recording every CP-SAT call."""
    inp = load_branch(path, standards)
    started = time.perf_counter()
    with Recorder() as recorder:
        staffing = Staffing(inp.standards, inp.branch, compute(inp.standards, inp.branch))
        solution = optimise(staffing, SolverParams.start(time_limit))
    seconds = time.perf_counter() - started
    # the levels as the solve reached them (read from the roster where it is the
    # solution's own figure), so that the profile needs no Result
    values = {level: solution.levels[level].value for level in LEVELS}
    count = coverage((s for worked in solution.shifts.values() for s in worked), staffing.slot)
    values["shortage_slots"] = sum(max(0, n - count[k]) for k, n in staffing.demand.items())
    values["idle_slots"] = idle_slots(staffing, solution)
    status = "optimal" if solution.optimal else "feasible"
    out = Profile(inp.branch.id, len(inp.branch.staff), status, solution.gap(values),
                  seconds, calls=recorder.calls, build_seconds=recorder.build_seconds,
                  builds=recorder.builds)
    for level in LEVELS:
        outcome = solution.levels[level]
        out.levels[level] = {"value": values.get(level), "bound": outcome.bound,
                             "optimal": outcome.optimal}
    return out


def _fmt(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def branch_lines(p: Profile) -> list[str]:
    """A branch's figures: a line per stage, and every call that did not prove its stage."""
    lines = [f"{p.branch}: {p.staff} staff, {p.status}, gap {p.gap:.4f}, "
             f"{p.dtime:.2f} det. s; {p.seconds:.1f} s wall, {p.outside:.1f} s of it "
             f"outside CP-SAT ({p.build_seconds:.1f} s building {p.builds} models)"]
    for stage in STAGES:
        calls = [c for c in p.calls if c.stage == stage]
        if not calls:
            continue
        big = max(calls, key=lambda c: c.variables)
        presolve = sum(c.presolve_dtime for c in calls)
        lines.append(
            f"  {stage:<17}{len(calls):>3} calls {p.stage_dtime(stage):>7.2f} det. s "
            f"{sum(c.wall for c in calls):>6.1f} s "
            f"(presolve {presolve:.2f}); largest model {big.variables} vars "
            f"{big.constraints} cons -> {big.presolved_variables} vars "
            f"{big.presolved_constraints} cons ({big.employees} staff)")
    for level, figures in p.levels.items():
        if not figures["optimal"]:
            lines.append(f"  {level} not proven: value {figures['value']}, "
                         f"bound {figures['bound']}")
    for c in p.calls:
        if c.status != "OPTIMAL":
            shares = (f"search from {c.search_start / max(c.done, 1e-9):.0%}, last solution at "
                      f"{_fmt(c.last_solution and c.last_solution / max(c.done, 1e-9), 2)}, "
                      f"last bound at {_fmt(c.last_bound and c.last_bound / max(c.done, 1e-9), 2)}"
                      " of the call")
            lines.append(
                f"  unproven {c.stage} ({c.employees} staff, {c.status}): hint {_fmt(c.hint)} "
                f"first {_fmt(c.first)} last {_fmt(c.objective)} bound {_fmt(c.bound, 1)}; "
                f"{shares}")
    return lines


def summary_lines(profiles: list[Profile]) -> list[str]:
    """The shares of each stage and of presolve, over every branch profiled."""
    total = sum(p.dtime for p in profiles) or 1.0
    lines = [f"{len(profiles)} branches, {total:.2f} det. s in all"]
    for stage in STAGES:
        spent = sum(p.stage_dtime(stage) for p in profiles)
        calls = [c for p in profiles for c in p.calls if c.stage == stage]
        if not calls:
            continue
        presolve = sum(c.presolve_dtime for c in calls)
        unproven = sum(1 for c in calls if c.status != "OPTIMAL")
        lines.append(f"  {stage:<17}{spent:>8.2f} det. s  {spent / total:>4.0%}  "
                     f"presolve {presolve / (spent or 1.0):>4.0%}  calls {len(calls):>4}  "
                     f"unproven {unproven}")
    dtimes = [p.dtime for p in profiles]
    lines.append(f"  per branch: median {statistics.median(dtimes):.2f}, "
                 f"max {max(dtimes):.2f} det. s")
    wall = sum(p.seconds for p in profiles) or 1.0
    lines.append(f"  wall outside CP-SAT (sizing, building, bounds, result): "
                 f"{sum(p.outside for p in profiles) / wall:.0%} of {wall:.1f} s, building "
                 f"the models {sum(p.build_seconds for p in profiles) / wall:.0%}")
    return lines


def write_logs(p: Profile, folder: Path) -> None:
    """The log of every call that did not prove its stage, as <branch>-<n>-<stage>.log."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, call in enumerate(p.calls):
        if call.status != "OPTIMAL":
            name = f"{p.branch}-{n:02d}-{call.stage.replace(' ', '-')}.log"
            (folder / name).write_text(call.log, encoding="utf-8")


def _paths(args: argparse.Namespace) -> list[Path]:
    paths: list[Path] = []
    for path in args.paths:
        paths += sorted((path / "branches").glob("*.yaml")) if path.is_dir() else [path]
    if args.summary is not None:
        rows = json.loads(args.summary.read_text(encoding="utf-8"))["rows"]
        rows.sort(key=lambda r: (-(r["seconds"] or 0.0), r["id"]))
        slow = {r["file"] for r in rows[: args.slowest]}
        paths = [p for p in paths if p.name in slow]
    return paths


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", type=Path, nargs="+", help="branch files or region folders")
    parser.add_argument("--standards", type=Path, help="standards file (default: the region's)")
    parser.add_argument("--time-limit", type=float, default=30.0, help="as staffopt's, seconds")
    parser.add_argument("--summary", type=Path, help="a batch's summary.json, for --slowest")
    parser.add_argument("--slowest", type=int, default=10, help="with --summary: how many")
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument("--separate-levels", action="store_true",
                        help="experiment: solve levels 2, 3 and 4 one at a time (L2-4 then "
                        "stands for level 2 alone)")
    parser.add_argument("--logs", type=Path,
                        help="write the CP-SAT log of every unproven call into this folder")
    args = parser.parse_args(argv)
    if args.separate_levels:
        staffopt.solve.STAGES = SEPARATE  # the stage list staffopt.solve reads at each solve
    profiles = []
    for path in _paths(args):
        p = profile(path, args.standards, args.time_limit)
        profiles.append(p)
        print("\n".join(branch_lines(p)), flush=True)
        if args.logs is not None:
            write_logs(p, args.logs)
    if not profiles:
        parser.error("no branch to profile")
    print("\n".join(summary_lines(profiles)))
    if args.json is not None:
        data = []
        for p in profiles:
            figures = asdict(p)
            for call in figures["calls"]:
                del call["log"]
            data.append({**figures, "dtime": p.dtime, "outside": p.outside})
        args.json.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
