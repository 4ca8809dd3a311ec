"""The one problem type that every check reports, and the error that carries problems."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """A problem found in an input file, at a 1-based line and column (0 when unknown)."""

    file: str
    line: int
    column: int
    level: Level
    code: str
    message: str

    def to_dict(self) -> dict[str, object]:
        """The JSON form of the problem."""
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: [{self.level}] {self.message} ({self.code})"


class ConfigError(Exception):
    """Raised when input files cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        """The problems of level error."""
        return [p for p in self.problems if p.level == "error"]


def has_errors(problems: list[Problem]) -> bool:
    """Whether any problem is an error."""
    return any(p.level == "error" for p in problems)


SIMILARITY = 0.75  # difflib's ratio: 'noncash' and 'non_cash' 0.93, 'teller.gold' and 'teller' 0.71


def closest(word: object, names: Iterable[object]) -> str | None:
    """The name closest to ``word``, where one is close enough to be a likely typo."""
    text = str(word)
    by_folded: dict[str, str] = {}
    for name in names:
        by_folded.setdefault(str(name).lower(), str(name))
    if text.lower() in by_folded:  # only the case differs (or it is no typo at all)
        return by_folded[text.lower()] if by_folded[text.lower()] != text else None
    found = difflib.get_close_matches(text.lower(), list(by_folded), n=1, cutoff=SIMILARITY)
    return by_folded[found[0]] if found else None


def did_you_mean(word: object, names: Iterable[object]) -> str:
    """``"; did you mean 'x'?"`` for the closest name, or "" when none is close."""
    found = closest(word, names)
    return f"; did you mean '{found}'?" if found is not None else ""
