"""The SimulationResult contract (design §9): its keys, its JSON, and what it refuses."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from staffopt.simulate.result import SimSlot, SimulationResult, SimZone, Totals

SLOT = SimSlot(day="mon", start="09:00", arrivals=9.0, servers=2, erlang_sl=0.9, sim_sl=0.85,
               sim_sl_low=0.8, sim_sl_high=0.9, mean_wait=1.5)


def test_json_keys_in_the_contract_order() -> None:
    result = SimulationResult(branch="B", replications=10, seed=3, zones=[
        SimZone(post="teller.cash", met_share=1.0, served_within_target=0.9, slots=[SLOT])])
    data = json.loads(result.to_json())
    assert list(data) == ["kind", "version", "branch", "replications", "seed", "zones"]
    assert list(data["zones"][0]) == ["post", "met_share", "served_within_target", "slots"]
    assert result.to_json().endswith("}\n")
    assert SimulationResult.model_validate_json(result.to_json()) == result


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(ValidationError):
        SimSlot.model_validate({**SLOT.model_dump(), "extra": 1})


def test_totals_share() -> None:
    assert Totals(slots=4, met=3, customers=10.0, served_within_target=0.9).met_share == 0.75
    assert Totals(slots=0, met=0, customers=0.0, served_within_target=1.0).met_share == 1.0
