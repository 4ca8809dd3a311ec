"""The files' value types: each checks one value and says what a valid one looks like."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from staffopt.config.fields import Count, Day, Hours, parse_hours


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
