"""YAML loading: problems placed at file:line:column, with their messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from config_helpers import (
    BRANCH,
    ROOT,
    VALID,
    one_problem,
    sub,
)
from hypothesis import given, settings, strategies as st

from staffopt.config import (
    Branch,
    SchemaError,
    Standards,
    check_branch,
    check_standards,
    load_standards,
    load_text,
)
from staffopt.problems import ConfigError

# ---------------------------------------------------------------- loading: messages and places


def test_list_positions_count_from_one() -> None:
    problem = one_problem(sub(BRANCH, "skills: [teller]", "skills: [teller, 7]"))
    assert problem.message == "staff[2].skills[2]: expected text, got the number 7"
    assert (problem.line, problem.column) == (14, 22)


def test_sizing_tag_left_out_but_grade_kept(plain_path: Path) -> None:
    text = plain_path.read_text()
    problem = one_problem(sub(text, "percent: 80", "percent: 120"))
    assert problem.message.startswith("roles.teller.service_level.percent: 120 is too large")
    # 'grade' is a sizing kind too, but as a top-level key it is a real place
    assert one_problem(sub(BRANCH, "grade: 10", "grade: 7")).message.startswith("grade: 7 ")


def test_missing_key_is_placed_on_its_mapping_key() -> None:
    text = sub(BRANCH, "  daily: {cash_deposit: 50, transfer: 40}\n", "  visitors: 90\n")
    problem = one_problem(text)
    assert (problem.line, problem.column, problem.code) == (6, 1, "missing-key")
    assert problem.message == "missing key 'daily' in volume; add it"


def test_unknown_key_is_placed_on_the_key() -> None:
    problem = one_problem(sub(BRANCH, "    role: teller\n", "    role: teller\n    rank: 3\n"))
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
    problem = one_problem(text)
    assert (problem.code, problem.message) == (code, message)


def test_expected_kind() -> None:
    with pytest.raises(ConfigError) as caught:
        load_text("kind: Region\nversion: 1\nname: r\n", "r.yaml", expect="Standards")
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.code) == (1, 7, "wrong-kind")


def test_bad_sizing(plain_path: Path) -> None:
    text = plain_path.read_text()
    problem = one_problem(sub(text, "sizing: presence", "sizing: fixed"))
    assert problem.code == "bad-sizing"
    assert "'sizing' is 'fixed'; it must be one of queue, workload, presence" in problem.message
    supervisor = "  operations_supervisor:\n    sizing: presence\n    on_duty: 1\n"
    problem = one_problem(sub(text, supervisor, "  operations_supervisor: 1\n"))
    assert problem.message == (
        "roles.operations_supervisor: expected a mapping that starts with 'sizing:', "
        "got the number 1"
    )



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
