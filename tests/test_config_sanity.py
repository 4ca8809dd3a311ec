"""Sanity limits that need no solve."""

from __future__ import annotations

import pytest
from config_helpers import (
    BRANCH,
    branch_checks,
    sub,
)

from staffopt.config import (
    Standards,
)

# ---------------------------------------------------------------- sanity limits


@pytest.mark.parametrize(
    ("old", "new", "level"),
    [
        ("cash_deposit: 50", "cash_deposit: 10000", None),
        ("cash_deposit: 50", "cash_deposit: 10001", "warning"),
        ("cash_deposit: 50", "cash_deposit: 100001", "error"),
        ("cash: 1,", "cash: 30,", None),
        ("cash: 1,", "cash: 31,", "warning"),
        ("cash: 1,", "cash: 201,", "error"),
        ("staff:\n", "customers: {comprehensive: 10000001}\nstaff:\n", "error"),
        ("  daily:", "  weekday_factors: {sat: 7}\n  daily:", "warning"),
        ("  daily:", "  weekday_factors: {sat: 7.5}\n  daily:", "error"),
    ],
)
def test_branch_limits(std: Standards, old: str, new: str, level: str | None) -> None:
    problems = [p for p in branch_checks(sub(BRANCH, old, new), std)
                if p.code in ("unusual-value", "impossible-value")]
    assert [p.level for p in problems] == ([level] if level else [])
    if problems:
        assert problems[0].line == next(
            n for n, line in enumerate(sub(BRANCH, old, new).splitlines(), 1)
            if new.strip().split("\n")[0] in line
        )


def test_sanity_limits_bound_the_work(std: Standards) -> None:
    # An error stops requirements before any search: 2**31 a day would take minutes.
    text = sub(BRANCH, "cash_deposit: 50", "cash_deposit: 2147483648")
    [problem] = [p for p in branch_checks(text, std) if p.level == "error"]
    assert problem.code == "impossible-value"
    assert problem.message.startswith("2,147,483,648 transactions of one type a day cannot be real")
