"""bench/make_region.py: every generated branch loads cleanly, and a seed fixes the bytes."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from staffopt.config import find_standards, load_branch, load_document
from staffopt.requirements import compute

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "make_region.py"


def _import_script() -> ModuleType:
    """Import bench/make_region.py by path: bench/ is not a package."""
    spec = importlib.util.spec_from_file_location("make_region", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def make_region() -> ModuleType:
    """The generator module."""
    return _import_script()


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


@pytest.fixture(scope="module")
def region30(make_region: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """30 branches of seed 11, and the run's summary."""
    out = tmp_path_factory.mktemp("region30")
    return out, make_region.generate(30, 11, out)


def test_every_branch_loads_without_problems(region30: tuple[Path, Any]) -> None:
    out, summary = region30
    assert summary.branches == 30
    paths = sorted((out / "branches").glob("*.yaml"))
    assert len(paths) == 30
    sizes = []
    for path in paths:
        loaded = load_branch(path, out / "standards.yaml")
        assert loaded.warnings == [], (path.name, [str(w) for w in loaded.warnings])
        counter = sum(n for tx, n in loaded.branch.volume.daily.items() if tx != "self_service")
        assert 150 <= counter <= 900, (path.name, counter)
        sizes.append(len(loaded.branch.staff))
        # Counters are sized to the peaks, so no slot is capped by a counter.
        assert compute(loaded.standards, loaded.branch).warnings == [], path.name
    assert all(8 <= n <= 30 for n in sizes), sizes
    assert sum(8 <= n <= 20 for n in sizes) > len(sizes) // 2  # most are small branches
    assert summary.staff == sum(sizes)


def test_branches_find_the_copied_standards(region30: tuple[Path, Any]) -> None:
    """Without --standards, a branch uses OUT/region.yaml's standards: OUT/standards.yaml."""
    out, _ = region30
    branch = out / "branches" / "BR-0001.yaml"
    assert find_standards(branch) == (out / "standards.yaml").resolve()
    assert load_branch(branch).warnings == []


def test_mix_of_scenarios(region30: tuple[Path, Any]) -> None:
    _, summary = region30
    assert set(summary.scenarios) == {"balanced", "surplus", "short"}


def test_region_folder_is_self_contained(make_region: ModuleType, tmp_path: Path) -> None:
    make_region.generate(3, 5, tmp_path)
    region = load_document(tmp_path / "region.yaml", expect="Region").model
    assert region.standards == "standards.yaml"
    assert region.branches == "branches/"
    shipped = (ROOT / "configs" / "standards.yaml").read_bytes()
    assert (tmp_path / "standards.yaml").read_bytes() == shipped


def test_large_branches(make_region: ModuleType, tmp_path: Path) -> None:
    make_region.generate(3, 2, tmp_path, large=True)
    paths = sorted((tmp_path / "branches").glob("*.yaml"))
    assert len(paths) == 3
    for path in paths:
        loaded = load_branch(path, tmp_path / "standards.yaml")
        assert loaded.warnings == [], path.name
        assert 40 <= len(loaded.branch.staff) <= 60, (path.name, len(loaded.branch.staff))


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    """Two runs of the command line, into two folders, write the same files."""
    for name in ("a", "b"):
        subprocess.run(
            [sys.executable, str(SCRIPT), "30", "4", str(tmp_path / name)],
            check=True, capture_output=True, text=True,
        )
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(first) == 32  # region, standards, 30 branches
    assert first == second


def test_large_same_seed_same_bytes(make_region: ModuleType, tmp_path: Path) -> None:
    make_region.generate(3, 9, tmp_path / "a", large=True)
    make_region.generate(3, 9, tmp_path / "b", large=True)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_another_seed_other_branches(make_region: ModuleType, tmp_path: Path) -> None:
    make_region.generate(5, 1, tmp_path / "a")
    make_region.generate(5, 2, tmp_path / "b")
    assert _files(tmp_path / "a")["branches/BR-0001.yaml"] != _files(tmp_path / "b")[
        "branches/BR-0001.yaml"
    ]


def test_summary_line_on_stderr(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "4", "3", str(tmp_path)],
        check=True, capture_output=True, text=True,
    )
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("make_region: 4 branches (")


def test_rerun_with_fewer_branches_removes_stale_files(
    make_region: ModuleType, tmp_path: Path
) -> None:
    make_region.generate(5, 1, tmp_path)
    make_region.generate(2, 1, tmp_path)
    assert sorted(p.name for p in (tmp_path / "branches").iterdir()) == [
        "BR-0001.yaml", "BR-0002.yaml",
    ]


def test_yaml_text_round_trips(make_region: ModuleType) -> None:
    import yaml

    data = {
        "name": "yes",
        "hours": {"sun": "10:00-15:00", "sat": "closed"},
        "daily": {"a": 1},
        "staff": [{"id": "E001", "skills": ["teller", "lobby_manager"], "note": "O'Brien: x"}],
    }
    text = make_region.to_yaml(data, ["header"])
    assert text.startswith("# header\n")
    assert "hours: {sun: \"10:00-15:00\", sat: closed}" in text
    assert yaml.safe_load(text) == data
