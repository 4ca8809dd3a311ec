"""Helpers shared by the test modules.

Golden files: every exact-output test compares with a file under ``tests/data/golden``
through ``assert_golden``. After an intended change of an output, regenerate them with

    STAFFOPT_UPDATE_GOLDEN=1 python -m pytest -q

and review the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = TESTS / "data"
GOLDEN = DATA / "golden"

UPDATE_GOLDEN = os.environ.get("STAFFOPT_UPDATE_GOLDEN") == "1"


def assert_golden(text: str, name: str) -> None:
    """Assert that ``text`` equals the golden file ``name``; rewrite it when updating."""
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"output differs from golden/{name}"
