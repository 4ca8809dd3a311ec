"""Helpers shared by the test modules.

Golden files: every exact-output test compares with a file under ``tests/data/golden``
through ``assert_golden``. After an intended change of an output, regenerate them with

    STAFFOPT_UPDATE_GOLDEN=1 python -m pytest -q

and review the diff before committing.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = TESTS / "data"
GOLDEN = DATA / "golden"

UPDATE_GOLDEN = os.environ.get("STAFFOPT_UPDATE_GOLDEN") == "1"


def assert_golden(text: str, name: str) -> None:
    """Assert that ``text`` equals the golden file ``name``; rewrite it when updating."""
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"output differs from golden/{name}"


# ---------------------------------------------------------------- tiny regions for batch tests

BATCH_TIME_LIMIT = 5.0  # seconds per tiny branch; each proves optimality in about one

# Tiny branches (5-9 staff, one skill each), by id: the keyword arguments of branch_yaml.
TINY_SPECS: dict[str, dict[str, int]] = {
    "T1": {},
    "T2": {"tellers": 3},
    "T3": {"extra_lobby": 2},  # one lobby manager too many: the solver frees one
    "T4": {"tellers": 1, "cash": 30},
    "T5": {"supervisors": 2, "tellers": 4},
}


def branch_yaml(branch_id: str, *, tellers: int = 2, cash: int = 10, extra_lobby: int = 0,
                supervisors: int = 1, visitors: int = 20) -> str:
    """A small branch profile in which everyone has exactly one skill."""
    staff = [("branch_head", 1), ("account_manager", 1), ("lobby_manager", 1 + extra_lobby),
             ("operations_supervisor", supervisors), ("teller", tellers)]
    lines = []
    for role, count in staff:
        for _ in range(count):
            lines.append(f"  - {{id: E{len(lines) + 1}, role: {role}, skills: [{role}]}}")
    return (
        f"kind: Branch\nversion: 1\nid: {branch_id}\ngrade: 8\n"
        "counters: {cash: 1, non_cash: 1}\n"
        f"volume:\n  daily: {{cash_deposit: {cash}, transfer: 10}}\n  visitors: {visitors}\n"
        "customers: {comprehensive: 100}\n"
        "staff:\n" + "\n".join(lines) + "\n"
    )


def tiny_branches(ids: list[str] | None = None) -> dict[str, str]:
    """The tiny branches as file name -> text."""
    return {f"{b}.yaml": branch_yaml(b, **TINY_SPECS[b]) for b in (ids or list(TINY_SPECS))}


def make_region(folder: Path, branches: dict[str, str]) -> Path:
    """A region folder with its own standards and the given branch files (name -> text)."""
    (folder / "branches").mkdir(parents=True)
    shutil.copy(ROOT / "configs" / "standards.yaml", folder / "standards.yaml")
    (folder / "region.yaml").write_text(
        "kind: Region\nversion: 1\nname: test-region\nstandards: standards.yaml\n"
        "branches: branches/\n", encoding="utf-8",
    )
    for name, text in branches.items():
        (folder / "branches" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "branches" / name).write_text(text, encoding="utf-8")
    return folder


def without_seconds(text: str) -> str:
    """A JSON or CSV text with its timing fields blanked."""
    text = re.sub(r'"(solve_seconds|seconds)": [0-9.]+', r'"\1": _', text)
    rows = list(csv.reader(io.StringIO(text)))
    if rows and rows[0][:1] == ["id"] and "seconds" in rows[0]:  # summary.csv
        at = rows[0].index("seconds")
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(r[:at] + r[at + 1:] for r in rows)
        text = buf.getvalue()
    return text


def temporary_files(folder: Path) -> list[str]:
    """The temporary files an atomic write leaves behind, if any."""
    return sorted(p.name for p in folder.rglob(".*.tmp"))


class HalfWriter:
    """A file that takes half the text, then fails like a full disk."""

    def __init__(self, handle: io.TextIOWrapper) -> None:
        self.handle = handle

    def __enter__(self) -> HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, text: str) -> int:
        self.handle.write(text[: len(text) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")


def full_disk_after(monkeypatch: pytest.MonkeyPatch, files_written: int) -> None:
    """Let ``files_written`` files be written, then fail every write as a full disk does.

    staffopt.files opens each temporary file with ``os.fdopen``; the count is of those.
    """
    real_fdopen = os.fdopen
    calls = {"n": 0}

    def fdopen(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        handle = real_fdopen(*args, **kwargs)  # type: ignore[call-overload]
        return handle if calls["n"] <= files_written else HalfWriter(handle)

    monkeypatch.setattr(os, "fdopen", fdopen)
