"""A region as a batch sees it: its branch files, and which of them ``--resume`` skips."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from staffopt.batch.worker import branch_sha256
from staffopt.config import Region, check_region, display_path, load_document
from staffopt.config.access import path_problem, resolved
from staffopt.config.loading import DEFAULT_STANDARDS
from staffopt.files import yaml_files
from staffopt.problems import ConfigError, Problem
from staffopt.result import BranchResult


@dataclass
class RegionFiles:
    """A region's name, its standards file and its branch files."""

    name: str
    standards: Path  # resolved
    folder: Path  # the branches folder
    files: list[Path]  # sorted, as ``yaml_files`` finds them

    def name_of(self, path: Path) -> str:
        """How the summary names a branch file: its path within the branches folder."""
        return path.relative_to(self.folder).as_posix()


def _region_file(region: Path) -> Path:
    problem = path_problem(region, display_path(region), want="any")
    if problem is None and region.is_dir():
        region = region / "region.yaml"
        problem = path_problem(region, display_path(region))
        if problem is not None and problem.code == "not-found":
            raise ConfigError([Problem(
                display_path(region.parent), 0, 0, "error", "no-region",
                "no region.yaml in this folder; pass a region folder or its region.yaml",
            )])
    if problem is not None and problem.code == "not-found":
        raise ConfigError([Problem(
            display_path(region), 0, 0, "error", "no-region", "no such region file or folder",
        )])
    if problem is not None:  # a FIFO, a device, a symlink loop, a name too long
        raise ConfigError([problem])
    return region


def open_region(region: Path, standards: Path | None = None) -> RegionFiles:
    """The region's name, its standards file and its branch files.

    ``region`` is a region folder or its region.yaml; ``standards`` (``--standards``)
    replaces the region's own. The region's paths are checked as ``staffopt validate``
    checks them, each problem at its line in region.yaml. Branch files are found by the
    one discovery rule of ``staffopt.files.yaml_files``: ``*.yaml`` and ``*.yml`` in
    any case, in the branches folder and below it.
    """
    region_file = _region_file(region)
    doc = load_document(region_file, expect="Region")
    model = doc.model
    assert isinstance(model, Region)
    problems = [
        p for p in check_region(model, doc.map, resolved(region_file).parent)
        if standards is None or p.code != "no-standards"  # --standards replaces it
    ]
    if problems:
        raise ConfigError(problems)
    if standards is None:
        standards = (region_file.parent / model.standards) if model.standards else DEFAULT_STANDARDS
    missing = path_problem(standards, display_path(standards))
    if missing is not None and missing.code == "not-found":  # others: load_standards says
        raise ConfigError([Problem(
            display_path(standards), 0, 0, "error", "no-standards",
            "standards file not found; pass --standards FILE or set 'standards:' in region.yaml",
        )])
    folder = region_file.parent / model.branches
    files = yaml_files(folder)
    if not files:  # most likely a wrong 'branches:' path; an empty run would hide it
        raise ConfigError([doc.map.problem(
            ("branches",), "no-branches",
            f"no branch files (*.yaml, *.yml) in {display_path(folder)}",
        )])
    return RegionFiles(model.name, resolved(standards), folder, files)


def _up_to_date(out: Path) -> dict[str, dict[str, Any]]:
    """Finished results in ``out``, by input_sha256; failed ones are solved again.

    A result counts only with its roster CSV beside it: a branch's files land together.
    """
    found: dict[str, dict[str, Any]] = {}
    if not out.is_dir():
        return found
    for path in sorted(out.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # unreadable: the branch is solved again and the file replaced
        # a result of an older contract version is stale: solved again
        if (isinstance(data, dict) and data.get("kind") == "BranchResult"
                and data.get("version") == 2 and data.get("status") in ("optimal", "feasible")
                and path.stem == data.get("branch") and isinstance(data.get("input_sha256"), str)
                and (out / f"{path.stem}-roster.csv").is_file()):
            found[data["input_sha256"]] = data
    return found


def plan(region: RegionFiles, standards_sha: str,
         out: Path) -> tuple[list[Path], dict[str, BranchResult]]:
    """For ``--resume``: the files to solve, and the up-to-date results of the others.

    A result is up to date when ``out`` holds it with the ``input_sha256`` the branch
    file and the standards have now, and it did not fail. The results are keyed by
    the branch file's name in the summary (``RegionFiles.name_of``).
    """
    fresh = _up_to_date(out)
    todo: list[Path] = []
    reused: dict[str, BranchResult] = {}
    for path in region.files:
        sha = branch_sha256(path, standards_sha)  # None: the worker reports the file
        if sha is not None and sha in fresh:
            with contextlib.suppress(ValidationError):  # not a result after all: solve again
                reused[region.name_of(path)] = BranchResult.model_validate(fresh[sha])
                continue
        todo.append(path)
    return todo, reused
