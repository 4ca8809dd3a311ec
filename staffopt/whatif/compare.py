"""The comparison of a baseline and a scenario: ``WhatIfResult`` and its JSON form.

Figures are those of design §4 that a planner weighs (required, freed, under_floor and
uncovered hours), per role and in total, for the baseline, the scenario and the change
(scenario − baseline). ``demand_hours`` adds the person-hours a week that the §3
requirements ask for: it comes from the sizing rules alone, so its change is the
scenario's, whatever the solver proved. Only branches solved on both sides are compared;
a branch that failed on either side is listed with its reason and left out of every total.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict

from staffopt.batch.summary import RoleTotal, role_totals
from staffopt.config.models import role_of
from staffopt.result import BranchResult, Hours, hours_of, whole

FIGURES = ("demand_hours", "required", "freed", "under_floor", "uncovered_hours")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Figures(_Strict):
    """The figures of one side, or their change."""

    demand_hours: Hours = 0  # person-hours a week of the requirement rows
    required: int = 0
    freed: int = 0
    under_floor: int = 0
    uncovered_hours: Hours = 0

    def minus(self, other: Figures) -> Figures:
        """This side's figures less the other's."""
        return Figures(**{f: whole(getattr(self, f) - getattr(other, f)) for f in FIGURES})

    @property
    def size(self) -> tuple[float, ...]:
        """How big a change is, for ordering: people first, then hours."""
        return (abs(self.required) + abs(self.freed) + abs(self.under_floor),
                abs(self.uncovered_hours), abs(self.demand_hours))


class Side(_Strict):
    """A row's baseline, scenario and change."""

    baseline: Figures
    scenario: Figures
    change: Figures


class RoleRow(Side):
    """One role, added up over the compared branches."""

    role: str


class BranchRow(_Strict):
    """One branch: its status on each side, and its figures where both were solved."""

    id: str
    name: str | None
    district: str | None
    file: str
    baseline_status: str
    scenario_status: str
    baseline: Figures | None
    scenario: Figures | None
    change: Figures | None
    error: str | None


class WhatIfResult(_Strict):
    """A what-if run (design §10): a branch or a region, before and after a scenario."""

    kind: Literal["WhatIfResult"] = "WhatIfResult"
    version: Literal[1] = 1
    scenario: str
    scope: Literal["branch", "region"]
    target: str  # the branch id, or the region's name
    standards: str
    compared: int  # branches solved on both sides
    failed: int  # branches that failed on either side
    roles: list[RoleRow]
    total: Side
    branches: list[BranchRow]

    def to_json(self) -> str:
        """The JSON text, with a trailing newline; the same for the same solves."""
        return self.model_dump_json(indent=2) + "\n"

    def changed_most(self, limit: int = 10) -> list[BranchRow]:
        """The compared branches whose figures change the most, biggest first."""
        rows = [b for b in self.branches if b.change is not None and any(
            getattr(b.change, f) for f in FIGURES)]
        return sorted(rows, key=lambda b: (*(-v for v in b.change.size), b.id))[:limit]  # type: ignore[union-attr]


def demand_hours(results: list[BranchResult]) -> dict[str, Hours]:
    """Per role, the person-hours a week that the results' requirement rows ask for."""
    minutes: dict[str, int] = {}
    for result in results:
        for row in result.requirements:
            role = role_of(row.post)
            minutes[role] = minutes.get(role, 0) + row.required * (result.slot_minutes or 0)
    return {role: hours_of(m) for role, m in minutes.items()}


def _of_role(t: RoleTotal, demand: dict[str, Hours]) -> Figures:
    return Figures(demand_hours=demand.get(t.role, 0), required=t.required, freed=t.freed,
                   under_floor=t.under_floor, uncovered_hours=whole(t.uncovered_hours))


def _of_branch(result: BranchResult) -> Figures:
    rows = [h for h in result.headcount if "." not in h.role]
    return Figures(
        demand_hours=whole(sum(demand_hours([result]).values())),
        required=sum(h.required for h in rows), freed=sum(h.freed for h in rows),
        under_floor=sum(h.under_floor for h in rows),
        uncovered_hours=whole(sum(h.uncovered_hours for h in rows)),
    )


def _side(baseline: Figures, scenario: Figures) -> dict[str, Figures]:
    return {"baseline": baseline, "scenario": scenario, "change": scenario.minus(baseline)}


def _sum(figures: list[Figures]) -> Figures:
    return Figures(**{f: whole(sum(getattr(x, f) for x in figures)) for f in FIGURES})


def _branch_row(file: str, base: BranchResult, scen: BranchResult) -> BranchRow:
    ok = base.status != "error" and scen.status != "error"
    errors = [f"{side}: {r.error or 'no solution'}" for side, r in
              (("baseline", base), ("scenario", scen)) if r.status == "error"]
    figures = _side(_of_branch(base), _of_branch(scen)) if ok else {}
    return BranchRow(
        id=base.branch, name=base.name, district=base.district, file=file,
        baseline_status=base.status, scenario_status=scen.status,
        baseline=figures.get("baseline"), scenario=figures.get("scenario"),
        change=figures.get("change"), error="; ".join(errors) or None,
    )


def compare(scenario: str, scope: Literal["branch", "region"], target: str, standards: str,
            roles: list[str], baseline: Mapping[str, BranchResult],
            scenario_results: Mapping[str, BranchResult]) -> WhatIfResult:
    """Compare the results of each branch file, solved without and with the scenario."""
    rows = [_branch_row(f, baseline[f], scenario_results[f])
            for f in sorted(baseline) if f in scenario_results]
    rows.sort(key=lambda r: (r.id, r.file))
    both = [r.file for r in rows if r.change is not None]
    base = [baseline[f] for f in both]
    scen = [scenario_results[f] for f in both]
    base_demand, scen_demand = demand_hours(base), demand_hours(scen)
    scen_roles = {t.role: t for t in role_totals(scen, roles)}
    role_rows = [RoleRow(role=t.role, **_side(_of_role(t, base_demand),
                                              _of_role(scen_roles[t.role], scen_demand)))
                 for t in role_totals(base, roles)]
    total = _side(_sum([r.baseline for r in role_rows]), _sum([r.scenario for r in role_rows]))
    return WhatIfResult(
        scenario=scenario, scope=scope, target=target, standards=standards,
        compared=len(both), failed=len(rows) - len(both), roles=role_rows,
        total=Side(**total), branches=rows,
    )
