"""The portfolio kind: account managers by customers per manager, team by team
(staffopt.requirements.kinds.portfolio)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    GENERATED,
    assert_kind_matches_spec,
    file_cases,
    hand_branch,
    hand_standards,
    random_case,
    required_grid,
    sized,
    spec_inputs,
)
from spec import SlotContext, SlotNeed, ceil_tol

from staffopt.config import load_branch
from staffopt.requirements import Floor, compute

# ---------------------------------------------------------------- §3 oracle (used by tests/spec.py)


def oracle_slots(name: str, role: dict[str, Any], ctx: SlotContext) -> list[SlotNeed]:
    """§3 portfolio: min_on_duty in every open slot."""
    return [SlotNeed(name, role.get("min_on_duty", 0))]


def oracle_floors(
    name: str, role: dict[str, Any], std: dict[str, Any], branch: dict[str, Any]
) -> dict[str, int]:
    """§3 portfolio floor, team by team: ceil(customers ÷ customers per manager)."""
    customers = branch.get("customers", {})
    return {
        f"{name}.{team}": ceil_tol(customers.get(team, 0) / spec["customers_per_manager"])
        for team, spec in role["teams"].items()
    }

ROLE: dict[str, Any] = {
    "sizing": "portfolio",
    "min_on_duty": 1,
    "teams": {
        "wealth": {"customers_per_manager": 400},
        "corporate": {"customers_per_manager": 40},
        "inclusive": {"customers_per_manager": 60},
    },
}


def test_portfolio_by_hand() -> None:
    # wealth: ceil(1350 / 400) = ceil(3.375) = 4; corporate: 80 / 40 = 2 exactly;
    # inclusive: no customers listed → 0. One manager on duty, over the role's posts together.
    req = sized(
        hand_standards(roles={"am": ROLE}),
        hand_branch(customers={"wealth": 1350, "corporate": 80}),
    )
    assert req.floors == [Floor("am.wealth", 4), Floor("am.corporate", 2), Floor("am.inclusive", 0)]
    assert req.role_floors == {"am": 6}
    assert required_grid(req) == {("am", "mon", "09:00"): 1}


def test_portfolio_without_min_on_duty_needs_no_one_in_a_slot() -> None:
    role = {key: value for key, value in ROLE.items() if key != "min_on_duty"}
    req = sized(hand_standards(roles={"am": role}), hand_branch(customers={"wealth": 1}))
    assert required_grid(req) == {("am", "mon", "09:00"): 0}
    assert req.role_floors == {"am": 1}


def test_portfolio_of_absurd_customers_is_exact() -> None:
    customers = 10**400 + 1  # the float quotient overflows
    req = sized(hand_standards(roles={"am": ROLE}), hand_branch(customers={"wealth": customers}))
    assert req.floors[0] == Floor("am.wealth", -(-customers // 400))


@pytest.mark.parametrize(("seed", "slot"), GENERATED)
def test_generated_branch_matches_spec(seed: int, slot: int) -> None:
    std, branch = random_case(random.Random(seed), slot)
    assert_kind_matches_spec(sized(std, branch), std, branch, "portfolio")


@pytest.mark.parametrize(("branch", "standards"), file_cases(), ids=lambda p: Path(p).stem)
def test_files_match_spec(branch: Path, standards: Path) -> None:
    inp = load_branch(branch, standards)
    assert_kind_matches_spec(
        compute(inp.standards, inp.branch), *spec_inputs(branch, standards), "portfolio"
    )
