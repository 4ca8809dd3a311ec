"""The result contract (design §5): BranchResult checks itself on hand-built results, and
the JSON and CSV forms of `staffopt requirements` match their golden files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXED_OBJECTIVE, assert_golden, fixed_result, fixed_result_data
from pydantic import ValidationError
from typer.testing import CliRunner

from staffopt.cli import app
from staffopt.config import load_branch
from staffopt.counting import day_order
from staffopt.requirements import Requirements, compute
from staffopt.result import (
    BranchResult,
    RequirementRow,
    WarningRow,
    requirement_rows,
    requirements_csv,
    requirements_json,
    roster_csv,
    warning_rows,
)

DATA = Path(__file__).resolve().parent / "data"
BRANCH = DATA / "requirements" / "small.yaml"
STANDARDS = DATA / "requirements" / "standards-small.yaml"
GOLDEN = DATA / "golden"


@pytest.fixture(scope="module")
def small() -> Requirements:
    """The requirements of the small test branch."""
    inp = load_branch(BRANCH, STANDARDS)
    return compute(inp.standards, inp.branch)


def _cli(fmt: str) -> str:
    result = CliRunner().invoke(
        app, ["requirements", str(BRANCH), "--standards", str(STANDARDS), "--format", fmt]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("fmt", "golden"), [("json", "requirements-small.json"), ("csv", "requirements-small.csv")]
)
def test_requirements_output_matches_golden(fmt: str, golden: str) -> None:
    assert_golden(_cli(fmt), golden)


def test_golden_json_says_what_the_rules_say() -> None:
    # Spot checks of the golden file against hand computation, so that a wrong golden file
    # cannot pass. Monday 09:00: 40 deposits × 4 min in an hour, A = 2.667 Erl → 4 tellers
    # (SL 0.929 at 80% in 5 min). Floors: supervisor ceil(300/250) = 2; personal
    # ceil(700/300) = 3; corporate ceil(30/40) = 1; grade 9 → 1 head.
    data = json.loads((GOLDEN / "requirements-small.json").read_text(encoding="utf-8"))
    rows = {(r["post"], r["day"], r["start"]): r["required"] for r in data["requirements"]}
    assert rows[("teller.cash", "mon", "09:00")] == 4
    assert rows[("teller.cash", "mon", "10:00")] == 5  # needs 7, capped at 5 counters
    assert rows[("teller.vip", "mon", "10:00")] == 1
    assert not any(post == "branch_head" for post, _, _ in rows)  # min_on_duty 0: no rows
    floors = {f["role"]: f["floor"] for f in data["floors"]}
    assert floors["operations_supervisor"] == 2
    assert floors["account_manager.personal"] == 3
    assert floors["account_manager.corporate"] == 1
    assert floors["branch_head"] == 1
    capped = [(w["post"], w["day"], w["start"]) for w in data["warnings"]]
    assert ("teller.cash", "mon", "10:00") in capped
    assert all(w["code"] == "counter-capacity" for w in data["warnings"])


def test_requirements_json_shape(small: Requirements) -> None:
    data = json.loads(requirements_json(small))
    assert list(data) == [
        "branch",
        "standards",
        "slot_minutes",
        "requirements",
        "floors",
        "warnings",
    ]
    for row in data["requirements"]:
        RequirementRow.model_validate(row)  # the §5 row shape, no extra keys
        assert row["required"] > 0
    for row in data["warnings"]:
        WarningRow.model_validate(row)
    assert all(list(f) == ["role", "floor"] for f in data["floors"])
    keys = [(r["post"], day_order(r["day"]), r["start"]) for r in data["requirements"]]
    assert keys == sorted(keys)
    assert requirements_json(small).endswith("}\n")


def test_requirement_rows_keep_every_positive_slot(small: Requirements) -> None:
    rows = requirement_rows(small)
    assert len(rows) == sum(1 for s in small.slots if s.required > 0)
    assert len(rows) < len(small.slots)  # the branch head's zero slots are left out
    assert [w.start for w in warning_rows(small)] == [
        f"{w.start // 60:02d}:{w.start % 60:02d}" for w in small.warnings
    ]


def test_requirements_csv_explains_each_slot(small: Requirements) -> None:
    rows = list(csv.DictReader(io.StringIO(requirements_csv(small))))
    assert len(rows) == len(small.slots)  # every slot, zeros too
    first = rows[0]
    assert list(first) == [
        "post",
        "day",
        "start",
        "required",
        "uncapped",
        "arrivals",
        "load",
        "aht_minutes",
        "service_level",
        "occupancy",
    ]
    cash = next(
        r for r in rows if (r["post"], r["day"], r["start"]) == ("teller.cash", "mon", "09:00")
    )
    assert (cash["required"], cash["uncapped"], cash["aht_minutes"]) == ("4", "4", "4.0000")
    assert float(cash["load"]) == pytest.approx(8 / 3, abs=1e-4)
    capped = next(
        r for r in rows if (r["post"], r["day"], r["start"]) == ("teller.cash", "mon", "10:00")
    )
    assert (capped["required"], capped["uncapped"]) == ("5", "7")


# ---------------------------------------------------------------- BranchResult checks itself

Data = dict[str, Any]


def _rows(data: Data, name: str) -> list[Data]:
    rows = data[name]
    assert isinstance(rows, list)
    return rows


def _first(data: Data, name: str, **match: object) -> Data:
    return next(r for r in _rows(data, name) if all(r[k] == v for k, v in match.items()))


def test_hand_built_result_is_consistent() -> None:
    result = fixed_result()
    assert (result.current, result.required) == (9, 8)
    text = result.to_json()
    assert "error" not in json.loads(text)  # no "error" key when nothing failed
    assert BranchResult.model_validate_json(text).to_json() == text  # the JSON round-trips


def test_roster_csv_has_one_row_per_shift() -> None:
    result = fixed_result()
    rows = list(csv.DictReader(io.StringIO(roster_csv(result))))
    assert len(rows) == len(result.roster) == 10
    assert rows[0] == {"employee": "E004", "post": "operations_supervisor", "day": "mon",
                       "start": "09:00", "end": "17:00", "break_start": "", "break_end": "",
                       "hours": "8"}
    assert (rows[1]["break_start"], rows[1]["break_end"], rows[1]["hours"]) == (
        "13:00", "14:00", "7"
    )


def test_roster_row_gives_its_shift_in_minutes() -> None:
    shift = fixed_result().roster[0].shift()
    assert (shift.day, shift.start, shift.end, shift.post) == (
        "mon", 540, 1020, "operations_supervisor"
    )
    lunch = fixed_result().roster[1].shift()
    assert (lunch.break_start, lunch.break_end, lunch.break_paid, lunch.paid) == (
        780, 840, False, 420
    )


Tamper = Callable[[Data], None]


def _claim_more_shortage(data: Data) -> None:
    data["objective"]["shortage_slots"] = 12


def _drop_a_shortage_row(data: Data) -> None:
    _rows(data, "shortages").pop()


def _give_the_freed_a_role(data: Data) -> None:
    _first(data, "assignments", employee="E014")["role"] = "teller"


def _claim_another_role_change(data: Data) -> None:
    data["objective"]["role_changes"] = 3


def _lengthen_a_shift(data: Data) -> None:
    _first(data, "roster", employee="E011")["end"] = "15:00"


def _move_to_another_role(data: Data) -> None:
    _first(data, "moves", employee="E013")["to"] = "operations_supervisor"


def _miscount_a_role(data: Data) -> None:
    _first(data, "headcount", role="teller").update(required=4, freed=2)


def _miscount_a_team(data: Data) -> None:
    _first(data, "headcount", role="account_manager.corporate_credit").update(required=0, freed=0)


def _misstate_freed(data: Data) -> None:
    _first(data, "headcount", role="teller")["freed"] = 2


def _call_a_move_kept(data: Data) -> None:
    _first(data, "headcount", role="teller").update(kept=4, moved_out=1)


def _forget_the_floor(data: Data) -> None:
    _first(data, "headcount", role="operations_supervisor")["under_floor"] = 0


def _misstate_idle(data: Data) -> None:
    data["objective"]["idle_hours"] = 195


def _misstate_hours(data: Data) -> None:
    _first(data, "assignments", employee="E012")["hours"] = 13


def _ignore_the_lunch(data: Data) -> None:
    _first(data, "roster", employee="E010", day="mon")["hours"] = 8


def _misstate_totals(data: Data) -> None:
    data["totals"]["moved"] = 3


def _forget_a_team_change(data: Data) -> None:
    _first(data, "moves", employee="E021")["to_team"] = None


@pytest.mark.parametrize(
    ("tamper", "words"),
    [
        (_claim_more_shortage, "shortages do not sum to objective.shortage_slots"),
        (_drop_a_shortage_row, "shortages do not sum to objective.shortage_slots"),
        (_give_the_freed_a_role, "objective.headcount differs from the assignments"),
        (_claim_another_role_change, "objective.role_changes differs from the moves"),
        (_lengthen_a_shift, "the hours of E011's mon shift differ from its span"),
        (_move_to_another_role, "the move of E013 differs from the assignments"),
        (_miscount_a_role, "headcount.required of teller differs from the assignments"),
        (_miscount_a_team, "headcount.required of account_manager.corporate_credit differs"),
        (_misstate_freed, "headcount.current of teller is not kept"),
        (_call_a_move_kept, "headcount.required of teller is not kept"),
        (_forget_the_floor, "under_floor of operations_supervisor is not floor - required"),
        (_misstate_idle, "objective.idle_hours"),
        (_misstate_hours, "the hours of E012 differ from the roster"),
        (_ignore_the_lunch, "the hours of E010 differ"),  # read as a paid lunch
        (_misstate_totals, "totals differ"),
        (_forget_a_team_change, "the move of E021 differs"),
    ],
    ids=lambda v: v.__name__.strip("_") if callable(v) else None,
)
def test_result_rejects_a_tampered_figure(tamper: Tamper, words: str) -> None:
    data = fixed_result_data()
    BranchResult.model_validate(data)
    tamper(data)
    with pytest.raises(ValidationError, match=words):
        BranchResult.model_validate(data)


@pytest.mark.parametrize("rows", ["requirements", "roster", "assignments", "moves"])
def test_result_rejects_unsorted_rows(rows: str) -> None:
    data = fixed_result_data()
    _rows(data, rows).reverse()
    with pytest.raises(ValidationError, match=f"{rows} are not sorted"):
        BranchResult.model_validate(data)


def test_result_rejects_an_unknown_status_and_key() -> None:
    with pytest.raises(ValidationError):
        BranchResult.model_validate({**fixed_result_data(), "status": "timeout"})
    with pytest.raises(ValidationError):
        BranchResult.model_validate({**fixed_result_data(), "note": "an extra key"})


def test_paid_hours_are_whole_where_the_roster_is() -> None:
    data = fixed_result_data()
    _first(data, "roster", employee="E011").update(end="14:30", hours=4.5)
    _first(data, "assignments", employee="E011")["hours"] = 4.5
    with pytest.raises(ValidationError, match="paid_hours differs"):
        BranchResult.model_validate(data)
    objective = {**FIXED_OBJECTIVE, "paid_hours": 68.5, "idle_hours": 195.5}
    result = BranchResult.model_validate({**data, "objective": objective})
    assert result.objective is not None and result.objective.paid_hours == 68.5
    assert json.loads(result.to_json())["objective"]["idle_hours"] == 195.5


def test_an_error_result_needs_no_figures() -> None:
    result = BranchResult(branch="X", input_sha256="0" * 64, standards=None, status="error",
                          gap=None, solve_seconds=0.0, slot_minutes=None, objective=None,
                          error="the worker failed")
    assert json.loads(result.to_json())["error"] == "the worker failed"
    assert result.current == result.required == 0
