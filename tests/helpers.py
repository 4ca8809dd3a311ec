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
import random
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings
from spec import spec_requirements

from staffopt.config import load_branch
from staffopt.config.models import Branch, Standards
from staffopt.requirements import Requirements, clock, compute
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
# The tiny regions keep the break-less 09:00-17:00 standards they were sized on: on the
# shipped 08:30-17:30 days T3's extra lobby manager is needed, and a 5 s limit may end a
# solve before it proves optimality (the batch tests count statuses).
TINY_STANDARDS = ROOT / "tests" / "data" / "config" / "standards-no-breaks.yaml"

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
    """A region folder with its own standards (``TINY_STANDARDS``) and the given branch
    files (name -> text)."""
    (folder / "branches").mkdir(parents=True)
    shutil.copy(TINY_STANDARDS, folder / "standards.yaml")
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
# ---------------------------------------------------------------- sizing (design §3)
# Shared by tests/test_requirements*.py (the kinds in tests/test_requirements_kinds_<kind>.py):
# small standards and branches written by hand,
# a generator of random valid pairs, and the comparison with tests/spec.py kind by kind.

REQUIREMENTS_DATA = DATA / "requirements"
DEMO_BRANCHES = ROOT / "data" / "regions" / "demo-city" / "branches"
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ZONES = ("cash", "non_cash", "vip")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
GUARD = {"sizing": "presence", "on_duty": 1}  # a role for tests about something else


def hand_standards(**changes: Any) -> dict[str, Any]:
    """A minimal standards document: one hourly slot on Monday, 09:00-10:00, no roles."""
    std: dict[str, Any] = {
        "kind": "Standards",
        "version": 1,
        "name": "hand",
        "calendar": {
            "slot_minutes": 60,
            "opening_hours": {"mon": "09:00-10:00"},
            "open_days_per_year": 300,
        },
        "labor": {
            "shift_hours": [1],
            "max_hours_per_week": 40,
            "max_days_per_week": 5,
            "working_days_per_year": 250,
        },
        "transactions": {
            "deposit": {"minutes": 4.0, "zone": "cash"},
            "withdrawal": {"minutes": 2.0, "zone": "cash"},
            "consult": {"minutes": 20.0, "zone": "vip"},
            "kiosk": {"minutes": 1.0, "zone": "self_service"},
        },
        "roles": {},
    }
    std.update(changes)
    return std


def hand_branch(**changes: Any) -> dict[str, Any]:
    """A minimal grade-10 branch with 6 cash counters and no volume."""
    branch: dict[str, Any] = {
        "kind": "Branch",
        "version": 1,
        "id": "HAND",
        "grade": 10,
        "counters": {"cash": 6},
        "volume": {"daily": {}},
    }
    branch.update(changes)
    return branch


def sized(std: dict[str, Any], branch: dict[str, Any]) -> Requirements:
    """``compute`` on plain YAML data."""
    return compute(Standards.model_validate(std), Branch.model_validate(branch))


def required_grid(req: Requirements) -> dict[tuple[str, str, str], int]:
    """Each slot's requirement by (post, day, "HH:MM")."""
    return {(s.post, s.day, clock(s.start)): s.required for s in req.slots}


def required_by_slot(req: Requirements) -> dict[tuple[str, str, int], int]:
    """Each slot's requirement by (post, day, start minute)."""
    return {(s.post, s.day, s.start): s.required for s in req.slots}


def assert_kind_matches_spec(
    req: Requirements, std: dict[str, Any], branch: dict[str, Any], kind: str
) -> None:
    """The slots, floors and capped slots of one sizing kind's roles agree with tests/spec.py."""
    names = {name for name, role in std["roles"].items() if role["sizing"] == kind}

    def own(post: str) -> bool:
        return post.split(".", 1)[0] in names

    need, floors, capped = spec_requirements(std, branch)
    got = {key: value for key, value in required_by_slot(req).items() if own(key[0])}
    want = {key: value for key, value in need.items() if own(key[0])}
    assert got.keys() == want.keys()
    assert {k: (got[k], want[k]) for k in want if got[k] != want[k]} == {}
    assert {f.role: f.floor for f in req.floors if own(f.role)} == {
        role: value for role, value in floors.items() if own(role)
    }
    warned = {(w.post, w.day, w.start) for w in req.warnings if own(w.post)}
    assert warned == {key for key in capped if own(key[0])}


def spec_inputs(branch_path: Path, standards_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """A standards and branch file as the plain YAML data tests/spec.py reads."""
    return (
        yaml.safe_load(standards_path.read_text(encoding="utf-8")),
        yaml.safe_load(branch_path.read_text(encoding="utf-8")),
    )


def file_cases() -> list[tuple[Path, Path]]:
    """(branch, standards) files to compare with the spec: the demo region and test data."""
    cases = [
        (REQUIREMENTS_DATA / "riverside.yaml", ROOT / "configs" / "standards.yaml"),
        (REQUIREMENTS_DATA / "small.yaml", REQUIREMENTS_DATA / "standards-small.yaml"),
    ]
    if DEMO_BRANCHES.is_dir():
        region = yaml.safe_load((DEMO_BRANCHES.parent / "region.yaml").read_text(encoding="utf-8"))
        standards = (DEMO_BRANCHES.parent / region["standards"]).resolve()
        cases += [(p, standards) for p in sorted(DEMO_BRANCHES.glob("*.yaml"))]
    return cases


def _hours(rng: random.Random, slot: int) -> str:
    if rng.random() < 0.2:
        return "closed"
    first = rng.randrange(7 * 60, 12 * 60 + 1, slot)  # 07:00 lies on every slot grid
    last = first + slot * rng.randint(1, (20 * 60 - first) // slot)
    return f"{clock(first)}-{clock(last)}"


def _subset(rng: random.Random, items: tuple[str, ...] | list[str], p: float = 0.5) -> list[str]:
    return [item for item in items if rng.random() < p]


def _random_roles(rng: random.Random) -> dict[str, Any]:
    teller: dict[str, Any] = {
        "sizing": "queue",
        "zones": list(ZONES),
        "min_on_duty": {z: rng.randint(0, 2) for z in _subset(rng, ZONES)},
    }
    if rng.random() < 0.8:
        teller["service_level"] = {
            "percent": rng.choice((50, 70, 80, 90, 95)),
            "wait_minutes": rng.choice((0, 1, 5, 10)),
        }
    if rng.random() < 0.8:
        teller["max_occupancy"] = rng.choice((0.5, 0.7, 0.85, 1.0))
    lobby: dict[str, Any] = {"sizing": "workload"}
    for key, values in (
        ("minutes_per_visitor", (0.5, 1.0, 1.1)),
        ("minutes_per_self_service", (0.3, 0.5)),
        ("max_occupancy", (0.6, 0.85)),
        ("min_on_duty", (0, 1, 2)),
    ):
        if rng.random() < 0.7:
            lobby[key] = rng.choice(values)
    teams = {
        t: {"customers_per_manager": rng.choice((40, 60, 300, 400))}
        for t in ("a", "b", "c")[: rng.randint(1, 3)]
    }
    return {
        "teller": teller,
        "lobby_manager": lobby,
        "operations_supervisor": {"sizing": "presence", "on_duty": rng.randint(0, 2)},
        "account_manager": {
            "sizing": "portfolio",
            "teams": teams,
            **({"min_on_duty": 1} if rng.random() < 0.5 else {}),
        },
        "branch_head": {
            "sizing": "grade",
            "by_grade": {g: rng.randint(0, 3) for g in range(8, 15)},
        },
    }


def random_case(
    rng: random.Random, slot: int | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A random but valid standards and branch pair, as plain YAML data."""
    slot = slot or rng.choice((15, 30, 60))
    types = {
        "dep": "cash",
        "wdr": "cash",
        "xfer": "non_cash",
        "open": "non_cash",
        "wealth": "vip",
        "kiosk": "self_service",
    }
    roles = _random_roles(rng)
    std = {
        "kind": "Standards",
        "version": 1,
        "name": f"gen-{slot}",
        "calendar": {
            "slot_minutes": slot,
            "opening_hours": {d: _hours(rng, slot) for d in _subset(rng, DAY_NAMES, 0.9)},
            "open_days_per_year": rng.randint(240, 366),
        },
        "labor": {
            "shift_hours": [4, 8],
            "max_hours_per_week": 40,
            "max_days_per_week": 5,
            "working_days_per_year": rng.randint(240, 260),
        },
        "transactions": {
            t: {"minutes": rng.choice((0.5, 1.0, 3.0, 4.0, 12.0, 20.0)), "zone": z}
            for t, z in types.items()
        },
        "intraday_profile": {
            f"{h:02d}": rng.choice((0.0, 0.3, 1.0, 1.4)) for h in range(6, 21) if rng.random() < 0.7
        },
        "weekday_factors": {d: rng.choice((0.5, 0.8, 1.0, 1.2)) for d in _subset(rng, DAY_NAMES)},
        "roles": roles,
    }
    volume: dict[str, Any] = {
        "daily": {
            t: rng.choice((0, 3, 12.5, 40, 150, 300)) for t in _subset(rng, list(types), 0.8)
        },
    }
    if rng.random() < 0.5:
        volume["visitors"] = rng.choice((0, 50, 400))
    if rng.random() < 0.5:
        volume["weekday_factors"] = {
            d: rng.choice((0.0, 0.9, 1.5)) for d in _subset(rng, DAY_NAMES, 0.3)
        }
    teams = roles["account_manager"]["teams"]
    branch = {
        "kind": "Branch",
        "version": 1,
        "id": "GEN",
        "grade": rng.randint(8, 14),
        "opening_hours": {d: _hours(rng, slot) for d in _subset(rng, DAY_NAMES, 0.3)},
        "counters": {z: rng.randint(0, 4) for z in _subset(rng, (*ZONES, "self_service"), 0.8)},
        "volume": volume,
        "customers": {t: rng.choice((0, 55, 400, 1350)) for t in _subset(rng, list(teams))},
    }
    return std, branch


GENERATED = [(1, 15), (2, 15), (3, 30), (4, 30), (5, 60), (6, 60)]  # (seed, slot minutes)


# ---------------------------------------------------------------- solving files


def solve_path(branch: Path, standards: Path | None, time_limit: float) -> BranchResult:
    """Load a branch file with its standards and solve it."""
    from staffopt.solve import solve  # CP-SAT, only for the tests that solve

    return solve(load_branch(branch, standards), time_limit=time_limit)


def staffing_of(branch: Path, standards: Path) -> Staffing:
    """The prepared staffing of a branch file: what the model is built from."""
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
                   "role_changes": 2, "idle_hours": 196, "paid_hours": 68}
FIXED_TOTALS = {"staff": 9, "kept": 6, "moved": 2, "freed": 1, "under_floor": 1,
                "uncovered_hours": 11}


def _need(post: str, day: str, starts: list[str], extra: dict[str, int] | None = None) -> list:
    return [
        {"post": post, "day": day, "start": s, "required": (extra or {}).get(s, 1)}
        for s in starts
    ]


def _shift(employee: str, post: str, day: str, start: str, end: str,
           lunch: str | None = None) -> dict[str, object]:
    """A roster row; ``lunch`` is the start of an unpaid hour's break."""
    hours = int(end[:2]) - int(start[:2]) - (1 if lunch else 0)
    return {"employee": employee, "post": post, "day": day, "start": start, "end": end,
            "break_start": lunch, "break_end": lunch and f"{int(lunch[:2]) + 1:02d}:00",
            "hours": hours}


def _headcount(role: str, *figures: int, uncovered: int = 0) -> dict[str, object]:
    """A headcount row from current, required, kept, moved_in, moved_out, freed, floor,
    under_floor."""
    names = ("current", "required", "kept", "moved_in", "moved_out", "freed", "floor",
             "under_floor")
    return {"role": role, **dict(zip(names, figures, strict=True)),
            "uncovered_hours": uncovered}


def _assignment(employee: str, name: str | None, role: str | None, team: str | None,
                hours: int, contract: int = 40) -> dict[str, object]:
    return {"employee": employee, "name": name, "role": role, "team": team, "hours": hours,
            "contract_hours": contract}


def _move(employee: str, from_: str | None, to: str | None,
          to_team: str | None = None) -> dict[str, object]:
    return {"employee": employee, "from": from_, "to": to, "from_team": None,
            "to_team": to_team}


def fixed_result_data() -> dict[str, object]:
    """The data of a hand-built, consistent result: 9 staff, 6 kept, 2 moved, 1 freed,
    1 under the supervisor floor, 11 slot-units short, 68 paid hours (E010 lunches on
    Monday), 196 idle hours (E011 on a 24-hour contract; the branch head is unrostered)."""
    return {
        "kind": "BranchResult",
        "version": 2,
        "branch": "T-FIX",
        "name": "Fixture Sub-branch",
        "district": None,
        "input_sha256": "0" * 64,
        "standards": "fixed",
        "status": "feasible",
        "gap": 0.032,
        "solve_seconds": 2.5,
        "slot_minutes": 60,
        "objective": dict(FIXED_OBJECTIVE),
        "totals": dict(FIXED_TOTALS),
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
            _shift("E010", "teller.cash", "mon", "09:00", "17:00", lunch="13:00"),
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
            _headcount("teller", 6, 3, 3, 0, 2, 1, 0, 0, uncovered=4),
            _headcount("lobby_manager", 0, 1, 0, 1, 0, 0, 0, 0),
            _headcount("operations_supervisor", 1, 1, 1, 0, 0, 0, 2, 1, uncovered=7),
            _headcount("account_manager", 1, 2, 1, 1, 0, 0, 2, 0),
            _headcount("account_manager.personal_wealth", 1, 1, 1, 0, 0, 0, 1, 0),
            _headcount("account_manager.corporate_credit", 0, 1, 0, 1, 0, 0, 1, 0),
            _headcount("account_manager.inclusive_finance", 0, 0, 0, 0, 0, 0, 0, 0),
            _headcount("branch_head", 1, 1, 1, 0, 0, 0, 1, 0),
        ],
        "assignments": [
            _assignment("E004", "Chen Jie", "operations_supervisor", None, 8),
            _assignment("E010", "Wang Fang", "teller", None, 14),
            _assignment("E011", "Li Na", "teller", None, 4, contract=24),
            _assignment("E012", None, "teller", None, 12),
            _assignment("E013", "Zhao Lei", "lobby_manager", None, 15),
            _assignment("E014", "Sun Li", None, None, 0),
            _assignment("E020", "Zhou Min", "account_manager", "personal_wealth", 8),
            _assignment("E021", "Wu Hao", "account_manager", "corporate_credit", 7),
            _assignment("E030", "Xu Ming", "branch_head", None, 0),
        ],
        "moves": [
            _move("E013", "teller", "lobby_manager"),
            _move("E014", "teller", None),
            _move("E021", "teller", "account_manager", "corporate_credit"),
        ],
        "shortages": [
            *({"post": "operations_supervisor", "day": "sat", "start": s, "missing": 1,
               "cause": SUPERVISOR_CAUSE} for s in SAT),
            *({"post": "teller.non_cash", "day": "sat", "start": s, "missing": m,
               "cause": NON_CASH_CAUSE} for s, m in (("13:00", 1), ("14:00", 1), ("15:00", 2))),
        ],
        "warnings": [
            {"code": "counter-capacity", "post": "teller.cash", "day": "mon", "start": s,
             "needed": 3, "counters": 2,
             "message": f"teller.cash needs 3 at mon {s} but the zone has 2 counters; "
             "the requirement is capped"}
            for s in ("11:00", "12:00")
        ],
    }


def fixed_result(**overrides: object) -> BranchResult:
    """The hand-built result, with some fields replaced."""
    return BranchResult.model_validate({**fixed_result_data(), **overrides})
