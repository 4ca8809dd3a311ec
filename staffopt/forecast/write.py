"""``forecast --write``: replace a branch file's ``volume:`` section in place.

The section is found by the YAML node marks: from the line of the top-level ``volume``
key to the last line of its value. Those lines are replaced by the new block; every
other line, comments and blank lines included, is kept byte for byte. The new text is
validated like any branch file, and checked to differ from the old one in its volume
only, before it is written atomically.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from staffopt.config.access import read_file
from staffopt.config.inputs import Checker
from staffopt.config.loading import display_path
from staffopt.config.models import Branch, Volume
from staffopt.files import write_atomic
from staffopt.problems import ConfigError, Problem, has_errors

# The line breaks PyYAML counts, so that its line numbers index these lines.
_LINE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029]|\Z)")


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` with their line breaks, as PyYAML numbers them."""
    lines = _LINE.findall(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def _last_line(node: yaml.Node) -> int:
    """The 0-based last line a node's text stands on (block collections end at a dedent)."""
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
        last = node.value[-1] if node.value else None
        if last is not None:
            return _last_line(last[1] if isinstance(node, yaml.MappingNode) else last)
    end = node.end_mark
    # a block scalar ends at the start of the next line
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line


def _refuse(file: str, line: int, why: str) -> ConfigError:
    return ConfigError([Problem(
        file, line, 1, "error", "cannot-rewrite",
        f"cannot rewrite the volume section in place: {why}; edit the file by hand",
    )])


def volume_span(text: str, file: str) -> tuple[int, int]:
    """The 0-based first and last line of the top-level ``volume:`` section."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise _refuse(file, 1, "the file is not a block mapping")
    pairs = root.value
    at = next((i for i, (k, _) in enumerate(pairs) if getattr(k, "value", None) == "volume"), None)
    if at is None:
        raise _refuse(file, 1, "the file has no 'volume:' key")
    key, value = pairs[at]
    first, last = key.start_mark.line, _last_line(value)
    if key.start_mark.column != 0:
        raise _refuse(file, first + 1, "'volume:' is not at the start of its line")
    if at > 0 and _last_line(pairs[at - 1][1]) >= first:
        raise _refuse(file, first + 1, "'volume:' shares its line with the key before it")
    if at + 1 < len(pairs) and pairs[at + 1][0].start_mark.line <= last:
        raise _refuse(file, last + 1, "the key after the volume section shares its last line")
    return first, last


def replace_volume(text: str, block: str, file: str) -> str:
    """``text`` with its volume section replaced by ``block`` (lines ending in ``\\n``)."""
    first, last = volume_span(text, file)
    lines = split_lines(text)
    ending = "\r\n" if lines[first].endswith("\r\n") else "\n"
    new = block.replace("\n", ending)
    if not lines[last].endswith(("\n", "\r", "\x85", "\u2028", "\u2029")):
        new = new.removesuffix(ending)  # the section ended the file without a line break
    return "".join(lines[:first]) + new + "".join(lines[last + 1:])


def _checked(text: str, path: Path, old: Branch, volume: Volume, standards: Path | None) -> None:
    """Raise ConfigError unless ``text`` is a valid branch equal to ``old`` with ``volume``."""
    shown = display_path(path)
    checker = Checker(standards)
    loaded = checker.load_text(text, shown)
    problems = checker.problems(loaded)
    if loaded.doc is None or has_errors(problems):
        raise ConfigError([*problems, Problem(
            shown, 0, 0, "error", "cannot-rewrite",
            "the rewritten file would not be valid (above); it was left as it was",
        )])
    expected = old.model_copy(update={"volume": volume})
    if loaded.doc.model != expected:
        raise ConfigError([Problem(
            shown, 0, 0, "error", "cannot-rewrite",
            "rewriting the volume section would change other parts of the file; "
            "edit it by hand",
        )])


def write_volume(
    path: Path, block: str, old: Branch, volume: Volume, standards: Path | None
) -> str:
    """Replace the branch file's volume section by ``block``; return the new text.

    ``old`` is the branch as loaded, ``volume`` the block as the model reads it, and
    ``standards`` the ``--standards`` given (None: found as for any branch file).
    """
    shown = display_path(path)
    text = read_file(path, shown).decode("utf-8")
    new = replace_volume(text, block, shown)
    _checked(new, path, old, volume, standards)
    write_atomic(path, new)
    return new
