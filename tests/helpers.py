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
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from staffopt.result import BranchResult
    from staffopt.staffing import Staffing

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = TESTS / "data"
GOLDEN = DATA / "golden"

UPDATE_GOLDEN = os.environ.get("STAFFOPT_UPDATE_GOLDEN") == "1"

# The generated branches of the ``generated`` fixture (conftest.py)
GENERATED_SEED = 9  # a fixed seed: the same six generated branches on every run
SHORT_NUMBER = 6  # the generated branch that is made clearly short of staff


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


# ---------------------------------------------------------------- solving files


def solve_path(branch: Path, standards: Path | None, time_limit: float) -> BranchResult:
    """Load a branch file with its standards and solve it."""
    from staffopt.config import load_branch
    from staffopt.solve import solve

    return solve(load_branch(branch, standards), time_limit=time_limit)


def staffing_of(branch: Path, standards: Path) -> Staffing:
    """The prepared staffing of a branch file: what the model is built from."""
    from staffopt.config import load_branch
    from staffopt.requirements import compute
    from staffopt.staffing import Staffing

    inp = load_branch(branch, standards)
    return Staffing(inp.standards, inp.branch, compute(inp.standards, inp.branch))


# ---------------------------------------------------------------- a hand-built result
#
# Monday 09:00-17:00 and Saturday 09:00-16:00, hourly slots. On Saturday no supervisor
# works (a 7-hour run with one cause) and non-cash is short 1, then 2, in the afternoon.

MON = [f"{h:02d}:00" for h in range(9, 17)]
SAT = [f"{h:02d}:00" for h in range(9, 16)]
SUPERVISOR_CAUSE = "only E004 holds operations_supervisor, and E004 may work 5 days"
NON_CASH_CAUSE = "of the 1 person with teller.non_cash on sat: 1 on a shift at other hours (E012)"


FIXED_OBJECTIVE = {"shortage_slots": 11, "floor_shortage": 1, "headcount": 8,
                   "role_changes": 2, "paid_hours": 69}


def _need(post: str, day: str, starts: list[str], extra: dict[str, int] | None = None) -> list:
    return [
        {"post": post, "day": day, "start": s, "required": (extra or {}).get(s, 1)}
        for s in starts
    ]


def _shift(employee: str, post: str, day: str, start: str, end: str) -> dict[str, str]:
    return {"employee": employee, "post": post, "day": day, "start": start, "end": end}


def _headcount(role: str, current: int, required: int, floor: int) -> dict[str, object]:
    return {"role": role, "current": current, "required": required,
            "freed": current - required, "floor": floor}


def fixed_result_data() -> dict[str, object]:
    """The data of a hand-built, consistent result: 9 staff, 8 given a role, 2 hires,
    11 slot-units short, 69 paid hours."""
    return {
        "branch": "T-FIX",
        "input_sha256": "0" * 64,
        "standards": "fixed",
        "status": "feasible",
        "gap": 0.032,
        "solve_seconds": 2.5,
        "slot_minutes": 60,
        "objective": dict(FIXED_OBJECTIVE),
        "requirements": [
            *_need("account_manager", "mon", MON),
            *_need("account_manager", "sat", SAT),
            *_need("lobby_manager", "mon", MON),
            *_need("lobby_manager", "sat", SAT),
            *_need("operations_supervisor", "mon", MON),
            *_need("operations_supervisor", "sat", SAT),
            *_need("teller.cash", "mon", MON, {"11:00": 2, "12:00": 2}),
            *_need("teller.cash", "sat", SAT),
            *_need("teller.non_cash", "mon", MON),
            *_need("teller.non_cash", "sat", SAT, {"15:00": 2}),
        ],
        "roster": [
            _shift("E004", "operations_supervisor", "mon", "09:00", "17:00"),
            _shift("E010", "teller.cash", "mon", "09:00", "17:00"),
            _shift("E010", "teller.cash", "sat", "09:00", "16:00"),
            _shift("E011", "teller.cash", "mon", "10:00", "14:00"),
            _shift("E012", "teller.non_cash", "mon", "09:00", "17:00"),
            _shift("E012", "teller.non_cash", "sat", "09:00", "13:00"),
            _shift("E013", "lobby_manager", "mon", "09:00", "17:00"),
            _shift("E013", "lobby_manager", "sat", "09:00", "16:00"),
            _shift("E020", "account_manager.personal_wealth", "mon", "09:00", "17:00"),
            _shift("E021", "account_manager.corporate_credit", "sat", "09:00", "16:00"),
        ],
        "headcount": [
            _headcount("teller", 6, 3, 0),
            _headcount("lobby_manager", 0, 1, 0),
            _headcount("operations_supervisor", 1, 1, 2),
            _headcount("account_manager", 1, 2, 2),
            _headcount("account_manager.personal_wealth", 1, 1, 1),
            _headcount("account_manager.corporate_credit", 0, 1, 1),
            _headcount("account_manager.inclusive_finance", 0, 0, 0),
            _headcount("branch_head", 1, 1, 1),
        ],
        "assignments": [
            {"employee": "E004", "role": "operations_supervisor", "team": None},
            {"employee": "E010", "role": "teller", "team": None},
            {"employee": "E011", "role": "teller", "team": None},
            {"employee": "E012", "role": "teller", "team": None},
            {"employee": "E013", "role": "lobby_manager", "team": None},
            {"employee": "E014", "role": None, "team": None},
            {"employee": "E020", "role": "account_manager", "team": "personal_wealth"},
            {"employee": "E021", "role": "account_manager", "team": "corporate_credit"},
            {"employee": "E030", "role": "branch_head", "team": None},
        ],
        "moves": [
            {"employee": "E013", "from": "teller", "to": "lobby_manager"},
            {"employee": "E014", "from": "teller", "to": None},
            {"employee": "E021", "from": "teller", "to": "account_manager"},
        ],
        "shortages": [
            *({"post": "operations_supervisor", "day": "sat", "start": s, "missing": 1,
               "cause": SUPERVISOR_CAUSE} for s in SAT),
            *({"post": "teller.non_cash", "day": "sat", "start": s, "missing": m,
               "cause": NON_CASH_CAUSE} for s, m in (("13:00", 1), ("14:00", 1), ("15:00", 2))),
        ],
        "warnings": [
            {"code": "counter-capacity", "post": "teller.cash", "day": "mon", "start": s,
             "message": f"teller.cash needs 3 at mon {s} but the zone has 2 counters; "
             "the requirement is capped"}
            for s in ("11:00", "12:00")
        ],
    }


def fixed_result(**overrides: object) -> BranchResult:
    """The hand-built result, with some fields replaced."""
    from staffopt.result import BranchResult

    return BranchResult.model_validate({**fixed_result_data(), **overrides})
