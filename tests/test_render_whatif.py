"""The `staffopt whatif` table, on the hand branch solved both ways."""

from __future__ import annotations

import io
from pathlib import Path

from helpers import assert_golden
from rich.console import Console
from test_whatif_compare import _error, _solved

from staffopt.render.whatif import print_whatif
from staffopt.whatif import WhatIfResult, compare


def _text(result: WhatIfResult, out: Path | None = None) -> str:
    console = Console(record=True, width=100, file=io.StringIO())
    print_whatif(result, console, out)
    return console.export_text()


def _region() -> WhatIfResult:
    base, scen = _solved()
    return compare("hand-push", "region", "hand-region", "hand-scenario",
                   ["teller", "lobby_manager"],
                   {"a.yaml": base, "b.yaml": base, "c.yaml": _error("C", "bad [file]")},
                   {"a.yaml": scen, "b.yaml": base, "c.yaml": _error("C", "bad [file]")})


def test_region_table_matches_golden() -> None:
    assert_golden(_text(_region(), Path("out/whatif")), "whatif-region.txt")


def test_region_lists_changed_and_failed_branches_only() -> None:
    text = _text(_region())
    changed = text.split("Branches that change most")[1].split("Failed branches")[0]
    assert "HAND-1" in changed and changed.count("│ HAND-1") == 1  # b.yaml did not change
    assert "baseline: bad [file]; scenario: bad [file]" in text  # brackets as written
    assert "Results in" not in text


def test_branch_scope_has_no_ranking() -> None:
    base, scen = _solved()
    result = compare("hand-push", "branch", "HAND-1", "hand-scenario",
                     ["teller", "lobby_manager"], {"a.yaml": base}, {"a.yaml": scen})
    text = _text(result)
    assert text.splitlines()[0] == ("What-if hand-push on branch HAND-1 · standards "
                                    "hand-scenario · 1 branch compared")
    assert "change most" not in text and "Failed" not in text
