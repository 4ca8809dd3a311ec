"""The report's workbook, opened with openpyxl: sheets, cells and their types."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from staffopt.cli import app
from staffopt.report import ReportError, load_report
from staffopt.report.cells import sheet_names

REGION = Path(__file__).parent / "data" / "report" / "region"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    result = CliRunner().invoke(app, ["report", str(REGION), "--xlsx", str(out)])
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(out)


def test_sheets(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == ["Summary", "Roles", "Headcount", "Moves", "Shortages", "Pool",
                               "DC-0004", "DC-0012", "T-FIX"]


def test_summary_numbers_are_numbers(book: openpyxl.Workbook) -> None:
    ws = book["Summary"]
    head = [c.value for c in ws[1]]
    row = {h: c.value for h, c in zip(head, ws[4], strict=True)}
    assert row["id"] == "T-FIX" and row["freed"] == 1 and isinstance(row["freed"], int)
    assert row["uncovered hours"] == 11 and row["uncovered after pool"] == 4
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref is not None


def test_every_employee_on_a_roster_sheet(book: openpyxl.Workbook) -> None:
    for branch in ("DC-0004", "DC-0012", "T-FIX"):
        data = json.loads((REGION / f"{branch}.json").read_text(encoding="utf-8"))
        ws = book[branch]
        names = {row[1] for row in ws.iter_rows(min_row=2, values_only=True)}
        assert {a["name"] for a in data["assignments"]} <= names


def test_roster_cell_and_pooled_row(book: openpyxl.Workbook) -> None:
    ws = book["T-FIX"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    head = [c.value for c in ws[1]]
    assert head[:5] == ["id", "name", "role", "team", "hours"]
    assert rows["E010"][head.index("mon")] == "09:00–17:00 (13:00 lunch) cash"
    assert rows["E014"][2] == "freed"
    assert rows["T-FIX/E014"][2] == "pool" and rows["T-FIX/E014"][head.index("sat")]


def test_shortages_merged(book: openpyxl.Workbook) -> None:
    rows = [r for r in book["Shortages"].iter_rows(min_row=2, values_only=True)
            if r[0] == "T-FIX"]
    assert [r[1:8] for r in rows] == [
        ("operations_supervisor", "sat", "09:00", "16:00", 1, 7, 7),
        ("teller.non_cash", "sat", "13:00", "16:00", 2, 4, 4),
    ]


def test_sheet_names_valid_and_unique() -> None:
    names = sheet_names(["a/b", "a:b", "x" * 40, "x" * 40 + "y", "Summary", "'q'"])
    assert len({n.lower() for n in names.values()}) == 6
    for n in names.values():
        assert len(n) <= 31 and not set(n) & set("[]:*?/\\") and not n.startswith("'")
        assert n.lower() != "summary"


def test_bad_folder_exits_1(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("{\n  oops", encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(tmp_path), "--xlsx", "o.xlsx"])
    assert result.exit_code == 1 and "x.json:2:3" in result.stderr
    (tmp_path / "x.json").unlink()
    with pytest.raises(ReportError, match="holds no branch result"):
        load_report(tmp_path)
    empty = CliRunner().invoke(app, ["report", str(tmp_path / "nope"), "--html", "o.html"])
    assert empty.exit_code == 1 and "no such folder" in empty.stderr


def test_nothing_to_write_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["report", str(REGION)])
    assert result.exit_code == 2 and "--xlsx" in result.stderr


def test_unseen_batch_folder(tiny_batch: object, tmp_path: Path) -> None:
    """A folder the batch just wrote: every employee of every branch has a roster row."""
    folder = tiny_batch.out[1]  # type: ignore[attr-defined]
    out = tmp_path / "tiny.xlsx"
    result = CliRunner().invoke(app, ["report", str(folder), "--xlsx", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    for path in sorted(folder.glob("T*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        ids = {row[0] for row in book[data["branch"]].iter_rows(min_row=2, values_only=True)}
        assert ids == {a["employee"] for a in data["assignments"]}
