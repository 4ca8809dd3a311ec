"""``run_whatif``: a branch file and a small region, solved both ways in worker processes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from staffopt.problems import ConfigError
from staffopt.result import BranchResult
from staffopt.whatif import Figures, WhatIfResult, run_whatif

HAND = Path(__file__).resolve().parent / "data" / "scenario"
BRANCH = HAND / "hand-branch.yaml"
STANDARDS = HAND / "hand.standards.yaml"
PUSH = HAND / "hand-push.yaml"
LIMIT = 5.0  # each hand branch proves its optimum in well under a second


def hand_region(folder: Path, *, broken: bool = False) -> Path:
    """A region of the hand standards: HAND-1, a quieter HAND-2, and maybe a broken file."""
    (folder / "branches").mkdir(parents=True)
    shutil.copy(STANDARDS, folder / "standards.yaml")
    (folder / "region.yaml").write_text(
        "kind: Region\nversion: 1\nname: hand-region\nstandards: standards.yaml\n",
        encoding="utf-8",
    )
    text = BRANCH.read_text(encoding="utf-8")
    (folder / "branches" / "HAND-1.yaml").write_text(text, encoding="utf-8")
    # 20 deposits a slot (1 Erlang: 2 tellers), 10 openings (2 Erlangs: 4 tellers)
    quieter = text.replace("id: HAND-1", "id: HAND-2").replace("cash_deposit: 200",
                                                               "cash_deposit: 80")
    (folder / "branches" / "HAND-2.yaml").write_text(quieter, encoding="utf-8")
    if broken:
        (folder / "branches" / "HAND-3.yaml").write_text(
            text.replace("id: HAND-1", "id: HAND-3").replace("grade: 8", "grade: 7"),
            encoding="utf-8",
        )
    return folder


def test_a_branch_file_both_ways_with_both_result_sets_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = run_whatif(BRANCH, PUSH, standards=STANDARDS, out=out, time_limit=LIMIT)
    result = run.result
    assert (result.scope, result.target, result.compared, result.failed) == (
        "branch", "HAND-1", 1, 0)
    assert result.total.change == Figures(demand_hours=-16, required=-2, freed=2)
    assert (out / "whatif.json").read_text(encoding="utf-8") == result.to_json()
    for side in ("baseline", "scenario"):
        assert sorted(p.name for p in (out / side).iterdir()) == [
            "HAND-1-roster.csv", "HAND-1.json", "summary.csv", "summary.json"]
    base, scen = (BranchResult.model_validate_json((out / side / "HAND-1.json").read_text())
                  for side in ("baseline", "scenario"))
    assert base.input_sha256 != scen.input_sha256  # the scenario is part of the input
    assert {r.post for r in scen.requirements} - {r.post for r in base.requirements} == {
        "lobby_manager"}
    summary = json.loads((out / "scenario" / "summary.json").read_text(encoding="utf-8"))
    assert summary["rows"][0]["freed"] == 5


def test_without_out_nothing_is_left_behind(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    run = run_whatif(BRANCH, PUSH, standards=STANDARDS, time_limit=LIMIT)
    assert run.out is None and run.result.compared == 1
    assert list(tmp_path.iterdir()) == []


def test_a_region_with_a_broken_branch(tmp_path: Path) -> None:
    region = hand_region(tmp_path / "r", broken=True)
    result = run_whatif(region, PUSH, workers=2, time_limit=LIMIT).result
    assert (result.scope, result.target, result.compared, result.failed) == (
        "region", "hand-region", 2, 1)
    rows = {b.id: b for b in result.branches}
    assert rows["HAND-3"].error is not None and "grade" in rows["HAND-3"].error
    # HAND-2: tellers 2 + 4 a slot before, 2 + 2 after, and a lobby manager
    assert rows["HAND-2"].change == Figures(demand_hours=-8, required=-1, freed=1)
    assert [b.id for b in result.changed_most()] == ["HAND-1", "HAND-2"]
    teller = next(r for r in result.roles if r.role == "teller")
    assert (teller.baseline.required, teller.scenario.required) == (15, 10)
    assert WhatIfResult.model_validate_json(result.to_json()) == result


def test_a_bad_scenario_stops_the_run_at_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: Scenario\nversion: 1\nname: b\nvolume:\n"
                   "  centralise: {account_openin: 0.5}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        run_whatif(BRANCH, bad, standards=STANDARDS, out=tmp_path / "out")
    [problem] = caught.value.problems
    assert (problem.line, problem.code) == (5, "unknown-transaction")
    assert "did you mean 'account_opening'?" in problem.message
    assert not (tmp_path / "out").exists()  # nothing was solved or written


def test_a_bad_branch_file_stops_the_run(tmp_path: Path) -> None:
    region = hand_region(tmp_path / "r", broken=True)
    with pytest.raises(ConfigError) as caught:
        run_whatif(region / "branches" / "HAND-3.yaml", PUSH)
    assert [p.code for p in caught.value.problems] == ["out-of-range"]
    with pytest.raises(ValueError, match="workers"):
        run_whatif(BRANCH, PUSH, standards=STANDARDS, workers=0)
