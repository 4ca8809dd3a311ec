"""Shortage causes (design §4): who could have covered a slot, and why they did not."""

from __future__ import annotations

from pathlib import Path

from staffopt.config import load_branch
from staffopt.counting import Shift
from staffopt.requirements import compute
from staffopt.shortages import explain
from staffopt.staffing import Staffing

DATA = Path(__file__).resolve().parent / "data" / "solve"


def _staffing(tmp_path: Path, staff: str) -> Staffing:
    # the lone-supervisor standards: six open days 09-13, one supervisor on duty
    branch = tmp_path / "branch.yaml"
    branch.write_text(
        "kind: Branch\nversion: 1\nid: TINY-S\ngrade: 9\nvolume:\n  daily: {cash_deposit: 0}\n"
        f"staff:\n{staff}",
        encoding="utf-8",
    )
    inp = load_branch(branch, DATA / "lone-supervisor.standards.yaml")
    return Staffing(inp.standards, inp.branch, compute(inp.standards, inp.branch))


def _five_days(eid: str) -> dict[str, list[Shift]]:
    return {eid: [Shift(day, 540, 780, "operations_supervisor")
                  for day in ("mon", "tue", "wed", "thu", "fri")]}


def test_the_one_present_at_the_weekly_limit_is_named_in_the_singular(tmp_path: Path) -> None:
    staffing = _staffing(tmp_path, (
        "  - {id: S1, role: operations_supervisor, skills: [operations_supervisor]}\n"
        "  - {id: S2, role: operations_supervisor, skills: [operations_supervisor],"
        " unavailable: [sat]}\n"
    ))
    cause = explain(staffing, _five_days("S1"), {"S1": "operations_supervisor", "S2": None},
                    "operations_supervisor", "sat", 540)
    assert cause == ("operations_supervisor: S1 at 5 days, the only one present, is at the "
                     "weekly limit; S2 unavailable on sat")


def test_one_person_present_is_counted_in_the_singular(tmp_path: Path) -> None:
    staffing = _staffing(tmp_path, (
        "  - {id: S1, role: operations_supervisor, skills: [operations_supervisor]}\n"
        "  - {id: S2, role: operations_supervisor, skills: [operations_supervisor],"
        " unavailable: [sat]}\n"
    ))
    shifts = {"S1": [Shift("sat", 540, 600, "operations_supervisor")]}
    cause = explain(staffing, shifts, {"S1": "operations_supervisor", "S2": None},
                    "operations_supervisor", "sat", 660)
    assert cause.startswith("of the 1 person with operations_supervisor on sat: "), cause
    assert cause.endswith("; S2 unavailable on sat"), cause

