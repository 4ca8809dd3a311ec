"""The rich view of one branch's result: a solved tiny branch against its golden file,
and a hand-built result (tests/helpers.py) read section by section."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from helpers import FIXED_OBJECTIVE, SUPERVISOR_CAUSE, assert_golden, fixed_result
from rich.console import Console

from staffopt.config import load_branch
from staffopt.render.branch import print_result
from staffopt.result import BranchResult
from staffopt.solve import solve

SOLVE = Path(__file__).resolve().parent / "data" / "solve"


def _solve_text(branch: str, standards: str) -> str:
    result = solve(load_branch(SOLVE / branch, SOLVE / standards), time_limit=10)
    console = Console(record=True, width=140, file=io.StringIO(), color_system="truecolor")
    print_result(result, console)
    # the only figure that differs between runs
    return re.sub(r"\(\d+\.\d\d s\)", "(… s)", console.export_text())


@pytest.fixture(scope="module")
def lone_supervisor() -> str:
    """One operations supervisor, six open days, five allowed: a shortage on one day."""
    return _solve_text("lone-supervisor.yaml", "lone-supervisor.standards.yaml")


def test_solve_view_matches_golden(lone_supervisor: str) -> None:
    assert_golden(lone_supervisor, "solve-table.txt")


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


# ---------------------------------------------------------------- the fixed result


def _render(result: BranchResult, width: int = 160) -> str:
    console = Console(record=True, width=width, file=io.StringIO(), color_system="truecolor")
    print_result(result, console)
    return console.export_text()


@pytest.fixture(scope="module")
def fixed() -> str:
    return _render(fixed_result())


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
    # the result checks itself: without moves, no role changes either
    objective = {**FIXED_OBJECTIVE, "role_changes": 0}
    text = _render(fixed_result(moves=[], objective=objective))
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


def test_fixed_shortages_merge_runs_with_their_cause(fixed: str) -> None:
    assert "Shortages (2)" in fixed
    supervisor = _line(fixed, "  operations_supervisor sat")
    assert re.fullmatch(
        rf"  operations_supervisor sat 09:00–16:00: +1 missing — {re.escape(SUPERVISOR_CAUSE)}",
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
    text = _render(fixed_result(status="optimal", gap=0.0, shortages=[], warnings=[],
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
    text = _render(fixed_result(), width=120)
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 120
    assert _line(text, "E010").split() == ["E010", "teller", "9–17", "cash", "9–16", "cash"]


def test_fixed_view_matches_golden(fixed: str) -> None:
    assert_golden(fixed, "solve-table-fixed.txt")
