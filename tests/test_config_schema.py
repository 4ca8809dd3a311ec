"""The JSON Schemas: committed copies up to date, valid, and named by every shipped YAML file."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from staffopt.cli import app
from staffopt.config.schema import MODELS, SCHEMA_DIALECT, schema_of, schema_text

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
VALID = Path(__file__).resolve().parent / "data" / "valid"
MODELINE = "# yaml-language-server: $schema="
KIND_FILES = {
    "Standards": "standards", "Branch": "branch", "Region": "region", "Scenario": "scenario",
}


def _shipped_yaml() -> list[Path]:
    return sorted(
        p for folder in ("configs", "data") for p in (ROOT / folder).rglob("*")
        if p.suffix in (".yaml", ".yml")
    )


def _as_json(value: Any) -> Any:
    """YAML data as an editor's schema validator sees it: keys are strings."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@pytest.mark.parametrize("kind", MODELS)
def test_committed_schema_is_current(kind: str) -> None:
    committed = (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), (
        f"schemas/{kind}.schema.json is stale; regenerate it with "
        f"`staffopt schema --kind {kind} > schemas/{kind}.schema.json`"
    )


@pytest.mark.parametrize("kind", MODELS)
def test_schema_shape(kind: str) -> None:
    text = schema_text(kind)
    assert text.endswith("}\n")
    schema = json.loads(text)
    assert next(iter(schema)) == "$schema"
    assert schema["$schema"] == SCHEMA_DIALECT
    assert schema["title"].startswith("staffopt ")
    assert schema["additionalProperties"] is False  # extra="forbid"
    assert {"kind", "version"} <= set(schema["required"])
    assert schema_text(kind) == text  # stable


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        schema_of("roster")


def test_schema_command_prints_json() -> None:
    result = CliRunner().invoke(app, ["schema", "--kind", "branch"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["properties"]["kind"]["const"] == "Branch"
    assert result.stdout == schema_text("branch")
    assert CliRunner().invoke(app, ["schema", "--kind", "roster"]).exit_code == 2


@pytest.mark.parametrize("kind", MODELS)
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema_of(kind))


def _files_with_kind() -> list[Path]:
    return _shipped_yaml() + sorted(p for p in VALID.rglob("*") if p.suffix in (".yaml", ".yml"))


@pytest.mark.parametrize("path", _files_with_kind(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_valid_files_pass_the_schema(path: Path) -> None:
    """The schema must not be stricter than the models: editors would flag good files."""
    jsonschema = pytest.importorskip("jsonschema")
    data = _as_json(yaml.safe_load(path.read_text(encoding="utf-8-sig")))
    schema = schema_of(KIND_FILES[data["kind"]])
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    assert errors == []


def test_schema_rejects_what_the_models_reject() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema_of("branch"))
    good = _as_json(yaml.safe_load((VALID / "minimal-branch.yaml").read_text()))
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "grade": 7})
    assert not validator.is_valid({**good, "grdae": 10})
    assert not validator.is_valid({**good, "opening_hours": {"sunday": "10:00-15:00"}})
    assert not validator.is_valid({**good, "opening_hours": {"sun": "10-15"}})


def test_schema_checks_break_rules() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema_of("standards"))
    good = _as_json(yaml.safe_load((VALID / "lunch" / "standards-lunch.yaml").read_text()))
    assert validator.is_valid(good)
    rule = good["labor"]["breaks"][1]
    for bad in ({"window": "11-14"}, {"paid": "no"}, {"minutes": 0}, {"lunch": True}):
        labor = {**good["labor"], "breaks": [{**rule, **bad}]}
        assert not validator.is_valid({**good, "labor": labor}), bad


def test_there_are_shipped_yaml_files() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in _shipped_yaml()}
    assert {"configs/standards.yaml", "data/regions/demo-city/region.yaml"} <= names


@pytest.mark.parametrize("path", _shipped_yaml(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_shipped_yaml_names_its_schema(path: Path) -> None:
    first, _, rest = path.read_text(encoding="utf-8").partition("\n")
    assert first.startswith(MODELINE), f"{path} must start with '{MODELINE}<path>'"
    kind = yaml.safe_load(rest)["kind"]
    target = first.removeprefix(MODELINE).strip()
    expected = Path(os.path.relpath(SCHEMAS / f"{KIND_FILES[kind]}.schema.json", path.parent))
    assert target == expected.as_posix()
    assert (path.parent / target).resolve().is_file()
