"""Shared fixtures: the repository's own configs, the demo data, and generated branches."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from helpers import GENERATED_SEED, SHORT_NUMBER, TINY_STANDARDS, solve_path
from spec import load_oracles

from staffopt.config import Standards, load_standards
from staffopt.result import BranchResult

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MAKE_REGION = ROOT / "bench" / "make_region.py"

load_oracles()  # the kinds' oracles, now rather than first inside a hypothesis test (spec.py)


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
            self._results[branch_id] = solve_path(
                self.path(branch_id), self.standards, self.time_limit
            )
        return self._results[branch_id]


@pytest.fixture(scope="session")
def demo_results(demo_region: Path, tmp_path_factory: pytest.TempPathFactory) -> DemoResults:
    """Solved demo branches, shared by every test of the session."""
    return DemoResults(tmp_path_factory.mktemp("demo"), demo_region)


# ---------------------------------------------------------------- generated branches


def _import_make_region() -> ModuleType:
    """bench/make_region.py, imported by path: bench/ is not a package."""
    spec = importlib.util.spec_from_file_location("make_region", MAKE_REGION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def generator() -> ModuleType:
    """The region generator, bench/make_region.py."""
    return _import_make_region()


@pytest.fixture(scope="session")
def generated(generator: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six synthetic branches of a fixed seed, with their standards, in a region folder.

    The last is then made clearly short of staff, whatever the generator drew for it:
    one operations supervisor, and a branch open on Sunday too.
    """
    out = tmp_path_factory.mktemp("generated")
    # on the frozen break-less standards: their solves prove optimality within the tests'
    # limits, which the shipped 08:30-17:30 days with lunch do not on a loaded machine
    generator.generate(6, GENERATED_SEED, out, prefix="GEN", standards=TINY_STANDARDS)
    path = out / "branches" / f"GEN-{SHORT_NUMBER:04d}.yaml"
    branch = yaml.safe_load(path.read_text(encoding="utf-8"))
    qualified = [e for e in branch["staff"] if "operations_supervisor" in e["skills"]]
    assert qualified, "a generated branch has an operations supervisor"
    for emp in qualified[1:]:
        emp["skills"].remove("operations_supervisor")
    branch.setdefault("opening_hours", {}).setdefault("sun", "10:00-15:00")
    path.write_text(yaml.safe_dump(branch, sort_keys=False), encoding="utf-8")
    return out


# ---------------------------------------------------------------- the tiny batch


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


@pytest.fixture(scope="session")
def std(standards_path: Path) -> Standards:
    """The shipped standards."""
    return load_standards(standards_path)[0]


@pytest.fixture(scope="session")
def plain_path() -> Path:
    """The frozen break-less standards file."""
    return ROOT / "tests" / "data" / "config" / "standards-no-breaks.yaml"
