"""The value types of the files: days, hour ranges, windows, names and counts.

Each type checks one value on its own and says what a valid one looks like; the models
of ``staffopt.config.models`` are built from them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SIZINGS: tuple[str, ...] = ("queue", "workload", "presence", "portfolio", "grade")
SELF_SERVICE = "self_service"  # the zone whose transactions the lobby reviews, not tellers


def _day(value: object) -> object:
    if isinstance(value, str) and value in DAYS:
        return value
    if isinstance(value, str) and value.lower() in DAYS:
        # refused rather than folded, so that the JSON Schema (an enum) agrees with the model
        raise PydanticCustomError(
            "unknown-day", "write the day '{value}' in lower case: '{lower}'",
            {"value": value, "lower": value.lower()},
        )
    raise PydanticCustomError(
        "unknown-day", "'{value}' is not a day; days are mon, tue, wed, thu, fri, sat, sun",
        {"value": value},
    )


Day = Annotated[str, BeforeValidator(_day), Field(json_schema_extra={"enum": list(DAYS)})]

_HOURS_RE = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


def parse_hours(value: str) -> tuple[int, int] | None:
    """Opening hours as (open, close) minutes after midnight, or None when closed."""
    if value == "closed":
        return None
    match = _HOURS_RE.match(value)
    assert match is not None, value  # validated on load
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    return h1 * 60 + m1, h2 * 60 + m2


def _hours(value: str) -> str:
    match = _HOURS_RE.match(value.strip()) if value.strip() != "closed" else None
    if value.strip() == "closed":
        return "closed"
    if match is None:
        raise PydanticCustomError(
            "bad-hours", "opening hours '{value}' must read \"HH:MM-HH:MM\" or closed",
            {"value": value},
        )
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if start >= end or end > 24 * 60:
        raise PydanticCustomError(
            "bad-hours", "opening hours '{value}' must open before they close, by 24:00",
            {"value": value},
        )
    return value.strip()


Hours = Annotated[
    str,
    AfterValidator(_hours),
    Field(
        json_schema_extra={
            "pattern": r"^(closed|([01]\d|2[0-4]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d)$"
        },
        examples=["09:00-17:00", "closed"],
    ),
]


def _hour_key(value: object) -> object:
    if isinstance(value, bool):
        raise PydanticCustomError("bad-hour", "'{value}' is not an hour 00-23", {"value": value})
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        hour = int(value)
        if 0 <= hour <= 23:
            return f"{hour:02d}"
    raise PydanticCustomError(
        "bad-hour", "'{value}' is not a clock hour; write \"00\" to \"23\"", {"value": value}
    )


Hour = Annotated[str, BeforeValidator(_hour_key)]


def parse_window(value: str) -> tuple[int, int]:
    """A break window "HH:MM-HH:MM" as (start, end) minutes after midnight."""
    span = parse_hours(value)
    assert span is not None, value  # validated on load
    return span


def _window(value: str) -> str:
    text = value.strip()
    match = _HOURS_RE.match(text)
    if match is None:
        raise PydanticCustomError(
            "bad-window", "break window '{value}' must read \"HH:MM-HH:MM\"", {"value": value}
        )
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 * 60 + m1 >= h2 * 60 + m2 or h2 * 60 + m2 > 24 * 60:
        raise PydanticCustomError(
            "bad-window", "break window '{value}' must start before it ends, by 24:00",
            {"value": value},
        )
    return text


Window = Annotated[
    str,
    AfterValidator(_window),
    Field(
        json_schema_extra={"pattern": r"^([01]\d|2[0-4]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$"},
        examples=["11:00-14:00"],
    ),
]

Name = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64),
]
"""Names of roles, zones, teams and transaction types: lower_snake_case, no dots."""


def _printable(value: str) -> str:
    # a control character would reach terminals (ANSI escapes), XML in reports and CSV cells
    for char in value:
        if unicodedata.category(char) == "Cc" and char not in "\t\n":
            raise PydanticCustomError(
                "control-char",
                "holds the control character U+{code}; delete it, or write the text plainly",
                {"code": f"{ord(char):04X}"},
            )
    return value


Text = Annotated[str, AfterValidator(_printable)]
"""Free text a person reads (names, descriptions): anything but control characters."""



def _no_bool(value: object) -> object:
    # YAML reads yes/no/true/false as booleans, and pydantic would take them as 1 and 0.
    if isinstance(value, bool):
        raise PydanticCustomError(
            "wrong-type", "expected a number, got the yes/no value {value}",
            {"value": str(value).lower()},
        )
    return value


# The check goes last in each Annotated, outside the range constraints, so that those
# stay plain "minimum"/"maximum" keywords in the JSON Schema.
NoBool = BeforeValidator(_no_bool)
Count = Annotated[int, Field(ge=0), NoBool]
Amount = Annotated[float, Field(ge=0), NoBool]
Occupancy = Annotated[float, Field(gt=0, le=1), NoBool]
