"""The pool section of the region table, and the pooled roster as CSV."""

from __future__ import annotations

import io

from helpers import assert_golden
from pool_data import branches_of, known_results, shipped_standards
from rich.console import Console

from staffopt.config.models import Pool
from staffopt.pool.result import PoolBranch, PoolMember, PoolResult, pool_roster_csv
from staffopt.pool.stage import run_pool
from staffopt.render.pool import pool_line, print_pool


def _lean() -> PoolResult:
    return PoolResult(
        region="r", scope="district", status="optimal", gap=0.0,
        uncovered_hours_before=12, uncovered_hours_after=4,
        members=[PoolMember(member="A/E1", name=None, home="A", used=True, hours=16,
                            contract_hours=40)],
        roster=[],
        branches=[PoolBranch(id="B", uncovered_hours_before=4, uncovered_hours_after=0,
                             pooled_hours=8),
                  PoolBranch(id="D", uncovered_hours_before=4, uncovered_hours_after=4,
                             pooled_hours=0)],
    )


def _known() -> PoolResult:
    """The hand region pooled region-wide: A's freed teller relieves B, C and D."""
    return run_pool("known", Pool(scope="region"), branches_of("known"), known_results(),
                    shipped_standards(), budget=2.0).result


def _text(pool: PoolResult, note: str | None = None, reused: bool = False) -> str:
    console = Console(record=True, width=120, file=io.StringIO())
    print_pool(pool, note, console, reused)
    return console.export_text()


def test_pool_line() -> None:
    assert pool_line(_lean()) == "pool: 1 freed staff cover 8 of 12 uncovered hours in 1 branches"


def test_pool_section_matches_golden() -> None:
    assert_golden(_text(_known()), "pool-section.txt")


def test_pool_section_of_an_unproven_kept_pool_matches_golden() -> None:
    pool = _known().model_copy(update={"status": "feasible", "gap": 0.25})
    text = _text(pool, reused=True)
    assert "(feasible, gap 25.0%)" in text and "kept from the last run" in text
    assert_golden(text, "pool-section-kept.txt")


def test_pool_section_says_why_nothing_was_pooled() -> None:
    none = _lean().model_copy(update={"members": [], "uncovered_hours_after": 12})
    text = _text(none, "1 freed staff, none with a skill for a pool role's post")
    assert "pool: 0 freed staff cover 0 of 12 uncovered hours in 1 branches" in text
    assert "members: 0 freed with a pool skill, 0 used, 0 pooled hours" in text
    assert "none with a skill" in text and "Biggest pool transfers" not in text


def test_pool_roster_csv_matches_golden() -> None:
    assert_golden(pool_roster_csv(_known()), "pool-roster.csv")
