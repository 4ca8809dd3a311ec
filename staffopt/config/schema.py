"""JSON Schemas of the three file kinds, for editors and other tools (design §2).

The committed ``schemas/*.schema.json`` are this module's output; editors find them
through each YAML file's ``# yaml-language-server: $schema=...`` first line.
"""

from __future__ import annotations

import json

from pydantic import BaseModel

from staffopt.config.models import Branch, Region, Standards

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

MODELS: dict[str, type[BaseModel]] = {
    "standards": Standards,
    "branch": Branch,
    "region": Region,
}


def schema_of(kind: str) -> dict[str, object]:
    """The JSON Schema of a file kind (standards, branch or region), as a dict."""
    try:
        model = MODELS[kind]
    except KeyError:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(MODELS)}") from None
    body = model.model_json_schema()
    # pydantic names no dialect; editors need one to read "$defs" and "prefixItems" right.
    return {
        "$schema": SCHEMA_DIALECT,
        **body,
        "title": f"staffopt {model.__name__} file (version 1)",
    }


def schema_text(kind: str) -> str:
    """The JSON Schema of a file kind as stable JSON text, with a trailing newline."""
    return json.dumps(schema_of(kind), indent=2, ensure_ascii=False) + "\n"
