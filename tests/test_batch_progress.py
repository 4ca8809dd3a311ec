"""staffopt.batch.progress: the bar shows branches done, failed, and the time left."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from staffopt.batch.progress import progress_bar


def test_the_bar_counts_done_and_failed_branches() -> None:
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=120, color_system=None)
    progress = progress_bar(console)
    bar = progress.add_task("Solving demo-city", total=14, failed=0)
    with progress:
        progress.update(bar, advance=3, failed=1)
        progress.refresh()
        shown = stream.getvalue()
    assert "Solving demo-city" in shown
    assert "3/14" in shown and "1 failed" in shown and "ETA" in shown


def test_without_a_console_the_bar_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    progress = progress_bar(None)
    bar = progress.add_task("Solving", total=1, failed=0)
    with progress:
        progress.update(bar, advance=1, failed=0)
        progress.refresh()
    assert capsys.readouterr() == ("", "")
