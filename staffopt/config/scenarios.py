"""A scenario file against the standards it applies to (design §2.4 and §7).

A scenario's ``standards:`` is laid over the standards key by key, at any depth, and the
result is validated again as a whole standards file; every problem of that result is
placed at the scenario's own line (the deepest key it wrote on the way there). The
scenario's types, days and shares are checked against the standards it yields.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from staffopt.config.breaks import grid_example
from staffopt.config.checks import check_standards
from staffopt.config.messages import validation_problems
from staffopt.config.models import SELF_SERVICE, PortfolioRole, Scenario, Standards, parse_hours
from staffopt.config.partial import salvage
from staffopt.config.source import SourceMap
from staffopt.problems import Problem, did_you_mean

Path_ = tuple[str, ...]
STANDARDS = "standards"  # the scenario's key that holds the overrides


class _Wrapped(BaseModel):
    """The merged standards under the scenario's key, so that error locations start there."""

    model_config = ConfigDict(extra="forbid")
    standards: Standards


def merge(base: Any, override: Any) -> Any:
    """``base`` with ``override`` laid over it: mappings key by key at any depth; any other
    value (a number, a text, a list) replaces what it overrides."""
    if not (isinstance(base, dict) and isinstance(override, dict)):
        return override
    out = dict(base)
    for key, value in override.items():
        out[key] = merge(base[key], value) if key in base else value
    return out


def _named_maps(std: Standards) -> dict[Path_, tuple[str, list[str]]]:
    """The standards' mappings of named parts that a scenario may change but not add to."""
    maps: dict[Path_, tuple[str, list[str]]] = {
        ("roles",): ("role", list(std.roles)),
        ("transactions",): ("transaction type", list(std.transactions)),
    }
    for name, role in std.roles.items():
        if isinstance(role, PortfolioRole):
            maps[("roles", name, "teams")] = (f"team of {name}", list(role.teams))
    return maps


def _unknown_names(std: Standards, override: dict[str, Any],
                   smap: SourceMap) -> tuple[dict[str, Any], list[Problem]]:
    """The override without the roles, types and teams the standards lack, and a problem
    for each (a scenario changes the rules; a new role would lack most of its fields)."""
    problems: list[Problem] = []
    pruned = copy.deepcopy(override)  # the scenario's own data stays as it was read
    for at, (what, names) in _named_maps(std).items():
        node: Any = pruned
        for part in at:
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            continue
        for key in [k for k in node if k not in names]:
            problems.append(smap.problem(
                (STANDARDS, *at, str(key)), "unknown-name",
                f"{STANDARDS}.{'.'.join(at)}: '{key}' is not a {what} in standards "
                f"'{std.name}' (a scenario changes them, it cannot add one)"
                + (did_you_mean(key, names) or f"; they are {', '.join(names)}"), key=True,
            ))
            del node[key]
    return pruned, problems


def _base_data(std: Standards, override: dict[str, Any]) -> dict[str, Any]:
    """The standards as data to lay the override over.

    A role whose override names another sizing kind is replaced whole: the fields of
    its old kind would be unknown to the new one.
    """
    data = std.model_dump(mode="python", exclude_unset=True)
    roles = override.get("roles")
    for name, spec in roles.items() if isinstance(roles, dict) else ():
        if (isinstance(spec, dict) and name in data["roles"]
                and spec.get("sizing", data["roles"][name]["sizing"])
                != data["roles"][name]["sizing"]):
            data["roles"][name] = {}
    return data


def override_standards(std: Standards, override: dict[str, Any]) -> Standards:
    """The standards with a scenario's overrides laid over them, validated again.

    Raises pydantic's ValidationError where the result is no valid standards file;
    ``check_scenario`` reports the same at the scenario's lines.
    """
    if not override:
        return std
    return Standards.model_validate(merge(_base_data(std, override), override))


def _shifted(smap: SourceMap) -> SourceMap:
    """The scenario's marks under ``standards:``, as paths of a standards file."""
    def under(marks: dict[Path_, Any]) -> dict[Path_, Any]:
        return {p[1:]: m for p, m in marks.items() if p[:1] == (STANDARDS,)}
    return SourceMap(smap.file, under(smap.values), under(smap.keys))


def _merged(std: Standards, scenario: Scenario,
            smap: SourceMap) -> tuple[Standards | None, list[Problem]]:
    """The standards the scenario yields (None where invalid), and their problems."""
    if not scenario.standards:
        return std, []
    override, problems = _unknown_names(std, scenario.standards, smap)
    data = {STANDARDS: merge(_base_data(std, override), override)}
    try:
        merged: Standards | None = _Wrapped.model_validate(data).standards
    except ValidationError as exc:
        merged = None
        problems += validation_problems(exc, smap, data, _Wrapped)
    if merged is not None:
        news = check_standards(merged, _shifted(smap))
    else:  # the parts that did validate are checked still, so one run says everything
        part = salvage(Standards, "Standards", data[STANDARDS], _shifted(smap))
        news = check_standards(part.model, part.map, part.gaps) if part else []
    # the standards' own findings are theirs; only those the overrides bring are said here
    known = {(p.code, p.message) for p in check_standards(std, SourceMap(smap.file))}
    return merged, problems + [p for p in news if (p.code, p.message) not in known]


def _types(std: Standards, scenario: Scenario, smap: SourceMap) -> list[Problem]:
    out: list[Problem] = []
    first = self_service_type(std)
    for field in ("to_self_service", "centralise"):
        for tx in getattr(scenario.volume, field):
            spec = std.transactions.get(tx)
            if spec is None:
                out.append(smap.problem(
                    ("volume", field, tx), "unknown-transaction",
                    f"transaction type '{tx}' is not in standards '{std.name}'"
                    + (did_you_mean(tx, std.transactions)
                       or f"; types are {', '.join(std.transactions)}"), key=True,
                ))
            elif field == "to_self_service" and spec.zone == SELF_SERVICE:
                out.append(smap.problem(
                    ("volume", field, tx), "already-self-service",
                    f"'{tx}' is served at {SELF_SERVICE} already; moving it there changes "
                    "nothing", key=True, level="warning",
                ))
    if scenario.volume.to_self_service and first is None:
        out.append(smap.problem(
            ("volume", "to_self_service"), "no-self-service",
            f"standards '{std.name}' have no transaction type in zone {SELF_SERVICE}, so "
            f"there is nowhere to move volume to; add one (for example self_service: "
            f"{{minutes: 1.0, zone: {SELF_SERVICE}}}) or remove to_self_service", key=True,
        ))
    return out


def _hours(std: Standards, scenario: Scenario, smap: SourceMap) -> list[Problem]:
    slot = std.calendar.slot_minutes
    out: list[Problem] = []
    for day, hours in scenario.opening_hours.items():
        span = parse_hours(hours)
        if span is not None and (span[0] % slot or span[1] % slot):
            out.append(smap.problem(
                ("opening_hours", day), "off-grid",
                f"opening hours {day} '{hours}' must start and end on the {slot}-minute "
                f"slot grid ({grid_example(slot)})",
            ))
    return out


def self_service_type(std: Standards) -> str | None:
    """The standards' first transaction type served at self-service machines, if any."""
    return next((t for t, spec in std.transactions.items() if spec.zone == SELF_SERVICE), None)


def check_scenario(scenario: Scenario, smap: SourceMap, std: Standards) -> list[Problem]:
    """A scenario's problems against whole standards: its overrides, types and days."""
    merged, problems = _merged(std, scenario, smap)
    rules = merged or std  # where the overrides fail, the rest is checked on the standards
    return problems + _hours(rules, scenario, smap) + _types(rules, scenario, smap)
