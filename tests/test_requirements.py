"""``compute`` as a whole (staffopt.requirements): the kinds' registry, the shape of the
result next to tests/spec.py, invariants over any valid input, and the `requirements`
command. Each rule's figures are tested in its kind's tests/test_requirements_kinds_<kind>.py."""

from __future__ import annotations

import copy
import csv
import io
import itertools
import json
import random
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    GENERATED,
    PROPERTY,
    REQUIREMENTS_DATA,
    file_cases,
    random_case,
    required_by_slot,
    sized,
    spec_inputs,
)
from hypothesis import given, strategies as st
from spec import spec_requirements
from typer.testing import CliRunner

from staffopt.cli import app
from staffopt.config import load_branch
from staffopt.config.models import DAYS, SIZINGS
from staffopt.requirements import Requirements, clock, compute
from staffopt.requirements.kinds import KINDS
from staffopt.result import requirements_json

# ---------------------------------------------------------------- the registry


def test_every_sizing_tag_has_one_kind() -> None:
    assert sorted(KINDS) == sorted(SIZINGS)
    for kind in KINDS.values():
        assert callable(kind.size_slot) and callable(kind.floors)


# ---------------------------------------------------------------- the shape of the result


def _assert_shape(req: Requirements, std: dict[str, Any], branch: dict[str, Any]) -> None:
    """The posts × open slots, the floor rows and the capped slots are the spec's; every row
    is in order; per-role floors add up. (The figures themselves: the kinds' tests.)"""
    need, floors, capped = spec_requirements(std, branch)
    assert set(required_by_slot(req)) == set(need)
    assert [f.role for f in req.floors] == list(floors)
    assert {(w.post, w.day, w.start) for w in req.warnings} == capped
    order = [(s.post, DAYS.index(s.day), s.start) for s in req.slots]
    assert order == sorted(order) and len(set(order)) == len(order)
    warned = [(w.post, DAYS.index(w.day), w.start) for w in req.warnings]
    assert warned == sorted(warned)
    for role in std["roles"]:
        own = [f.floor for f in req.floors if f.role.split(".", 1)[0] == role]
        assert req.role_floors[role] == sum(own)


@pytest.mark.parametrize(("seed", "slot"), GENERATED)
def test_generated_branch_has_the_spec_shape(seed: int, slot: int) -> None:
    std, branch = random_case(random.Random(seed), slot)
    req = sized(std, branch)
    assert req.slot_minutes == slot
    _assert_shape(req, std, branch)


@pytest.mark.parametrize(("branch", "standards"), file_cases(), ids=lambda p: Path(p).stem)
def test_files_have_the_spec_shape(branch: Path, standards: Path) -> None:
    inp = load_branch(branch, standards)
    req = compute(inp.standards, inp.branch)
    assert req.slots, "a test branch should open at least one day"
    assert (req.branch, req.standards) == (inp.branch.id, inp.standards.name)
    _assert_shape(req, *spec_inputs(branch, standards))


def test_hours_are_the_open_days_in_week_order() -> None:
    std, branch = random_case(random.Random(3), 30)
    req = sized(std, branch)
    assert list(req.hours) == sorted(req.hours, key=DAYS.index)
    for day, (first, last) in req.hours.items():
        starts = sorted({s.start for s in req.slots if s.day == day})
        assert starts == list(range(first, last, req.slot_minutes))


# ---------------------------------------------------------------- invariants


@PROPERTY
@given(st.randoms(use_true_random=False), st.floats(min_value=1.0, max_value=4.0))
def test_property_more_volume_never_lowers(rng: random.Random, scale: float) -> None:
    # Every type and the visitors grow by the same factor, so AHT stays (see
    # test_requirements_kinds_queue for why growing one short type alone may lower a queue
    # requirement).
    std, branch = random_case(rng)
    more = copy.deepcopy(branch)
    more["volume"]["daily"] = {t: v * scale for t, v in branch["volume"]["daily"].items()}
    if "visitors" in more["volume"]:
        more["volume"]["visitors"] *= scale
    before, after = required_by_slot(sized(std, branch)), required_by_slot(sized(std, more))
    assert before.keys() == after.keys()
    assert all(after[k] >= before[k] for k in before)


_MAGNITUDES = st.sampled_from([0.0, 1e-300, 0.5, 3.0, 2.0**31, 2.0**63, 1e150, 1e300, 1.7e308])


def _scaled(rng: random.Random, magnitudes: list[float]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A random valid pair with volumes, factors, weights, counters and staff counts blown up."""
    std, branch = random_case(rng)
    pick = itertools.cycle(magnitudes)
    branch["volume"]["daily"] = {t: next(pick) for t in branch["volume"]["daily"]}
    if "visitors" in branch["volume"]:
        branch["volume"]["visitors"] = next(pick)
    std["weekday_factors"] = {d: next(pick) for d in std["weekday_factors"]}
    std["intraday_profile"] = {h: next(pick) for h in std["intraday_profile"]}
    big = int(min(next(pick), 1e300))
    branch["counters"] = {z: rng.choice((0, 1, 3, big, 10**400)) for z in branch["counters"]}
    branch["customers"] = {t: rng.choice((0, big, 10**400)) for t in branch["customers"]}
    std["roles"]["operations_supervisor"]["on_duty"] = rng.choice((1, big))
    return std, branch


@PROPERTY
@given(st.randoms(use_true_random=False), st.lists(_MAGNITUDES, min_size=1, max_size=8))
def test_property_any_valid_input_is_sized(rng: random.Random, magnitudes: list[float]) -> None:
    # Absurd but valid magnitudes: no exception, every requirement a count, and the
    # result still serialises.
    std, branch = _scaled(rng, magnitudes)
    req = sized(std, branch)
    assert all(isinstance(s.required, int) and s.required >= 0 for s in req.slots)
    assert all(isinstance(f.floor, int) and f.floor >= 0 for f in req.floors)
    for s in req.slots:
        counters = branch["counters"].get(s.post.partition(".")[2])
        if s.post.startswith("teller."):
            assert s.required <= counters
            assert s.uncapped is not None and s.uncapped >= s.required
    for w in req.warnings:
        assert w.needed is not None and w.counters is not None and w.needed > w.counters
    json.loads(requirements_json(req))


# ---------------------------------------------------------------- the `requirements` command

runner = CliRunner()
SMALL = [
    str(REQUIREMENTS_DATA / "small.yaml"),
    "--standards",
    str(REQUIREMENTS_DATA / "standards-small.yaml"),
]


def _small_requirements() -> Requirements:
    inp = load_branch(REQUIREMENTS_DATA / "small.yaml", REQUIREMENTS_DATA / "standards-small.yaml")
    return compute(inp.standards, inp.branch)


def test_cli_requirements_json() -> None:
    result = runner.invoke(app, ["requirements", *SMALL, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == [
        "branch",
        "standards",
        "slot_minutes",
        "requirements",
        "floors",
        "warnings",
    ]
    assert (data["branch"], data["standards"], data["slot_minutes"]) == (
        "T-SMALL",
        "small-test",
        60,
    )
    assert result.stdout == requirements_json(_small_requirements())


def test_cli_requirements_csv() -> None:
    result = runner.invoke(app, ["requirements", *SMALL, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    req = _small_requirements()
    assert [(r["post"], r["day"], r["start"], int(r["required"])) for r in rows] == [
        (s.post, s.day, clock(s.start), s.required) for s in req.slots
    ]


def test_cli_requirements_table() -> None:
    result = runner.invoke(app, ["requirements", *SMALL])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "T-SMALL" in out and "Headcount floors" in out
    warnings = out[out.index("Warnings (") :]
    assert all(f"{w.post} {w.day} " in warnings for w in _small_requirements().warnings)
    assert "{" not in out  # not the JSON form


def test_cli_requirements_default_standards_from_region(tmp_path: Path) -> None:
    # A branch inside a region folder uses the region's standards without --standards.
    region = tmp_path / "region"
    (region / "branches").mkdir(parents=True)
    (region / "region.yaml").write_text(
        "kind: Region\nversion: 1\nname: r\nstandards: standards.yaml\n", encoding="utf-8"
    )
    (region / "standards.yaml").write_text(
        (REQUIREMENTS_DATA / "standards-small.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    branch = region / "branches" / "small.yaml"
    branch.write_text(
        (REQUIREMENTS_DATA / "small.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = runner.invoke(app, ["requirements", str(branch), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["standards"] == "small-test"


def test_cli_requirements_of_a_huge_volume_is_refused_at_its_line(tmp_path: Path) -> None:
    # A daily volume of 2^31 once made this command run for minutes; no branch has it, so
    # the sanity limits stop it at its line before any sizing (bounded sizing of absurd
    # volumes is tested in test_requirements_kinds_queue and test_requirements_erlang).
    text = (REQUIREMENTS_DATA / "small.yaml").read_text(encoding="utf-8")
    branch = tmp_path / "huge.yaml"
    branch.write_text(text.replace("deposit: 160", "deposit: 2147483648"), encoding="utf-8")
    result = runner.invoke(
        app,
        ["requirements", str(branch), "--standards", SMALL[2], "--format", "json"],
    )
    assert result.exit_code == 1, result.output
    line = 1 + text.splitlines().index(next(x for x in text.splitlines() if "deposit: 160" in x))
    assert f"huge.yaml:{line}:" in result.stderr
    assert "(impossible-value)" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("name", "line", "column", "words"),
    [
        ("bad-key.yaml", 8, 3, "visiters"),
        ("bad-transaction.yaml", 9, 5, "withdrawl"),
    ],
)
def test_cli_requirements_bad_input(name: str, line: int, column: int, words: str) -> None:
    path = REQUIREMENTS_DATA / name
    result = runner.invoke(
        app,
        [
            "requirements",
            str(path),
            "--standards",
            str(REQUIREMENTS_DATA / "standards-small.yaml"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{name}:{line}:{column}:" in result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_requirements_bad_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["requirements", *SMALL, "--format", "xml"])
    assert result.exit_code == 2
