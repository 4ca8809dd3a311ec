"""Loading a report's inputs: a folder with its pool, one result, and broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from staffopt.report import ReportError, load_report

REGION = Path(__file__).parent / "data" / "report" / "region"


def test_folder_with_pool() -> None:
    inp = load_report(REGION)
    assert inp.region == "report-test"
    assert [r.branch for r in inp.results] == ["DC-0004", "DC-0012", "T-FIX"]
    assert inp.pool is not None and inp.pool.uncovered_hours_after == 4


def test_one_result() -> None:
    inp = load_report(REGION / "T-FIX.json")
    assert [r.branch for r in inp.results] == ["T-FIX"] and inp.pool is None


def test_invalid_result_names_file_and_field(tmp_path: Path) -> None:
    text = (REGION / "T-FIX.json").read_text(encoding="utf-8")
    (tmp_path / "T-FIX.json").write_text(text.replace('"staff": 9', '"staff": 8'),
                                         encoding="utf-8")
    with pytest.raises(ReportError, match=r"T-FIX\.json: not a valid BranchResult"):
        load_report(tmp_path)
