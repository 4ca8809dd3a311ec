"""staffopt.batch.summary: rows, per-role totals, summary.json and summary.csv."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import TinyBatch
from helpers import TINY_SPECS
from rich.console import Console

from staffopt.batch import BranchRow, RegionSummary, RoleTotal, role_totals, row_of
from staffopt.render import print_region
from staffopt.result import BranchResult


def test_a_result_without_a_solution_is_an_error_row() -> None:
    result = BranchResult(branch="X1", input_sha256="0" * 64, standards="s", status="error",
                          gap=None, solve_seconds=5.0, slot_minutes=30, objective=None,
                          error="level shortage_slots: the solver found no solution (UNKNOWN)")
    row = row_of(result, "X1.yaml")
    assert (row.id, row.status, row.staff, row.uncovered_hours) == ("X1", "error", None, None)
    assert (row.error, row.file, row.seconds) == (result.error, "X1.yaml", 5.0)
    assert role_totals([result], ["teller"]) == [RoleTotal("teller")]  # errors add nothing


def test_summary_rows_and_totals_come_from_the_results(tiny_batch: TinyBatch) -> None:
    summary = tiny_batch.runs[2]
    out = tiny_batch.out[2]
    assert [r.id for r in summary.rows] == sorted(TINY_SPECS)
    assert summary.failed == []
    results = {b: BranchResult.model_validate_json((out / f"{b}.json").read_text())
               for b in TINY_SPECS}
    for row in summary.rows:
        result = results[row.id]
        assert row == row_of(result, f"{row.id}.yaml")
        assert result.totals is not None
        assert (row.staff, row.kept, row.moved, row.freed) == (
            result.current, result.totals.kept, result.totals.moved, result.totals.freed)
        assert (row.name, row.district) == (result.name, result.district)
        assert row.uncovered_hours == sum(s.missing for s in result.shortages) * (
            result.slot_minutes or 60) / 60
    assert next(r for r in summary.rows if r.id == "T3").freed == 1

    totals = {t.role: t for t in summary.totals}
    assert list(totals) == ["teller", "lobby_manager", "operations_supervisor",
                            "account_manager", "branch_head"]  # the standards' order
    for role, t in totals.items():
        rows = [h for r in results.values() for h in r.headcount if h.role == role]
        for name in ("current", "required", "kept", "moved_in", "moved_out", "freed", "floor",
                     "under_floor", "uncovered_hours"):
            assert getattr(t, name) == sum(getattr(h, name) for h in rows), (role, name)
        assert t.current == t.kept + t.moved_out + t.freed
    assert sum(t.uncovered_hours for t in totals.values()) == sum(
        r.uncovered_hours or 0 for r in summary.rows)


def test_summary_files_hold_the_rows_and_the_totals(tiny_batch: TinyBatch) -> None:
    summary = tiny_batch.runs[2]
    out = tiny_batch.out[2]
    data = json.loads((out / "summary.json").read_text())
    assert list(data) == ["kind", "version", "region", "standards", "branches", "interrupted",
                          "unfinished", "seconds", "totals", "rows"]
    assert data["branches"] == {"total": 5, "optimal": 5, "feasible": 0, "error": 0}
    assert (data["interrupted"], data["unfinished"]) == (False, [])
    assert data["totals"] == [vars(t) for t in summary.totals]
    assert data["rows"] == [r.to_dict() for r in summary.rows]
    assert (out / "summary.json").read_text() == summary.to_json()

    rows = list(csv.DictReader(io.StringIO((out / "summary.csv").read_text())))
    assert list(rows[0]) == ["id", "name", "district", "status", "staff", "kept", "moved",
                             "freed", "under_floor", "uncovered_hours", "seconds", "error"]
    assert data["version"] == 2
    assert [r["id"] for r in rows] == sorted(TINY_SPECS)
    assert rows[2]["freed"] == "1" and rows[2]["error"] == ""


def test_summary_csv_leaves_missing_figures_empty() -> None:
    summary = RegionSummary("r", "s", Path("out"), rows=[
        BranchRow(id="X1", status="error", error="bad, very bad", file="X1.yaml"),
    ])
    assert summary.to_csv().splitlines()[1] == 'X1,,,error,,,,,,,,"bad, very bad"'
    assert json.loads(summary.to_json())["branches"]["error"] == 1


def test_region_report_names_the_totals_and_the_freeing_branch(tiny_batch: TinyBatch) -> None:
    console = Console(record=True, width=160)
    print_region(tiny_batch.runs[1], console)
    text = console.export_text()
    assert "Headcount by role" in text
    assert "operations_supervisor" in text
    freeing = text.split("Branches that free the most people")[1].split("Branches with")[0]
    assert "T3" in freeing and "T1" not in freeing
    assert "Failed branches" not in text and "Interrupted" not in text
