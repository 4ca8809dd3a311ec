"""How each CP-SAT solve of a branch runs: its budget, seed, wall-clock guard and workers.

Determinism: one CP-SAT worker, a fixed seed, and a deterministic-time budget, so that the
same input gives the same roster whatever the machine's load. A wall-clock guard of ten
times the budget stops a runaway solve on a starved machine; a solve it stops may give
another roster than on a quiet machine, so it says so on stderr.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

SEED = 20260
# measured: at a load of 15 on 2 cores a solve's wall time ran past three times its
# deterministic budget and changed rosters; ten leaves room for that load
WALL_FACTOR = 10.0  # wall-clock guard on the whole solve, as a multiple of --time-limit
MIN_STAGE_BUDGET = 0.5  # deterministic seconds; below this even small models stall
MIN_GUARD = 0.5  # wall-clock seconds every solve gets, even past the deadline

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SolverParams:
    """The parameters of one solve, or of one share of a branch's solve.

    ``budget`` is in CP-SAT deterministic seconds (about one second of one core each);
    ``deadline`` is a ``time.perf_counter()`` reading. ``role_cuts`` bounds each role's
    headcount once level 1 is known (``bounds.role_bounds``); the cuts never change an
    optimum, and turning them off shows it.

    ``extra`` sets further CP-SAT parameters (``SatParameters`` field -> value) on every
    call, after the settings below; ``sub_extra`` sets them on the sub-model and probe calls
    only (those ``exact`` makes). Both are for measuring other settings
    (``bench/param_bench.py``); a solve leaves them empty.
    """

    budget: float
    deadline: float
    seed: int = SEED
    workers: int = 1  # more than one makes the search depend on thread timing
    least_budget: float = MIN_STAGE_BUDGET
    role_cuts: bool = True
    bound_search: bool = False  # one worker that raises the objective's bound (Stage)
    extra: Mapping[str, object] = field(default_factory=dict)
    sub_extra: Mapping[str, object] = field(default_factory=dict)
    sub: bool = False  # a sub-model bound or a probe: set by ``exact``

    @classmethod
    def start(cls, time_limit: float, *, seed: int = SEED, role_cuts: bool = True) -> SolverParams:
        """Parameters for a whole branch's solve that starts now, within ``time_limit``."""
        deadline = time.perf_counter() + time_limit * WALL_FACTOR
        return cls(time_limit, deadline, seed=seed, role_cuts=role_cuts)

    def share(self, budget: float) -> SolverParams:
        """The same parameters with another budget."""
        return replace(self, budget=budget)

    def exact(self, budget: float) -> SolverParams:
        """The same parameters with exactly ``budget``, however small (for sub-model bounds)."""
        return replace(self, budget=budget, least_budget=0.0, sub=True)

    def searching_bound(self) -> SolverParams:
        """The same parameters, for a solve whose proof lies in its lower bound."""
        return replace(self, bound_search=True)

    def configure(self, solver: cp_model.CpSolver) -> None:
        """Set a solver's parameters for one solve that starts now."""
        p = solver.parameters
        p.num_workers = self.workers
        p.random_seed = self.seed
        p.max_deterministic_time = max(self.budget, self.least_budget)
        # the guard only bites on a starved machine; a deterministic budget decides otherwise
        p.max_time_in_seconds = max(self.deadline - time.perf_counter(), MIN_GUARD)
        p.linearization_level = 2  # puts shift => role implications into the LP; level 1 fast
        # measured: presolve probing costs these models more than it saves (12 % less work
        # over the demo region and a 40-branch sample, same optima); see bench/RESULTS.md
        p.cp_model_probing_level = 0
        # measured: one presolve pass does what these models need; the later passes cost a
        # quarter of the region's solve time and change no optimum (bench/RESULTS.md)
        p.max_presolve_iterations = 1
        # measured: level 1's bound comes from the search tree, not the LP; searching
        # at the bound proves it where a plain search wanders (bench/RESULTS.md)
        p.use_objective_lb_search = self.bound_search
        for name, value in {**self.extra, **(self.sub_extra if self.sub else {})}.items():
            setattr(p, name, value)

    def solve(self, model: cp_model.CpModel) -> tuple[cp_model.CpSolver, int]:
        """Solve ``model`` now with these parameters: the solver and its status.

        Warns when the wall-clock guard, not the deterministic budget, ended the solve:
        only then can the same input give another roster.
        """
        solver = cp_model.CpSolver()
        self.configure(solver)
        status = solver.solve(model)
        if guard_stopped(solver, status):
            log.warning(
                "the wall-clock guard stopped a solve after %.1f s with %.2f of its %.2f "
                "deterministic seconds used: the machine is starved, and this roster may "
                "differ from a quiet machine's; rerun with fewer workers for the reproducible one",
                solver.wall_time,
                solver.response_proto.deterministic_time,
                solver.parameters.max_deterministic_time,
            )
        return solver, status


def guard_stopped(solver: cp_model.CpSolver, status: int) -> bool:
    """Whether a finished solve was ended by its wall-clock limit rather than its budget."""
    if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
        return False  # a proof ends a solve before either limit
    # the budget is spent when the deterministic limit stops a solve; unspent and unproven,
    # only the wall clock stopped it (its own reading of wall time may fall a little short)
    return solver.response_proto.deterministic_time < solver.parameters.max_deterministic_time
