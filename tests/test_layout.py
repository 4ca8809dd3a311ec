"""The shape of staffopt/: small functions, small modules, and a test module for each module.

Naming rule: staffopt/<a>/<b>/<m>.py is tested in tests/test_<a>_<b>_<m>.py, a top-level
staffopt/<m>.py in tests/test_<m>.py (the module's dotted path below staffopt, dots as underscores).
__init__.py modules are exempt. Nothing of staffopt is imported: the source is read with ast.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "staffopt"
TESTS = Path(__file__).resolve().parent
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")

def test_module(module: Path) -> Path:
    """The test module that the naming rule gives to a staffopt module."""
    parts = module.relative_to(PACKAGE).with_suffix("").parts
    return TESTS / f"test_{'_'.join(parts)}.py"


test_module.__test__ = False  # a helper, not a test


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_over_450_lines(module: Path) -> None:
    assert len(module.read_text(encoding="utf-8").splitlines()) <= 450


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_function_over_60_lines(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    long = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > 60
    ]
    assert long == []


def test_naming_rule() -> None:
    assert test_module(PACKAGE / "requirements" / "kinds" / "queue.py").name == (
        "test_requirements_kinds_queue.py"
    )
    assert test_module(PACKAGE / "cli.py").name == "test_cli.py"


def test_every_module_has_its_test_module() -> None:
    missing = sorted(
        ".".join(m.relative_to(PACKAGE).with_suffix("").parts)
        for m in MODULES
        if not test_module(m).is_file()
    )
    assert missing == [], f"modules without a test module: {missing}"
