"""staffopt.forecast.tickets: malformed rows reported by line and skipped, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from staffopt.forecast.tickets import HEADER, read_tickets
from staffopt.problems import ConfigError

DATA = Path(__file__).resolve().parent / "data" / "forecast"
TYPES = ["cash_deposit", "cash_withdrawal", "transfer", "card_service"]


def test_bad_rows_are_reported_by_line_and_skipped() -> None:
    log = read_tickets(DATA / "bad-rows.csv", "bad-rows.csv", TYPES, "FC-0001")
    got = {(p.line, p.code) for p in log.problems}
    assert got == {
        (3, "unknown-type"), (4, "bad-issued"), (6, "wrong-field-count"),
        (7, "called-before-issued"), (8, "finished-not-called"),
        (10, "finished-before-called"), (11, "bad-issued"), (12, "wrong-field-count"),
    }
    assert all(p.level == "warning" and p.file == "bad-rows.csv" for p in log.problems)
    assert "did you mean 'cash_deposit'" in next(p.message for p in log.problems if p.line == 3)
    # each problem points at its field: type, issued, the row, called
    assert {p.line: p.column for p in log.problems if p.line in (3, 4, 6, 7)} == {
        3: 12, 4: 21, 6: 1, 7: 41,
    }
    # the served ticket and the walk-out (empty called and finished) are usable
    assert log.frame["line"].tolist() == [2, 5]
    assert log.frame["called"].isna().tolist() == [False, True]
    assert (log.rows, log.malformed, log.other_branches) == (11, 8, 1)


def test_rows_of_other_branches_are_ignored_without_being_checked() -> None:
    log = read_tickets(DATA / "bad-rows.csv", "bad-rows.csv", TYPES, "FC-0002")
    assert log.frame["line"].tolist() == [9]
    assert log.other_branches == 2


def test_a_log_of_several_branches_needs_the_branch() -> None:
    with pytest.raises(ConfigError) as caught:
        read_tickets(DATA / "bad-rows.csv", "bad-rows.csv", TYPES)
    assert caught.value.errors[0].code == "many-branches"
    assert "--branch" in caught.value.errors[0].message


def test_a_log_without_usable_rows_fails(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "\nX,1,nope,2026-11-02T09:00:00,,\nX,2,transfer,yesterday,,\n")
    with pytest.raises(ConfigError) as caught:
        read_tickets(path, "t.csv", TYPES)
    codes = [p.code for p in caught.value.problems]
    assert codes == ["no-usable-row", "unknown-type", "bad-issued"]


@pytest.mark.parametrize("text", ["", "ticket,branch\n", "\ufeffbranch,ticket\n1,2\n"])
def test_a_missing_or_wrong_header_fails_at_line_one(tmp_path: Path, text: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_tickets(path, "t.csv", TYPES)
    assert [(p.line, p.level) for p in caught.value.problems] == [(1, "error")]


def test_a_quoted_field_across_lines_keeps_the_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        HEADER + '\nX,"A\n1",transfer,2026-11-02T09:00:00,,\nX,A2,bad,2026-11-02T09:00:00,,\n'
    )
    log = read_tickets(path, "t.csv", TYPES)
    assert log.frame["line"].tolist() == [2]
    assert [p.line for p in log.problems] == [4]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*',"\n\r x9:-T0A\x00é', *TYPES, "2026-11-02T09:00:00"]),
                max_size=120))
def test_garbage_never_raises_anything_but_a_config_error(
    tmp_path_factory: pytest.TempPathFactory, parts: list[str]
) -> None:
    path = tmp_path_factory.mktemp("g") / "t.csv"
    path.write_text(HEADER + "\n" + "".join(parts), encoding="utf-8")
    try:
        log = read_tickets(path, "t.csv", TYPES)
    except ConfigError as error:
        assert error.problems
    else:
        assert len(log.frame) >= 1
        assert all(p.line >= 2 for p in log.problems)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise_anything_but_a_config_error(
    tmp_path_factory: pytest.TempPathFactory, body: bytes
) -> None:
    path = tmp_path_factory.mktemp("b") / "t.csv"
    path.write_bytes(HEADER.encode() + b"\n" + body)
    try:
        read_tickets(path, "t.csv", TYPES)
    except ConfigError as error:
        assert all(p.line >= 0 for p in error.problems)
