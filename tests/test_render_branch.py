"""The rich view of one branch's result: a solved tiny branch against its golden file,
and a hand-built result (tests/helpers.py) read section by section."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from helpers import (
    FIXED_OBJECTIVE,
    FIXED_TOTALS,
    SUPERVISOR_CAUSE,
    assert_golden,
    fixed_result,
    fixed_result_data,
)
from rich.console import Console

from staffopt.config import load_branch
from staffopt.render.branch import headline, print_result
from staffopt.result import BranchResult, Totals
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
    marks = [" staff: ", "Headcount by role", "Moves", "Roster", "Coverage", "Shortages",
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


def test_fixed_headline_says_what_the_totals_say(fixed: str) -> None:
    assert fixed.splitlines()[0] == (
        "T-FIX Fixture Sub-branch: 9 staff: 6 kept, 2 moved, 1 freed · "
        "short: 1 under the standard, 11 uncovered hours"
    )


def test_headline_without_a_shortage() -> None:
    data = fixed_result().model_dump(by_alias=True)
    totals = {**data["totals"], "under_floor": 0, "uncovered_hours": 0}
    assert headline(BranchResult.model_construct(**{**data, "totals": Totals(**totals)})) == (
        "9 staff: 6 kept, 2 moved, 1 freed · nothing short"
    )


def test_fixed_headcount_rows_show_moves_and_needs(fixed: str) -> None:
    cells = lambda line: [c.strip() for c in line.strip("│┃ ").replace("┃", "│").split("│")]  # noqa: E731
    head = cells(_line(fixed, "┃ role"))
    assert head == ["role", "current", "required", "kept", "moved in", "moved out", "freed",
                    "floor", "under floor", "uncovered h"]
    assert cells(_line(fixed, "│ teller ")) == ["teller", "6", "3", "3", "0", "2", "1", "0",
                                                 "0", "4"]
    assert cells(_line(fixed, "│ lobby_manager")) == ["lobby_manager", "0", "1", "0", "1",
                                                        "0", "0", "0", "0", "0"]
    assert cells(_line(fixed, "│ operations_supervisor"))[-3:] == ["2", "1", "7"]
    assert "│   corporate_credit " in fixed  # a team, indented under its role
    assert cells(_line(fixed, "│   corporate_credit"))[1:5] == ["0", "1", "0", "1"]
    assert "inclusive_finance" not in fixed  # an empty team is left out
    assert "hire" not in fixed  # a role filled by a move is not a hire


def test_fixed_moves_name_the_team_and_the_freed(fixed: str) -> None:
    assert "  E013 Zhao Lei: teller → lobby_manager\n" in fixed
    assert "  E014 Sun Li: teller → freed\n" in fixed
    assert "  E021 Wu Hao: teller → account_manager (corporate_credit)\n" in fixed
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
    # Names beside ids; a lunch shows where it starts.
    assert _line(fixed, "E010").split() == ["E010", "Wang", "Fang", "teller", "9–17", "⏸13",
                                            "cash", "9–16", "cash"]
    assert _line(fixed, "E011").split() == ["E011", "Li", "Na", "10–14", "cash"]  # label once
    assert _line(fixed, "E012").split() == ["E012", "9–17", "n-cash", "9–13", "n-cash"]
    assert _line(fixed, "E004").split() == ["E004", "Chen", "Jie", "ops", "9–17"]
    assert _line(fixed, "E021").split() == ["E021", "Wu", "Hao", "corp", "9–16"]
    assert _line(fixed, "E030").split() == ["E030", "Xu", "Ming", "head"]  # no shift this week
    assert "ops = operations_supervisor" in fixed and "n-cash = teller.non_cash" in fixed
    assert "⏸12 = a break from 12:00" in fixed
    # The freed employee has no row, and a line names them.
    assert "Freed, no role this week: E014 Sun Li" in fixed
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
        "role changes 2 · idle hours 196 · paid hours 68"
    )


def test_fixed_sections_in_order(fixed: str) -> None:
    marks = ["9 staff:", "Headcount by role", "Moves", "Roster", "Coverage", "Shortages",
             "Warnings", "feasible, gap"]
    positions = [fixed.index(mark) for mark in marks]
    assert positions == sorted(positions)


def test_optimal_result_without_shortages_or_warnings() -> None:
    data = fixed_result_data()
    for row in data["headcount"]:  # type: ignore[attr-defined]
        row["uncovered_hours"] = 0
    text = _render(BranchResult.model_validate(
        {**data, "status": "optimal", "gap": 0.0, "shortages": [], "warnings": [],
         "objective": {**FIXED_OBJECTIVE, "shortage_slots": 0},
         "totals": {**FIXED_TOTALS, "uncovered_hours": 0}}))
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
    assert _line(text, "E010").split()[3:] == ["teller", "9–17", "⏸13", "cash", "9–16", "cash"]


def test_fixed_view_matches_golden(fixed: str) -> None:
    assert_golden(fixed, "solve-table-fixed.txt")
