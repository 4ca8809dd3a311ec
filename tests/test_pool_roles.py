"""Region ``pool`` settings: parsed strictly, defaults, and roles checked against the standards."""

from __future__ import annotations

from pathlib import Path

import pytest

from staffopt.config import load_document
from staffopt.config.loading import DEFAULT_STANDARDS, load_text
from staffopt.config.models import Pool, Region, Standards
from staffopt.pool.roles import check_pool, pool_roles, pool_scope
from staffopt.problems import ConfigError

REGION = """kind: Region
version: 1
name: r
pool:
  scope: region
  roles: [teller, nobody]
"""


def _std() -> Standards:
    std = load_document(DEFAULT_STANDARDS, expect="Standards").model
    assert isinstance(std, Standards)
    return std


def test_unknown_role_is_said_at_its_line() -> None:
    doc = load_text(REGION, "region.yaml", expect="Region")
    assert isinstance(doc.model, Region)
    problems = check_pool(doc.model, doc.map, _std())
    assert [(p.code, p.line) for p in problems] == [("unknown-role", 6)]
    assert "nobody" in problems[0].message


def test_extra_key_is_refused() -> None:
    with pytest.raises(ConfigError):
        load_text(REGION.replace("scope: region", "scope: region\n  size: 3"), "r.yaml")


def test_defaults() -> None:
    std = _std()
    roles = pool_roles(Pool(), std)
    assert "teller" in roles and "branch_head" not in roles
    assert pool_scope(Pool(), [None, "A"]) == "district"
    assert pool_scope(Pool(), [None, None]) == "region"
    assert pool_scope(Pool(scope="region"), ["A"]) == "region"


def test_demo_region_has_a_pool() -> None:
    path = Path(__file__).resolve().parent.parent / "data/regions/demo-city/region.yaml"
    model = load_document(path, expect="Region").model
    assert isinstance(model, Region) and model.pool is not None


def test_validate_names_an_unknown_pool_role(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from staffopt.cli import app

    std = (Path(__file__).resolve().parent.parent / "configs" / "standards.yaml").as_posix()
    (tmp_path / "branches").mkdir()
    region = tmp_path / "region.yaml"
    region.write_text(f"kind: Region\nversion: 1\nname: r\nstandards: {std}\n"
                      "pool: {roles: [teller, tellr]}\n", encoding="utf-8")
    run = CliRunner().invoke(app, ["validate", str(region)])
    assert run.exit_code == 1
    assert "region.yaml:5:" in run.output and "unknown role 'tellr'" in run.output
