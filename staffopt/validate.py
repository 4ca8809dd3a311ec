"""``staffopt validate``: check files of every kind, and report problems (design §7).

Each file's ``kind:`` picks its model. Standards files get their consistency checks;
Branch files get their references checked against their standards; Region files get
their paths checked. Every problem comes back as a ``Problem``; nothing raises, so a
broken file never stops the others from being checked.

One formatter per output format, as yamllint does: ``text``, ``json`` and ``github``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from staffopt.config.access import path_problem, resolved
from staffopt.config.checks import check_branch, check_standards
from staffopt.config.loading import (
    DEFAULT_STANDARDS,
    Document,
    display_path,
    find_standards,
    load_document,
    region_problems,
)
from staffopt.config.models import Branch, Standards
from staffopt.problems import ConfigError, Problem, has_errors

YAML_SUFFIXES = (".yaml", ".yml")


# ---------------------------------------------------------------- finding files


def _yaml_files(folder: Path) -> list[Path]:
    out = []
    # os.walk does not follow symlinked folders, so a link loop cannot trap the search.
    for top, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        out += [
            Path(top) / name for name in names
            if not name.startswith(".") and name.lower().endswith(YAML_SUFFIXES)
        ]
    return sorted(out)


def collect_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The YAML files named by ``paths``, and a problem for each path that does not exist.

    A folder is searched recursively for ``*.yaml`` and ``*.yml``, leaving out hidden
    files and folders (``.git``, ``.pre-commit-config.yaml``); a file named outright is
    always checked. Each file appears once, in sorted order.
    """
    found: dict[Path, Path] = {}  # resolved -> as given, so messages keep the user's paths
    problems: list[Problem] = []
    for path in paths:
        problem = path_problem(path, display_path(path), want="any")
        if problem is None and path.is_dir():
            for candidate in _yaml_files(path):
                found.setdefault(resolved(candidate), candidate)
        elif problem is None or problem.code == "not-a-file":  # reading it says why not
            found.setdefault(resolved(path), path)
        else:  # missing, a symlink loop, a name too long
            problems.append(problem)
    files = sorted(found.values(), key=lambda p: display_path(p))
    return files, problems


# ---------------------------------------------------------------- checking


@dataclass
class _Loaded:
    """A file loaded once: its document, or the problems that kept it from loading."""

    doc: Document | None
    problems: list[Problem]


@dataclass
class _Session:
    """One validate run: files are loaded once, however many branches refer to them."""

    standards: Path | None
    loaded: dict[Path, _Loaded] = field(default_factory=dict)
    found: dict[Path, Path | ConfigError] = field(default_factory=dict)

    def load(self, path: Path) -> _Loaded:
        key = resolved(path)
        if key not in self.loaded:
            try:
                self.loaded[key] = _Loaded(load_document(path), [])
            except ConfigError as error:
                self.loaded[key] = _Loaded(None, error.problems)
        return self.loaded[key]

    def standards_for(self, branch: Path) -> Path | ConfigError:
        # find_standards depends only on the branch's folder, so ask once per folder.
        folder = resolved(branch).parent
        if folder not in self.found:
            try:
                self.found[folder] = find_standards(branch, self.standards)
            except ConfigError as error:
                self.found[folder] = error
        return self.found[folder]


def _whole_file(doc: Document, code: str, message: str) -> Problem:
    """A problem about a file as a whole, placed at its first key."""
    return doc.map.problem((), code, message)


def _unusable(doc: Document, shown: str, problems: list[Problem]) -> Problem:
    errors = sum(p.level == "error" for p in problems)
    return _whole_file(
        doc, "standards-unusable",
        f"standards file {shown} has {errors} error{'s' if errors != 1 else ''}; fix "
        f"{'them' if errors != 1 else 'it'} first, then this file can be checked against it",
    )


def _standards_problems(doc: Document) -> list[Problem]:
    assert isinstance(doc.model, Standards)
    return check_standards(doc.model, doc.map)


def _branch_problems(doc: Document, session: _Session) -> list[Problem]:
    assert isinstance(doc.model, Branch)
    found = session.standards_for(doc.path)
    if isinstance(found, ConfigError):
        region = found.problems[0].file if found.problems else "region.yaml"
        return [_whole_file(
            doc, "standards-unusable",
            f"cannot tell which standards apply: {region} has errors; fix it first, "
            "or pass --standards FILE",
        )]
    shown = display_path(found)
    missing = path_problem(found, shown)
    if missing is not None and missing.code == "not-found":  # others are said on reading
        if found == session.standards:
            fix = "fix the --standards path"
        elif found == DEFAULT_STANDARDS:
            fix = (
                "pass --standards FILE, set 'standards:' in the region's region.yaml, "
                f"or create {DEFAULT_STANDARDS}"
            )
        else:
            fix = "fix 'standards:' in the region's region.yaml, or pass --standards FILE"
        return [_whole_file(
            doc, "standards-unusable", f"standards file {shown} not found; {fix}"
        )]
    std = session.load(found)
    if std.doc is None:
        return [_unusable(doc, shown, std.problems)]
    if not isinstance(std.doc.model, Standards):
        return [_whole_file(
            doc, "standards-unusable",
            f"{shown} is a {std.doc.kind} file, not a Standards file; "
            "point --standards or region.yaml's 'standards:' at a Standards file",
        )]
    std_problems = _standards_problems(std.doc)
    if has_errors(std_problems):
        return [_unusable(doc, shown, std_problems)]
    return check_branch(doc.model, doc.map, std.doc.model)


def _check_file(path: Path, session: _Session) -> list[Problem]:
    loaded = session.load(path)
    if loaded.doc is None:
        return loaded.problems
    checks: dict[str, Callable[[Document], list[Problem]]] = {
        "Standards": _standards_problems,
        "Branch": lambda doc: _branch_problems(doc, session),
        "Region": region_problems,
    }
    return checks[loaded.doc.kind](loaded.doc)


def validate_paths(paths: list[Path], standards: Path | None) -> list[Problem]:
    """Check files and folders; return every problem found, sorted and de-duplicated.

    ``standards`` (``--standards``) applies to every Branch file; without it each branch
    uses its region's standards, else ``configs/standards.yaml``. Never raises for bad
    input: an unexpected failure while checking one file becomes an ``internal-error``
    problem on that file, and the other files are still checked.
    """
    files, problems = collect_files(paths)
    session = _Session(standards)
    for path in files:
        try:
            problems += _check_file(path, session)
        except ConfigError as error:
            problems += error.problems
        except Exception as exc:  # a bug must not hide the other files' problems
            problems.append(Problem(
                display_path(path), 0, 0, "error", "internal-error",
                f"staffopt failed while checking this file ({type(exc).__name__}: {exc}); "
                "please report this with the file",
            ))
    return sorted(set(problems))


# ---------------------------------------------------------------- formatters


def format_text(problems: list[Problem]) -> str:
    """``file:line:col: [level] message (code)``, one problem a line.

    A line break inside a message (from a YAML key such as "a\\nb") is shown as ``\\n``,
    so that each problem stays on one line for grep and editors.
    """
    return "".join(
        str(p).replace("\r", "\\r").replace("\n", "\\n") + "\n" for p in sorted(problems)
    )


def format_json(problems: list[Problem]) -> str:
    """A JSON list of problem objects (``[]`` when there are none)."""
    rows = [p.to_dict() for p in sorted(problems)]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: list[Problem]) -> str:
    """GitHub workflow commands: ``::error file=F,line=L,col=C,title=CODE::message``.

    A problem with no known position (line 0) names the file only.
    """
    lines = []
    for p in sorted(problems):
        props = [f"file={_escape_property(p.file)}"]
        if p.line > 0:
            props.append(f"line={p.line}")
            if p.column > 0:
                props.append(f"col={p.column}")
        props.append(f"title={_escape_property(p.code)}")
        lines.append(f"::{p.level} {','.join(props)}::{_escape_data(p.message)}\n")
    return "".join(lines)


FORMATTERS: dict[str, Callable[[list[Problem]], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}


def format_problems(problems: list[Problem], fmt: str) -> str:
    """Render problems in one of the formats of ``FORMATTERS``: text, json or github."""
    try:
        formatter = FORMATTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATTERS)}") from None
    return formatter(problems)
