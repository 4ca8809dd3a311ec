"""One pass: the parts of a file that loaded are still checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from config_helpers import (
    BRANCH,
    sub,
)

from staffopt.config import (
    Branch,
    SchemaError,
    Standards,
    check_branch,
    check_standards,
    load_text,
)
from staffopt.problems import Problem

# ---------------------------------------------------------------- one pass: the parts that loaded


def _all_problems(text: str, std: Standards) -> list[tuple[int, str, str]]:
    """Schema problems and the cross-checks of the parts that loaded, as validate runs them."""
    try:
        doc = load_text(text, "t.yaml")
        problems: list[Problem] = []
    except SchemaError as error:
        assert error.partial is not None
        doc, problems = error.partial, error.problems
    assert isinstance(doc.model, Branch)
    problems += check_branch(doc.model, doc.map, std, doc.gaps)
    return sorted((p.line, p.level, p.code) for p in problems)


def test_cross_checks_run_on_the_parts_that_loaded(std: Standards) -> None:
    text = sub(BRANCH, "grade: 10", "grade: 70")
    text = sub(text, "skills: [teller]", "skills: [teller, teller.gold]")
    text = sub(text, "  - id: E2\n", "  - id: E 2\n    skills: [teller]\n  - id: E3\n")
    assert _all_problems(text, std) == [
        (4, "error", "out-of-range"), (12, "error", "bad-name"), (16, "error", "unknown-post"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        # a lost counter would make 'cash_deposit has no counters' a false alarm
        ("cash: 1,", "cash: -1,", "out-of-range"),
        # a lost employee would make 'no one can work as branch_head' a false alarm
        ("  - id: E1\n", "  - id: E 1\n", "bad-name"),
        # a lost grade would make the branch head's need unknown
        ("grade: 10", "grade: ten", "wrong-type"),
        # a lost skill would make 'E2 has no skills' a false alarm
        ("skills: [teller]", "skills: [7]", "wrong-type"),
    ],
)
def test_checks_that_need_a_lost_part_stay_silent(
    std: Standards, old: str, new: str, code: str
) -> None:
    assert [c for _, _, c in _all_problems(sub(BRANCH, old, new), std)] == [code]


def test_a_broken_top_level_value_gets_a_stand_in(plain_path: Path) -> None:
    text = sub(plain_path.read_text(), "slot_minutes: 30 ", "slot_minutes: 45 ")
    with pytest.raises(SchemaError) as caught:
        load_text(sub(text, "cash_deposit:    {minutes: 3.0,  zone: cash}",
                       "cash_deposit:    {minutes: 3.0,  zone: csh}"), "s.yaml")
    partial = caught.value.partial
    assert partial is not None and not partial.gaps.real("calendar")
    assert [p.code for p in caught.value.problems] == ["bad-value"]
    # the zone typo is still found; nothing is said of the calendar's stand-in
    assert isinstance(partial.model, Standards)
    checks = check_standards(partial.model, partial.map, partial.gaps)
    assert [(p.line, p.code) for p in checks] == [(22, "unknown-zone")]
