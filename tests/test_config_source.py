"""YAML reading: positions, duplicate keys, alias bombs, size limits and hostile bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from staffopt.config.source import MAX_INT, Mark, parse_text, read_source
from staffopt.problems import ConfigError, Problem

DOC = """\
# a comment line
kind: Branch
counters: {cash: 3, vip: 1}
staff:
  - id: E001
    skills: [teller, lobby_manager]
  - id: E002
"""


def _error(text: str) -> Problem:
    with pytest.raises(ConfigError) as caught:
        parse_text(text, "f.yaml")
    [problem] = caught.value.problems
    assert problem.file == "f.yaml"
    assert problem.level == "error"
    return problem


# ---------------------------------------------------------------- positions


def test_data_is_plain_python() -> None:
    source = parse_text(DOC, "f.yaml")
    assert source.data == {
        "kind": "Branch",
        "counters": {"cash": 3, "vip": 1},
        "staff": [{"id": "E001", "skills": ["teller", "lobby_manager"]}, {"id": "E002"}],
    }


def test_marks_are_one_based_for_keys_and_values() -> None:
    smap = parse_text(DOC, "f.yaml").map
    assert smap.keys[("kind",)] == Mark(2, 1)
    assert smap.values[("kind",)] == Mark(2, 7)
    assert smap.keys[("counters", "vip")] == Mark(3, 21)
    assert smap.values[("counters", "vip")] == Mark(3, 26)
    assert smap.values[("staff", "0")] == Mark(5, 5)
    assert smap.values[("staff", "0", "skills", "1")] == Mark(6, 22)
    assert smap.keys[("staff", "1", "id")] == Mark(7, 5)


def test_locate_takes_the_deepest_known_node() -> None:
    smap = parse_text(DOC, "f.yaml").map
    # a missing key lands on its mapping; a union tag in the location is skipped
    assert smap.locate(("staff", 1, "role")) == Mark(7, 5)
    assert smap.locate(("counters", "queue", "cash")) == Mark(3, 18)
    assert smap.locate(("counters", "cash"), key=True) == Mark(3, 12)
    assert smap.locate(()) == Mark(2, 1)
    problem = smap.problem(("staff", 0, "skills", 0), "unknown-post", "m")
    assert problem == Problem("f.yaml", 6, 14, "error", "unknown-post", "m")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfkind: Region\nname: x\n")
    source = read_source(path)
    assert source.data == {"kind": "Region", "name": "x"}
    assert source.map.keys[("name",)] == Mark(2, 1)


def test_aliases_within_limits_are_copied() -> None:
    source = parse_text("a: &s [x, y]\nb: *s\n", "f.yaml")
    assert source.data == {"a": ["x", "y"], "b": ["x", "y"]}
    assert ("b", "1") in source.map.values


# ---------------------------------------------------------------- duplicate keys


@pytest.mark.parametrize(
    ("text", "line", "column", "key"),
    [
        ("kind: Branch\ngrade: 10\ngrade: 11\n", 3, 1, "grade"),
        ("volume:\n  daily:\n    cash: 1\n    cash: 2\n", 4, 5, "cash"),
        ("counters: {cash: 1, vip: 2, cash: 3}\n", 1, 29, "cash"),
        ("staff:\n  - id: a\n    id: b\n", 3, 5, "id"),
        ("by_grade:\n  8: 1\n  '8': 2\n", 3, 3, "8"),
    ],
)
def test_duplicate_keys_are_errors(text: str, line: int, column: int, key: str) -> None:
    problem = _error(text)
    assert (problem.line, problem.column, problem.code) == (line, column, "duplicate-key")
    assert f"duplicate key '{key}'" in problem.message


def test_same_key_in_different_mappings_is_fine() -> None:
    data = parse_text("a: {x: 1}\nb: {x: 2}\nc: [{x: 3}, {x: 4}]\n", "f.yaml").data
    assert data["c"] == [{"x": 3}, {"x": 4}]


def test_duplicate_found_in_a_large_mapping() -> None:
    text = "".join(f"k{i}: {i}\n" for i in range(5_000))
    assert len(parse_text(text, "f.yaml").data) == 5_000
    assert _error(text + "k7: 0\n").line == 5_001


# ---------------------------------------------------------------- expansion and nesting


def test_billion_laughs_is_refused() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    problem = _error("\n".join(lines) + "\n")
    assert problem.code == "yaml-too-complex"
    assert "alias" in problem.message
    assert problem.line >= 1


def test_recursive_alias_is_refused() -> None:
    assert _error("a: &x [*x]\n").code == "yaml-too-complex"


@pytest.mark.parametrize("depth", [100, 700])  # 700 overflows the parser's own recursion
def test_deep_nesting_is_refused(depth: int) -> None:
    problem = _error("[" * depth + "]" * depth + "\n")
    assert problem.code == "yaml-too-complex"
    assert "levels deep" in problem.message


def test_composing_stops_at_the_node_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # PyYAML composes ~15,000 nodes a second: 5 MB of one-character values would take
    # minutes, so the count stops composing, at the node it reached (limit lowered here)
    from staffopt.config import source

    monkeypatch.setattr(source, "MAX_NODES", 1_000)
    problem = _error("a:\n" + "- 1\n" * 2_000)
    assert (problem.line, problem.code) == (999, "yaml-too-complex")  # the 1,001st node
    assert "1,000 keys and values" in problem.message
    assert parse_text("a:\n" + "- 1\n" * 900, "f.yaml").data == {"a": [1] * 900}


def test_merge_keys_are_refused() -> None:
    problem = _error("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")
    assert (problem.line, problem.column, problem.code) == (3, 3, "yaml-merge")


# ---------------------------------------------------------------- syntax and odd scalars


@pytest.mark.parametrize(
    ("text", "line", "column", "code", "words"),
    [
        ("", 1, 1, "empty-file", "empty"),
        ("# only a comment\n", 1, 1, "empty-file", "empty"),
        ("kind: Region\n---\nkind: Region\n", 2, 1, "yaml-syntax", "more than one YAML document"),
        ("a: [1, 2\nb: 3\n", 2, 2, "yaml-syntax", "starts at line 1"),
        ("a: 1\n\tb: 2\n", 2, 1, "yaml-syntax", "spaces, not tabs"),
        ("a: 1\nb: x\x07y\n", 2, 5, "yaml-syntax", "control character"),
        ("a: 2026-13-45\n", 1, 4, "yaml-syntax", "2026-13-45"),
        ("a: " + "9" * 5000 + "\n", 1, 4, "number-too-large", "too large"),
        ("a: !!python/object:os.system x\n", 1, 4, "yaml-tag", "python/object"),
        ("a: !custom 1\n", 1, 4, "yaml-tag", "!custom"),
        ("? [a, b]\n: 1\n", 1, 3, "yaml-syntax", "plain value"),
    ],
)
def test_syntax_problems(text: str, line: int, column: int, code: str, words: str) -> None:
    problem = _error(text)
    assert (problem.line, problem.column, problem.code) == (line, column, code)
    assert words in problem.message


# ---------------------------------------------------------------- tags and sizes


@pytest.mark.parametrize(
    ("text", "column", "tag"),
    [
        ("id: !!timestamp nonsense\n", 5, "!!timestamp"),
        ("id: !!bool maybe\n", 5, "!!bool"),
        ("id: !!binary aGVsbG8=\n", 5, "!!binary"),
        ("id: !!str 12\n", 5, "!!str"),  # a tag that changes the value: quote it instead
        ("id: !!int '12'\n", 5, "!!int"),
        ("id: !!float 1\n", 5, "!!float"),
        ("id: !!set {a, b}\n", 5, "!!set"),
        ("id: !!omap [a: 1]\n", 5, "!!omap"),
        ("id: !local [1]\n", 5, "!local"),
        ("? !!int '3'\n: x\n", 3, "!!int"),
    ],
)
def test_tags_are_refused_at_their_value(text: str, column: int, tag: str) -> None:
    problem = _error(text)
    assert (problem.line, problem.column, problem.code) == (1, column, "yaml-tag")
    assert f"'{tag}'" in problem.message


@pytest.mark.parametrize("text", ['a: "\\ud800"\n', 'a: "\\ud83c\\udfe6"\n', '"x\\udfff": 1\n'])
def test_surrogate_escapes_are_refused(text: str) -> None:
    # PyYAML builds them into a str that no stream can encode: print() would raise
    problem = _error(text)
    assert (problem.line, problem.code) == (1, "not-text")
    assert "surrogate" in problem.message
    assert parse_text('a: "\\U0001F3E6"\n', "f.yaml").data == {"a": "\U0001F3E6"}


def test_a_tag_that_changes_nothing_is_harmless() -> None:
    # `!!str text` reads as the plain `text` would: the schema sees the same value
    assert parse_text("id: !!str E1\nn: !!int 3\n", "f.yaml").data == {"id": "E1", "n": 3}


@pytest.mark.parametrize(
    "number",
    [
        "0x" + "f" * 5000,  # a hex integer is built without Python's digit limit
        ":".join(["1"] * 3000),  # sexagesimal: refused before it is computed
        "1_000_000_000_000_000_000",
        str(MAX_INT + 1),
        str(-MAX_INT - 1),
        "0b" + "1" * 60,
        "1." + "0" * 60,
    ],
)
def test_oversized_numbers_are_refused_at_their_value(number: str) -> None:
    problem = _error(f"kind: Branch\ngrade: {number}\n")
    assert (problem.line, problem.column, problem.code) == (2, 8, "number-too-large")
    assert "too large" in problem.message
    assert len(problem.message) < 200


def test_numbers_up_to_the_limit_are_read() -> None:
    text = f"a: {MAX_INT}\nb: -{MAX_INT}\nc: 1.5e+300\nd: 190:20:30\ne: 0x1F\n"
    assert parse_text(text, "f.yaml").data == {
        "a": MAX_INT, "b": -MAX_INT, "c": 1.5e300, "d": 685230, "e": 31,
    }


# ---------------------------------------------------------------- files


def test_file_under_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_bytes(b"kind: Branch\n" + b"# padding comment line\n" * 20_000)
    assert read_source(path).data == {"kind": "Branch"}


def test_not_utf8_names_the_position(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("kind: Branch\nname: Café\n".encode("latin-1"))
    with pytest.raises(ConfigError) as caught:
        read_source(path, "latin1.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.code) == (2, 10, "not-text")


def test_digest_is_of_the_bytes_read(tmp_path: Path) -> None:
    import hashlib

    raw = b"\xef\xbb\xbfkind: Region\r\nname: x\r\n"
    path = tmp_path / "r.yaml"
    path.write_bytes(raw)
    assert read_source(path).sha256 == hashlib.sha256(raw).hexdigest()


# ---------------------------------------------------------------- anything at all


def _check_outcome(call: object) -> None:
    """Reading may succeed or raise ConfigError with positioned errors; nothing else."""
    try:
        call()  # type: ignore[operator]
    except ConfigError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.level == "error"
            assert problem.code
            assert problem.line >= 1 and problem.column >= 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    path = tmp_path_factory.getbasetemp() / "random.yaml"
    path.write_bytes(raw)
    _check_outcome(lambda: read_source(path, "random.yaml"))


YAML_PIECES = st.sampled_from([
    "kind", ":", " ", "\n", "  ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "<<", "!!str ",
    "'", '"', "#", "?", "---", "...", "|", ">", "\t", "1", "2026-01-01", "~", "yes", "\x00",
    "é", "\ufeff", "%YAML 1.1", "@", "`",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(YAML_PIECES, max_size=40).map("".join))
def test_random_yaml_like_text(text: str) -> None:
    _check_outcome(lambda: parse_text(text, "f.yaml"))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_random_text(text: str) -> None:
    _check_outcome(lambda: parse_text(text, "f.yaml"))
