"""staffopt.forecast.yaml_block: the rendered block reads back as the figures it shows."""

from __future__ import annotations

import yaml

from staffopt.config.models import Volume
from staffopt.forecast.estimate import Forecast
from staffopt.forecast.yaml_block import number, render_block, volume_block


def _forecast() -> Forecast:
    return Forecast(
        branch="B", first_day="2026-11-02", last_day="2026-11-08", open_days=6, tickets=900,
        daily={"cash_deposit": 88.04, "transfer": 61.26},
        days_seen={"mon": 1, "sat": 1},
        weekday_factors={"sat": 0.814, "mon": 1.186},
        intraday_profile={f"{h:02d}": 1.0 + h / 100 for h in range(8, 18)},
        outside_hours=0, handling=[], service=[],
    )


def test_number_rounds_and_drops_trailing_zeros() -> None:
    assert [number(88.04, 1), number(1.0, 2), number(1.186, 2), number(-0.001, 2)] == [
        "88", "1", "1.19", "0"
    ]


def test_the_block_reads_back_as_its_figures() -> None:
    current = Volume(daily={"cash_deposit": 80, "kiosk": 12.25}, visitors=340.5)
    block = volume_block(_forecast(), current)
    text = render_block(block, _forecast(), "t.csv")
    data = yaml.safe_load(text)["volume"]
    assert Volume.model_validate(data) == block.volume()
    assert data["daily"] == {"cash_deposit": 88.0, "transfer": 61.3, "kiosk": 12.25}
    assert data["visitors"] == 340.5
    assert list(data["weekday_factors"]) == ["mon", "sat"]  # in day order
    assert block.kept == ["kiosk"]
    assert "# kept: not in the log" in text
    assert max(len(line) for line in text.splitlines()) <= 100
