"""The config models, their loading into positioned problems, and the cross-checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from staffopt.config import (
    Branch,
    Region,
    SchemaError,
    Standards,
    check_branch,
    check_standards,
    covers,
    find_standards,
    load_branch,
    load_standards,
    load_text,
    parse_hours,
    role_of,
)
from staffopt.config.models import QueueRole
from staffopt.problems import ConfigError, Problem

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
VALID = DATA / "valid"
# the shipped standards as they were before their lunch rule and 08:30-17:30 weekdays, frozen
# so that tests editing the text by line keep their lines and start from no break rule
PLAIN = DATA / "config" / "standards-no-breaks.yaml"

BRANCH = """\
kind: Branch
version: 1
id: T-001
grade: 10
counters: {cash: 1, non_cash: 1}
volume:
  daily: {cash_deposit: 50, transfer: 40}
staff:
  - id: E1
    role: branch_head
    skills: [branch_head, operations_supervisor]
  - id: E2
    role: teller
    skills: [teller]
"""


@pytest.fixture(scope="session")
def std(standards_path: Path) -> Standards:
    """The shipped standards."""
    return load_standards(standards_path)[0]


@pytest.fixture(scope="session")
def plain_path() -> Path:
    """The frozen break-less standards file."""
    return PLAIN


def _problems(text: str) -> list[Problem]:
    """The schema errors of a text, or [] when it loads."""
    try:
        load_text(text, "t.yaml")
    except ConfigError as error:
        return error.problems
    return []


def _one(text: str) -> Problem:
    problems = _problems(text)
    assert len(problems) == 1, problems
    return problems[0]


def _branch_checks(text: str, std: Standards) -> list[Problem]:
    doc = load_text(text, "t.yaml")
    assert isinstance(doc.model, Branch)
    return check_branch(doc.model, doc.map, std)


def _standards_checks(text: str) -> list[Problem]:
    doc = load_text(text, "s.yaml")
    assert isinstance(doc.model, Standards)
    return check_standards(doc.model, doc.map)


def _sub(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


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
    text = _sub(BRANCH, old, new)
    problem = _one(text)
    assert problem.code == code
    assert words in problem.message
    assert problem.line == next(n for n, line in enumerate(text.splitlines(), 1) if new in line)


def test_days_are_lower_case() -> None:
    text = BRANCH + "    unavailable: [Sat]\n"
    problem = _one(text)
    assert (problem.line, problem.column, problem.code) == (15, 19, "unknown-day")
    assert problem.message == "staff[2].unavailable[1]: write the day 'Sat' in lower case: 'sat'"


# ---------------------------------------------------------------- loading: messages and places


def test_list_positions_count_from_one() -> None:
    problem = _one(_sub(BRANCH, "skills: [teller]", "skills: [teller, 7]"))
    assert problem.message == "staff[2].skills[2]: expected text, got the number 7"
    assert (problem.line, problem.column) == (14, 22)


def test_sizing_tag_left_out_but_grade_kept(plain_path: Path) -> None:
    text = plain_path.read_text()
    problem = _one(_sub(text, "percent: 80", "percent: 120"))
    assert problem.message.startswith("roles.teller.service_level.percent: 120 is too large")
    # 'grade' is a sizing kind too, but as a top-level key it is a real place
    assert _one(_sub(BRANCH, "grade: 10", "grade: 7")).message.startswith("grade: 7 ")


def test_missing_key_is_placed_on_its_mapping_key() -> None:
    text = _sub(BRANCH, "  daily: {cash_deposit: 50, transfer: 40}\n", "  visitors: 90\n")
    problem = _one(text)
    assert (problem.line, problem.column, problem.code) == (6, 1, "missing-key")
    assert problem.message == "missing key 'daily' in volume; add it"


def test_unknown_key_is_placed_on_the_key() -> None:
    problem = _one(_sub(BRANCH, "    role: teller\n", "    role: teller\n    rank: 3\n"))
    assert (problem.line, problem.column, problem.code) == (14, 5, "unknown-key")
    assert problem.message == "unknown key 'rank' in staff[2]; check its spelling or delete it"


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("kind: Roster\nversion: 1\n", "unknown-kind",
         "kind 'Roster' is unknown; use one of Standards, Branch, Region, Scenario"),
        ("version: 1\n", "unknown-kind",
         "the file has no 'kind:'; start it with kind: Standards or Branch or Region or Scenario"),
        ("kind: Region\nversion: 2\nname: r\n", "bad-version",
         "'version' is 2; it must be 1, the only file version staffopt reads"),
        ("kind: Region\nversion: true\nname: r\n", "bad-version",
         "'version' is True; it must be 1, the only file version staffopt reads"),
        ("kind: Region\nname: r\n", "bad-version",
         "'version' is missing; it must be 1, the only file version staffopt reads"),
        ("[kind, Branch]\n", "not-a-mapping",
         "the file must be a mapping that starts with 'kind:'"),
    ],
)
def test_document_level_problems(text: str, code: str, message: str) -> None:
    problem = _one(text)
    assert (problem.code, problem.message) == (code, message)


def test_expected_kind() -> None:
    with pytest.raises(ConfigError) as caught:
        load_text("kind: Region\nversion: 1\nname: r\n", "r.yaml", expect="Standards")
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.code) == (1, 7, "wrong-kind")


def test_bad_sizing(plain_path: Path) -> None:
    text = plain_path.read_text()
    problem = _one(_sub(text, "sizing: presence", "sizing: fixed"))
    assert problem.code == "bad-sizing"
    assert "'sizing' is 'fixed'; it must be one of queue, workload, presence" in problem.message
    problem = _one(_sub(text, "  operations_supervisor:\n    sizing: presence\n    on_duty: 1\n",
                        "  operations_supervisor: 1\n"))
    assert problem.message == (
        "roles.operations_supervisor: expected a mapping that starts with 'sizing:', "
        "got the number 1"
    )


# ---------------------------------------------------------------- standards checks


def test_shipped_standards_are_clean(standards_path: Path, std: Standards) -> None:
    assert _standards_checks(standards_path.read_text()) == []
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
    problems = _standards_checks(_sub(plain_path.read_text(), old, new))
    assert [(p.line, p.code, p.level) for p in problems] == [(line, code, level)]


def test_never_open_warning(plain_path: Path) -> None:
    text = plain_path.read_text().replace('"09:00-17:00"', "closed")
    problems = _standards_checks(text.replace('"09:00-16:00"', "closed"))
    assert [(p.code, p.level) for p in problems] == [("never-open", "warning")]


def test_missing_grade_names_the_grades(plain_path: Path) -> None:
    text = _sub(plain_path.read_text(), "{8: 1, 9: 1,", "{8: 1,")
    [problem] = _standards_checks(text.replace("13: 2, 14: 3}", "13: 2}"))
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
    problems = _branch_checks(_sub(BRANCH, old, new), std)
    assert [(p.line, p.column, p.code, p.level) for p in problems] == [
        (line, column, code, "error")
    ]


def test_unknown_post_message(std: Standards) -> None:
    problems = _branch_checks(_sub(BRANCH, "skills: [teller]", "skills: [teller.gold]"), std)
    [problem] = [p for p in problems if p.code == "unknown-post"]
    assert problem.message.startswith(
        "skill 'teller.gold' names no post; posts are account_manager.comprehensive, "
    )
    assert "teller.cash, teller.non_cash, teller.vip" in problem.message


def test_duplicate_id_reported_once(std: Standards) -> None:
    text = BRANCH + "  - id: E2\n    skills: [teller]\n  - id: E2\n    skills: [teller]\n"
    problems = _branch_checks(text, std)
    assert [(p.line, p.code) for p in problems] == [(15, "duplicate-id")]


def test_skills_may_name_a_role_or_a_post(std: Standards) -> None:
    text = _sub(BRANCH, "skills: [teller]",
                "skills: [teller, teller.vip, lobby_manager, account_manager.personal_loans]")
    assert _branch_checks(text, std) == []


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
    problems = _branch_checks(_sub(BRANCH, old, new), std)
    assert [(p.line, p.code, p.level) for p in problems] == [(line, code, "warning")]


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
    return _sub(path.read_text(), WORKING_DAYS, WORKING_DAYS + breaks)


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
    assert _standards_checks(_with_breaks(plain_path, "  breaks: []\n")) == []


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
    text = _sub(_with_breaks(plain_path), old, new)
    problem = _one(text)
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
    text = _sub(_with_breaks(plain_path), old, new)
    problems = _standards_checks(text)
    # a duplicate rule is reported on the second rule's min_shift_hours
    line = (_line_of(text, needle) if code != "duplicate-break-rule"
            else [n for n, row in enumerate(text.splitlines(), 1) if "min_shift_hours" in row][1])
    assert [(p.line, p.code, p.level) for p in problems] == [(line, code, level)]


def test_break_warning_messages(plain_path: Path) -> None:
    [unplaceable] = _standards_checks(
        _sub(_with_breaks(plain_path), "min_shift_hours: 6", "min_shift_hours: 8"))
    assert unplaceable.message.startswith(
        "no shift of 8 h can hold its 60-minute break inside '11:00-14:00' on any open day "
        "(the unpaid break lengthens the shift)")
    [never] = _standards_checks(
        _sub(_with_breaks(plain_path), "min_shift_hours: 6", "min_shift_hours: 10"))
    assert never.message == (
        "the break rule from 10 h applies to no shift length (shift_hours 4, 6, 8)")
    # the same rule paid fits: a paid hour lies inside the 8 paid hours of a 09:00-17:00 day
    paid = _sub(_with_breaks(plain_path), "min_shift_hours: 6", "min_shift_hours: 8")
    assert _standards_checks(_sub(paid, "paid: false", "paid: true")) == []


def test_break_errors_silence_its_warnings(plain_path: Path) -> None:
    text = _sub(_with_breaks(plain_path), "minutes: 60", "minutes: 375")
    assert [p.code for p in _standards_checks(text)] == ["off-grid"]


def test_branch_hours_that_hold_no_break(plain_path: Path) -> None:
    doc = load_text(_with_breaks(plain_path), "s.yaml")
    lunch = doc.model
    assert isinstance(lunch, Standards)
    days = "".join(f'  {d}: "09:00-13:00"\n' for d in ("mon", "tue", "wed", "thu", "fri", "sat"))
    text = _sub(BRANCH, "grade: 10\n", "grade: 10\nopening_hours:\n" + days)
    problems = _branch_checks(text, lunch)
    assert [(p.line, p.column, p.code, p.level) for p in problems] == [
        (5, 1, "break-unplaceable", "warning")]
    assert "no shift of 6 h or 8 h can hold the 60-minute break" in problems[0].message
    # one long day is enough; and without break rules there is nothing to hold
    assert _branch_checks(_sub(text, 'sat: "09:00-13:00"', 'sat: "09:00-16:00"'), lunch) == []
    assert _branch_checks(text, load_standards(plain_path)[0]) == []


def test_branch_district_and_intraday_profile(std: Standards) -> None:
    text = _sub(BRANCH, "grade: 10\n", "name: Riverside\ndistrict: Xuhui\ngrade: 10\n")
    daily = "  daily: {cash_deposit: 50, transfer: 40}\n"
    text = _sub(text, daily, daily + '  intraday_profile: {"12": 1.4, 9: 1}\n')
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
    text = _sub(BRANCH, "  daily: {cash_deposit: 50, transfer: 40}\n",
                "  daily: {cash_deposit: 50, transfer: 40}\n" + new)
    problem = _one(text)
    assert (problem.line, problem.code) == (8, code)
    assert words in problem.message


def test_empty_district_is_an_error() -> None:
    problem = _one(_sub(BRANCH, "grade: 10\n", 'district: ""\ngrade: 10\n'))
    assert (problem.line, problem.code) == (4, "out-of-range")
    assert problem.message == "district: must not be empty; write a value"

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
    text = _sub(BRANCH, "grade: 10", "grade: 70")
    text = _sub(text, "skills: [teller]", "skills: [teller, teller.gold]")
    text = _sub(text, "  - id: E2\n", "  - id: E 2\n    skills: [teller]\n  - id: E3\n")
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
    assert [c for _, _, c in _all_problems(_sub(BRANCH, old, new), std)] == [code]


def test_a_broken_top_level_value_gets_a_stand_in(plain_path: Path) -> None:
    text = _sub(plain_path.read_text(), "slot_minutes: 30 ", "slot_minutes: 45 ")
    with pytest.raises(SchemaError) as caught:
        load_text(_sub(text, "cash_deposit:    {minutes: 3.0,  zone: cash}",
                       "cash_deposit:    {minutes: 3.0,  zone: csh}"), "s.yaml")
    partial = caught.value.partial
    assert partial is not None and not partial.gaps.real("calendar")
    assert [p.code for p in caught.value.problems] == ["bad-value"]
    # the zone typo is still found; nothing is said of the calendar's stand-in
    assert isinstance(partial.model, Standards)
    checks = check_standards(partial.model, partial.map, partial.gaps)
    assert [(p.line, p.code) for p in checks] == [(22, "unknown-zone")]


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
    problems = [p for p in _branch_checks(_sub(BRANCH, old, new), std)
                if p.code in ("unusual-value", "impossible-value")]
    assert [p.level for p in problems] == ([level] if level else [])
    if problems:
        assert problems[0].line == next(
            n for n, line in enumerate(_sub(BRANCH, old, new).splitlines(), 1)
            if new.strip().split("\n")[0] in line
        )


def test_sanity_limits_bound_the_work(std: Standards) -> None:
    # An error stops requirements before any search: 2**31 a day would take minutes.
    text = _sub(BRANCH, "cash_deposit: 50", "cash_deposit: 2147483648")
    [problem] = [p for p in _branch_checks(text, std) if p.level == "error"]
    assert problem.code == "impossible-value"
    assert problem.message.startswith("2,147,483,648 transactions of one type a day cannot be real")


# ---------------------------------------------------------------- finding and loading


def test_find_standards(tmp_path: Path) -> None:
    explicit = tmp_path / "mine.yaml"
    branch = VALID / "security" / "branches" / "guarded-branch.yaml"
    assert find_standards(branch, explicit) == explicit
    assert find_standards(branch) == (VALID / "security" / "standards-security.yaml").resolve()
    assert find_standards(tmp_path / "b.yaml") == Path("configs/standards.yaml")
    (tmp_path / "region.yaml").write_text("kind: Region\nversion: 1\nname: r\n")
    assert find_standards(tmp_path / "b.yaml") == Path("configs/standards.yaml")
    (tmp_path / "region.yaml").write_text("kind: Region\nversion: 1\n")
    with pytest.raises(ConfigError):
        find_standards(tmp_path / "b.yaml")


def test_load_branch(standards_path: Path, tmp_path: Path) -> None:
    inp = load_branch(VALID / "full-branch.yaml", standards_path)
    assert inp.branch.id == "DC-0012"
    assert inp.standards.name == "default-2026"
    assert inp.warnings == []
    # the digest covers the standards too
    other = tmp_path / "standards.yaml"
    other.write_text(standards_path.read_text().replace("name: default-2026", "name: other"))
    assert load_branch(VALID / "full-branch.yaml", other).input_sha256 != inp.input_sha256


def test_load_branch_errors(standards_path: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_branch(VALID / "full-branch.yaml", tmp_path / "missing.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.code) == (2, "standards-unusable")
    assert problem.message.endswith("not found; fix the --standards path")
    with pytest.raises(ConfigError) as caught:
        load_branch(DATA / "invalid" / "unknown-skill.yaml", standards_path)
    assert [(p.line, p.code) for p in caught.value.problems] == [(15, "unknown-post")]
    with pytest.raises(ConfigError) as caught:
        load_branch(VALID / "full-branch.yaml", DATA / "invalid" / "standards-by-grade-gap.yaml")
    # the standards' own error, and the branch's note that it cannot be checked (as validate)
    assert [(Path(p.file).name, p.code) for p in caught.value.problems] == [
        ("standards-by-grade-gap.yaml", "missing-grade"),
        ("full-branch.yaml", "standards-unusable"),
    ]


def test_standards_device_is_refused_not_missing() -> None:
    with pytest.raises(ConfigError) as caught:
        load_standards(Path("/dev/zero"))  # never read: it would not end
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.code) == ("/dev/zero", 0, "not-a-file")
    with pytest.raises(ConfigError) as caught:
        load_branch(VALID / "minimal-branch.yaml", Path("/dev/zero"))
    assert sorted(p.code for p in caught.value.problems) == ["not-a-file", "standards-unusable"]
    assert problem in caught.value.problems and "character device" in problem.message


# ---------------------------------------------------------------- mutated files

SOURCES = [
    p.read_text(encoding="utf-8-sig")
    for p in sorted([*VALID.rglob("*.y*ml"), ROOT / "configs" / "standards.yaml"])
]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
    st.text(max_size=12), st.lists(st.integers(0, 9), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(0, 9), max_size=2),
)
TEXT_VALUES = st.sampled_from([
    "", "~", "yes", "no", "-1", "0", "1.5", "1e9", ".nan", "-.inf", "[]", "{}", "[a, b]",
    "{a: 1}", "'quoted'", "2026-02-30", "08:00", '"09:00-17:00"', "closed", "&x 1", "*x",
    "!!binary aGk=", "|\n  block", "teller.gold", "mon", "Sat",
]) | st.text(max_size=20)


def _check_outcome(text: str, std: Standards) -> None:
    """A valid model whose checks run, or ConfigError with positioned problems: nothing else."""
    try:
        doc = load_text(text, "m.yaml")
    except ConfigError as error:
        assert error.problems
        last = len(text.splitlines()) + 1
        for p in error.problems:
            assert p.file == "m.yaml" and p.code and p.level == "error"
            assert 1 <= p.line <= last and p.column >= 1
        partial = error.partial if isinstance(error, SchemaError) else None
        if partial is None:
            return
        doc = partial  # the parts that loaded are cross-checked too
    if isinstance(doc.model, Branch):
        problems = check_branch(doc.model, doc.map, std, doc.gaps)
    elif isinstance(doc.model, Standards):
        problems = check_standards(doc.model, doc.map, doc.gaps)
    else:
        problems = []
    assert all(p.line >= 1 and p.column >= 1 for p in problems)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_mutated_text(std: Standards, data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(SOURCES))
    lines = text.splitlines(keepends=True)
    i = data.draw(st.integers(0, len(lines) - 1))
    op = data.draw(st.sampled_from(["delete", "duplicate", "retype", "truncate", "indent"]))
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "retype" and ":" in lines[i]:
        head = lines[i].split(":", 1)[0]
        lines[i] = f"{head}: {data.draw(TEXT_VALUES)}\n"
    elif op == "indent":
        lines[i] = "  " + lines[i]
    mutated = "".join(lines)
    if op == "truncate":
        mutated = mutated[: data.draw(st.integers(0, len(mutated)))]
    _check_outcome(mutated, std)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            out += _paths(child, (*prefix, i))
    return out


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_mutated_data(std: Standards, data: st.DataObject) -> None:
    doc = yaml.safe_load(data.draw(st.sampled_from(SOURCES)))
    path = data.draw(st.sampled_from(_paths(doc)[1:]))
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    op = data.draw(st.sampled_from(["delete", "retype", "rename"]))
    if op == "delete":
        del parent[path[-1]]
    elif op == "retype":
        parent[path[-1]] = data.draw(SCALARS)
    elif isinstance(parent, dict):
        parent[data.draw(st.text(min_size=1, max_size=10))] = parent.pop(path[-1])
    _check_outcome(yaml.safe_dump(doc, allow_unicode=True), std)


def test_standards_are_parsed_once_and_again_after_any_change(
    standards_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A batch worker loads one standards file per branch: it is parsed once. A rewrite
    # of the same size, within the same clock tick, is still seen.
    from staffopt.config import loading

    path = tmp_path / "standards.yaml"
    text = standards_path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    parsed: list[Path] = []
    real = loading.parse_document  # every load goes through it, however the file was read

    def counting(source: Any, p: Path, sha256: str, expect: str | None = None) -> Any:
        parsed.append(p)
        return real(source, p, sha256, expect)

    monkeypatch.setattr(loading, "parse_document", counting)
    first = load_standards(path)[0]
    assert load_standards(path)[0] is first
    assert len(parsed) == 1
    path.write_text(text.replace("max_hours_per_week: 40", "max_hours_per_week: 38"),
                    encoding="utf-8")
    changed = load_standards(path)[0]
    assert len(parsed) == 2
    assert changed.labor.max_hours_per_week == 38
