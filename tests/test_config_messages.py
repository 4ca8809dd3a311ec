"""staffopt.config.messages: pydantic's errors in the reader's words, placed in the file."""

from __future__ import annotations

import pytest
from config_helpers import BRANCH, sub
from hypothesis import given, strategies as st
from pydantic import BaseModel, ValidationError

from staffopt.config.messages import keys_at, short, validation_problems, value_text
from staffopt.config.models import Branch, Employee, PresenceRole, Standards
from staffopt.config.source import parse_text
from staffopt.problems import Problem


def problems(model: type[BaseModel], text: str, *, with_model: bool = True) -> list[Problem]:
    """The problems of validating ``text`` against ``model``, or [] when it is valid."""
    src = parse_text(text, "t.yaml")
    try:
        model.model_validate(src.data)
    except ValidationError as exc:
        return validation_problems(exc, src.map, src.data, model if with_model else None)
    return []


def one(text: str, **kwargs: bool) -> tuple[int, int, str, str]:
    found = problems(Branch, text, **kwargs)
    assert len(found) == 1, found
    p = found[0]
    assert (p.file, p.level) == ("t.yaml", "error")
    return p.line, p.column, p.code, p.message


# ---------------------------------------------------------------- short and value_text


def test_short_cuts_at_40_characters() -> None:
    assert short("x" * 40) == "x" * 40
    assert short("x" * 41) == "x" * 37 + "..."
    assert short(12.5) == "12.5"


@given(st.text())
def test_property_short_keeps_a_prefix_within_40(text: str) -> None:
    out = short(text)
    assert len(out) <= 40
    assert out == text if len(text) <= 40 else text.startswith(out[:-3])


def test_value_text_quotes_text_only() -> None:
    assert value_text("ten") == "'ten'"
    assert value_text(20) == "20" and value_text(2.5) == "2.5"
    assert value_text("y" * 50) == "'" + "y" * 37 + "...'"


# ---------------------------------------------------------------- keys_at


def test_keys_at_follows_fields_lists_and_mappings() -> None:
    assert keys_at(Branch, ()) == list(Branch.model_fields)
    assert keys_at(Branch, ("staff", 0)) == list(Employee.model_fields)


def test_keys_at_a_role_follows_its_sizing_tag() -> None:
    assert keys_at(Standards, ("roles", "guard", "presence")) == list(PresenceRole.model_fields)
    assert keys_at(Standards, ("roles", "guard")) == []  # which kind: not known without the tag


@pytest.mark.parametrize("loc", [("no_such_key",), ("grade",), ("counters", "cash")])
def test_keys_at_a_non_mapping_is_nothing(loc: tuple[str, ...]) -> None:
    assert keys_at(Branch, loc) == []


def test_keys_at_without_a_model_is_nothing() -> None:
    assert keys_at(None, ("staff", 0)) == []


# ---------------------------------------------------------------- validation_problems


def test_valid_text_has_no_problem() -> None:
    assert problems(Branch, BRANCH) == []


def test_unknown_key_is_placed_on_the_key_with_a_suggestion() -> None:
    assert one(sub(BRANCH, "grade: 10", "grade: 10\ngrdae: 10")) == (
        5, 1, "unknown-key", "unknown key 'grdae' in the file; did you mean 'grade'?",
    )


def test_unknown_key_without_the_model_asks_to_check_it() -> None:
    _, _, code, message = one(sub(BRANCH, "grade: 10", "grade: 10\ngrdae: 10"), with_model=False)
    assert code == "unknown-key"
    assert message == "unknown key 'grdae' in the file; check its spelling or delete it"


def test_unknown_key_in_a_list_item_counts_from_1() -> None:
    text = sub(BRANCH, "    role: teller\n", "    role: teller\n    skils: [teller]\n")
    assert one(text) == (
        14, 5, "unknown-key", "unknown key 'skils' in staff[2]; did you mean 'skills'?",
    )


def test_missing_key_is_placed_on_its_mapping() -> None:
    line, column, code, message = one(sub(BRANCH, "grade: 10\n", ""))
    assert (line, column, code) == (1, 1, "missing-key")
    assert message == "missing key 'grade' in the file; add it"


@pytest.mark.parametrize(("grade", "code", "message"), [
    ("20", "out-of-range", "grade: 20 is too large; it must be at most 14"),
    ("7", "out-of-range", "grade: 7 is too small; it must be at least 8"),
    ("ten", "wrong-type", "grade: expected a whole number, got the text 'ten'"),
    ("[10]", "wrong-type", "grade: expected a whole number, got a list"),
    ("", "wrong-type", "grade: expected a whole number, got an empty value"),
])
def test_a_bad_value_is_placed_on_the_value(grade: str, code: str, message: str) -> None:
    # on the value's first character; an empty value stands where the line ends
    column = 8 if grade else 7
    assert one(sub(BRANCH, "grade: 10", f"grade: {grade}")) == (4, column, code, message)


def test_a_bad_sizing_names_the_kinds_and_the_closest() -> None:
    text = """\
kind: Standards
version: 1
name: s
calendar: {slot_minutes: 60, opening_hours: {mon: "09:00-10:00"}, open_days_per_year: 300}
labor: {shift_hours: [1], max_hours_per_week: 40, max_days_per_week: 5,
        working_days_per_year: 250}
transactions: {deposit: {minutes: 4.0, zone: cash}}
roles:
  guard: {sizing: presnce, on_duty: 1}
"""
    found = problems(Standards, text)
    assert [(p.line, p.code) for p in found] == [(9, "bad-sizing")]
    assert found[0].message.startswith("roles.guard: 'sizing' is 'presnce'; it must be one of ")
    assert found[0].message.endswith("did you mean 'presence'?")


def test_every_error_becomes_one_problem_in_file_order() -> None:
    text = sub(sub(BRANCH, "grade: 10", "grade: 99"), "id: E2", "id: E2\n    hue: 1")
    found = problems(Branch, text)
    assert [(p.line, p.code) for p in found] == [(4, "out-of-range"), (13, "unknown-key")]
