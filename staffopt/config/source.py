"""Reading input files, and YAML parsing that keeps the line and column of every value.

PyYAML's ``safe_load`` forgets positions, keeps the last of two duplicate keys, and
expands alias bombs. We compose the node tree once, then build plain data from it
ourselves, recording marks by path and refusing duplicates and runaway expansion. Only
the scalar types the schema knows get through: a tag (``!!timestamp``, ``!custom``) or a
number too long to be a real figure is refused at its position, before pydantic sees it.

Files are read through ``staffopt.config.access``: regular files only, never past
``MAX_BYTES``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from staffopt.config.access import read_file
from staffopt.problems import ConfigError, Problem

MAX_NODES = 100_000  # nodes visited, counting each alias expansion again
MAX_DEPTH = 64
MAX_NUMBER_CHARS = 40  # a number written longer than this is no real figure
MAX_INT = 2**53  # beyond it a whole number no longer fits a float exactly

Path_ = tuple[str, ...]


@dataclass(frozen=True)
class Mark:
    """A 1-based position in a file."""

    line: int
    column: int


@dataclass
class SourceMap:
    """Where each path of a document stands in its file."""

    file: str
    values: dict[Path_, Mark] = field(default_factory=dict)
    keys: dict[Path_, Mark] = field(default_factory=dict)

    def locate(self, loc: tuple[Any, ...], *, key: bool = False) -> Mark:
        """The mark of the deepest known node along ``loc``.

        Path elements unknown to the file (such as a union tag in a pydantic location)
        are skipped, so an error about a missing field lands on its enclosing mapping.
        """
        path: Path_ = ()
        for part in loc:
            candidate = (*path, str(part))
            if candidate in self.values:
                path = candidate
        if key and path in self.keys:
            return self.keys[path]
        return self.values.get(path, Mark(1, 1))

    def problem(
        self, loc: tuple[Any, ...], code: str, message: str, *, key: bool = False,
        level: str = "error",
    ) -> Problem:
        """A problem located at ``loc`` in this file."""
        mark = self.locate(loc, key=key)
        return Problem(self.file, mark.line, mark.column, level, code, message)  # type: ignore[arg-type]


@dataclass
class Source:
    """Plain data read from a YAML file, with its source map."""

    data: Any
    map: SourceMap
    sha256: str = ""  # of the bytes read (of the UTF-8 text, for parsed text)


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _TooManyNodes(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """A SafeLoader that stops composing after ``MAX_NODES`` nodes.

    PyYAML composes some 15,000 nodes a second: a 5 MB file of one-character values
    would take minutes to compose before any count could refuse it.
    """

    composed = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        self.composed += 1
        if self.composed > MAX_NODES:
            raise _TooManyNodes(self.peek_event().start_mark)
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    finally:
        loader.dispose()


class _Builder:
    def __init__(self, file: str) -> None:
        self.map = SourceMap(file)
        self.visited = 0
        self.constructor = yaml.SafeLoader("")

    def fail(self, node: yaml.Node, code: str, message: str) -> ConfigError:
        mark = _mark(node)
        return ConfigError([Problem(self.map.file, mark.line, mark.column, "error", code, message)])

    def build(self, node: yaml.Node, path: Path_, depth: int = 0) -> Any:
        self.visited += 1
        if depth > MAX_DEPTH:
            raise self.fail(
                node, "yaml-too-complex",
                f"the document nests more than {MAX_DEPTH} levels deep (or an alias refers "
                "to itself); no staffopt file needs that, so flatten it",
            )
        if self.visited > MAX_NODES:
            raise self.fail(
                node, "yaml-too-complex",
                f"the document expands to more than {MAX_NODES:,} values, each alias (*name) "
                "counting again; remove the aliases and write the values out",
            )
        self.map.values.setdefault(path, _mark(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if node.tag not in _PLAIN_TAGS:  # !!set, !!omap, !custom on a list or mapping
            raise self._tagged(node)
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, (*path, str(i)), depth + 1) for i, item in enumerate(node.value)
            ]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        raise self.fail(node, "yaml-syntax", "unsupported YAML node")

    def _tagged(self, node: yaml.Node) -> ConfigError:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        return self.fail(
            node, "yaml-tag",
            f"the YAML tag '{_short(tag)}' is not allowed in staffopt files; delete it "
            "(and put the value in quotes if it is meant as text)",
        )

    def scalar(self, node: yaml.ScalarNode) -> Any:
        """Construct one scalar; a tag, an oversized number, or a value YAML recognises
        but cannot build becomes a problem at the scalar."""
        implicit = self.constructor.resolve(yaml.ScalarNode, node.value, (node.style is None, True))
        if node.tag != implicit:  # written with a tag that changes what the value is
            raise self._tagged(node)
        number = node.tag in (_INT, _FLOAT)
        if number and len(node.value) > MAX_NUMBER_CHARS:
            # refused unbuilt: a sexagesimal 1:1:1:... of a million parts takes minutes
            raise self._too_large(node)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, TypeError, OverflowError) as exc:
            # e.g. the timestamp 2020-13-45
            reason = str(exc) if len(str(exc)) <= 60 else "too large"
            raise self.fail(
                node, "yaml-syntax",
                f"cannot read the value '{_short(node.value)}' ({reason}); "
                "put it in quotes if it is meant as text",
            ) from None
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            raise self._too_large(node)
        if isinstance(value, str) and _SURROGATE.search(value):
            raise self.fail(
                node, "not-text",
                "the value holds a '\\u' escape of half a character (a surrogate, "
                "\\ud800-\\udfff), which no output can print; write the character itself",
            )
        return value

    def _too_large(self, node: yaml.ScalarNode) -> ConfigError:
        return self.fail(
            node, "number-too-large",
            f"the number '{_short(node.value)}' is too large to be a real figure (the "
            f"limit is {MAX_INT:,}); put it in quotes if it is meant as text",
        )

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        seen: set[str] = set()  # keys as the source map spells them: 1 and '1' collide
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(
                    key_node, "yaml-merge", "merge keys (<<) are not supported; write the keys out"
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(
                    key_node, "yaml-syntax", "a key must be a plain value, not a list or mapping"
                )
            key = self.scalar(key_node)
            if str(key) in seen:
                raise self.fail(
                    key_node, "duplicate-key",
                    f"duplicate key '{key}'; each key may appear once in a mapping, "
                    "delete one of them",
                )
            seen.add(str(key))
            child = (*path, str(key))
            self.map.keys[child] = _mark(key_node)
            out[key] = self.build(value_node, child, depth + 1)
        return out


_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN_TAGS = ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")


def _check_expansion(root: yaml.Node, builder: _Builder) -> None:
    """Refuse a document that would expand too far, before building any of it.

    An alias shares its anchor's node, so sizes are memoised per node: a billion-laughs
    file is measured in a few hundred steps instead of being expanded. Counted the way
    ``_Builder.build`` counts (values, not keys), so the builder's own guard agrees.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes or depth > MAX_DEPTH:
            raise builder.fail(
                node, "yaml-too-complex",
                f"the document nests more than {MAX_DEPTH} levels deep (or an alias refers "
                "to itself); no staffopt file needs that, so flatten it",
            )
        open_nodes.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(item, depth + 1) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(value, depth + 1) for _, value in node.value)
        open_nodes.discard(key)
        if total > MAX_NODES:
            raise builder.fail(
                node, "yaml-too-complex",
                f"this value expands to more than {MAX_NODES:,} values, each alias (*name) "
                "counting again; remove the aliases and write the values out",
            )
        sizes[key] = total
        return total

    size(root, 0)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _yaml_problem(file: str, exc: yaml.YAMLError, text: str = "") -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and start is not None and mark is not None and start.line != mark.line:
        # the parser notices an unclosed bracket or quote only lines later; say where it began
        detail += f" ({context} that starts at line {start.line + 1}, column {start.column + 1})"
    if "'\\t'" in detail:
        detail += "; indent with spaces, not tabs"
    if isinstance(exc, yaml.reader.ReaderError):
        # a reader error carries a character offset, not a mark
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        detail = (
            f"the file holds the control character {exc.character!r}, which YAML does not "
            "allow; delete it, or save the file as plain UTF-8 text"
        )
    return Problem(file, line, column, "error", "yaml-syntax", f"YAML syntax error: {detail}")


def parse_text(text: str, file: str) -> Source:
    """Parse one YAML document, keeping marks; raise ConfigError on any problem."""
    try:
        root = _compose(text)
    except _TooManyNodes as exc:
        raise ConfigError([Problem(
            file, exc.mark.line + 1, exc.mark.column + 1, "error", "yaml-too-complex",
            f"the document holds more than {MAX_NODES:,} keys and values; no staffopt "
            "file needs that many, so split it or remove what it repeats",
        )]) from None
    except yaml.composer.ComposerError as exc:
        if "expected a single document" in str(exc):
            mark = exc.problem_mark
            raise ConfigError([Problem(
                file, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, "error",
                "yaml-syntax", "the file holds more than one YAML document; keep one per file",
            )]) from None
        raise ConfigError([_yaml_problem(file, exc, text)]) from None
    except yaml.YAMLError as exc:
        raise ConfigError([_yaml_problem(file, exc, text)]) from None
    except RecursionError:
        raise ConfigError([Problem(
            file, 1, 1, "error", "yaml-too-complex",
            f"the document nests more than {MAX_DEPTH} levels deep; flatten it",
        )]) from None
    if root is None:
        raise ConfigError([Problem(
            file, 1, 1, "error", "empty-file", "the file is empty; it must start with 'kind:'"
        )])
    builder = _Builder(file)
    _check_expansion(root, builder)
    try:
        data = builder.build(root, ())
    except yaml.YAMLError as exc:  # a scalar YAML recognises but cannot construct
        raise ConfigError([_yaml_problem(file, exc, text)]) from None
    except RecursionError:
        raise ConfigError([Problem(
            file, 1, 1, "error", "yaml-too-complex", "the document nests too deeply"
        )]) from None
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Source(data, builder.map, digest)


def parse_bytes(raw: bytes, file: str) -> Source:
    """Decode UTF-8 (with or without a byte-order mark) and parse; ``sha256`` is of ``raw``."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ConfigError([Problem(
            file, line, column, "error", "not-text",
            "the file is not UTF-8 text; save it as UTF-8",
        )]) from None
    source = parse_text(text, file)
    source.sha256 = hashlib.sha256(raw).hexdigest()
    return source


def read_source(path: Path, display: str | None = None) -> Source:
    """Read and parse a YAML file; raise ConfigError when it cannot be read or parsed."""
    file = display if display is not None else str(path)
    return parse_bytes(read_file(path, file), file)
