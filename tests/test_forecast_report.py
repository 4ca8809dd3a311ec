"""staffopt.forecast.report: the rich report and the JSON carry the measured figures."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from staffopt.forecast import run_forecast
from staffopt.forecast.report import forecast_json, print_report

DATA = Path(__file__).resolve().parent / "data" / "forecast"


def test_report_and_json_of_the_bad_rows_log() -> None:
    run = run_forecast(DATA / "bad-rows.csv", DATA / "branch.yaml", DATA / "standards.yaml")
    console = Console(record=True, width=120)
    print_report(run, console)
    text = console.export_text()
    assert "FC-0001: 2 tickets on 1 open days" in text
    assert "8 malformed rows skipped" in text and "1 rows of other branches ignored" in text
    assert "kept" in text  # types the log does not show keep the branch's figure
    data = json.loads(forecast_json(run))
    assert data["log"]["malformed"] == 8
    assert data["volume"]["daily"]["cash_deposit"] == 1
    assert data["volume"]["visitors"] == 220
    assert {s["zone"]: s["left"] for s in data["service"]} == {"cash": 0, "non_cash": 1}
    assert [h["minutes"] for h in data["handling"]] == [3.0, None]
