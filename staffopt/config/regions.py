"""Opening a region for a batch: its region.yaml, its standards file and its branch files.

The region's own checks (``region_problems``) are those of ``staffopt validate``, so a
batch reports a wrong ``standards:`` or ``branches:`` at the same line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from staffopt.config.access import path_problem, resolved
from staffopt.config.loading import (
    DEFAULT_STANDARDS,
    display_path,
    load_document,
    region_problems,
)
from staffopt.config.models import Region
from staffopt.problems import ConfigError, Problem


@dataclass
class RegionFiles:
    """A region as a batch sees it: its name, its standards file and its branch files."""

    name: str
    standards: Path  # resolved
    files: list[Path]  # sorted by name


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


def _branch_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir()
        # dotfiles are editors' scratch copies, not branches
        if p.suffix in (".yaml", ".yml") and p.is_file() and not p.name.startswith(".")
    )


def open_region(region: Path, standards: Path | None = None) -> RegionFiles:
    """The region's name, its standards file and its branch files, sorted.

    ``region`` is a region folder or its region.yaml; ``standards`` (``--standards``)
    replaces the region's own. Raises ConfigError, placed at the line of region.yaml
    where the region names a path that cannot be used.
    """
    region_file = _region_file(region)
    doc = load_document(region_file, expect="Region")
    model = doc.model
    assert isinstance(model, Region)
    problems = region_problems(doc, standards)
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
    try:
        files = _branch_files(folder)
    except OSError as exc:
        raise ConfigError([doc.map.problem(
            ("branches",), "no-branches",
            f"cannot list the branches folder '{model.branches}': {exc.strerror or exc}",
        )]) from None
    if not files:  # most likely a wrong 'branches:' path; an empty run would hide it
        raise ConfigError([doc.map.problem(
            ("branches",), "no-branches",
            f"no branch files (*.yaml, *.yml) in {display_path(folder)}",
        )])
    return RegionFiles(model.name, resolved(standards), files)
