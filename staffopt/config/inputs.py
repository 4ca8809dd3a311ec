"""A run's input files, loaded once and checked together (design §7).

``validate``, ``solve``, ``requirements`` and ``batch`` all take their files through a
``Checker``: every command finds the same problems in a file, the schema's and the
cross-checks of every part that loaded, and an error stops them with the same message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from staffopt.config.access import path_problem, read_file, resolved
from staffopt.config.checks import check_branch, check_region, check_standards
from staffopt.config.loading import (
    DEFAULT_STANDARDS,
    Document,
    SchemaError,
    display_path,
    input_sha256,
    load_bytes,
    load_document,
    load_text,
    region_file_of,
)
from staffopt.config.models import Branch, Region, Scenario, Standards
from staffopt.config.scenarios import check_scenario
from staffopt.problems import ConfigError, Problem, has_errors


@dataclass
class Loaded:
    """A file as loaded: its document (whole, or the parts that loaded) and schema problems."""

    doc: Document | None
    problems: list[Problem]

    @property
    def complete(self) -> bool:
        """Whether the whole file loaded without a problem."""
        return self.doc is not None and not self.problems


def _attempt(load: Callable[[], Document]) -> Loaded:
    try:
        return Loaded(load(), [])
    except SchemaError as error:
        return Loaded(error.partial, error.problems)
    except ConfigError as error:
        return Loaded(None, error.problems)


def standards_problems(loaded: Loaded) -> list[Problem]:
    """A standards file's problems: its schema's, then the checks of the parts that loaded."""
    doc = loaded.doc
    if doc is None or not isinstance(doc.model, Standards):
        return list(loaded.problems)
    return loaded.problems + check_standards(doc.model, doc.map, doc.gaps)


# Checked standards files by (name shown, path, content digest): a batch worker loads the
# same file for every branch, and its models are frozen, so they can be shared. The
# digest, not the modification time, decides: a file rewritten within one clock tick
# is still seen as changed.
_StandardsKey = tuple[str, str, str]
_STANDARDS: dict[_StandardsKey, tuple[Loaded, list[Problem]]] = {}
_STANDARDS_KEPT = 8


def _cached_standards(path: Path) -> tuple[Loaded, list[Problem]]:
    shown = display_path(path)
    try:
        raw = read_file(path, shown)  # once, bounded: the digest and the parse use these bytes
    except ConfigError as error:  # a FIFO, a device, too large: refused unread
        return Loaded(None, error.problems), list(error.problems)
    key = (shown, str(resolved(path)), hashlib.sha256(raw).hexdigest())
    if key in _STANDARDS:
        return _STANDARDS[key]
    loaded = _attempt(lambda: load_bytes(raw, path))
    checked = (loaded, standards_problems(loaded))
    if loaded.doc is not None:
        if len(_STANDARDS) >= _STANDARDS_KEPT:
            _STANDARDS.pop(next(iter(_STANDARDS)))
        _STANDARDS[key] = checked
    return checked


def load_standards(path: Path) -> tuple[Standards, Document, list[Problem]]:
    """Load and check a standards file; raise ConfigError on errors, return its warnings."""
    loaded, problems = _cached_standards(path)
    doc = loaded.doc
    if doc is not None and not isinstance(doc.model, Standards):
        raise ConfigError([doc.map.problem(
            ("kind",), "wrong-kind", f"expected a Standards file here, found kind {doc.kind}"
        )])
    if doc is None or has_errors(problems):
        raise ConfigError(problems)
    assert isinstance(doc.model, Standards)
    return doc.model, doc, list(problems)


@dataclass
class StandardsFor:
    """The standards a branch is checked against, or why it cannot be checked."""

    doc: Document | None  # usable standards: loaded whole, without errors
    problems: list[Problem]  # those of the file that decides: the standards or the region
    blocked: str = ""  # why there are no usable standards, said on the branch


def _unusable(shown: str, problems: list[Problem]) -> str:
    errors = sum(p.level == "error" for p in problems)
    return (
        f"standards file {shown} has {errors} error{'s' if errors != 1 else ''}; fix "
        f"{'them' if errors != 1 else 'it'} first, then this file can be checked against it"
    )


@dataclass
class Checker:
    """One run of checks: each file is loaded once, however many branches refer to it.

    ``standards`` is ``--standards``; without it each branch uses its region's, else
    ``configs/standards.yaml``. ``shared`` keeps checked standards files for the whole
    process (a batch worker checks many branches against one file).
    """

    standards: Path | None = None
    shared: bool = False
    loaded: dict[Path, Loaded] = field(default_factory=dict)
    lookups: dict[Path, StandardsFor] = field(default_factory=dict)
    checked: dict[Path, list[Problem]] = field(default_factory=dict)

    def load(self, path: Path, raw: bytes | None = None) -> Loaded:
        """The file at ``path``, loaded once per run; from ``raw`` when already read."""
        key = resolved(path)
        if key not in self.loaded:
            self.loaded[key] = _attempt(
                lambda: load_document(path) if raw is None else load_bytes(raw, path)
            )
        return self.loaded[key]

    def load_text(self, text: str, file: str) -> Loaded:
        """YAML text that has no file (standard input), named ``file`` in messages."""
        return _attempt(lambda: load_text(text, file))

    def problems(self, loaded: Loaded) -> list[Problem]:
        """Every problem of a loaded file: its schema's, then the checks of what loaded."""
        doc = loaded.doc
        if doc is None:
            return list(loaded.problems)
        if isinstance(doc.model, Standards):
            return standards_problems(loaded)
        if isinstance(doc.model, Region):
            folder = resolved(doc.path).parent
            found = check_region(doc.model, doc.map, folder)
            return loaded.problems + found + self._pool_checks(doc.model, doc, folder, found)
        if isinstance(doc.model, Branch):
            return loaded.problems + self.branch_checks(doc)[0]
        if isinstance(doc.model, Scenario):
            return loaded.problems + self.scenario_checks(doc)
        return list(loaded.problems)

    def scenario_checks(self, doc: Document) -> list[Problem]:
        """A scenario's checks against the standards found for it as for a branch file."""
        assert isinstance(doc.model, Scenario)
        found = self.standards_for(doc.path)
        if found.doc is None:
            return [doc.map.problem((), "standards-unusable", found.blocked)]
        assert isinstance(found.doc.model, Standards)
        return check_scenario(doc.model, doc.map, found.doc.model)

    def _pool_checks(self, region: Region, doc: Document, folder: Path,
                     found: list[Problem]) -> list[Problem]:
        """The pool's roles against the region's standards, once those load."""
        if region.pool is None or region.standards is None or found:
            return []
        std = self.load(folder / region.standards).doc
        if std is None or not isinstance(std.model, Standards):
            return []  # the standards file reports its own problems
        from staffopt.pool.roles import check_pool  # the pool's rules live with the pool

        return check_pool(region, doc.map, std.model)

    def branch_checks(self, doc: Document) -> tuple[list[Problem], StandardsFor]:
        """A branch's cross-checks against its standards, and those standards."""
        assert isinstance(doc.model, Branch)
        found = self.standards_for(doc.path)
        if found.doc is None:
            return [doc.map.problem((), "standards-unusable", found.blocked)], found
        assert isinstance(found.doc.model, Standards)
        return check_branch(doc.model, doc.map, found.doc.model, doc.gaps), found

    def _checked_standards(self, path: Path) -> tuple[Loaded, list[Problem]]:
        if self.shared:
            return _cached_standards(path)
        loaded = self.load(path)
        key = resolved(path)
        if key not in self.checked:
            self.checked[key] = standards_problems(loaded)
        return loaded, self.checked[key]

    def _region_standards(self, branch: Path) -> tuple[Path, StandardsFor | None]:
        """The standards path a branch's region names, or why the region cannot tell."""
        region_file = region_file_of(branch)
        if region_file is None:
            return DEFAULT_STANDARDS, None
        loaded = self.load(region_file)
        doc = loaded.doc
        problems = loaded.problems
        if doc is not None and not isinstance(doc.model, Region):
            problems = [doc.map.problem(
                ("kind",), "wrong-kind", f"expected a Region file here, found kind {doc.kind}"
            )]
        if doc is None or problems:
            return region_file, StandardsFor(None, problems, (
                f"cannot tell which standards apply: {display_path(region_file)} has errors; "
                "fix it first, or pass --standards FILE"
            ))
        region = doc.model
        assert isinstance(region, Region)
        if region.standards is None:
            return DEFAULT_STANDARDS, None
        path = resolved(region_file.parent / region.standards)
        problem = path_problem(path, display_path(path))
        if problem is not None:  # region.yaml says so at its 'standards:' line
            said = "not found" if problem.code == "not-found" else "cannot be read"
            return path, StandardsFor(None, self.problems(loaded), (
                f"standards file {display_path(path)} {said}; fix 'standards:' in the "
                "region's region.yaml, or pass --standards FILE"
            ))
        return path, None

    def standards_for(self, branch: Path) -> StandardsFor:
        """The standards that apply to a branch file (design §1), checked once per folder."""
        folder = resolved(branch).parent
        if folder not in self.lookups:
            self.lookups[folder] = self._lookup(branch)
        return self.lookups[folder]

    def _lookup(self, branch: Path) -> StandardsFor:
        path = self.standards
        if path is None:
            path, failed = self._region_standards(branch)
            if failed is not None:
                return failed
        shown = display_path(path)
        missing = path_problem(path, shown)
        if missing is not None and missing.code == "not-found":  # others: said on reading
            fix = "fix the --standards path" if path == self.standards else (
                "pass --standards FILE, set 'standards:' in the region's region.yaml, "
                f"or create {DEFAULT_STANDARDS}"
            )
            return StandardsFor(None, [], f"standards file {shown} not found; {fix}")
        loaded, problems = self._checked_standards(path)
        if loaded.doc is not None and not isinstance(loaded.doc.model, Standards):
            return StandardsFor(None, [], (
                f"{shown} is a {loaded.doc.kind} file, not a Standards file; "
                "point --standards or region.yaml's 'standards:' at a Standards file"
            ))
        if loaded.doc is None or has_errors(problems):
            return StandardsFor(None, problems, _unusable(shown, problems))
        return StandardsFor(loaded.doc, problems)


@dataclass
class BranchInput:
    """A branch and its standards, checked against each other and ready to size."""

    branch: Branch
    standards: Standards
    input_sha256: str
    warnings: list[Problem]


def load_branch(path: Path, standards: Path | None = None) -> BranchInput:
    """Load a branch profile and its standards (found as design §1 says), and check both.

    The checks are those of ``staffopt validate``; on any error, raises ConfigError with
    every problem of the branch, and those of the standards or region file that keep
    it from being checked. ``input_sha256`` covers both files, so a change in either is
    seen by ``--resume``.
    """
    checker = Checker(standards, shared=True)
    loaded = checker.load(path)
    doc = loaded.doc
    if doc is None:
        raise ConfigError(loaded.problems)
    if not isinstance(doc.model, Branch):
        raise ConfigError([doc.map.problem(
            ("kind",), "wrong-kind", f"expected a Branch file here, found kind {doc.kind}"
        )])
    checks, found = checker.branch_checks(doc)
    problems = loaded.problems + checks
    if found.doc is None or has_errors(problems):
        raise ConfigError(problems + (found.problems if found.doc is None else []))
    assert isinstance(found.doc.model, Standards)
    return BranchInput(
        doc.model, found.doc.model, input_sha256(doc.sha256, found.doc.sha256),
        found.problems + problems,
    )


def load_scenario(path: Path, standards: Path) -> tuple[Scenario, Document, list[Problem]]:
    """Load a scenario and check it against the standards at ``standards``.

    Raises ConfigError on any error, of the scenario or of the standards; returns the
    scenario's warnings.
    """
    checker = Checker(standards, shared=True)
    loaded = checker.load(path)
    doc = loaded.doc
    if doc is None:
        raise ConfigError(loaded.problems)
    if not isinstance(doc.model, Scenario):
        raise ConfigError([doc.map.problem(
            ("kind",), "wrong-kind", f"expected a Scenario file here, found kind {doc.kind}"
        )])
    found = checker.standards_for(path)
    problems = loaded.problems + checker.scenario_checks(doc)
    if found.doc is None or has_errors(problems):
        raise ConfigError(problems + (found.problems if found.doc is None else []))
    return doc.model, doc, problems
