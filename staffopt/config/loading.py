"""Loading one file into its model, with every problem placed at its file:line:column."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from staffopt.config.access import path_problem, resolved
from staffopt.config.messages import short, validation_problems, value_text
from staffopt.config.models import KINDS, Region
from staffopt.config.partial import WHOLE, Gaps, salvage
from staffopt.config.source import Source, SourceMap, parse_bytes, parse_text, read_source
from staffopt.problems import ConfigError, Problem, closest

DEFAULT_STANDARDS = Path("configs/standards.yaml")


@dataclass
class Document:
    """A loaded file: its kind, its model and where each value stands.

    A partial document (of a file with schema errors) holds the parts that loaded;
    ``gaps`` says what it lacks.
    """

    path: Path
    kind: str
    model: BaseModel
    map: SourceMap
    sha256: str
    gaps: Gaps = WHOLE


class SchemaError(ConfigError):
    """A file's schema problems, all of them, and the parts of it that did load."""

    def __init__(self, problems: list[Problem], partial: Document | None) -> None:
        super().__init__(problems)
        self.partial = partial


def display_path(path: Path) -> str:
    """The path as shown in messages: relative to the working folder where possible."""
    try:
        return str(resolved(path).relative_to(resolved(Path.cwd())))
    except (OSError, ValueError):  # outside the working folder, or no working folder
        return str(path)


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
            message = f"kind '{short(kind)}' is unknown; use one of {', '.join(KINDS)}"
            near = closest(kind, KINDS) if isinstance(kind, str) else None
            message += f"; did you mean '{near}'?" if near else ""
        raise ConfigError([source.map.problem(where, "unknown-kind", message)])
    return str(kind)


def _version_problems(source: Source) -> list[Problem]:
    data = source.data
    version = data.get("version")
    if version == 1 and not isinstance(version, bool):
        return []
    said = f"'version' is {value_text(version)}" if "version" in data else "'version' is missing"
    return [source.map.problem(
        ("version",) if "version" in data else (), "bad-version",
        said + "; it must be 1, the only file version staffopt reads",
    )]


def parse_document(source: Source, path: Path, sha256: str, expect: str | None = None) -> Document:
    """Validate parsed data against the model its ``kind:`` names.

    Raises SchemaError with every schema problem of the file at once (the version and
    all fields), and the parts that loaded, so that their cross-checks can still run.
    """
    kind = _kind_of(source)
    if expect is not None and kind != expect:
        raise ConfigError([source.map.problem(
            ("kind",), "wrong-kind", f"expected a {expect} file here, found kind {kind}"
        )])
    problems = _version_problems(source)
    data = {**source.data, "version": 1}  # the fields are checked whatever the version says
    model = KINDS[kind]
    try:
        doc = Document(path, kind, model.model_validate(data), source.map, sha256)
    except ValidationError as exc:
        problems += validation_problems(exc, source.map, data, model)
        part = salvage(model, kind, data, source.map)
        partial = part and Document(path, kind, part.model, part.map, sha256, part.gaps)
        raise SchemaError(problems, partial) from None
    if problems:
        raise SchemaError(problems, doc)
    return doc


def load_document(path: Path, expect: str | None = None) -> Document:
    """Read a file of any kind and validate it against its schema (no cross-file checks)."""
    source = read_source(path, display_path(path))  # read once: the digest is of these bytes
    return parse_document(source, path, source.sha256, expect)


def load_bytes(raw: bytes, path: Path, expect: str | None = None) -> Document:
    """``load_document`` of bytes already read from ``path`` (its digest is of ``raw``)."""
    source = parse_bytes(raw, display_path(path))
    return parse_document(source, path, source.sha256, expect)


def load_text(text: str, file: str = "<text>", expect: str | None = None) -> Document:
    """Validate YAML text; used for standard input, and by tests that hold the text."""
    source = parse_text(text, file)
    return parse_document(source, Path(file), source.sha256, expect)


def region_file_of(branch_path: Path) -> Path | None:
    """The ``region.yaml`` of the region folder a branch file lies in, if any.

    The nearest one there is, of whatever type: loading it then says why a FIFO, a
    folder or a symlink loop in its place cannot be read, rather than passing it by.
    """
    for folder in resolved(branch_path).parents:
        problem = path_problem(folder / "region.yaml", "region.yaml")
        if problem is None or problem.code != "not-found":
            return folder / "region.yaml"
    return None


def find_standards(branch_path: Path, explicit: Path | None = None) -> Path:
    """The standards file for a branch, as design §1 says.

    ``--standards`` wins; else the ``region.yaml`` of the enclosing region folder;
    else ``configs/standards.yaml`` under the working folder.
    """
    if explicit is not None:
        return explicit
    region_file = region_file_of(branch_path)
    if region_file is not None:
        region = load_document(region_file, expect="Region").model
        assert isinstance(region, Region)
        if region.standards is not None:
            return resolved(region_file.parent / region.standards)
    return DEFAULT_STANDARDS


def input_sha256(branch_sha: str, standards_sha: str) -> str:
    """A branch's ``input_sha256``, from the digests of its file and its standards file."""
    return hashlib.sha256(f"{branch_sha}:{standards_sha}".encode()).hexdigest()


def peek_kind(text: str) -> str | None:
    """The ``kind:`` of the first YAML document of ``text``, without building any value.

    "" where that document has no kind (empty, not a mapping, or no ``kind:`` key);
    None where the text does not parse far enough to tell.
    """
    try:
        root = next(yaml.compose_all(text, Loader=yaml.SafeLoader), None)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    if not isinstance(root, yaml.MappingNode):
        return ""
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "kind":
            return value.value if isinstance(value, yaml.ScalarNode) else ""
    return ""
