"""The cross-checks of standards and branch files."""

from __future__ import annotations

from pathlib import Path

import pytest
from config_helpers import (
    BRANCH,
    branch_checks,
    standards_checks,
    sub,
)

from staffopt.config import (
    Standards,
)

# ---------------------------------------------------------------- standards checks


def test_shipped_standards_are_clean(standards_path: Path, std: Standards) -> None:
    assert standards_checks(standards_path.read_text()) == []
    # the shipped calendar: weekdays 08:30-17:30 with a staggered unpaid lunch hour
    [lunch] = std.labor.breaks
    assert (lunch.min_shift_hours, lunch.minutes, lunch.window, lunch.paid) == (
        6, 60, "11:00-14:00", False)
    assert std.calendar.opening_hours["mon"] == "08:30-17:30"


@pytest.mark.parametrize(
    ("old", "new", "line", "code", "level"),
    [
        ('mon: "09:00-17:00"', 'mon: "09:15-17:00"', 8, "off-grid", "error"),
        ("shift_hours: [4, 6, 8]", "shift_hours: [4, 6.25, 8]", 17, "off-grid", "error"),
        ("zones: [cash, non_cash, vip]", "zones: [cash, non_cash, vip, self_service]", 44,
         "bad-zone", "error"),
        ("zones: [cash, non_cash, vip]", "zones: [cash, non_cash, vip, kiosk]", 44,
         "zone-unserved", "warning"),
        ("vip: 0}", "vip: 0, gold: 1}", 47, "unknown-zone", "error"),
        ("13: 2, 14: 3}", "13: 2}", 68, "missing-grade", "error"),
    ],
)
def test_standards_checks(
    plain_path: Path, old: str, new: str, line: int, code: str, level: str
) -> None:
    problems = standards_checks(sub(plain_path.read_text(), old, new))
    assert [(p.line, p.code, p.level) for p in problems] == [(line, code, level)]


def test_never_open_warning(plain_path: Path) -> None:
    text = plain_path.read_text().replace('"09:00-17:00"', "closed")
    problems = standards_checks(text.replace('"09:00-16:00"', "closed"))
    assert [(p.code, p.level) for p in problems] == [("never-open", "warning")]


def test_missing_grade_names_the_grades(plain_path: Path) -> None:
    text = sub(plain_path.read_text(), "{8: 1, 9: 1,", "{8: 1,")
    [problem] = standards_checks(text.replace("13: 2, 14: 3}", "13: 2}"))
    assert problem.message.endswith("add 9, 14")


# ---------------------------------------------------------------- branch checks


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "code"),
    [
        ("transfer: 40", "wire: 40", 7, 29, "unknown-transaction"),
        ("non_cash: 1}", "non_cash: 1, drive_in: 2}", 5, 34, "unknown-zone"),
        ("staff:\n", "customers: {private_banking: 3}\nstaff:\n", 8, 13, "unknown-team"),
        ("role: teller", "role: cashier", 13, 11, "unknown-role"),
        ("skills: [teller]", "skills: [teller, teller.gold]", 14, 22, "unknown-post"),
        ("  - id: E2\n", "  - id: E1\n", 12, 9, "duplicate-id"),
        ("grade: 10\n", 'grade: 10\nopening_hours: {sat: "09:00-16:10"}\n', 5, 22, "off-grid"),
    ],
)
def test_branch_reference_errors(
    std: Standards, old: str, new: str, line: int, column: int, code: str
) -> None:
    problems = branch_checks(sub(BRANCH, old, new), std)
    assert [(p.line, p.column, p.code, p.level) for p in problems] == [
        (line, column, code, "error")
    ]


def test_unknown_post_message(std: Standards) -> None:
    problems = branch_checks(sub(BRANCH, "skills: [teller]", "skills: [teller.gold]"), std)
    [problem] = [p for p in problems if p.code == "unknown-post"]
    assert problem.message.startswith(
        "skill 'teller.gold' names no post; posts are account_manager.comprehensive, "
    )
    assert "teller.cash, teller.non_cash, teller.vip" in problem.message


def test_duplicate_id_reported_once(std: Standards) -> None:
    text = BRANCH + "  - id: E2\n    skills: [teller]\n  - id: E2\n    skills: [teller]\n"
    problems = branch_checks(text, std)
    assert [(p.line, p.code) for p in problems] == [(15, "duplicate-id")]


def test_skills_may_name_a_role_or_a_post(std: Standards) -> None:
    text = sub(BRANCH, "skills: [teller]",
                "skills: [teller, teller.vip, lobby_manager, account_manager.personal_loans]")
    assert branch_checks(text, std) == []


@pytest.mark.parametrize(
    ("old", "new", "line", "code"),
    [
        ("grade: 10\n", 'grade: 10\nopening_hours: {sat: "09:00-12:00"}\n', 5, "short-day"),
        ("{cash: 1, non_cash: 1}", "{cash: 1}", 7, "zone-without-counters"),
        ("skills: [branch_head, operations_supervisor]", "skills: [branch_head]", 9,
         "no-qualified-staff"),
        ("    skills: [teller]\n", "    skills: []\n", 12, "no-skills"),
        ("    skills: [teller]\n", "    skills: [teller]\n    max_hours_per_week: 3\n", 15,
         "no-shift-fits"),
    ],
)
def test_branch_warnings(std: Standards, old: str, new: str, line: int, code: str) -> None:
    problems = branch_checks(sub(BRANCH, old, new), std)
    assert [(p.line, p.code, p.level) for p in problems] == [(line, code, "warning")]
