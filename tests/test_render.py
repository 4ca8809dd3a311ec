"""The rich requirements view: grids, floors and merged warnings, read as plain text."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from rich.console import Console

from staffopt import render
from staffopt.config import load_branch
from staffopt.requirements import (
    Floor,
    Requirements,
    RequirementWarning,
    SlotRequirement,
    clock,
    compute,
)
from staffopt.result import BranchResult

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "requirements"


def _requirements(branch: str, standards: Path) -> Requirements:
    inp = load_branch(DATA / branch, standards)
    return compute(inp.standards, inp.branch)


def _text(req: Requirements, width: int) -> str:
    console = Console(record=True, width=width, file=io.StringIO(), color_system="truecolor")
    render.print_requirements(req, console)
    return console.export_text()


@pytest.fixture(scope="module")
def small() -> Requirements:
    """The small test branch: Monday 09:00-12:00 and Saturday 10:00-12:00, hourly slots."""
    return _requirements("small.yaml", DATA / "standards-small.yaml")


@pytest.fixture(scope="module")
def riverside() -> Requirements:
    """The design's example branch with the shipped standards."""
    return _requirements("riverside.yaml", ROOT / "configs" / "standards.yaml")


def _grid(text: str, post: str) -> dict[str, list[str]]:
    """The rows of one post's grid (rendered one grid per line band): time -> cells."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.split() == [post])
    rows = {}
    for line in lines[at + 2 :]:
        if not re.match(r"^\d\d:\d\d", line):
            break
        time, *cells = line.split()
        rows[time] = cells
    return rows


def test_header_names_branch_standards_and_slots(small: Requirements) -> None:
    text = _text(small, 100)
    assert "Staffing requirements T-SMALL · standards small-test · 60-minute slots" in text
    assert "Open: mon 09:00–12:00, sat 10:00–12:00" in text
    assert "\x1b[" not in text  # exported as plain text


def test_grid_per_post_slots_down_days_across(small: Requirements) -> None:
    text = _text(small, 30)  # narrow: one grid per band, so lines belong to one post
    lines = text.splitlines()
    at = lines.index(next(line for line in lines if line.split() == ["teller.cash"]))
    assert lines[at + 1].split() == ["mon", "sat"]
    # Monday needs 4, 7 (capped at 5 counters: marked !), 4; Saturday opens at 10:00.
    assert _grid(text, "teller.cash") == {
        "09:00": ["4"],
        "10:00": ["5!", "5"],
        "11:00": ["4", "3"],
    }
    assert "peak 5 at mon 10:00" in text
    # The lobby's figures are the workload kind's; here only how they are laid out.
    lobby = {(s.day, clock(s.start)): s.required for s in small.slots if s.post == "lobby_manager"}
    assert _grid(text, "lobby_manager") == {
        time: [str(lobby[day, time]) for day in ("mon", "sat") if (day, time) in lobby]
        for time in sorted({time for _, time in lobby})
    }
    assert "1 in every open slot" in text  # operations_supervisor, account_manager, teller.vip


def test_every_post_with_a_requirement_gets_a_grid(small: Requirements) -> None:
    text = _text(small, 120)
    for post in (
        "account_manager",
        "lobby_manager",
        "operations_supervisor",
        "teller.cash",
        "teller.vip",
    ):
        assert re.search(rf"(^|\s){re.escape(post)}(\s|$)", text), post
    assert "No one needed in any slot: branch_head" in text


def test_floors_table(small: Requirements) -> None:
    text = _text(small, 100)
    assert "Headcount floors" in text
    floors = dict(re.findall(r"│ (\S+)\s+│\s+(\d+) │", text))
    assert floors == {
        "teller": "0",
        "lobby_manager": "0",
        "operations_supervisor": "2",
        "account_manager.personal": "3",
        "account_manager.corporate": "1",
        "branch_head": "1",
    }


def test_warnings_merge_consecutive_capped_slots(small: Requirements) -> None:
    text = _text(small, 100)
    assert "Warnings (3)" in text
    assert "  teller.cash mon 10:00–11:00: needs 7, 5 counters" in text
    assert "  teller.vip mon 09:00–12:00: needs up to 4, 1 counter" in text
    assert "  teller.vip sat 10:00–12:00: needs up to 3, 1 counter" in text


def test_riverside_view(riverside: Requirements) -> None:
    text = _text(riverside, 140)
    assert "Open: mon 09:00–17:00" in text and "sun 10:00–15:00" in text
    assert "teller.cash mon 10:00–12:00: needs 4, 3 counters" in text
    assert "teller.vip sun 10:00–15:00: needs 2, 1 counter" in text
    assert "peak 4 at mon 11:00" in text  # teller.non_cash
    lobby = [s for s in riverside.slots if s.post == "lobby_manager"]
    high = max(s.required for s in lobby)
    first = next(s for s in lobby if s.required == high)
    assert f"peak {high} at {first.day} {clock(first.start)}" in text


def _warning(post: str, start: int, needed: int) -> RequirementWarning:
    return RequirementWarning(
        "counter-capacity", post, "tue", start, "…", needed=needed, counters=1
    )


def test_a_gap_splits_the_warning_lines() -> None:
    # Capped at 09:00, 09:30 and 11:00 (not 10:00-10:30): two lines, the first merged.
    req = Requirements(
        branch="X",
        standards="s",
        slot_minutes=30,
        hours={"tue": (540, 720)},
        slots=[SlotRequirement("teller.vip", "tue", s, 1, uncapped=2) for s in range(540, 720, 30)],
        floors=[Floor("teller", 0)],
        warnings=[
            _warning("teller.vip", 540, 2),
            _warning("teller.vip", 570, 3),
            _warning("teller.vip", 660, 2),
        ],
    )
    text = _text(req, 100)
    assert "teller.vip tue 09:00–10:00: needs up to 3, 1 counter" in text
    assert "teller.vip tue 11:00–11:30: needs 2, 1 counter" in text
    assert "Warnings (2)" in text


def test_no_warnings_section_without_warnings() -> None:
    req = Requirements(
        branch="X",
        standards="s",
        slot_minutes=60,
        hours={"mon": (540, 600)},
        slots=[SlotRequirement("lobby", "mon", 540, 0)],
        floors=[],
    )
    text = _text(req, 80)
    assert "Warnings" not in text
    assert "No one needed in any slot: lobby" in text


def test_heat_scale_runs_light_to_dark() -> None:
    styles = [render._heat_style(v, 1, 5) for v in range(1, 6)]
    assert styles[0] == render._HEAT[0] and styles[-1] == render._HEAT[-1]
    assert len(set(styles)) == len(styles)
    assert render._heat_style(3, 3, 3) == render._HEAT[0]  # a flat post has no peak


def test_runs_merge_consecutive_starts() -> None:
    assert render._runs([540, 570, 600, 660, 720], 30) == [(540, 600), (660, 660), (720, 720)]
    assert render._runs([], 15) == []


# ---------------------------------------------------------------- the solve view

SOLVE = Path(__file__).resolve().parent / "data" / "solve"
GOLDEN = Path(__file__).resolve().parent / "data" / "golden"


def _solve_text(branch: str, standards: str) -> str:
    from staffopt.solve import solve

    result = solve(load_branch(SOLVE / branch, SOLVE / standards), time_limit=10)
    console = Console(record=True, width=140, file=io.StringIO(), color_system="truecolor")
    render.print_result(result, console)
    # the only figure that differs between runs
    return re.sub(r"\(\d+\.\d\d s\)", "(… s)", console.export_text())


@pytest.fixture(scope="module")
def lone_supervisor() -> str:
    """One operations supervisor, six open days, five allowed: a shortage on one day."""
    return _solve_text("lone-supervisor.yaml", "lone-supervisor.standards.yaml")


def test_solve_view_matches_golden(lone_supervisor: str) -> None:
    golden = GOLDEN / "solve-table.txt"
    if os.environ.get("STAFFOPT_REGENERATE_GOLDEN"):
        golden.write_text(lone_supervisor, encoding="utf-8")
    assert lone_supervisor == golden.read_text(encoding="utf-8")


def test_solve_view_sections_in_order(lone_supervisor: str) -> None:
    marks = ["staff today", "Headcount by role", "Moves", "Roster", "Coverage", "Shortages",
             "optimal: every objective level proven"]
    positions = [lone_supervisor.index(mark) for mark in marks]
    assert positions == sorted(positions)


def test_solve_view_merges_a_shortage_into_one_line(lone_supervisor: str) -> None:
    lines = [line for line in lone_supervisor.splitlines() if "missing —" in line]
    assert len(lines) == 1, lines
    assert re.search(r"operations_supervisor \w{3} \d\d:\d\d–\d\d:\d\d: 1 missing — only \w+ holds",
                     lines[0]), lines[0]


def test_shortage_lines_split_at_a_change_of_cause() -> None:
    from staffopt.result import Shortage

    rows = [Shortage(post="lobby_manager", day="mon", start=start, missing=1, cause=cause)
            for start, cause in (("09:00", "a"), ("09:30", "a"), ("10:00", "b"), ("11:00", "b"))]
    assert render.shortage_lines(rows, 30) == [
        "lobby_manager mon 09:00–10:00: 1 missing — a",
        "lobby_manager mon 10:00–10:30: 1 missing — b",
        "lobby_manager mon 11:00–11:30: 1 missing — b",
    ]


# ---------------------------------------------------------------- the solve view, by hand
#
# A fixed result, built without the solver, so that these tests read the view alone.
# Monday 09:00-17:00 and Saturday 09:00-16:00, hourly slots. On Saturday no supervisor
# works (a 7-hour run with one cause) and non-cash is short 1, then 2, in the afternoon.

_MON = [f"{h:02d}:00" for h in range(9, 17)]
_SAT = [f"{h:02d}:00" for h in range(9, 16)]
_SUPERVISOR_CAUSE = "only E004 holds operations_supervisor, and E004 may work 5 days"
_NON_CASH_CAUSE = "of the 1 person with teller.non_cash on sat: 1 on a shift at other hours (E012)"


def _need(post: str, day: str, starts: list[str], extra: dict[str, int] | None = None) -> list:
    return [
        {"post": post, "day": day, "start": s, "required": (extra or {}).get(s, 1)}
        for s in starts
    ]


def _fixed_result(**overrides: object) -> BranchResult:
    """The hand-built result: 9 staff, 8 given a role, 2 hires, 11 slot-units short."""
    shift = lambda e, post, day, start, end: {  # noqa: E731
        "employee": e, "post": post, "day": day, "start": start, "end": end
    }
    data: dict[str, object] = {
        "branch": "T-FIX",
        "input_sha256": "0" * 64,
        "standards": "fixed",
        "status": "feasible",
        "gap": 0.032,
        "solve_seconds": 2.5,
        "slot_minutes": 60,
        "objective": {
            "shortage_slots": 11,
            "floor_shortage": 1,
            "headcount": 8,
            "role_changes": 2,
            "paid_hours": 69,
        },
        "requirements": [
            *_need("account_manager", "mon", _MON),
            *_need("account_manager", "sat", _SAT),
            *_need("lobby_manager", "mon", _MON),
            *_need("lobby_manager", "sat", _SAT),
            *_need("operations_supervisor", "mon", _MON),
            *_need("operations_supervisor", "sat", _SAT),
            *_need("teller.cash", "mon", _MON, {"11:00": 2, "12:00": 2}),
            *_need("teller.cash", "sat", _SAT),
            *_need("teller.non_cash", "mon", _MON),
            *_need("teller.non_cash", "sat", _SAT, {"15:00": 2}),
        ],
        "roster": [
            shift("E004", "operations_supervisor", "mon", "09:00", "17:00"),
            shift("E010", "teller.cash", "mon", "09:00", "17:00"),
            shift("E010", "teller.cash", "sat", "09:00", "16:00"),
            shift("E011", "teller.cash", "mon", "10:00", "14:00"),
            shift("E012", "teller.non_cash", "mon", "09:00", "17:00"),
            shift("E012", "teller.non_cash", "sat", "09:00", "13:00"),
            shift("E013", "lobby_manager", "mon", "09:00", "17:00"),
            shift("E013", "lobby_manager", "sat", "09:00", "16:00"),
            shift("E020", "account_manager.personal_wealth", "mon", "09:00", "17:00"),
            shift("E021", "account_manager.corporate_credit", "sat", "09:00", "16:00"),
        ],
        "headcount": [
            {"role": "teller", "current": 6, "required": 3, "freed": 3, "floor": 0},
            {"role": "lobby_manager", "current": 0, "required": 1, "freed": -1, "floor": 0},
            {"role": "operations_supervisor", "current": 1, "required": 1, "freed": 0, "floor": 2},
            {"role": "account_manager", "current": 1, "required": 2, "freed": -1, "floor": 2},
            {"role": "account_manager.personal_wealth", "current": 1, "required": 1, "freed": 0,
             "floor": 1},
            {"role": "account_manager.corporate_credit", "current": 0, "required": 1,
             "freed": -1, "floor": 1},
            {"role": "account_manager.inclusive_finance", "current": 0, "required": 0,
             "freed": 0, "floor": 0},
            {"role": "branch_head", "current": 1, "required": 1, "freed": 0, "floor": 1},
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
            *(
                {"post": "operations_supervisor", "day": "sat", "start": s, "missing": 1,
                 "cause": _SUPERVISOR_CAUSE}
                for s in _SAT
            ),
            *(
                {"post": "teller.non_cash", "day": "sat", "start": s, "missing": m,
                 "cause": _NON_CASH_CAUSE}
                for s, m in (("13:00", 1), ("14:00", 1), ("15:00", 2))
            ),
        ],
        "warnings": [
            {"code": "counter-capacity", "post": "teller.cash", "day": "mon", "start": s,
             "message": f"teller.cash needs 3 at mon {s} but the zone has 2 counters; "
             "the requirement is capped"}
            for s in ("11:00", "12:00")
        ],
    }
    data.update(overrides)
    return BranchResult.model_validate(data)


def _render(result: BranchResult, width: int = 160) -> str:
    console = Console(record=True, width=width, file=io.StringIO(), color_system="truecolor")
    render.print_result(result, console)
    return console.export_text()


@pytest.fixture(scope="module")
def fixed() -> str:
    return _render(_fixed_result())


def _line(text: str, start: str) -> str:
    """The one line that starts with ``start``."""
    found = [line for line in text.splitlines() if line.startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0]


def test_fixed_headline_counts_staff_needed_freed_and_hires(fixed: str) -> None:
    assert fixed.splitlines()[0] == "T-FIX: 9 staff today → 8 needed → 1 freed; 2 to hire"


def test_fixed_headcount_rows_show_hires_and_indented_teams(fixed: str) -> None:
    cells = lambda line: [c.strip() for c in line.strip("│ ").split("│")]  # noqa: E731
    assert cells(_line(fixed, "│ teller ")) == ["teller", "6", "3", "3", "0"]
    assert cells(_line(fixed, "│ lobby_manager")) == ["lobby_manager", "0", "1", "hire 1", "0"]
    assert "│   corporate_credit " in fixed  # a team, indented under its role
    assert cells(_line(fixed, "│   corporate_credit"))[1:] == ["0", "1", "hire 1", "1"]
    assert "inclusive_finance" not in fixed  # an empty team is left out


def test_fixed_moves_name_the_team_and_the_freed(fixed: str) -> None:
    assert "  E013: teller → lobby_manager\n" in fixed
    assert "  E014: teller → freed\n" in fixed
    assert "  E021: teller → account_manager (corporate_credit)\n" in fixed
    assert "no moves" not in fixed


def test_no_moves_line() -> None:
    text = _render(_fixed_result(moves=[]))
    assert "  no moves: everyone keeps their role" in text


def test_fixed_roster_cells_hold_hours_and_post(fixed: str) -> None:
    days = _line(fixed, "staff")
    assert days.split() == ["staff", "role", "mon", "sat"]
    # A teller's cell names the zone; a supervisor's needs no post: the role column has it.
    assert _line(fixed, "E010").split() == ["E010", "teller", "9–17", "cash", "9–16", "cash"]
    assert _line(fixed, "E011").split() == ["E011", "10–14", "cash"]  # same role: label once
    assert _line(fixed, "E004").split() == ["E004", "ops", "9–17"]
    assert _line(fixed, "E021").split() == ["E021", "corp", "9–16"]
    assert _line(fixed, "E030").split() == ["E030", "head"]  # a role, no shift this week
    assert "ops = operations_supervisor" in fixed and "n-cash = teller.non_cash" in fixed
    # The freed employee has no row, and a line names them.
    assert "Freed, no role this week: E014" in fixed
    assert not any(line.startswith("E014") for line in fixed.splitlines())


def test_fixed_roster_groups_staff_by_role_in_headcount_order(fixed: str) -> None:
    order = [line.split()[0] for line in fixed.splitlines() if re.match(r"E\d{3} ", line)]
    assert order == ["E010", "E011", "E012", "E013", "E004", "E020", "E021", "E030"]


def test_fixed_coverage_is_counted_from_the_roster(fixed: str) -> None:
    assert _line(fixed, "operations_supervisor").split() == ["operations_supervisor", "8/8", "0/7"]
    assert _line(fixed, "teller.non_cash").split() == ["teller.non_cash", "8/8", "4/8"]
    # The role-level requirement is covered by a team post: E021 on corporate_credit.
    assert _line(fixed, "account_manager ").split() == ["account_manager", "8/8", "7/7"]
    # Two needed at 11:00 and 12:00, met by E010 and E011 together.
    assert _line(fixed, "teller.cash").split() == ["teller.cash", "10/10", "7/7"]


def test_fixed_coverage_agrees_with_the_shortages() -> None:
    result = _fixed_result()
    uncovered = sum(required - covered for covered, required in render._coverage(result).values())
    assert uncovered == result.objective.shortage_slots == 11


def test_fixed_shortages_merge_runs_with_their_cause(fixed: str) -> None:
    assert "Shortages (2)" in fixed
    supervisor = _line(fixed, "  operations_supervisor sat")
    assert re.fullmatch(
        rf"  operations_supervisor sat 09:00–16:00: +1 missing — {re.escape(_SUPERVISOR_CAUSE)}",
        supervisor.rstrip(),
    ), supervisor
    non_cash = _line(fixed, "  teller.non_cash sat")
    assert re.search(r"teller\.non_cash sat 13:00–16:00: +1 to 2 missing — of the 1", non_cash)


def test_fixed_warnings_merge_capped_slots_like_the_requirements_view(fixed: str) -> None:
    assert "Warnings (1)" in fixed
    assert "  teller.cash mon 11:00–13:00: needs 3, 2 counters\n" in fixed


def test_fixed_status_and_objective(fixed: str) -> None:
    lines = fixed.splitlines()
    assert lines[-2] == "feasible, gap 3.2% — raise --time-limit to prove it (2.50 s)"
    assert lines[-1] == (
        "objective: uncovered slot-units 11 · under floors 1 · headcount 8 · "
        "role changes 2 · paid hours 69"
    )


def test_fixed_sections_in_order(fixed: str) -> None:
    marks = ["staff today", "Headcount by role", "Moves", "Roster", "Coverage", "Shortages",
             "Warnings", "feasible, gap"]
    positions = [fixed.index(mark) for mark in marks]
    assert positions == sorted(positions)


def test_optimal_result_without_shortages_or_warnings() -> None:
    text = _render(_fixed_result(status="optimal", gap=0.0, shortages=[], warnings=[],
                                 objective={"shortage_slots": 0, "floor_shortage": 1,
                                            "headcount": 8, "role_changes": 2,
                                            "paid_hours": 69}))
    assert "optimal: every objective level proven (2.50 s)" in text
    assert "Shortages" not in text and "Warnings" not in text


def test_error_result_prints_only_the_error() -> None:
    result = BranchResult(branch="T-FIX", input_sha256="0" * 64, standards=None, status="error",
                          gap=None, solve_seconds=0.1, slot_minutes=None, objective=None,
                          error="time limit reached without a solution")
    assert _render(result).strip() == "error: time limit reached without a solution"


def test_fixed_view_fits_120_columns() -> None:
    text = _render(_fixed_result(), width=120)
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 120
    assert _line(text, "E010").split() == ["E010", "teller", "9–17", "cash", "9–16", "cash"]


def test_short_names_stay_unambiguous() -> None:
    names = render._short_names(["teller.cash", "security_guard", "x.cash"])
    assert names["security_guard"] == "security"
    assert names["teller.cash"] == "teller.cash" and names["x.cash"] == "x.cash"  # clash


def test_fixed_view_matches_golden(fixed: str) -> None:
    golden = GOLDEN / "solve-table-fixed.txt"
    if os.environ.get("STAFFOPT_REGENERATE_GOLDEN"):
        golden.write_text(fixed, encoding="utf-8")
    assert fixed == golden.read_text(encoding="utf-8")
