"""The JSON leg: the canonical JSON of a record checked with record.schema.json.

A failing subschema that carries ``x-rule`` gives its code and its ``description`` as
the message; any other failure is ``PRS-SCHEMA``. The failing JSON Pointer is mapped back
to the record part it is about ("notes/2", "signatures/0", "body/3"…).
"""

from __future__ import annotations

from typing import Any

from preserve.canonical import Forms
from preserve.model import Record
from preserve.readers.json import pointer_escape
from preserve.rules.codes import DOCUMENT_KEYS, Hit
from preserve.rules.schemas import json_schema, json_validator


def json_hits(record: Record, forms: Forms | None = None) -> list[Hit]:
    """What record.schema.json says about the record's canonical JSON.

    ``forms`` holds the record's canonical forms when the caller has them already.
    """
    obj = (forms or Forms(record)).obj
    hits = []
    for error in json_validator().iter_errors(obj):
        schema = _subschema(list(error.schema_path)[:-1])
        code = schema.get("x-rule", "PRS-SCHEMA")
        text = schema["description"] if "x-rule" in schema else error.message
        path = list(error.instance_path)
        pointer = "".join(f"/{pointer_escape(str(step))}" for step in path)
        key = DOCUMENT_KEYS[code] if code in DOCUMENT_KEYS else _key(path, obj, record)
        hits.append(Hit(code, text, key, pointer or None))
    return hits


def _subschema(path: list[Any]) -> dict[str, Any]:
    """The subschema at ``path`` (the failing keyword's parent) in record.schema.json."""
    node: Any = json_schema()
    for step in path:
        node = node[step]
    return node if isinstance(node, dict) else {}


def _key(path: list[Any], obj: dict[str, Any], record: Record) -> str | None:
    """The record part a path into the canonical JSON is about."""
    if not path:
        return None
    member = path[0]
    if member == "classification":
        source = record.source_note
        return f"notes/{source.n}" if source is not None else None
    if len(path) > 1 and isinstance(path[1], int):
        if member == "notes":
            return f"notes/{obj['notes'][path[1]]['n']}"
        if member in ("body", "signatures"):
            return f"{member}/{path[1]}"
    return str(member)
