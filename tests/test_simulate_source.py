"""Result files that do not belong to the branch, and branches with nothing to simulate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from simulate_data import NO_COUNTERS, OTHER, STANDARDS, solved

from staffopt.config import load_branch
from staffopt.simulate import SimulateError, check_simulable, load_result


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_branch_own_result_loads(tmp_path: Path) -> None:
    inp, result = solved()
    assert load_result(_write(tmp_path, result.to_json()), inp) == result


def test_a_result_of_another_branch(tmp_path: Path) -> None:
    _, result = solved()
    other = load_branch(OTHER, STANDARDS)
    with pytest.raises(SimulateError, match=r"r\.json:4:3: this is the result of branch SIM-T"):
        load_result(_write(tmp_path, result.to_json()), other)


def test_a_result_of_other_input_files(tmp_path: Path) -> None:
    inp, result = solved()
    data = json.loads(result.to_json())
    data["input_sha256"] = "0" * 64
    path = _write(tmp_path, json.dumps(data, indent=2))
    with pytest.raises(SimulateError, match="solved from other input files"):
        load_result(path, inp)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"kind": "BranchResult",\n  "version": 2,,}', r"r\.json:2:16: not JSON"),
        ('{"kind": "SimulationResult"}', r"r\.json:1:2: not a BranchResult"),
        ('{"kind": "BranchResult", "version": 2}', r"not a valid BranchResult \(branch: "),
        ("[1]", "not a BranchResult"),
    ],
)
def test_a_file_that_is_no_result(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SimulateError, match=message):
        load_result(_write(tmp_path, text), solved()[0])


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SimulateError, match="cannot read the result file"):
        load_result(tmp_path / "none.json", solved()[0])


def test_a_branch_without_queue_zones() -> None:
    inp = load_branch(NO_COUNTERS)
    with pytest.raises(SimulateError, match="SIM-N has no queue zone to simulate"):
        check_simulable(NO_COUNTERS, inp)
