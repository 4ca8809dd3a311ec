"""Shared fixtures: the repository's own configs and demo data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def standards_path() -> Path:
    """The shipped standards file."""
    return ROOT / "configs" / "standards.yaml"


@pytest.fixture(scope="session")
def demo_region() -> Path:
    """The bundled demo region folder."""
    return ROOT / "data" / "regions" / "demo-city"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """tests/data."""
    return DATA
