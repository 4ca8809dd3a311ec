"""The region view of a batch run, on a hand-built summary."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from staffopt.batch.summary import BranchRow, RegionSummary, RoleTotal
from staffopt.render.region import print_region


def _summary(**overrides: object) -> RegionSummary:
    rows = [
        BranchRow("B1", "optimal", staff=10, kept=7, moved=1, freed=2, under_floor=0,
                  uncovered_hours=0),
        BranchRow("B2", "feasible", staff=6, kept=6, moved=0, freed=0, under_floor=1,
                  uncovered_hours=2.5, cause="only E1 holds [operations_supervisor]"),
        BranchRow("B3", "error", error="bad.yaml:3:1: [error] a [bracketed] message"),
    ]
    # B1 frees 2 tellers and moves one into lobby_manager, which B2 is 1 under its floor
    totals = [RoleTotal("teller", 12, 9, 9, 0, 1, 2, 0, 0, 2.5),
              RoleTotal("lobby_manager", 4, 5, 4, 1, 0, 0, 5, 1, 0)]
    summary = RegionSummary("east", "default-2026", Path("out/east"), rows=rows, totals=totals,
                            solved=["B1.yaml", "B2.yaml", "B3.yaml"])
    for name, value in overrides.items():
        setattr(summary, name, value)
    return summary


def _text(summary: RegionSummary) -> str:
    console = Console(record=True, width=120, file=io.StringIO())
    print_region(summary, console)
    return console.export_text()


def test_header_counts_branches_by_outcome() -> None:
    text = _text(_summary())
    assert text.splitlines()[0] == (
        "Region east · standards default-2026 · 3 branches: 1 optimal, 1 feasible, 1 failed"
    )
    assert "up to date" not in text and "Interrupted" not in text


def test_totals_per_role_and_in_all() -> None:
    text = _text(_summary())
    cells = [[c.strip() for c in line.strip("│ ").split("│")]
             for line in text.splitlines() if line.startswith("│")]
    head = next(line for line in text.splitlines() if line.startswith("┃ role"))
    assert [c.strip() for c in head.strip("┃ ").split("┃")] == [
        "role", "current", "required", "kept", "moved", "freed", "under floor", "uncovered h"]
    assert ["teller", "12", "9", "9", "0", "2", "0", "2.5"] in cells
    assert ["lobby_manager", "4", "5", "4", "1", "0", "1", "0"] in cells
    # freed and under floor add up apart: 2 freed is no answer to 1 under the floor
    assert ["total", "16", "14", "13", "1", "2", "1", "2.5"] in cells


def test_sections_name_the_freeing_short_and_failed_branches() -> None:
    text = _text(_summary())
    freeing = text.split("Branches that free the most people")[1].split("Branches with")[0]
    assert "B1" in freeing and "B2" not in freeing
    short = text.split("Branches with a shortage (1)")[1].split("Failed branches")[0]
    assert "B2" in short and "only E1 holds [operations_supervisor]" in short  # no markup
    b2 = next(line for line in short.splitlines() if "B2" in line)
    assert [c.strip() for c in b2.strip("│ ").split("│")][:3] == ["B2", "1", "2.5"]
    b1 = next(line for line in freeing.splitlines() if "B1" in line)
    assert [c.strip() for c in b1.strip("│ ").split("│")] == ["B1", "10", "7", "1", "2"]
    assert "a [bracketed] message" in text.split("Failed branches (1)")[1]
    assert text.rstrip().endswith("Results in out/east")


def test_resume_and_interruption_lines() -> None:
    text = _text(_summary(skipped=["B4.yaml"], interrupted=True, unfinished=["B5.yaml"]))
    assert "3 solved, 1 up to date (--resume)" in text
    assert "Interrupted: 1 branches not solved" in text


def test_a_region_with_nothing_to_report_leaves_the_sections_out() -> None:
    rows = [BranchRow("B1", "optimal", staff=5, kept=5, moved=0, freed=0, under_floor=0,
                      uncovered_hours=0)]
    text = _text(_summary(rows=rows, totals=[]))
    for title in ("Branches that free", "Branches with a shortage", "Failed branches"):
        assert title not in text
