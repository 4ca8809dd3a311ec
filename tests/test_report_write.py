"""staffopt.report.write: ``write_report`` writes the workbook and/or the HTML, all or none."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from helpers import full_disk_after, temporary_files

from staffopt.files import OutputError
from staffopt.report import ReportError, html, write_report
from staffopt.report.html import html_pages
from staffopt.report.inputs import load_report

REGION = Path(__file__).parent / "data" / "report" / "region"


def test_workbook_only(tmp_path: Path) -> None:
    xlsx = tmp_path / "r.xlsx"
    assert write_report(REGION, xlsx, None) == [xlsx]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]
    with zipfile.ZipFile(xlsx) as book:  # an .xlsx is a zip with the workbook part
        assert "xl/workbook.xml" in book.namelist()


def test_html_only_writes_the_index_then_its_branch_pages(tmp_path: Path) -> None:
    index = tmp_path / "r.html"
    written = write_report(REGION, None, index)
    assert written[0] == index
    _, pages = html_pages(load_report(REGION), "r-branches", "r.html")
    assert written[1:] == [tmp_path / "r-branches" / name for name in pages]
    assert all(p.is_file() for p in written)
    assert not list(tmp_path.glob("*.xlsx"))


def test_both_workbook_first(tmp_path: Path) -> None:
    written = write_report(REGION, tmp_path / "a.xlsx", tmp_path / "a.html")
    assert written[:2] == [tmp_path / "a.xlsx", tmp_path / "a.html"]
    assert temporary_files(tmp_path) == []


def test_nothing_asked_writes_nothing(tmp_path: Path) -> None:
    assert write_report(REGION, None, None) == []
    assert list(tmp_path.iterdir()) == []


def test_same_bytes_twice(tmp_path: Path) -> None:
    first = write_report(REGION, tmp_path / "a.xlsx", tmp_path / "a.html")
    second = write_report(REGION, tmp_path / "b.xlsx", tmp_path / "b.html")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_a_full_disk_leaves_no_html_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "MAX_BYTES", 1000)  # an index and one page per branch
    full_disk_after(monkeypatch, 1)  # the second of those files fails
    with pytest.raises(OutputError, match=r"DC-0012\.html"):
        write_report(REGION, None, tmp_path / "r.html")
    assert not list(tmp_path.rglob("*.html")) and temporary_files(tmp_path) == []


def test_a_bad_source_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ReportError):
        write_report(tmp_path / "missing", tmp_path / "r.xlsx", tmp_path / "r.html")
    assert list(tmp_path.iterdir()) == []
