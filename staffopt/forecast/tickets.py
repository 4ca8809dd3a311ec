"""Reading a queue-ticket log (design §2.5): one row per ticket, malformed rows skipped.

The CSV is split by the standard library's C tokenizer, which knows each record's line
even when a quoted field spans lines; every check after that runs on whole pandas
columns. A malformed row becomes a warning at its line (the header is line 1) and is
left out; the log fails only when no usable row is left.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from staffopt.config.access import read_file
from staffopt.problems import ConfigError, Problem, did_you_mean

COLUMNS = ("branch", "ticket", "type", "issued", "called", "finished")
HEADER = ",".join(COLUMNS)
MAX_BYTES = 200_000_000  # a year of one branch is some 20 MB
MAX_LISTED = 50  # malformed rows named one by one; the rest are counted
MAX_SHOWN = 40  # characters of a bad value quoted in a message
# A local time: no offset, seconds and fractions optional (pandas checks the calendar).
LOCAL_TIME = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?"
EXAMPLE_TIME = "2026-03-02T09:15:00"


@dataclass
class TicketLog:
    """The usable tickets of one branch, and what was left out."""

    file: str
    branch: str
    frame: pd.DataFrame  # line, type, issued, called, finished (NaT where empty)
    rows: int  # data rows read, the header not counted
    other_branches: int  # rows of other branches, ignored
    malformed: int  # rows skipped as malformed
    problems: list[Problem] = field(default_factory=list)  # the first MAX_LISTED of them


def _shown(value: str) -> str:
    return value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"


def _records(text: str) -> tuple[list[list[str]], list[int], list[tuple[int, str]]]:
    """The CSV records with their first line, and the lines the tokenizer could not read."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[str]] = []
    lines: list[int] = []
    broken: list[tuple[int, str]] = []
    last = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # an over-long field, a stray quote at the end of the file
            broken.append((last + 1, str(exc)))
            last = reader.line_num
            continue
        if row:  # blank lines carry nothing
            rows.append(row)
            lines.append(last + 1)
        last = reader.line_num
    return rows, lines, broken


def _header_problem(file: str, header: list[str] | None) -> ConfigError | None:
    if header is None:
        return ConfigError([Problem(
            file, 1, 1, "error", "empty-log", f"the log is empty; its first line is {HEADER}"
        )])
    got = [name.strip().lower() for name in header]
    if tuple(got) == COLUMNS:
        return None
    return ConfigError([Problem(
        file, 1, 1, "error", "bad-header",
        f"the header reads '{_shown(','.join(header))}'; a ticket log starts with {HEADER}",
    )])


def _frame(rows: list[list[str]], lines: list[int]) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows of six fields as stripped string columns, and the field count of each row."""
    counts = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    good = [r for r in rows if len(r) == len(COLUMNS)]
    columns = list(zip(*good, strict=True)) if good else [()] * len(COLUMNS)
    frame = pd.DataFrame({
        name: pd.Series(np.array(col, dtype=object), dtype=object).str.strip()
        for name, col in zip(COLUMNS, columns, strict=True)
    })
    frame.insert(0, "line", np.asarray(lines, dtype=np.int64)[counts == len(COLUMNS)])
    return frame, counts


def _times(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parsed local times (NaT where empty or bad), and which non-empty values are bad."""
    filled = values != ""
    shaped = values.str.fullmatch(LOCAL_TIME).fillna(False).astype(bool)
    parsed = pd.to_datetime(values.where(shaped), format="ISO8601", errors="coerce")
    parsed = parsed.astype("datetime64[us]")
    return parsed, filled & parsed.isna()


@dataclass
class _Checks:
    """Per row, the first reason it cannot be used (an empty string where it can)."""

    frame: pd.DataFrame
    reasons: list[tuple[pd.Series, str]] = field(default_factory=list)

    def add(self, mask: pd.Series, code: str) -> None:
        self.reasons.append((mask.to_numpy(dtype=bool), code))

    def codes(self) -> np.ndarray:
        if not self.reasons:
            return np.full(len(self.frame), "", dtype=object)
        return np.select(
            [mask for mask, _ in self.reasons], [code for _, code in self.reasons], default=""
        ).astype(object)


def _message(row: pd.Series, code: str, types: Collection[str]) -> str:
    """The words for one malformed row: what is wrong and what would be right."""
    if code == "empty-branch":
        return "the branch field is empty; every ticket names its branch"
    if code == "unknown-type":
        said = _shown(row["type"]) or "(empty)"
        return (f"type '{said}' is not a transaction type of the standards"
                f"{did_you_mean(row['type'], types)}; the row is skipped")
    if code.startswith("bad-") and code[4:] in COLUMNS:
        name = code[4:]
        what = "is empty" if row[name] == "" else f"'{_shown(row[name])}' is not a local time"
        return f"{name} {what}; write times like {EXAMPLE_TIME}; the row is skipped"
    orders = {
        "finished-not-called": "finished is given but called is empty",
        "called-before-issued": "called is before issued",
        "finished-before-called": "finished is before called",
    }
    return f"{orders[code]}; the row is skipped"


# The field each problem is about, for its column.
_FIELD = {
    "empty-branch": "branch", "unknown-type": "type", "bad-issued": "issued",
    "bad-called": "called", "bad-finished": "finished", "finished-not-called": "finished",
    "called-before-issued": "called", "finished-before-called": "finished",
}


def _column(fields: list[str], code: str) -> int:
    """The 1-based column where the field of ``code`` starts (exact for unquoted fields)."""
    at = COLUMNS.index(_FIELD[code])
    return 1 + sum(len(f) + 1 for f in fields[:at])


def _row_problems(
    file: str, frame: pd.DataFrame, codes: np.ndarray, rows: list[list[str]], lines: list[int],
    broken: list[tuple[int, str]], types: Collection[str],
) -> list[tuple[int, Problem]]:
    """Problems for the first malformed rows, by line (built only for those listed)."""
    counts = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    good = np.flatnonzero(counts == len(COLUMNS))
    wrong = np.flatnonzero(counts != len(COLUMNS))[:MAX_LISTED]
    found = [(lines[i], Problem(
        file, lines[i], 1, "warning", "wrong-field-count",
        f"the row has {counts[i]} field{'s' if counts[i] != 1 else ''}, not "
        f"{len(COLUMNS)} ({HEADER}); the row is skipped",
    )) for i in wrong]
    found += [(line, Problem(file, line, 1, "warning", "bad-csv", f"{why}; the row is skipped"))
              for line, why in broken[:MAX_LISTED]]
    for i in np.flatnonzero(codes != "")[:MAX_LISTED]:
        row, code = frame.iloc[i], str(codes[i])
        line, column = int(row["line"]), _column(rows[good[i]], code)
        found.append((line, Problem(
            file, line, column, "warning", code, _message(row, code, types)
        )))
    return sorted(found, key=lambda item: item[0])[:MAX_LISTED]


def _checked(frame: pd.DataFrame, types: Collection[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """The frame with parsed times, and each row's first problem code ("" when usable)."""
    checks = _Checks(frame)
    checks.add(frame["branch"] == "", "empty-branch")
    checks.add(~frame["type"].isin(list(types)), "unknown-type")
    parsed = {}
    for name in ("issued", "called", "finished"):
        parsed[name], bad = _times(frame[name])
        checks.add(bad | ((frame[name] == "") if name == "issued" else False), f"bad-{name}")
    issued, called, finished = parsed["issued"], parsed["called"], parsed["finished"]
    checks.add(called.isna() & finished.notna(), "finished-not-called")
    checks.add((called < issued).fillna(False), "called-before-issued")
    checks.add((finished < called).fillna(False), "finished-before-called")
    out = pd.DataFrame({
        "line": frame["line"], "branch": frame["branch"], "type": frame["type"],
        "issued": issued, "called": called, "finished": finished,
    })
    return out, checks.codes()


def _one_branch(file: str, frame: pd.DataFrame, branch: str | None) -> tuple[str, pd.DataFrame]:
    """The branch the log is read for, and its rows; other branches' rows are dropped."""
    names = sorted(frame["branch"].unique().tolist())
    if branch is None:
        if len(names) > 1:
            listed = ", ".join(_shown(n) for n in names[:5]) + (", …" if len(names) > 5 else "")
            raise ConfigError([Problem(
                file, 0, 0, "error", "many-branches",
                f"the log holds tickets of {len(names)} branches ({listed}); pass "
                "--branch FILE to read the tickets of one",
            )])
        return (names[0] if names else ""), frame
    mine = frame[frame["branch"] == branch]
    if mine.empty and names:
        raise ConfigError([Problem(
            file, 0, 0, "error", "no-usable-row",
            f"no usable ticket of branch {branch} in the log; it holds "
            f"{', '.join(_shown(n) for n in names[:5])}",
        )])
    return branch, mine


def read_tickets(
    path: Path, file: str, types: Collection[str], branch: str | None = None
) -> TicketLog:
    """Read and check a ticket log; the usable tickets of ``branch`` (or the log's one).

    Raises ConfigError when the file cannot be read, its header is wrong, or no usable
    row is left; the malformed rows' problems travel with that error.
    """
    raw = read_file(path, file, limit=MAX_BYTES)
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    rows, lines, broken = _records(text)
    failed = _header_problem(file, rows[0] if rows else None)
    if failed is not None:
        raise failed
    frame, counts = _frame(rows[1:], lines[1:])
    checked, codes = _checked(frame, types)
    listed = _row_problems(file, frame, codes, rows[1:], lines[1:], broken, types)
    malformed = int((counts != len(COLUMNS)).sum() + len(broken) + (codes != "").sum())
    problems = [p for _, p in listed]
    try:
        name, usable = _one_branch(file, checked[codes == ""], branch)
    except ConfigError as error:
        raise ConfigError(problems + error.problems) from None
    if usable.empty:
        raise ConfigError([*problems, Problem(
            file, 0, 0, "error", "no-usable-row",
            f"no usable row in the log ({len(rows) - 1} read, {malformed} malformed); "
            "fix the rows named above",
        )])
    others = int((checked["branch"][codes == ""] != name).sum())
    usable = usable.drop(columns="branch").reset_index(drop=True)
    return TicketLog(file, name, usable, len(rows) - 1, others, malformed, problems)
