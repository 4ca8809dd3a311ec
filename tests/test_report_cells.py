"""Cell texts and merged shortage ranges of the report."""

from __future__ import annotations

from helpers import NON_CASH_CAUSE, fixed_result

from staffopt.report.cells import merged_shortages, post_label, shift_cell


def test_shift_cell() -> None:
    assert shift_cell("08:30", "17:30", "12:00", "teller.cash") == "08:30–17:30 (12:00 lunch) cash"
    assert shift_cell("09:00", "13:00", None, "lobby_manager") == "09:00–13:00 lobby manager"
    assert post_label("teller.non_cash") == "non cash"


def test_merged_shortages() -> None:
    runs = merged_shortages(fixed_result().shortages, 60)
    assert [(s.post, s.start, s.end, s.most, s.slot_units) for s in runs] == [
        ("operations_supervisor", "09:00", "16:00", 1, 7),
        ("teller.non_cash", "13:00", "16:00", 2, 4),
    ]
    assert runs[1].cause == NON_CASH_CAUSE
