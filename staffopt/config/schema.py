"""JSON Schemas of the file kinds, for editors and other tools (design §2).

The committed ``schemas/*.schema.json`` are this module's output; editors find them
through each YAML file's ``# yaml-language-server: $schema=...`` first line.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from staffopt.config.models import Branch, Region, Scenario, Standards

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

MODELS: dict[str, type[BaseModel]] = {
    "standards": Standards,
    "branch": Branch,
    "region": Region,
    "scenario": Scenario,
}
OVERRIDE = "Override"  # suffix of the deep-partial standards definitions in a scenario's schema


def _partial(node: Any) -> Any:
    """A schema node that accepts any part of what ``node`` accepts, at any depth.

    Nothing is required, an empty mapping is allowed, and a role may match several
    sizing kinds (a partial role need not name its ``sizing``), so ``oneOf`` becomes
    ``anyOf``. References point at the partial definitions.
    """
    if isinstance(node, list):
        return [_partial(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("required", "minProperties"):
            continue
        if key == "$ref" and isinstance(value, str):
            out[key] = value + OVERRIDE
        else:
            out["anyOf" if key == "oneOf" else key] = _partial(value)
    return out


def _standards_override() -> dict[str, Any]:
    """The deep-partial Standards schema a scenario's ``standards:`` holds (§2.4)."""
    body = Standards.model_json_schema()
    defs = {name + OVERRIDE: _partial(spec) for name, spec in body.pop("$defs").items()}
    root = _partial(body)
    for fixed in ("kind", "version"):  # a scenario changes the rules, not the file kind
        root["properties"].pop(fixed)
    root["title"] = "Standards" + OVERRIDE
    root["description"] = "Overrides of the standards, key by key, at any depth."
    return {**defs, "Standards" + OVERRIDE: root}


def _body(model: type[BaseModel]) -> dict[str, Any]:
    body = model.model_json_schema()
    if model is Scenario:
        body["$defs"] = {**body.get("$defs", {}), **_standards_override()}
        body["properties"]["standards"] = {"$ref": f"#/$defs/Standards{OVERRIDE}"}
    return body


def schema_of(kind: str) -> dict[str, object]:
    """The JSON Schema of a file kind (standards, branch, region or scenario), as a dict."""
    try:
        model = MODELS[kind]
    except KeyError:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(MODELS)}") from None
    # pydantic names no dialect; editors need one to read "$defs" and "prefixItems" right.
    return {
        "$schema": SCHEMA_DIALECT,
        **_body(model),
        "title": f"staffopt {model.__name__} file (version 1)",
    }


def schema_text(kind: str) -> str:
    """The JSON Schema of a file kind as stable JSON text, with a trailing newline."""
    return json.dumps(schema_of(kind), indent=2, ensure_ascii=False) + "\n"
