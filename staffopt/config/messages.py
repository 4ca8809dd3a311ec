"""Problems from pydantic's validation errors: the reader's words, place and code.

Each error becomes one message that says where (``staff[2].skills[1]``), what was
expected and what the file holds; an unknown key or name gets a suggestion where a
close one exists.
"""

from __future__ import annotations

import datetime
import types
import typing
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, Tag, ValidationError

from staffopt.config.models import DAYS, SIZINGS
from staffopt.config.source import SourceMap
from staffopt.problems import Problem, did_you_mean

_TYPE_CODES = {
    "extra_forbidden": "unknown-key",
    "missing": "missing-key",
    "union_tag_invalid": "bad-sizing",
    "union_tag_not_found": "bad-sizing",
    "literal_error": "bad-value",
    "string_pattern_mismatch": "bad-name",
}
_RANGE_TYPES = {
    "greater_than", "greater_than_equal", "less_than", "less_than_equal",
    "too_short", "too_long", "string_too_short", "string_too_long",
}


def _where(loc: tuple[Any, ...], data: Any = None) -> str:
    """A pydantic location as the reader sees it: ``staff[2].unavailable[1]``.

    List positions count from 1, like the lines of a list; pydantic's union tags (the
    sizing kind after ``roles.<name>``) and key markers are left out.
    """
    parts: list[str] = []
    node = data
    for i, part in enumerate(loc):
        if part == "[key]" or (i >= 2 and loc[i - 2] == "roles" and part in SIZINGS):
            continue
        if isinstance(node, list) and isinstance(part, int):
            parts.append(f"[{part + 1}]")
            node = node[part] if 0 <= part < len(node) else None
            continue
        parts.append(("." if parts else "") + str(part))
        node = node.get(part) if isinstance(node, dict) else None
    return "".join(parts) or "the file"


# What each pydantic type error expected, in words.
_EXPECTED = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing_size": "a whole number of reasonable size",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "string_type": "text",
    "list_type": "a list",
    "tuple_type": "a list",
    "set_type": "a list",
    "dict_type": "a mapping of keys and values",
    "model_type": "a mapping of keys and values",
    "model_attributes_type": "a mapping of keys and values",
    "bool_type": "true or false",
}


def _describe(value: object) -> str:
    """A value as the reader wrote it, with what YAML made of it."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {short(value)}"
    if isinstance(value, str):
        return f"the text '{short(value)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, datetime.date):
        return f"the date {value}"
    if isinstance(value, bytes):
        return "binary data"
    return f"a {type(value).__name__} value"


def value_text(value: object) -> str:
    """A value as quoted in a message: text in quotes, numbers as they are."""
    return f"'{short(value)}'" if isinstance(value, str) else short(value)


_BOUNDS = (("ge", "at least"), ("gt", "more than"), ("le", "at most"), ("lt", "less than"))


def _bound(ctx: dict[str, Any]) -> str:
    for key, words in _BOUNDS:
        if key in ctx:
            limit = ctx[key]
            return f"{words} {limit:g}" if isinstance(limit, float) else f"{words} {limit}"
    return "in range"


def _unwrap(tp: Any) -> Any:
    """The type under ``Annotated`` and ``X | None``."""
    while True:
        if get_origin(tp) is Annotated:
            tp = get_args(tp)[0]
        elif get_origin(tp) in (typing.Union, types.UnionType):
            members = [m for m in get_args(tp) if m is not type(None)]
            if len(members) != 1:
                return tp
            tp = members[0]
        else:
            return tp


def _tagged(union: Any, tag: object) -> Any:
    for member in get_args(union):
        if get_origin(member) is Annotated and any(
            isinstance(m, Tag) and m.tag == tag for m in get_args(member)[1:]
        ):
            return member
    return None


def keys_at(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> list[str]:
    """The keys a mapping at ``loc`` (a pydantic location) may hold, where it is a model."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(part))
            if field is None:
                return []
            tp = field.annotation
        elif get_origin(tp) is list:
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        elif get_origin(tp) in (typing.Union, types.UnionType):
            tp = _tagged(tp, part)  # a discriminated union: the location names the tag
        else:
            return []
    tp = _unwrap(tp)
    if get_origin(tp) in (typing.Union, types.UnionType):
        return []
    return list(tp.model_fields) if isinstance(tp, type) and issubclass(tp, BaseModel) else []


def _message(
    error: dict[str, Any], code: str, data: Any = None, model: type[BaseModel] | None = None
) -> str:
    loc = tuple(error["loc"])
    where = _where(loc, data)
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        parent = _where(loc[:-1], data)
        hint = did_you_mean(loc[-1], keys_at(model, loc[:-1]))
        return f"unknown key '{loc[-1]}' in {parent}" + (
            hint or "; check its spelling or delete it"
        )
    if kind == "missing":
        return f"missing key '{loc[-1]}' in {_where(loc[:-1], data)}; add it"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        if not isinstance(value, dict):
            return f"{where}: expected a mapping that starts with 'sizing:', got {_describe(value)}"
        got = f"'{ctx['tag']}'" if "tag" in ctx else "nothing"
        return (
            f"{where}: 'sizing' is {got}; it must be one of {', '.join(SIZINGS)}, "
            "each with its own fields" + did_you_mean(ctx.get("tag", ""), SIZINGS)
        )
    if kind == "string_pattern_mismatch":
        return (
            f"{where}: '{short(value)}' is not a valid name; use lower_snake_case "
            "letters, digits and underscores (ids may also use capitals, '.' and '-')"
        )
    if kind in _EXPECTED:
        return f"{where}: expected {_EXPECTED[kind]}, got {_describe(value)}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        side = "too small" if kind.startswith("greater") else "too large"
        return f"{where}: {value_text(value)} is {side}; it must be {_bound(ctx)}"
    if kind in ("too_short", "string_too_short"):
        if ctx.get("min_length") == 1 and isinstance(value, str):
            return f"{where}: must not be empty; write a value"
        unit = "character" if kind.startswith("string") else "entry"
        return f"{where}: needs at least {ctx.get('min_length')} {unit}(s)"
    if kind in ("too_long", "string_too_long"):
        unit = "character" if kind.startswith("string") else "entry"
        return f"{where}: too long; at most {ctx.get('max_length')} {unit}(s)"
    if kind == "literal_error":
        return f"{where}: {value_text(value)} is not allowed; use {ctx.get('expected')}"
    msg = str(error["msg"])
    if kind == "unknown-day" and isinstance(value, str) and value.lower() not in DAYS:
        # 'Monday' and 'tues' are days written out: their first three letters say which
        day = value.lower()[:3]
        msg += f"; did you mean '{day}'?" if day in DAYS else did_you_mean(value, DAYS)
    return f"{where}: {msg[:1].lower()}{msg[1:]}"


def short(value: object) -> str:
    """A value's text, cut to 40 characters."""
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _code(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind in _TYPE_CODES:
        return _TYPE_CODES[kind]
    if kind in _RANGE_TYPES:
        return "out-of-range"
    if "-" in kind:  # our own PydanticCustomError codes
        return kind
    return "wrong-type"


def validation_problems(
    exc: ValidationError, source_map: SourceMap, data: Any = None,
    model: type[BaseModel] | None = None,
) -> list[Problem]:
    """Turn a pydantic ValidationError into problems placed in the file.

    ``data`` is the validated input; with it, list positions in messages count from 1.
    ``model`` is the model it was validated against; with it, an unknown key gets the
    closest known key as a suggestion. A missing key is placed on the key of the
    mapping that lacks it.
    """
    problems = []
    for error in exc.errors(include_url=False):
        code = _code(error)
        loc = tuple(error["loc"])
        on_key = error["type"] in ("extra_forbidden", "missing") or (
            bool(loc) and loc[-1] == "[key]"
        )
        where = loc[:-1] if error["type"] == "missing" else loc
        problems.append(source_map.problem(
            where, code, _message(error, code, data, model), key=on_key
        ))
    return problems


