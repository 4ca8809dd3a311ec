"""Loading files into models, with every problem placed at its file:line:column."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from staffopt.config.access import path_problem, read_file, resolved
from staffopt.config.checks import check_branch, check_standards
from staffopt.config.models import KINDS, SIZINGS, Branch, Region, Standards
from staffopt.config.source import Source, SourceMap, parse_bytes, parse_text, read_source
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
        return str(resolved(path).relative_to(resolved(Path.cwd())))
    except (OSError, ValueError):  # outside the working folder, or no working folder
        return str(path)


def _where(loc: tuple[Any, ...], data: Any = None) -> str:
    """A pydantic location as the reader sees it: ``staff[2].unavailable[1]``.

    List positions count from 1, like the lines of a list; pydantic's union tags (the
    sizing kind after ``roles.<name>``) and key markers are left out.
    """
    parts: list[str] = []
    node = data
    for i, part in enumerate(loc):
        if part == "[key]" or (i == 2 and loc[0] == "roles" and part in SIZINGS):
            continue
        if isinstance(node, list) and isinstance(part, int):
            parts.append(f"[{part + 1}]")
            node = node[part] if 0 <= part < len(node) else None
            continue
        parts.append(("." if parts else "") + str(part))
        node = node.get(part) if isinstance(node, dict) else None
    return "".join(parts) or "the file"


# What each pydantic type error expected, in words.
_EXPECTED = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing_size": "a whole number of reasonable size",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "string_type": "text",
    "list_type": "a list",
    "tuple_type": "a list",
    "set_type": "a list",
    "dict_type": "a mapping of keys and values",
    "model_type": "a mapping of keys and values",
    "model_attributes_type": "a mapping of keys and values",
    "bool_type": "true or false",
}


def _describe(value: object) -> str:
    """A value as the reader wrote it, with what YAML made of it."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {_short(value)}"
    if isinstance(value, str):
        return f"the text '{_short(value)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, datetime.date):
        return f"the date {value}"
    if isinstance(value, bytes):
        return "binary data"
    return f"a {type(value).__name__} value"


def _value(value: object) -> str:
    return f"'{_short(value)}'" if isinstance(value, str) else _short(value)


_BOUNDS = (("ge", "at least"), ("gt", "more than"), ("le", "at most"), ("lt", "less than"))


def _bound(ctx: dict[str, Any]) -> str:
    for key, words in _BOUNDS:
        if key in ctx:
            limit = ctx[key]
            return f"{words} {limit:g}" if isinstance(limit, float) else f"{words} {limit}"
    return "in range"


def _message(error: dict[str, Any], code: str, data: Any = None) -> str:
    loc = tuple(error["loc"])
    where = _where(loc, data)
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        parent = _where(loc[:-1], data)
        return f"unknown key '{loc[-1]}' in {parent}; check its spelling or delete it"
    if kind == "missing":
        return f"missing key '{loc[-1]}' in {_where(loc[:-1], data)}; add it"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        if not isinstance(value, dict):
            return f"{where}: expected a mapping that starts with 'sizing:', got {_describe(value)}"
        got = f"'{ctx['tag']}'" if "tag" in ctx else "nothing"
        return (
            f"{where}: 'sizing' is {got}; it must be one of {', '.join(SIZINGS)}, "
            "each with its own fields"
        )
    if kind == "string_pattern_mismatch":
        return (
            f"{where}: '{_short(value)}' is not a valid name; use lower_snake_case "
            "letters, digits and underscores (ids may also use capitals, '.' and '-')"
        )
    if kind in _EXPECTED:
        return f"{where}: expected {_EXPECTED[kind]}, got {_describe(value)}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        side = "too small" if kind.startswith("greater") else "too large"
        return f"{where}: {_value(value)} is {side}; it must be {_bound(ctx)}"
    if kind in ("too_short", "string_too_short"):
        if kind == "string_too_short" and ctx.get("min_length") == 1:
            return f"{where}: must not be empty; write a value"
        unit = "character" if kind.startswith("string") else "entry"
        return f"{where}: needs at least {ctx.get('min_length')} {unit}(s)"
    if kind in ("too_long", "string_too_long"):
        unit = "character" if kind.startswith("string") else "entry"
        return f"{where}: too long; at most {ctx.get('max_length')} {unit}(s)"
    if kind == "literal_error":
        return f"{where}: {_value(value)} is not allowed; use {ctx.get('expected')}"
    msg = str(error["msg"])
    return f"{where}: {msg[:1].lower()}{msg[1:]}"


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


def validation_problems(
    exc: ValidationError, source_map: SourceMap, data: Any = None
) -> list[Problem]:
    """Turn a pydantic ValidationError into problems placed in the file.

    ``data`` is the validated input; with it, list positions in messages count from 1.
    A missing key is placed on the key of the mapping that lacks it.
    """
    problems = []
    for error in exc.errors(include_url=False):
        code = _code(error)
        loc = tuple(error["loc"])
        on_key = error["type"] in ("extra_forbidden", "missing") or (
            bool(loc) and loc[-1] == "[key]"
        )
        where = loc[:-1] if error["type"] == "missing" else loc
        problems.append(source_map.problem(where, code, _message(error, code, data), key=on_key))
    return problems


def _kind_of(source: Source) -> str:
    data = source.data
    if not isinstance(data, dict):
        raise ConfigError([source.map.problem(
            (), "not-a-mapping", "the file must be a mapping that starts with 'kind:'"
        )])
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:  # a list or mapping is unhashable
        where = ("kind",) if "kind" in data else ()
        if kind is None:
            message = "the file has no 'kind:'; start it with kind: " + " or ".join(KINDS)
        else:
            message = f"kind '{_short(kind)}' is unknown; use one of {', '.join(KINDS)}"
        raise ConfigError([source.map.problem(where, "unknown-kind", message)])
    return str(kind)


def parse_document(source: Source, path: Path, sha256: str, expect: str | None = None) -> Document:
    """Validate parsed data against the model its ``kind:`` names."""
    kind = _kind_of(source)
    if expect is not None and kind != expect:
        raise ConfigError([source.map.problem(
            ("kind",), "wrong-kind", f"expected a {expect} file here, found kind {kind}"
        )])
    data = source.data
    version = data.get("version")
    if version != 1 or isinstance(version, bool):
        loc = ("version",) if "version" in data else ()
        raise ConfigError([source.map.problem(
            loc, "bad-version",
            ("'version' is missing" if "version" not in data else f"'version' is {_value(version)}")
            + "; it must be 1, the only file version staffopt reads",
        )])
    try:
        model = KINDS[kind].model_validate(data)
    except ValidationError as exc:
        raise ConfigError(validation_problems(exc, source.map, data)) from None
    return Document(path, kind, model, source.map, sha256)


def load_document(path: Path, expect: str | None = None) -> Document:
    """Read a file of any kind and validate it against its schema (no cross-file checks)."""
    source = read_source(path, display_path(path))  # read once: the digest is of these bytes
    return parse_document(source, path, source.sha256, expect)


def load_text(text: str, file: str = "<text>", expect: str | None = None) -> Document:
    """Validate YAML text; used by tests and tools that hold the text already."""
    source = parse_text(text, file)
    return parse_document(source, Path(file), source.sha256, expect)


def standards_origin(
    branch_path: Path, explicit: Path | None = None
) -> tuple[Path, Document | None]:
    """The standards file for a branch, as design §1 says, and the region that names it.

    ``--standards`` wins; else the ``region.yaml`` of the enclosing region folder (returned
    too, so that a problem with its ``standards:`` can name that line); else
    ``configs/standards.yaml`` under the working folder.
    """
    if explicit is not None:
        return explicit, None
    for folder in resolved(branch_path).parents:
        region_file = folder / "region.yaml"
        problem = path_problem(region_file, "region.yaml")
        if problem is not None and problem.code == "not-found":
            continue
        doc = load_document(region_file, expect="Region")  # reports a FIFO, a loop, ...
        region = doc.model
        assert isinstance(region, Region)
        if region.standards is not None:
            return resolved(region_file.parent / region.standards), doc
        break
    return DEFAULT_STANDARDS, None


def find_standards(branch_path: Path, explicit: Path | None = None) -> Path:
    """The standards file for a branch, as design §1 says (see ``standards_origin``)."""
    return standards_origin(branch_path, explicit)[0]


def _path_words(problem: Problem, what: str, written: str, fix: str) -> str:
    if problem.code == "not-found":  # the fix is for a path that leads nowhere
        return f"{what} '{written}' not found; {fix}"
    return f"{what} '{written}': {problem.message}"


def region_problems(doc: Document, standards: Path | None = None) -> list[Problem]:
    """A region's paths checked, each problem at its line in the region file.

    Its ``standards:`` file (unless ``standards``, from ``--standards``, replaces it) must
    be a regular file and its ``branches:`` a folder, both relative to its folder.
    """
    region = doc.model
    assert isinstance(region, Region)
    folder = resolved(doc.path).parent
    problems: list[Problem] = []
    if standards is None and region.standards is not None:
        found = path_problem(folder / region.standards, region.standards)
        if found is not None:
            problems.append(doc.map.problem(("standards",), "no-standards", _path_words(
                found, "standards file", region.standards,
                "the path is relative to this file's folder",
            )))
    found = path_problem(folder / region.branches, region.branches, want="folder")
    if found is not None:
        problems.append(doc.map.problem(("branches",), "no-branches", _path_words(
            found, "branches folder", region.branches,
            "create it, or fix the path (relative to this file's folder)",
        )))
    return problems


# Loaded standards files by (name shown, path, content digest): a batch worker loads the
# same file for every branch, and its models are frozen, so they can be shared. The
# digest, not the modification time, decides: a file rewritten within one clock tick
# is still seen as changed.
_StandardsKey = tuple[str, str, str]
_STANDARDS: dict[_StandardsKey, tuple[Standards, Document, list[Problem]]] = {}
_STANDARDS_KEPT = 8


def load_standards(path: Path) -> tuple[Standards, Document, list[Problem]]:
    """Load a standards file; raise ConfigError on errors, return its warnings."""
    shown, where = display_path(path), str(resolved(path))
    raw = read_file(path, shown)  # once, bounded: the digest and the parse use these bytes
    cached = _STANDARDS.get((shown, where, hashlib.sha256(raw).hexdigest()))
    if cached is not None:
        return cached[0], cached[1], list(cached[2])
    source = parse_bytes(raw, shown)
    doc = parse_document(source, path, source.sha256, "Standards")
    assert isinstance(doc.model, Standards)
    problems = check_standards(doc.model, doc.map)
    if has_errors(problems):
        raise ConfigError(problems)
    if len(_STANDARDS) >= _STANDARDS_KEPT:
        _STANDARDS.pop(next(iter(_STANDARDS)))
    _STANDARDS[(shown, where, doc.sha256)] = (doc.model, doc, list(problems))
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
    std_path, region_doc = standards_origin(path, standards)
    missing = path_problem(std_path, display_path(std_path))
    placed = [p for p in region_problems(region_doc) if p.code == "no-standards"] if (
        missing is not None and region_doc is not None) else []
    if placed:  # at its line in region.yaml, as validate says
        raise ConfigError(placed)
    if missing is not None and missing.code == "not-found":
        raise ConfigError([Problem(
            display_path(std_path), 0, 0, "error", "no-standards",
            "standards file not found; pass --standards FILE, set 'standards:' in region.yaml, "
            f"or create {DEFAULT_STANDARDS}",
        )])
    std, std_doc, std_warnings = load_standards(std_path)  # a FIFO, a loop: said there
    doc = load_document(path, expect="Branch")
    assert isinstance(doc.model, Branch)
    problems = check_branch(doc.model, doc.map, std)
    if has_errors(problems):
        raise ConfigError(problems)
    return BranchInput(doc.model, std, input_sha256(doc.sha256, std_doc.sha256),
                       std_warnings + problems)


def input_sha256(branch_sha: str, standards_sha: str) -> str:
    """A branch's ``input_sha256``, from the digests of its file and its standards file."""
    return hashlib.sha256(f"{branch_sha}:{standards_sha}".encode()).hexdigest()
