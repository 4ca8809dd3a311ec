"""The rich requirements view: grids, floors and merged warnings, read as plain text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from staffopt.config import load_branch
from staffopt.render.requirements import merged_warning_lines, print_requirements
from staffopt.requirements import (
    Floor,
    Requirements,
    RequirementWarning,
    SlotRequirement,
    clock,
    compute,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "requirements"


def _requirements(branch: str, standards: Path) -> Requirements:
    inp = load_branch(DATA / branch, standards)
    return compute(inp.standards, inp.branch)


def _text(req: Requirements, width: int) -> str:
    console = Console(record=True, width=width, file=io.StringIO(), color_system="truecolor")
    print_requirements(req, console)
    return console.export_text()


@pytest.fixture(scope="module")
def small() -> Requirements:
    """The small test branch: Monday 09:00-12:00 and Saturday 10:00-12:00, hourly slots."""
    return _requirements("small.yaml", DATA / "standards-small.yaml")


@pytest.fixture(scope="module")
def riverside() -> Requirements:
    """The design's example branch with the shipped standards."""
    return _requirements("riverside.yaml", ROOT / "configs" / "standards.yaml")


def _grid(text: str, post: str) -> dict[str, list[str]]:
    """The rows of one post's grid (rendered one grid per line band): time -> cells."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.split() == [post])
    rows = {}
    for line in lines[at + 2 :]:
        if not re.match(r"^\d\d:\d\d", line):
            break
        time, *cells = line.split()
        rows[time] = cells
    return rows


def test_header_names_branch_standards_and_slots(small: Requirements) -> None:
    text = _text(small, 100)
    assert "Staffing requirements T-SMALL · standards small-test · 60-minute slots" in text
    assert "Open: mon 09:00–12:00, sat 10:00–12:00" in text
    assert "\x1b[" not in text  # exported as plain text


def test_grid_per_post_slots_down_days_across(small: Requirements) -> None:
    text = _text(small, 30)  # narrow: one grid per band, so lines belong to one post
    lines = text.splitlines()
    at = lines.index(next(line for line in lines if line.split() == ["teller.cash"]))
    assert lines[at + 1].split() == ["mon", "sat"]
    # Monday needs 4, 7 (capped at 5 counters: marked !), 4; Saturday opens at 10:00.
    assert _grid(text, "teller.cash") == {
        "09:00": ["4"],
        "10:00": ["5!", "5"],
        "11:00": ["4", "3"],
    }
    assert "peak 5 at mon 10:00" in text
    # The lobby's figures are the workload kind's; here only how they are laid out.
    lobby = {(s.day, clock(s.start)): s.required for s in small.slots if s.post == "lobby_manager"}
    assert _grid(text, "lobby_manager") == {
        time: [str(lobby[day, time]) for day in ("mon", "sat") if (day, time) in lobby]
        for time in sorted({time for _, time in lobby})
    }
    assert "1 in every open slot" in text  # operations_supervisor, account_manager, teller.vip


def test_every_post_with_a_requirement_gets_a_grid(small: Requirements) -> None:
    text = _text(small, 120)
    for post in (
        "account_manager",
        "lobby_manager",
        "operations_supervisor",
        "teller.cash",
        "teller.vip",
    ):
        assert re.search(rf"(^|\s){re.escape(post)}(\s|$)", text), post
    assert "No one needed in any slot: branch_head" in text


def test_floors_table(small: Requirements) -> None:
    text = _text(small, 100)
    assert "Headcount floors" in text
    floors = dict(re.findall(r"│ (\S+)\s+│\s+(\d+) │", text))
    assert floors == {
        "teller": "0",
        "lobby_manager": "0",
        "operations_supervisor": "2",
        "account_manager.personal": "3",
        "account_manager.corporate": "1",
        "branch_head": "1",
    }


def test_warnings_merge_consecutive_capped_slots(small: Requirements) -> None:
    text = _text(small, 100)
    assert "Warnings (3)" in text
    assert "  teller.cash mon 10:00–11:00: needs 7, 5 counters" in text
    assert "  teller.vip mon 09:00–12:00: needs up to 4, 1 counter" in text
    assert "  teller.vip sat 10:00–12:00: needs up to 3, 1 counter" in text


def test_riverside_view(riverside: Requirements) -> None:
    text = _text(riverside, 140)
    assert "Open: mon 08:30–17:30" in text and "sun 10:00–15:00" in text
    assert "teller.cash mon 11:00–12:00: needs 4, 3 counters" in text
    assert "teller.vip sun 10:00–15:00: needs 2, 1 counter" in text
    # teller.cash (capped at its 3 counters) and teller.non_cash both peak at 3 on Monday
    # morning, the day's volume spread over 9 open hours
    assert text.count("peak 3 at mon 09:00") == 2
    lobby = [s for s in riverside.slots if s.post == "lobby_manager"]
    high = max(s.required for s in lobby)
    first = next(s for s in lobby if s.required == high)
    assert f"peak {high} at {first.day} {clock(first.start)}" in text


def _warning(post: str, start: int, needed: int) -> RequirementWarning:
    return RequirementWarning(
        "counter-capacity", post, "tue", start, "…", needed=needed, counters=1
    )


def test_a_gap_splits_the_warning_lines() -> None:
    # Capped at 09:00, 09:30 and 11:00 (not 10:00-10:30): two lines, the first merged.
    req = Requirements(
        branch="X",
        standards="s",
        slot_minutes=30,
        hours={"tue": (540, 720)},
        slots=[SlotRequirement("teller.vip", "tue", s, 1, uncapped=2) for s in range(540, 720, 30)],
        floors=[Floor("teller", 0)],
        warnings=[
            _warning("teller.vip", 540, 2),
            _warning("teller.vip", 570, 3),
            _warning("teller.vip", 660, 2),
        ],
    )
    text = _text(req, 100)
    assert "teller.vip tue 09:00–10:00: needs up to 3, 1 counter" in text
    assert "teller.vip tue 11:00–11:30: needs 2, 1 counter" in text
    assert "Warnings (2)" in text


def test_no_warnings_section_without_warnings() -> None:
    req = Requirements(
        branch="X",
        standards="s",
        slot_minutes=60,
        hours={"mon": (540, 600)},
        slots=[SlotRequirement("lobby", "mon", 540, 0)],
        floors=[],
    )
    text = _text(req, 80)
    assert "Warnings" not in text
    assert "No one needed in any slot: lobby" in text


def test_warning_lines_keep_other_codes_as_their_message() -> None:
    other = RequirementWarning("other", "lobby_manager", "mon", 540, "a message of its own")
    lines = merged_warning_lines([_warning("teller.vip", 540, 2), other], 60)
    # grouped by code: counter-capacity sorts first
    assert lines == ["teller.vip tue 09:00–10:00: needs 2, 1 counter", "a message of its own"]
