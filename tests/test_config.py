"""The config models, their loading into positioned problems, and the cross-checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from staffopt.config import (
    Branch,
    Region,
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


def test_sizing_tag_left_out_but_grade_kept(standards_path: Path) -> None:
    text = standards_path.read_text()
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
         "kind 'Roster' is unknown; use one of Standards, Branch, Region"),
        ("version: 1\n", "unknown-kind",
         "the file has no 'kind:'; start it with kind: Standards or Branch or Region"),
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


def test_bad_sizing(standards_path: Path) -> None:
    text = standards_path.read_text()
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


def test_shipped_standards_are_clean(standards_path: Path) -> None:
    assert _standards_checks(standards_path.read_text()) == []


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
    standards_path: Path, old: str, new: str, line: int, code: str, level: str
) -> None:
    problems = _standards_checks(_sub(standards_path.read_text(), old, new))
    assert [(p.line, p.code, p.level) for p in problems] == [(line, code, level)]


def test_never_open_warning(standards_path: Path) -> None:
    text = standards_path.read_text().replace('"09:00-17:00"', "closed")
    problems = _standards_checks(text.replace('"09:00-16:00"', "closed"))
    assert [(p.code, p.level) for p in problems] == [("never-open", "warning")]


def test_missing_grade_names_the_grades(standards_path: Path) -> None:
    text = _sub(standards_path.read_text(), "{8: 1, 9: 1,", "{8: 1,")
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
    [problem] = _branch_checks(_sub(BRANCH, "skills: [teller]", "skills: [teller.gold]"), std)
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
    assert [p.code for p in caught.value.problems] == ["no-standards"]
    with pytest.raises(ConfigError) as caught:
        load_branch(DATA / "invalid" / "unknown-skill.yaml", standards_path)
    assert [(p.line, p.code) for p in caught.value.problems] == [(15, "unknown-post")]
    with pytest.raises(ConfigError) as caught:
        load_branch(VALID / "full-branch.yaml", DATA / "invalid" / "standards-by-grade-gap.yaml")
    assert [p.code for p in caught.value.problems] == ["missing-grade"]


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
        return
    if isinstance(doc.model, Branch):
        problems = check_branch(doc.model, doc.map, std)
    elif isinstance(doc.model, Standards):
        problems = check_standards(doc.model, doc.map)
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
    real = loading.parse_document

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
