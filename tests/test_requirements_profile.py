"""A branch's volume.intraday_profile overrides the standards' hour by hour (design §3)."""

from __future__ import annotations

from helpers import GUARD, hand_branch, hand_standards, sized

from staffopt.config.models import Branch, Standards
from staffopt.requirements.grid import intraday_profile


def _arrivals_by_hour(branch_profile: dict[str, float]) -> list[int]:
    std = hand_standards(
        calendar={"slot_minutes": 60, "opening_hours": {"mon": "09:00-11:00"},
                  "open_days_per_year": 300},
        intraday_profile={"09": 1.0, "10": 1.0},
        roles={"teller": {"sizing": "queue", "zones": ["cash"], "max_occupancy": 1.0}},
    )
    branch = hand_branch(
        counters={"cash": 10},
        volume={"daily": {"deposit": 150}, "intraday_profile": branch_profile},
    )
    return [s.required for s in sized(std, branch).slots]


def test_the_branch_override_moves_the_arrivals() -> None:
    # 150 deposits × 4 minutes: even hours need 5 each; a 2:1 override needs 7 and 4 (ceil)
    assert _arrivals_by_hour({}) == [5, 5]
    assert _arrivals_by_hour({"09": 2.0}) == [7, 4]


def test_intraday_profile_merges_key_by_key() -> None:
    std = Standards.model_validate(
        hand_standards(intraday_profile={"09": 1.0, "10": 0.5}, roles={"guard": GUARD})
    )
    branch = Branch.model_validate(hand_branch(volume={"daily": {}, "intraday_profile": {"10": 2}}))
    assert intraday_profile(std, branch) == {"09": 1.0, "10": 2.0}
