"""The one problem type that every check reports, and the error that carries problems."""

from __future__ import annotations

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
