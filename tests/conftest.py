"""Shared fixtures: the repository's own configs and demo data."""

from __future__ import annotations

from pathlib import Path

import pytest

from staffopt.result import BranchResult

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


DEMO_TIME_LIMIT = 20.0  # seconds per demo branch; each is solved once per session


class DemoResults:
    """The demo branches, each solved once per session and kept for every test that asks.

    The branch and standards files are copied first, so that the checker reads the very
    bytes the solver read, even if someone edits the demo data during the run.
    """

    def __init__(self, folder: Path, region: Path) -> None:
        import shutil

        import yaml

        region_doc = yaml.safe_load((region / "region.yaml").read_text(encoding="utf-8"))
        self.standards = folder / "standards.yaml"
        shutil.copyfile(region / region_doc["standards"], self.standards)
        self.folder = folder / "branches"
        shutil.copytree(region / region_doc["branches"], self.folder)
        self.time_limit = DEMO_TIME_LIMIT
        self._results: dict[str, BranchResult] = {}

    def path(self, branch_id: str) -> Path:
        """The snapshot of a demo branch file."""
        return self.folder / f"{branch_id}.yaml"

    def get(self, branch_id: str) -> BranchResult:
        """The BranchResult of a demo branch, solved on first use."""
        if branch_id not in self._results:
            from staffopt.solve import solve_file

            self._results[branch_id] = solve_file(
                self.path(branch_id), self.standards, time_limit=self.time_limit
            )
        return self._results[branch_id]


@pytest.fixture(scope="session")
def demo_results(demo_region: Path, tmp_path_factory: pytest.TempPathFactory) -> DemoResults:
    """Solved demo branches, shared by every test of the session."""
    return DemoResults(tmp_path_factory.mktemp("demo"), demo_region)


class TinyBatch:
    """The tiny region of ``tests/helpers.py``, solved by batch with 1 and with 2 workers."""

    def __init__(self, folder: Path) -> None:
        from helpers import BATCH_TIME_LIMIT, make_region, tiny_branches

        from staffopt.batch import run_batch

        self.region = make_region(folder / "region", tiny_branches())
        self.out = {w: folder / f"out{w}" for w in (1, 2)}
        self.runs = {
            w: run_batch(self.region, out=out, workers=w, time_limit=BATCH_TIME_LIMIT)
            for w, out in self.out.items()
        }


@pytest.fixture(scope="session")
def tiny_batch(tmp_path_factory: pytest.TempPathFactory) -> TinyBatch:
    """The tiny region solved once per session; tests copy its outputs before changing them."""
    return TinyBatch(tmp_path_factory.mktemp("tiny-batch"))
