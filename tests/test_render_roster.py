"""The roster grid's short post names and its legend."""

from __future__ import annotations

import io

from helpers import fixed_result
from rich.console import Console

from staffopt.render.roster import own_post, roster_grid, roster_legend, short_names
from staffopt.result import BranchResult


def test_short_names_stay_unambiguous() -> None:
    names = short_names(["teller.cash", "security_guard", "x.cash"])
    assert names["security_guard"] == "security"
    assert names["teller.cash"] == "teller.cash" and names["x.cash"] == "x.cash"  # clash


def test_own_post_is_the_team_post_of_a_portfolio_role() -> None:
    posts = {a.employee: own_post(a) for a in fixed_result().assignments}
    assert posts["E021"] == "account_manager.corporate_credit"
    assert posts["E010"] == "teller"
    assert posts["E014"] is None  # freed


def test_legend_spells_out_every_short_name() -> None:
    legend = roster_legend(fixed_result())
    assert legend.startswith("Hours as 9–17 for 09:00–17:00; ")
    assert "corp = account_manager.corporate_credit" in legend
    assert "ops = operations_supervisor" in legend
    assert "teller =" not in legend  # a name kept whole needs no legend


# ---------------------------------------------------------------- a week with lunch, narrow

WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _lunch_week() -> BranchResult:
    """Two tellers who work 08:30-17:30 with an unpaid lunch on every day of the week, one
    of them on another zone: the widest cells a demo roster makes."""
    roster = [
        {"employee": eid, "post": post, "day": day, "start": "08:30", "end": "17:30",
         "break_start": lunch, "break_end": f"{int(lunch[:2]) + 1:02d}:00", "hours": 8}
        for eid, post, lunch in (("E001", "teller.cash", "12:00"),
                                 ("E002", "teller.non_cash", "13:00"))
        for day in WEEK
    ]
    assignments = [
        {"employee": eid, "name": name, "role": "teller", "team": None, "hours": 56,
         "contract_hours": 56}
        for eid, name in (("E001", "Ouyang Xiaoming"), ("E002", "Li Na"))
    ]
    figures = {"current": 2, "required": 2, "kept": 2, "moved_in": 0, "moved_out": 0,
               "freed": 0, "floor": 0, "under_floor": 0, "uncovered_hours": 0}
    return BranchResult.model_validate({
        "branch": "T-WEEK", "name": None, "district": None, "input_sha256": "0" * 64,
        "standards": "week", "status": "optimal", "gap": 0.0, "solve_seconds": 0.1,
        "slot_minutes": 30,
        "objective": {"shortage_slots": 0, "floor_shortage": 0, "headcount": 2,
                      "role_changes": 0, "idle_hours": 0, "paid_hours": 112},
        "totals": {"staff": 2, "kept": 2, "moved": 0, "freed": 0, "under_floor": 0,
                   "uncovered_hours": 0},
        "roster": roster, "headcount": [{"role": "teller", **figures}],
        "assignments": assignments,
    })


def _grid_text(width: int) -> str:
    console = Console(record=True, width=width, file=io.StringIO())
    console.print(roster_grid(_lunch_week(), width))
    return console.export_text()


def test_a_wide_grid_keeps_each_cell_on_one_line() -> None:
    text = _grid_text(200)
    line = next(x for x in text.splitlines() if x.startswith("E001"))
    assert line.split()[:4] == ["E001", "Ouyang", "Xiaoming", "teller"]
    assert line.split()[4:7] == ["8:30–17:30", "⏸12", "cash"]
    assert line.count("8:30–17:30") == 7


def test_a_narrow_grid_stacks_its_cells_and_cuts_no_time() -> None:
    text = _grid_text(80)
    lines = text.splitlines()
    assert max(len(x.rstrip()) for x in lines) <= 80
    assert "…" not in text  # nothing abbreviated by the table
    words = text.split()
    # every shift's start, end and lunch whole: 14 of each start and end, 7 of each lunch
    assert words.count("8:30–") == 14 and words.count("17:30") == 14
    assert words.count("⏸12") == 7 and words.count("⏸13") == 7
    assert "Ouyang" in text and "Xiaoming" in text  # the name wraps, it is not cut
