"""What-if scenarios (design §2.4) applied to a branch and its standards.

A pure transformation of config models: the scenario's volume changes (scale, then the
shares moved to self-service, then the shares centralised; volumes stay fractional), its
opening hours day by day, and its overrides of the standards key by key. The sizing
rules of §3 then run on the result exactly as on any branch.
"""

from __future__ import annotations

from dataclasses import replace

from staffopt.config import Branch, BranchInput, Scenario, Standards
from staffopt.config.loading import input_sha256
from staffopt.config.models import ScenarioVolume, Volume
from staffopt.config.scenarios import override_standards, self_service_type

__all__ = ["apply", "apply_input", "apply_standards", "apply_volume"]


def apply_volume(volume: Volume, change: ScenarioVolume, target: str | None) -> Volume:
    """A branch's volume under the scenario; ``target`` is the self-service type.

    Raises ValueError where volume is moved to self-service and there is no ``target``
    (validation reports that at the scenario's line first).
    """
    daily = {t: v * change.scale for t, v in volume.daily.items()}
    for tx, share in change.to_self_service.items():
        if target is None:
            raise ValueError("the standards have no self_service transaction type")
        if tx == target or tx not in daily:
            continue  # nothing to move: the type is served at the machines already, or absent
        moved = daily[tx] * share
        daily[tx] -= moved
        daily[target] = daily.get(target, 0.0) + moved
    for tx, share in change.centralise.items():
        if tx in daily:
            daily[tx] *= 1.0 - share
    # visitors scale where the branch gives them; absent, their default follows `daily`
    visitors = None if volume.visitors is None else volume.visitors * change.scale
    return volume.model_copy(update={"daily": daily, "visitors": visitors})


def apply_standards(std: Standards, scenario: Scenario) -> Standards:
    """The standards under the scenario: its overrides, then its opening hours."""
    new = override_standards(std, scenario.standards)
    if not scenario.opening_hours:
        return new
    hours = {**new.calendar.opening_hours, **scenario.opening_hours}
    return new.model_copy(update={"calendar": new.calendar.model_copy(
        update={"opening_hours": hours})})


def apply(scenario: Scenario, branch: Branch, std: Standards) -> tuple[Branch, Standards]:
    """The branch and its standards as the scenario would have them."""
    new_std = apply_standards(std, scenario)
    volume = apply_volume(branch.volume, scenario.volume, self_service_type(new_std))
    new_branch = branch.model_copy(update={
        "volume": volume,
        "opening_hours": {**branch.opening_hours, **scenario.opening_hours},
    })
    return new_branch, new_std


def apply_input(inp: BranchInput, scenario: Scenario, scenario_sha256: str) -> BranchInput:
    """A loaded branch input under the scenario; its digest covers the scenario file too."""
    branch, std = apply(scenario, inp.branch, inp.standards)
    return replace(inp, branch=branch, standards=std,
                   input_sha256=input_sha256(inp.input_sha256, scenario_sha256))
