"""``staffopt validate``: check files of every kind, and report problems (design §7).

Each file's ``kind:`` picks its model. Standards files get their consistency checks;
Branch files get their references checked against their standards; Region files get
their paths checked. Every problem comes back as a ``Problem``; nothing raises, so a
broken file never stops the others from being checked.

One formatter per output format, as yamllint does: ``text``, ``json`` and ``github``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from staffopt.config.access import path_problem, read_file, resolved
from staffopt.config.inputs import Checker
from staffopt.config.loading import display_path, peek_kind
from staffopt.config.models import KINDS
from staffopt.files import yaml_files
from staffopt.problems import ConfigError, Problem

# ---------------------------------------------------------------- finding files


def collect_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The YAML files named by ``paths``, and a problem for each path that leads nowhere.

    A folder is searched recursively for ``*.yaml`` and ``*.yml``, leaving out hidden
    files and folders (``.git``, ``.pre-commit-config.yaml``); a file named outright is
    always checked. Each file appears once, in sorted order. A path that is missing, a
    symlink loop or a name too long is a problem here; a FIFO or a device is taken, and
    reading it says why it cannot be checked.
    """
    found: dict[Path, Path] = {}  # resolved -> as given, so messages keep the user's paths
    problems: list[Problem] = []
    for path in paths:
        problem = path_problem(path, display_path(path), want="any")
        if problem is None and path.is_dir():
            for candidate in yaml_files(path):
                found.setdefault(resolved(candidate), candidate)
        elif problem is None or problem.code == "not-a-file":
            found.setdefault(resolved(path), path)
        else:
            problems.append(problem)
    files = sorted(found.values(), key=lambda p: display_path(p))
    return files, problems


# ---------------------------------------------------------------- checking

STDIN = Path("-")  # the path that stands for standard input
STDIN_NAME = "<stdin>"  # how standard input is named in messages


@dataclass
class Report:
    """What one validate run found: its problems, and how many files it checked."""

    problems: list[Problem]
    files: int  # files checked (standard input counts as one)
    skipped: int = 0  # files left out by ignore_unknown_kind

    @property
    def errors(self) -> int:
        """The number of errors."""
        return sum(p.level == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        """The number of warnings."""
        return sum(p.level == "warning" for p in self.problems)


def _foreign(kind: str | None) -> bool:
    """Whether a peeked kind is surely not staffopt's ('branch' is still a typo of ours)."""
    ours = {k.lower() for k in KINDS}
    return kind is not None and kind.lower() not in ours


def _read_peeked(path: Path) -> tuple[bytes | None, str | None]:
    """A file's bytes (bounded, never blocking) and its peeked kind; None where unreadable.

    The bytes are loaded afterwards, so that the file is read once.
    """
    try:
        raw = read_file(path)
    except ConfigError:  # loading the file says why
        return None, None
    try:
        return raw, peek_kind(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return raw, None


def _stdin_problems(data: bytes, checker: Checker, ignore_unknown_kind: bool) -> list[Problem]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [Problem(STDIN_NAME, 1, 1, "error", "not-text",
                        "standard input is not UTF-8 text; send UTF-8")]
    if ignore_unknown_kind and _foreign(peek_kind(text)):
        return []
    return checker.problems(checker.load_text(text, STDIN_NAME))


def _internal(path: str, exc: Exception) -> Problem:
    return Problem(
        path, 0, 0, "error", "internal-error",
        f"staffopt failed while checking this file ({type(exc).__name__}: {exc}); "
        "please report this with the file",
    )


def run_validate(
    paths: list[Path], standards: Path | None, *, ignore_unknown_kind: bool = False,
    stdin: bytes | None = None,
) -> Report:
    """Check files and folders (``-`` for ``stdin``); every problem, sorted and de-duplicated.

    ``standards`` (``--standards``) applies to every Branch file; without it each branch
    uses its region's standards, else ``configs/standards.yaml``. With
    ``ignore_unknown_kind``, YAML whose ``kind:`` is not staffopt's (or that has none)
    is skipped. Never raises for bad input: an unexpected failure while checking one
    file becomes an ``internal-error`` problem on that file, and the others are checked.
    """
    files, problems = collect_files([p for p in paths if p != STDIN])
    checker = Checker(standards)
    checked = skipped = 0
    if STDIN in paths:
        checked += 1
        try:
            problems += _stdin_problems(stdin or b"", checker, ignore_unknown_kind)
        except Exception as exc:  # a bug must not hide the other files' problems
            problems.append(_internal(STDIN_NAME, exc))
    for path in files:
        raw = None
        if ignore_unknown_kind:
            raw, kind = _read_peeked(path)
            if _foreign(kind):
                skipped += 1
                continue
        checked += 1
        loaded = None
        try:
            loaded = checker.load(path, raw)
            problems += checker.problems(loaded)
        except ConfigError as error:
            problems += error.problems
        except Exception as exc:  # a bug must not hide this file's other problems, or others'
            problems += [*(loaded.problems if loaded else []), _internal(display_path(path), exc)]
    return Report(sorted(set(problems)), checked, skipped)


def validate_paths(paths: list[Path], standards: Path | None) -> list[Problem]:
    """Check files and folders; return every problem found (see ``run_validate``)."""
    return run_validate(paths, standards).problems


# ---------------------------------------------------------------- formatters


# ANSI styles for a terminal; NO_COLOR (https://no-color.org) turns them off.
_STYLES = {"error": "\x1b[31m", "warning": "\x1b[33m", "ok": "\x1b[32m",
           "bold": "\x1b[1m", "dim": "\x1b[2m"}
_RESET = "\x1b[0m"


def _paint(text: str, style: str, colour: bool) -> str:
    return f"{_STYLES[style]}{text}{_RESET}" if colour else text


def colour_wanted(stream: IO[str], environ: Mapping[str, str]) -> bool:
    """Whether text output to ``stream`` gets colour: on a terminal, unless NO_COLOR is set.

    ``FORCE_COLOR`` asks for colour anywhere; ``TERM=dumb`` and ``NO_COLOR`` turn it off
    (NO_COLOR wins).
    """
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return environ.get("TERM") != "dumb" and callable(isatty) and bool(isatty())


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def format_text(problems: list[Problem], colour: bool = False) -> str:
    """``file:line:col: [level] message (code)``, one problem a line.

    A line break inside a message (from a YAML key such as "a\\nb") is shown as ``\\n``,
    so that each problem stays on one line for grep and editors. With ``colour``, the
    place is bold, the level red or yellow and the code dim.
    """
    lines = []
    for p in sorted(problems):
        if not colour:
            lines.append(_one_line(str(p)) + "\n")
            continue
        place = _paint(f"{_one_line(p.file)}:{p.line}:{p.column}:", "bold", colour)
        level = _paint(f"[{p.level}]", p.level, colour)
        code = _paint(f"({p.code})", "dim", colour)
        lines.append(f"{place} {level} {_one_line(p.message)} {code}\n")
    return "".join(lines)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def summary_line(report: Report, colour: bool = False) -> str:
    """The count line after text output: ``3 errors, 1 warning in 16 files``, or
    ``All 16 files OK``."""
    files = _plural(report.files, "file")
    skipped = f" ({_plural(report.skipped, 'other YAML file')} skipped)" if report.skipped else ""
    if not report.problems:
        text = f"All {files} OK" if report.files != 1 else "1 file OK"
        return _paint(text + skipped, "ok", colour) + "\n"
    counts = [_plural(n, word) for n, word in
              ((report.errors, "error"), (report.warnings, "warning")) if n]
    style = "error" if report.errors else "warning"
    return _paint(f"{', '.join(counts)} in {files}{skipped}", style, colour) + "\n"


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


def format_problems(problems: list[Problem], fmt: str, colour: bool = False) -> str:
    """Render problems in one of the formats of ``FORMATTERS``: text, json or github.

    ``colour`` applies to the text format only.
    """
    try:
        formatter = FORMATTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATTERS)}") from None
    return format_text(problems, colour) if fmt == "text" else formatter(problems)
