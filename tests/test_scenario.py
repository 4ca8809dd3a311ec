"""Scenarios applied to branches and standards (design §2.4): by hand, and against §3."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import required_by_slot
from hypothesis import given, settings, strategies as st
from spec import spec_requirements

from staffopt.config import Branch, Scenario, Standards, load_branch
from staffopt.requirements import compute
from staffopt.scenario import apply, apply_input, apply_standards, apply_volume

ROOT = Path(__file__).resolve().parent.parent
HAND = Path(__file__).resolve().parent / "data" / "scenario"
SHIPPED_STANDARDS = ROOT / "configs" / "standards.yaml"


def _yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _scenario(**fields: Any) -> Scenario:
    return Scenario.model_validate({"kind": "Scenario", "version": 1, "name": "t", **fields})


def _hand() -> tuple[Branch, Standards]:
    inp = load_branch(HAND / "hand-branch.yaml", HAND / "hand.standards.yaml")
    return inp.branch, inp.standards


def _per_post(branch: Branch, std: Standards) -> dict[str, set[int]]:
    """Each post's requirements over all its slots (the hand case is flat by design)."""
    found: dict[str, set[int]] = {}
    for s in compute(std, branch).slots:
        found.setdefault(s.post, set()).add(s.required)
    return found


# ---------------------------------------------------------------- by hand


def test_hand_branch_before_the_scenario() -> None:
    branch, std = _hand()
    # 50 deposits × 3 min ÷ 60 = 2.5 Erlangs ÷ 0.5 = 5; 10 openings × 12 ÷ 60 = 2 ÷ 0.5 = 4
    assert _per_post(branch, std) == {"teller.cash": {5}, "teller.non_cash": {4},
                                      "lobby_manager": {0}}


def test_hand_branch_under_the_push() -> None:
    branch, std = _hand()
    scenario = Scenario.model_validate(_yaml(HAND / "hand-push.yaml"))
    new_branch, new_std = apply(scenario, branch, std)
    assert new_branch.volume.daily == pytest.approx(
        {"cash_deposit": 140.0, "account_opening": 20.0, "self_service": 60.0}
    )
    assert new_std == std
    # 35 deposits: 1.75 Erlangs -> 4; 5 openings: 1 Erlang -> 2; 15 machine transactions
    # reviewed for a minute each: 15 of 60 minutes -> 1 lobby manager
    assert _per_post(new_branch, new_std) == {"teller.cash": {4}, "teller.non_cash": {2},
                                              "lobby_manager": {1}}
    assert branch.volume.daily == {"cash_deposit": 200, "account_opening": 40}  # untouched


def test_scale_then_move_then_centralise() -> None:
    branch, std = _hand()
    scenario = _scenario(volume={"scale": 2, "to_self_service": {"cash_deposit": 0.5},
                                 "centralise": {"cash_deposit": 0.5, "self_service": 0.25}})
    daily = apply(scenario, branch, std)[0].volume.daily
    # 400 deposits, 200 of them to the machines, half of the other 200 centralised;
    # the machines' 200 lose a quarter to the back office in the last step
    assert daily == pytest.approx(
        {"cash_deposit": 100.0, "account_opening": 80.0, "self_service": 150.0}
    )


def test_visitors_scale_only_where_given() -> None:
    branch, _ = _hand()
    change = _scenario(volume={"scale": 1.5, "centralise": {"account_opening": 1}}).volume
    given_visitors = branch.volume.model_copy(update={"visitors": 100.0})
    assert apply_volume(given_visitors, change, "self_service").visitors == 150.0
    absent = apply_volume(branch.volume, change, "self_service")
    assert absent.visitors is None  # its default, the sum of daily volumes, follows them
    assert sum(absent.daily.values()) == pytest.approx(300.0)


def test_moving_to_self_service_needs_a_self_service_type() -> None:
    branch, _ = _hand()
    change = _scenario(volume={"to_self_service": {"cash_deposit": 0.3}}).volume
    with pytest.raises(ValueError, match="self_service"):
        apply_volume(branch.volume, change, None)


def test_absent_types_and_the_target_itself_move_nothing() -> None:
    branch, _ = _hand()
    change = _scenario(volume={"to_self_service": {"self_service": 0.5, "transfer": 0.5},
                               "centralise": {"transfer": 0.5}}).volume
    assert apply_volume(branch.volume, change, "self_service").daily == branch.volume.daily


def test_opening_hours_override_branch_and_standards_day_by_day() -> None:
    branch, std = _hand()
    branch = branch.model_copy(update={"opening_hours": {"mon": "09:00-12:00"}})
    scenario = _scenario(opening_hours={"tue": "closed", "wed": "10:00-12:00"})
    new_branch, new_std = apply(scenario, branch, std)
    assert new_branch.opening_hours == {"mon": "09:00-12:00", "tue": "closed",
                                        "wed": "10:00-12:00"}
    assert new_std.calendar.opening_hours == {"mon": "09:00-13:00", "tue": "closed",
                                              "wed": "10:00-12:00"}
    assert set(compute(new_std, new_branch).hours) == {"mon", "wed"}


def test_standards_overrides_change_the_sizing() -> None:
    branch, std = _hand()
    scenario = _scenario(standards={"roles": {"teller": {"max_occupancy": 1.0}}})
    # 2.5 Erlangs at occupancy 1 -> 3; 2 Erlangs -> 2
    assert _per_post(*apply(scenario, branch, std))["teller.cash"] == {3}
    assert apply_standards(std, _scenario()) is std


def test_apply_input_covers_the_scenario_in_its_digest() -> None:
    inp = load_branch(HAND / "hand-branch.yaml", HAND / "hand.standards.yaml")
    scenario = Scenario.model_validate(_yaml(HAND / "hand-push.yaml"))
    one, two = apply_input(inp, scenario, "a" * 64), apply_input(inp, scenario, "b" * 64)
    assert len({inp.input_sha256, one.input_sha256, two.input_sha256}) == 3
    assert one.branch.volume.daily["self_service"] == pytest.approx(60.0)
    assert one.branch.staff == inp.branch.staff


# ---------------------------------------------------------------- against §3, slot for slot

BASE = _yaml(SHIPPED_STANDARDS)
TYPES = list(BASE["transactions"])
COUNTER_TYPES = [t for t in TYPES if BASE["transactions"][t]["zone"] != "self_service"]
share = st.sampled_from([0.0, 0.1, 0.25, 0.3, 0.5, 0.75, 1.0]) | st.floats(0, 1)


@st.composite
def branches(draw: st.DrawFn) -> dict[str, Any]:
    """Plain branch data on the shipped standards: some types, some counters."""
    daily = draw(st.dictionaries(st.sampled_from(TYPES), st.floats(0, 400), min_size=1))
    counters = draw(st.fixed_dictionaries({z: st.integers(0, 6) for z in
                                           ("cash", "non_cash", "vip", "self_service")}))
    branch: dict[str, Any] = {"kind": "Branch", "version": 1, "id": "GEN", "grade": 10,
                              "counters": counters, "volume": {"daily": daily}}
    if draw(st.booleans()):
        branch["volume"]["visitors"] = draw(st.floats(0, 900))
    if draw(st.booleans()):
        branch["opening_hours"] = {"sun": "10:00-15:00"}
    return branch


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """Plain scenario data: a scale, shares, maybe hours and a service level."""
    volume = {
        "scale": draw(st.sampled_from([0.5, 0.9, 1.0, 1.05, 1.5, 2.0])),
        "to_self_service": draw(st.dictionaries(st.sampled_from(COUNTER_TYPES), share)),
        "centralise": draw(st.dictionaries(st.sampled_from(TYPES), share)),
    }
    scenario: dict[str, Any] = {"kind": "Scenario", "version": 1, "name": "gen", "volume": volume}
    if draw(st.booleans()):
        scenario["opening_hours"] = {"sat": draw(st.sampled_from(["closed", "09:00-12:00"]))}
    if draw(st.booleans()):
        percent = draw(st.sampled_from([70, 90, 95]))
        scenario["standards"] = {"roles": {"teller": {"service_level": {"percent": percent}}}}
    return scenario


def _by_hand(std: dict[str, Any], branch: dict[str, Any],
             scenario: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The scenario applied to plain data as §2.4 words it, sharing no code with staffopt."""
    std, branch = copy.deepcopy(std), copy.deepcopy(branch)
    volume = scenario["volume"]
    daily = {t: v * volume["scale"] for t, v in branch["volume"]["daily"].items()}
    for t, s in volume["to_self_service"].items():
        if t in daily:
            moved = daily[t] * s
            daily[t] = daily[t] - moved
            daily["self_service"] = daily.get("self_service", 0.0) + moved
    for t, s in volume["centralise"].items():
        if t in daily:
            daily[t] = daily[t] * (1 - s)
    branch["volume"]["daily"] = daily
    if "visitors" in branch["volume"]:
        branch["volume"]["visitors"] *= volume["scale"]
    for day, hours in scenario.get("opening_hours", {}).items():
        branch.setdefault("opening_hours", {})[day] = hours
        std["calendar"]["opening_hours"][day] = hours
    percent = scenario.get("standards", {}).get("roles", {}).get("teller", {})
    if percent:
        std["roles"]["teller"]["service_level"]["percent"] = (
            percent["service_level"]["percent"])
    return std, branch


@settings(max_examples=40, deadline=None)
@given(branch=branches(), scenario=scenarios())
def test_scenario_requirements_equal_section_3_on_the_transformed_volumes(
    branch: dict[str, Any], scenario: dict[str, Any]
) -> None:
    std = Standards.model_validate(BASE)
    new_branch, new_std = apply(Scenario.model_validate(scenario), Branch.model_validate(branch),
                                std)
    req = compute(new_std, new_branch)
    got = required_by_slot(req)
    want, floors, _ = spec_requirements(*_by_hand(BASE, branch, scenario))
    assert got.keys() == want.keys()
    assert {k: (got[k], want[k]) for k in want if got[k] != want[k]} == {}
    assert {f.role: f.floor for f in req.floors} == floors


DEMO = ROOT / "data" / "regions" / "demo-city" / "branches"
SHIPPED_SCENARIOS = sorted((ROOT / "data" / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("scenario_path", SHIPPED_SCENARIOS, ids=lambda p: p.stem)
def test_shipped_scenarios_on_every_demo_branch_equal_section_3(scenario_path: Path) -> None:
    scenario = _yaml(scenario_path)
    scenario.setdefault("volume", {}).setdefault("scale", 1.0)
    for key in ("to_self_service", "centralise"):
        scenario["volume"].setdefault(key, {})
    std = Standards.model_validate(BASE)
    for path in sorted(DEMO.glob("*.yaml")):
        branch = _yaml(path)
        new_branch, new_std = apply(Scenario.model_validate(_yaml(scenario_path)),
                                    Branch.model_validate(branch), std)
        got = required_by_slot(compute(new_std, new_branch))
        want, _, _ = spec_requirements(*_by_hand(BASE, branch, scenario))
        assert got == want, path.name
