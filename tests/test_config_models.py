"""The value-level models of the file kinds."""

from __future__ import annotations

import pytest
from config_helpers import (
    BRANCH,
    one_problem,
    sub,
)

from staffopt.config import (
    Branch,
    Region,
    Standards,
    check_branch,
    covers,
    load_text,
    parse_hours,
    role_of,
)
from staffopt.config.models import QueueRole

# ---------------------------------------------------------------- models


def test_hours_and_posts(std: Standards) -> None:
    assert parse_hours("09:00-17:30") == (540, 1050)
    assert parse_hours("closed") is None
    assert std.posts_of("teller") == ["teller.cash", "teller.non_cash", "teller.vip"]
    assert std.posts_of("lobby_manager") == ["lobby_manager"]
    assert "account_manager.corporate_credit" in std.posts
    assert role_of("teller.cash") == "teller"
    assert covers("teller", "teller.vip")
    assert covers("teller.vip", "teller.vip")
    assert not covers("teller.cash", "teller.vip")


def test_defaults() -> None:
    region = load_text("kind: Region\nversion: 1\nname: r\n").model
    assert isinstance(region, Region)
    assert (region.standards, region.branches) == (None, "branches/")
    role = QueueRole.model_validate({"sizing": "queue", "zones": ["cash"]})
    assert (role.max_occupancy, role.service_level, role.min_on_duty) == (1.0, None, {})


def test_valid_branch_loads(std: Standards) -> None:
    doc = load_text(BRANCH)
    assert isinstance(doc.model, Branch)
    assert [e.id for e in doc.model.staff] == ["E1", "E2"]
    assert check_branch(doc.model, doc.map, std) == []


@pytest.mark.parametrize(
    ("old", "new", "code", "words"),
    [
        ("grade: 10", "grade: yes", "wrong-type", "expected a number, got the yes/no value true"),
        ("cash: 1,", "cash: .inf,", "wrong-type", "expected a finite number"),
        ("cash_deposit: 50", "cash_deposit: .nan", "wrong-type", "expected a finite number"),
        ("grade: 10", "grade: 10.5", "wrong-type", "expected a whole number, got the number 10.5"),
        ("grade: 10", "grade: 2026-01-01", "wrong-type", "got the date 2026-01-01"),
        ("grade: 10", "grade: 15", "out-of-range", "grade: 15 is too large; it must be at most 14"),
        ("grade: 10", "grade:", "wrong-type", "got an empty value"),
        ("id: T-001", "id: T 001", "bad-name", "'T 001' is not a valid name"),
    ],
)
def test_value_errors(old: str, new: str, code: str, words: str) -> None:
    text = sub(BRANCH, old, new)
    problem = one_problem(text)
    assert problem.code == code
    assert words in problem.message
    assert problem.line == next(n for n, line in enumerate(text.splitlines(), 1) if new in line)


def test_days_are_lower_case() -> None:
    text = BRANCH + "    unavailable: [Sat]\n"
    problem = one_problem(text)
    assert (problem.line, problem.column, problem.code) == (15, 19, "unknown-day")
    assert problem.message == "staff[2].unavailable[1]: write the day 'Sat' in lower case: 'sat'"
