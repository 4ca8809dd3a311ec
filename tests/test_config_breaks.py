"""Break rules, districts and profiles."""

from __future__ import annotations

from pathlib import Path

import pytest
from config_helpers import (
    BRANCH,
    branch_checks,
    one_problem,
    standards_checks,
    sub,
)

from staffopt.config import (
    Branch,
    Standards,
    check_branch,
    load_standards,
    load_text,
)

# ---------------------------------------------------------------- breaks, district, profile

LUNCH = (
    "  breaks:\n"
    "    - min_shift_hours: 6\n"
    "      minutes: 60\n"
    '      window: "11:00-14:00"\n'
    "      paid: false\n"
)
WORKING_DAYS = "  working_days_per_year: 248       # supply side of the supply–demand standard\n"


def _with_breaks(path: Path, breaks: str = LUNCH) -> str:
    return sub(path.read_text(), WORKING_DAYS, WORKING_DAYS + breaks)


def _line_of(text: str, needle: str) -> int:
    [line] = [n for n, row in enumerate(text.splitlines(), 1) if needle in row]
    return line


def test_breaks_are_optional(plain_path: Path) -> None:
    assert load_standards(plain_path)[0].labor.breaks == []
    doc = load_text(_with_breaks(plain_path), "s.yaml")
    assert isinstance(doc.model, Standards)
    [rule] = doc.model.labor.breaks
    assert (rule.min_shift_hours, rule.minutes, rule.window, rule.paid) == (
        6, 60, "11:00-14:00", False)
    assert standards_checks(_with_breaks(plain_path, "  breaks: []\n")) == []


def test_the_rule_that_applies_has_the_largest_min_shift_hours(plain_path: Path) -> None:
    rules = (
        '    - {min_shift_hours: 8, minutes: 60, window: "11:00-14:00", paid: false}\n'
        '    - {min_shift_hours: 4, minutes: 30, window: "10:00-16:00", paid: true}\n'
    )
    doc = load_text(_with_breaks(plain_path, "  breaks:\n" + rules), "s.yaml")
    assert isinstance(doc.model, Standards)
    labor = doc.model.labor
    assert labor.break_rule(3.5) is None
    assert labor.break_rule(4) is labor.breaks[1]
    assert labor.break_rule(6) is labor.breaks[1]
    assert labor.break_rule(8) is labor.breaks[0]


@pytest.mark.parametrize(
    ("old", "new", "code", "words"),
    [
        ("minutes: 60", "minutes: 0", "out-of-range", "minutes: 0 is too small"),
        ("minutes: 60", "minutes: 62.5", "wrong-type", "expected a whole number"),
        ('"11:00-14:00"', '"11-14"', "bad-window", "must read \"HH:MM-HH:MM\""),
        ('"11:00-14:00"', '"14:00-11:00"', "bad-window", "must start before it ends, by 24:00"),
        ('"11:00-14:00"', '"23:00-24:30"', "bad-window", "must start before it ends, by 24:00"),
        ("paid: false", "paid: later", "wrong-type", "expected true or false"),
        ("min_shift_hours: 6", "min_shift_hours: -1", "out-of-range", "must be at least 0"),
    ],
)
def test_break_value_errors(
    plain_path: Path, old: str, new: str, code: str, words: str
) -> None:
    text = sub(_with_breaks(plain_path), old, new)
    problem = one_problem(text)
    assert (problem.line, problem.code) == (_line_of(text, new), code)
    assert words in problem.message
    assert problem.message.startswith("labor.breaks[1].")


@pytest.mark.parametrize(
    ("old", "new", "needle", "code", "level"),
    [
        ("minutes: 60", "minutes: 45", "minutes: 45", "off-grid", "error"),
        ('"11:00-14:00"', '"11:00-13:45"', "13:45", "off-grid", "error"),
        ("paid: false\n", "paid: false\n" + LUNCH.split("\n", 1)[1], "paid: false",
         "duplicate-break-rule", "error"),
        ("min_shift_hours: 6", "min_shift_hours: 8", "window", "break-unplaceable", "warning"),
        ("min_shift_hours: 6", "min_shift_hours: 10", "window", "break-unplaceable", "warning"),
        ('minutes: 60\n      window: "11:00-14:00"\n      paid: false',
         'minutes: 360\n      window: "09:00-17:00"\n      paid: true', "minutes: 360",
         "break-too-long", "warning"),
    ],
)
def test_break_checks(
    plain_path: Path, old: str, new: str, needle: str, code: str, level: str
) -> None:
    text = sub(_with_breaks(plain_path), old, new)
    problems = standards_checks(text)
    # a duplicate rule is reported on the second rule's min_shift_hours
    line = (_line_of(text, needle) if code != "duplicate-break-rule"
            else [n for n, row in enumerate(text.splitlines(), 1) if "min_shift_hours" in row][1])
    assert [(p.line, p.code, p.level) for p in problems] == [(line, code, level)]


def test_break_warning_messages(plain_path: Path) -> None:
    [unplaceable] = standards_checks(
        sub(_with_breaks(plain_path), "min_shift_hours: 6", "min_shift_hours: 8"))
    assert unplaceable.message.startswith(
        "no shift of 8 h can hold its 60-minute break inside '11:00-14:00' on any open day "
        "(the unpaid break lengthens the shift)")
    [never] = standards_checks(
        sub(_with_breaks(plain_path), "min_shift_hours: 6", "min_shift_hours: 10"))
    assert never.message == (
        "the break rule from 10 h applies to no shift length (shift_hours 4, 6, 8)")
    # the same rule paid fits: a paid hour lies inside the 8 paid hours of a 09:00-17:00 day
    paid = sub(_with_breaks(plain_path), "min_shift_hours: 6", "min_shift_hours: 8")
    assert standards_checks(sub(paid, "paid: false", "paid: true")) == []


def test_break_errors_silence_its_warnings(plain_path: Path) -> None:
    text = sub(_with_breaks(plain_path), "minutes: 60", "minutes: 375")
    assert [p.code for p in standards_checks(text)] == ["off-grid"]


def test_branch_hours_that_hold_no_break(plain_path: Path) -> None:
    doc = load_text(_with_breaks(plain_path), "s.yaml")
    lunch = doc.model
    assert isinstance(lunch, Standards)
    days = "".join(f'  {d}: "09:00-13:00"\n' for d in ("mon", "tue", "wed", "thu", "fri", "sat"))
    text = sub(BRANCH, "grade: 10\n", "grade: 10\nopening_hours:\n" + days)
    problems = branch_checks(text, lunch)
    assert [(p.line, p.column, p.code, p.level) for p in problems] == [
        (5, 1, "break-unplaceable", "warning")]
    assert "no shift of 6 h or 8 h can hold the 60-minute break" in problems[0].message
    # one long day is enough; and without break rules there is nothing to hold
    assert branch_checks(sub(text, 'sat: "09:00-13:00"', 'sat: "09:00-16:00"'), lunch) == []
    assert branch_checks(text, load_standards(plain_path)[0]) == []


def test_branch_district_and_intraday_profile(std: Standards) -> None:
    text = sub(BRANCH, "grade: 10\n", "name: Riverside\ndistrict: Xuhui\ngrade: 10\n")
    daily = "  daily: {cash_deposit: 50, transfer: 40}\n"
    text = sub(text, daily, daily + '  intraday_profile: {"12": 1.4, 9: 1}\n')
    doc = load_text(text)
    assert isinstance(doc.model, Branch)
    assert (doc.model.name, doc.model.district) == ("Riverside", "Xuhui")
    assert doc.model.volume.intraday_profile == {"12": 1.4, "09": 1.0}
    assert check_branch(doc.model, doc.map, std) == []
    plain = load_text(BRANCH).model
    assert isinstance(plain, Branch)
    assert (plain.district, plain.volume.intraday_profile) == (None, {})


@pytest.mark.parametrize(
    ("new", "code", "words"),
    [
        ('  intraday_profile: {"24": 1.0}\n', "bad-hour", "'24' is not a clock hour"),
        ('  intraday_profile: {"12": -1}\n', "out-of-range", "must be at least 0"),
    ],
)
def test_branch_intraday_profile_errors(new: str, code: str, words: str) -> None:
    text = sub(BRANCH, "  daily: {cash_deposit: 50, transfer: 40}\n",
                "  daily: {cash_deposit: 50, transfer: 40}\n" + new)
    problem = one_problem(text)
    assert (problem.line, problem.code) == (8, code)
    assert words in problem.message


def test_empty_district_is_an_error() -> None:
    problem = one_problem(sub(BRANCH, "grade: 10\n", 'district: ""\ngrade: 10\n'))
    assert (problem.line, problem.code) == (4, "out-of-range")
    assert problem.message == "district: must not be empty; write a value"
