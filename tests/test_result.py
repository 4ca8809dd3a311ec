"""The JSON and CSV forms of `staffopt requirements` (design §5), checked against golden files."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from staffopt.cli import app
from staffopt.config import load_branch
from staffopt.config.models import DAYS
from staffopt.requirements import Requirements, compute
from staffopt.result import (
    RequirementRow,
    WarningRow,
    requirement_rows,
    requirements_csv,
    requirements_json,
    warning_rows,
)

DATA = Path(__file__).resolve().parent / "data"
BRANCH = DATA / "requirements" / "small.yaml"
STANDARDS = DATA / "requirements" / "standards-small.yaml"
GOLDEN = DATA / "golden"
# Set to 1 to rewrite the golden files after an intended change; review the diff before keeping it.
REGENERATE = os.environ.get("STAFFOPT_REGENERATE_GOLDEN") == "1"


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
    path = GOLDEN / golden
    out = _cli(fmt)
    if REGENERATE:
        path.write_text(out, encoding="utf-8", newline="")
    assert out == path.read_text(encoding="utf-8")


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
    keys = [(r["post"], DAYS.index(r["day"]), r["start"]) for r in data["requirements"]]
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
