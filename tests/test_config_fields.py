"""The files' value types: each checks one value and says what a valid one looks like."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from staffopt.config.fields import Count, Day, Hours, Text, parse_hours


def test_a_day_in_lower_case_passes_and_any_other_spelling_is_refused() -> None:
    days = TypeAdapter(Day)
    assert days.validate_python("sat") == "sat"
    with pytest.raises(ValidationError, match="lower case: 'sat'"):
        days.validate_python("Sat")
    with pytest.raises(ValidationError, match="is not a day"):
        days.validate_python("saturday")


def test_opening_hours_read_as_minutes_after_midnight() -> None:
    assert TypeAdapter(Hours).validate_python("08:30-17:30") == "08:30-17:30"
    assert parse_hours("08:30-17:30") == (510, 1050)
    assert parse_hours("closed") is None
    with pytest.raises(ValidationError, match="HH:MM-HH:MM"):
        TypeAdapter(Hours).validate_python("8.30 to 5.30")


def test_a_count_is_a_non_negative_integer_and_never_a_boolean() -> None:
    counts = TypeAdapter(Count)
    assert counts.validate_python(3) == 3
    for bad in (-1, True):
        with pytest.raises(ValidationError):
            counts.validate_python(bad)


def test_free_text_takes_any_script_and_refuses_control_characters() -> None:
    texts = TypeAdapter(Text)
    for good in ("人民路支行", "Riverside\tSub-branch", "line one\nline two"):
        assert texts.validate_python(good) == good
    # an escape would reach the terminal; U+0085 is a control character of the C1 block
    for bad, code in (("Rive\x1b[2Jrside", "001B"), ("a\x00b", "0000"), ("x\x85", "0085")):
        with pytest.raises(ValidationError, match=f"control character U\\+{code}"):
            texts.validate_python(bad)
