"""Scenario files (design §2.4): the good and bad corpus, the schema, and the overrides."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from staffopt.cli import app
from staffopt.config import PresenceRole, Scenario, Standards, load_document
from staffopt.config.scenarios import (
    check_scenario,
    merge,
    override_standards,
    self_service_type,
)
from staffopt.config.schema import schema_of
from staffopt.config.source import SourceMap
from staffopt.validate import run_validate

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "data" / "scenario"
EXPECT = re.compile(r"^# expect: (\d+) (warning )?([a-z-]+)$")
MESSAGE = re.compile(r"^# message: (.+)$")

runner = CliRunner()


def _files(folder: str) -> list[Path]:
    return sorted((CORPUS / folder).glob("*.yaml"))


def _header(path: Path) -> tuple[set[tuple[int, str, str]], list[str]]:
    """The ``# expect: LINE [warning] CODE`` and ``# message: TEXT`` lines of a bad file."""
    expected, messages = set(), []
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := EXPECT.match(line):
            level = "warning" if match.group(2) else "error"
            expected.add((int(match.group(1)), level, match.group(3)))
        elif match := MESSAGE.match(line):
            messages.append(match.group(1))
    return expected, messages


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, where configs/standards.yaml is the default."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def test_corpus_is_there() -> None:
    assert len(_files("good")) >= 4
    assert len(_files("bad")) >= 10


@pytest.mark.parametrize("path", _files("bad"), ids=lambda p: p.name)
def test_bad_scenario_fails_where_and_how_expected(path: Path, at_root: None) -> None:
    expected, messages = _header(path)
    assert expected, f"{path} must start with '# expect: LINE CODE' lines"
    result = runner.invoke(app, ["validate", "--strict", "--format", "json", str(path)])
    assert result.exit_code == 1, result.stdout
    problems = json.loads(result.stdout)
    assert {(p["line"], p["level"], p["code"]) for p in problems} == expected
    assert {p["file"] for p in problems} == {path.relative_to(ROOT).as_posix()}
    assert all(p["column"] >= 1 for p in problems)
    for text in messages:
        assert any(text in p["message"] for p in problems), text


SHIPPED = ROOT / "data" / "scenarios" / "self-service-push.yaml"


@pytest.mark.parametrize("path", [*_files("good"), SHIPPED], ids=lambda p: p.name)
def test_good_scenario_passes_clean(path: Path, at_root: None) -> None:
    result = runner.invoke(app, ["validate", "--strict", str(path)])
    assert (result.exit_code, result.stdout) == (0, "1 file OK\n")


def _as_json(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value


@pytest.mark.parametrize("path", _files("good"), ids=lambda p: p.name)
def test_good_scenario_passes_the_json_schema(path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = _as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = list(jsonschema.Draft202012Validator(schema_of("scenario")).iter_errors(data))
    assert [e.message for e in errors] == []


@pytest.mark.parametrize("change", [
    {"volume": {"to_self_service": {"cash_deposit": 1.3}}},
    {"volume": {"centralise": {"account_opening": -0.1}}},
    {"volume": {"scale": 0}},
    {"opening_hours": {"sunday": "closed"}},
    {"standards": {"calender": {}}},
    {"standards": {"roles": {"teller": {"service_level": {"wiat_minutes": 5}}}}},
    {"standards": {"kind": "Standards"}},
    {"volume": {"share": 0.3}},
])
def test_json_schema_rejects_what_the_model_rejects(change: dict[str, object]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema_of("scenario"))
    good = {"kind": "Scenario", "version": 1, "name": "s"}
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, **change})


def test_schema_command_prints_the_scenario_schema() -> None:
    result = runner.invoke(app, ["schema", "--kind", "scenario"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["properties"]["kind"]["const"] == "Scenario"
    override = schema["$defs"]["StandardsOverride"]
    assert "required" not in override and "kind" not in override["properties"]
    assert "required" not in schema["$defs"]["QueueRoleOverride"]


def test_merge_lays_mappings_over_each_other_and_replaces_the_rest() -> None:
    base = {"a": {"b": 1, "c": [1, 2]}, "d": 2}
    assert merge(base, {"a": {"c": [3]}, "e": {"f": 1}}) == {
        "a": {"b": 1, "c": [3]}, "d": 2, "e": {"f": 1},
    }
    assert merge(base, {}) == base
    assert base == {"a": {"b": 1, "c": [1, 2]}, "d": 2}  # untouched


def test_override_standards_changes_only_what_it_names(standards_path: Path) -> None:
    std = load_document(standards_path).model
    assert isinstance(std, Standards)
    assert override_standards(std, {}) is std
    new = override_standards(std, {"roles": {"teller": {"service_level": {"percent": 90}}},
                                   "intraday_profile": {12: 1.5}})
    teller, old = new.roles["teller"], std.roles["teller"]
    assert teller.service_level.percent == 90  # type: ignore[union-attr]
    assert teller.service_level.wait_minutes == old.service_level.wait_minutes  # type: ignore[union-attr]
    assert new.intraday_profile["12"] == 1.5
    assert new.intraday_profile["11"] == std.intraday_profile["11"]
    back = {"roles": std.roles, "intraday_profile": std.intraday_profile}
    assert new.model_copy(update=back) == std
    assert self_service_type(new) == "self_service"


def test_scenario_without_usable_standards_says_so(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no configs/standards.yaml here
    path = tmp_path / "s.yaml"
    path.write_text("kind: Scenario\nversion: 1\nname: s\n", encoding="utf-8")
    report = run_validate([path], None)
    assert [p.code for p in report.problems] == ["standards-unusable"]
    assert run_validate([path], ROOT / "configs/standards.yaml").problems == []


def test_a_role_given_another_sizing_is_replaced_whole(standards_path: Path,
                                                       tmp_path: Path) -> None:
    std = load_document(standards_path).model
    assert isinstance(std, Standards)
    new = override_standards(std, {"roles": {"lobby_manager": {"sizing": "presence",
                                                               "on_duty": 2}}})
    assert isinstance(new.roles["lobby_manager"], PresenceRole)
    path = tmp_path / "s.yaml"
    path.write_text("kind: Scenario\nversion: 1\nname: s\nstandards:\n  roles:\n"
                    "    lobby_manager: {sizing: presence}\n", encoding="utf-8")
    [problem] = run_validate([path], standards_path).problems
    assert (problem.line, problem.code) == (6, "missing-key")
    assert "'on_duty'" in problem.message


def test_checking_leaves_the_scenario_as_it_was(standards_path: Path) -> None:
    std = load_document(standards_path).model
    assert isinstance(std, Standards)
    overrides = {"roles": {"tellr": {"max_occupancy": 0.8}, "teller": {"max_occupancy": 0.8}}}
    scenario = Scenario(kind="Scenario", version=1, name="s", standards=overrides)
    problems = check_scenario(scenario, SourceMap("s.yaml"), std)
    assert [p.code for p in problems] == ["unknown-name"]
    assert scenario.standards == {"roles": {"tellr": {"max_occupancy": 0.8},
                                            "teller": {"max_occupancy": 0.8}}}
