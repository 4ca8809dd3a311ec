"""staffopt.forecast.report: the rich report and the JSON carry the measured figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from rich.console import Console
from typer.testing import CliRunner

from staffopt.cli import app
from staffopt.forecast import run_forecast
from staffopt.forecast.report import forecast_json, print_report
from staffopt.forecast.tickets import HEADER

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


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "FC-0001,", "1,", "transfer,", "cash_deposit,", "2026-11-02T09:00:00,", "0001-01-01T00:00,",
    "9999-12-31T23:59:59.999999,", "2026-11-07 17:59,", ",", "\n", '"', "x",
]), max_size=80))
def test_garbage_logs_through_the_command_never_show_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, parts: list[str]
) -> None:
    path = tmp_path_factory.mktemp("g") / "t.csv"
    path.write_text(HEADER + "\n" + "".join(parts), encoding="utf-8")
    for fmt in ("yaml", "json"):
        result = CliRunner().invoke(app, [
            "forecast", str(path), "--standards", str(DATA / "standards.yaml"), "--format", fmt,
        ])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        if result.exit_code == 0 and fmt == "json":
            assert json.loads(result.stdout)["log"]["usable"] >= 1
