"""Loading files into models, with every problem placed at its file:line:column."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from staffopt.config.checks import check_branch, check_standards
from staffopt.config.models import KINDS, SIZINGS, Branch, Region, Standards
from staffopt.config.source import Source, SourceMap, parse_text, read_source
from staffopt.problems import ConfigError, Problem, has_errors

DEFAULT_STANDARDS = Path("configs/standards.yaml")

_TYPE_CODES = {
    "extra_forbidden": "unknown-key",
    "missing": "missing-key",
    "union_tag_invalid": "bad-sizing",
    "union_tag_not_found": "bad-sizing",
    "literal_error": "bad-value",
    "string_pattern_mismatch": "bad-name",
}
_RANGE_TYPES = {
    "greater_than", "greater_than_equal", "less_than", "less_than_equal",
    "too_short", "too_long", "string_too_short", "string_too_long",
}


@dataclass
class Document:
    """A loaded file: its kind, its model and where each value stands."""

    path: Path
    kind: str
    model: BaseModel
    map: SourceMap
    sha256: str


def display_path(path: Path) -> str:
    """The path as shown in messages: relative to the working folder where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _where(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif part in SIZINGS or part == "[key]":
            continue  # union tags and key markers mean nothing to the reader
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "the document"


def _message(error: dict[str, Any], code: str) -> str:
    loc = tuple(error["loc"])
    where = _where(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        parent = _where(loc[:-1])
        return f"unknown key '{loc[-1]}' in {parent}; check its spelling or delete it"
    if kind == "missing":
        return f"missing key '{loc[-1]}' in {_where(loc[:-1])}; add it"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return (
            f"{where}: 'sizing' must be one of {', '.join(SIZINGS)}, "
            "each with its own fields"
        )
    if kind == "string_pattern_mismatch":
        return (
            f"{where}: '{error.get('input')}' is not a valid name; use lower_snake_case "
            "letters, digits and underscores (ids may also use capitals, '.' and '-')"
        )
    if code == "wrong-type":
        return f"{where}: {error['msg'].lower()}, not {type(error.get('input')).__name__} '{_short(error.get('input'))}'"
    return f"{where}: {error['msg'][0].lower()}{error['msg'][1:]}"


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _code(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind in _TYPE_CODES:
        return _TYPE_CODES[kind]
    if kind in _RANGE_TYPES:
        return "out-of-range"
    if "-" in kind:  # our own PydanticCustomError codes
        return kind
    return "wrong-type"


def validation_problems(exc: ValidationError, source_map: SourceMap) -> list[Problem]:
    """Turn a pydantic ValidationError into problems placed in the file."""
    problems = []
    for error in exc.errors(include_url=False):
        code = _code(error)
        loc = tuple(error["loc"])
        on_key = error["type"] == "extra_forbidden" or (bool(loc) and loc[-1] == "[key]")
        problems.append(source_map.problem(loc, code, _message(error, code), key=on_key))
    return problems


def _kind_of(source: Source) -> str:
    data = source.data
    if not isinstance(data, dict):
        raise ConfigError([source.map.problem(
            (), "not-a-mapping", "the file must be a mapping that starts with 'kind:'"
        )])
    kind = data.get("kind")
    if kind not in KINDS:
        where = ("kind",) if "kind" in data else ()
        got = f"'{kind}'" if kind is not None else "no kind"
        raise ConfigError([source.map.problem(
            where, "unknown-kind",
            f"{got}: 'kind' must be one of {', '.join(KINDS)}",
        )])
    return str(kind)


def parse_document(source: Source, path: Path, sha256: str, expect: str | None = None) -> Document:
    """Validate parsed data against the model its ``kind:`` names."""
    kind = _kind_of(source)
    if expect is not None and kind != expect:
        raise ConfigError([source.map.problem(
            ("kind",), "wrong-kind", f"expected a {expect} file here, found kind {kind}"
        )])
    data = source.data
    if data.get("version") != 1:
        loc = ("version",) if "version" in data else ()
        raise ConfigError([source.map.problem(
            loc, "bad-version", "'version' must be 1 (the only file version staffopt reads)",
        )])
    try:
        model = KINDS[kind].model_validate(data)
    except ValidationError as exc:
        raise ConfigError(validation_problems(exc, source.map)) from None
    return Document(path, kind, model, source.map, sha256)


def load_document(path: Path, expect: str | None = None) -> Document:
    """Read a file of any kind and validate it against its schema (no cross-file checks)."""
    display = display_path(path)
    source = read_source(path, display)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return parse_document(source, path, digest, expect)


def load_text(text: str, file: str = "<text>", expect: str | None = None) -> Document:
    """Validate YAML text; used by tests and tools that hold the text already."""
    source = parse_text(text, file)
    return parse_document(source, Path(file), hashlib.sha256(text.encode()).hexdigest(), expect)


def find_standards(branch_path: Path, explicit: Path | None = None) -> Path:
    """The standards file for a branch, as design §1 says.

    ``--standards`` wins; else the ``region.yaml`` of the enclosing region folder;
    else ``configs/standards.yaml`` under the working folder.
    """
    if explicit is not None:
        return explicit
    for folder in branch_path.resolve().parents:
        region_file = folder / "region.yaml"
        if region_file.is_file():
            region = load_document(region_file, expect="Region").model
            assert isinstance(region, Region)
            if region.standards is not None:
                return (region_file.parent / region.standards).resolve()
            break
    return DEFAULT_STANDARDS


def load_standards(path: Path) -> tuple[Standards, Document, list[Problem]]:
    """Load a standards file; raise ConfigError on errors, return its warnings."""
    doc = load_document(path, expect="Standards")
    assert isinstance(doc.model, Standards)
    problems = check_standards(doc.model, doc.map)
    if has_errors(problems):
        raise ConfigError(problems)
    return doc.model, doc, problems


@dataclass
class BranchInput:
    """A branch and its standards, checked against each other and ready to size."""

    branch: Branch
    standards: Standards
    input_sha256: str
    warnings: list[Problem]


def load_branch(path: Path, standards: Path | None = None) -> BranchInput:
    """Load a branch profile and its standards (found as design §1 says).

    Raises ConfigError naming file:line:column for every error in either file.
    ``input_sha256`` covers both files, so a change in either is seen by ``--resume``.
    """
    std_path = find_standards(path, standards)
    if not std_path.is_file():
        raise ConfigError([Problem(
            display_path(std_path), 0, 0, "error", "no-standards",
            "standards file not found; pass --standards FILE, set 'standards:' in region.yaml, "
            f"or create {DEFAULT_STANDARDS}",
        )])
    std, std_doc, std_warnings = load_standards(std_path)
    doc = load_document(path, expect="Branch")
    assert isinstance(doc.model, Branch)
    problems = check_branch(doc.model, doc.map, std)
    if has_errors(problems):
        raise ConfigError(problems)
    digest = hashlib.sha256(f"{doc.sha256}:{std_doc.sha256}".encode()).hexdigest()
    return BranchInput(doc.model, std, digest, std_warnings + problems)
