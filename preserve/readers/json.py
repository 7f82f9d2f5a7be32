"""Canonical JSON (see ``preserve.writers.json``) back to a ``Record``.

The structure (``head``, ``body``, ``notes``…) is read strictly: anything that does not
fit raises ``InputError`` with the JSON Pointer of the offending value. The derived
members (``id``, ``title``, ``dateline``, ``classification``, ``signatures``, each note's
``text``) are recomputed from that structure; where the file says something else, the
reader reports a ``PRS-JSON-DERIVED`` finding naming the JSON Pointer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from preserve.errors import InputError
from preserve.findings import Finding, Position, Severity
from preserve.model import NOTE_KINDS, Attrs, Element, Node, Note, NoteRef, Record, Volume
from preserve.readers import Parsed
from preserve.writers.json import DERIVED, PAGE_BREAK, PARAGRAPH, to_obj

_REQUIRED = ("doc_id", "number", "head", "body")
_OPTIONAL = ("notes", "subtype", "attrs", "volume", "origin", *DERIVED)
_VOLUME = ("id", "title", "series", "subseries", "number", "editors", "published")


def read_json(data: bytes, source: str) -> Parsed:
    """Read one record from canonical JSON bytes. Raises ``InputError`` if it cannot."""
    obj = _load(data, source)
    try:
        record = from_obj(obj)
    except InputError as error:
        raise InputError(error.message, source, error.position) from None
    return Parsed(record, source, tuple(derived_findings(obj, record)), positions(record))


def from_obj(obj: Any) -> Record:
    """The record a canonical JSON object describes; derived members are not consulted."""
    _members(obj, "", _REQUIRED, _OPTIONAL)
    volume = obj.get("volume")
    return Record(
        doc_id=_string(obj["doc_id"], "/doc_id"),
        number=_string(obj["number"], "/number"),
        head=_content(obj["head"], "/head"),
        body=tuple(_block(b, f"/body/{i}") for i, b in enumerate(_list(obj["body"], "/body"))),
        notes=tuple(
            _note(n, f"/notes/{i}") for i, n in enumerate(_list(obj.get("notes", []), "/notes"))
        ),
        subtype=_optional_string(obj.get("subtype"), "/subtype"),
        attrs=_attrs(obj.get("attrs", {}), "/attrs"),
        volume=None if volume is None else _volume(volume, "/volume"),
        origin=_optional_string(obj.get("origin"), "/origin"),
    )


def derived_findings(obj: dict[str, Any], record: Record) -> Iterator[Finding]:
    """A ``PRS-JSON-DERIVED`` finding for each derived member that disagrees with ``record``."""
    expected = to_obj(record)
    pairs = [(f"/{name}", name, obj[name], expected[name]) for name in DERIVED if name in obj]
    for i, note in enumerate(obj.get("notes", [])):
        if "text" in note:
            n = record.notes[i].n
            pairs.append(
                (f"/notes/{i}/text", f"notes/{n}/text", note["text"], record.notes[i].text)
            )
    for pointer, key, given, wanted in pairs:
        difference = _first_difference(given, wanted, pointer)
        if difference is not None:
            where, said, computed = difference
            yield Finding(
                "PRS-JSON-DERIVED",
                Severity.ERROR,
                f"{where} says {_show(said)} but the record's structure gives {_show(computed)}",
                key=key,
                position=Position(pointer=where),
            )


def positions(record: Record) -> dict[str, Position]:
    """JSON Pointers of the record's parts, by key ("head", "body/3", "notes/2", "refs/2"…)."""
    found = {"document": Position(pointer=""), "head": Position(pointer="/head")}
    for i, note in enumerate(record.notes):
        found.setdefault(f"notes/{note.n}", Position(pointer=f"/notes/{i}"))
    signed = 0
    for pointer, node in _walk(record.head, "/head"):
        if isinstance(node, NoteRef):
            found.setdefault(f"refs/{node.n}", Position(pointer=pointer))
    for i, block in enumerate(record.body):
        found[f"body/{i}"] = Position(pointer=f"/body/{i}")
        if block.tag == "dateline":
            found.setdefault("dateline", Position(pointer=f"/body/{i}"))
        if block.tag == "opener":
            for j, child in enumerate(block.children):
                if isinstance(child, Element) and child.tag == "dateline":
                    found.setdefault("dateline", Position(pointer=f"/body/{i}/content/{j}"))
        for pointer, node in _walk(block.children, f"/body/{i}/content"):
            if isinstance(node, NoteRef):
                found.setdefault(f"refs/{node.n}", Position(pointer=pointer))
            elif node.tag == "signed":
                found[f"signatures/{signed}"] = Position(pointer=pointer)
                signed += 1
    return found


def pointer_escape(name: str) -> str:
    """A member name as one JSON Pointer segment (RFC 6901)."""
    return name.replace("~", "~0").replace("/", "~1")


def _load(data: bytes, source: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError("not UTF-8 text", source, Position(line, column)) from None
    if not text.strip():
        raise InputError("empty file", source)
    try:
        obj = json.loads(text, object_pairs_hook=_unique_members, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise InputError(
            f"not valid JSON: {error.msg}", source, Position(error.lineno, error.colno)
        ) from None
    except _Malformed as error:
        raise InputError(str(error), source) from None
    if not isinstance(obj, dict):
        raise InputError("a record must be a JSON object", source, Position(pointer=""))
    return obj


class _Malformed(ValueError):
    """JSON that parses but that RFC 8785 excludes: repeated members, NaN, Infinity."""


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for name, value in pairs:
        if name in obj:
            raise _Malformed(f"member {name!r} appears twice in one object")
        obj[name] = value
    return obj


def _no_constant(name: str) -> Any:
    raise _Malformed(f"{name} is not a JSON number")


def _walk(nodes: tuple[Node, ...], pointer: str) -> Iterator[tuple[str, Element | NoteRef]]:
    """Every element and note reference under ``nodes`` with its pointer, in document order."""
    for i, node in enumerate(nodes):
        if isinstance(node, str):
            continue
        yield f"{pointer}/{i}", node
        if isinstance(node, Element):
            yield from _walk(node.children, f"{pointer}/{i}/content")


def _first_difference(given: Any, wanted: Any, pointer: str) -> tuple[str, Any, Any] | None:
    if given == wanted and type(given) is type(wanted):
        return None
    if isinstance(given, dict) and isinstance(wanted, dict):
        for name in sorted(set(given) | set(wanted)):
            if name not in given or name not in wanted:
                return f"{pointer}/{pointer_escape(name)}", given.get(name), wanted.get(name)
            found = _first_difference(
                given[name], wanted[name], f"{pointer}/{pointer_escape(name)}"
            )
            if found is not None:
                return found
    if isinstance(given, list) and isinstance(wanted, list) and len(given) == len(wanted):
        for i, (a, b) in enumerate(zip(given, wanted, strict=True)):
            found = _first_difference(a, b, f"{pointer}/{i}")
            if found is not None:
                return found
    return pointer, given, wanted


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def _fail(message: str, pointer: str) -> InputError:
    return InputError(message, position=Position(pointer=pointer))


def _members(obj: Any, pointer: str, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
    if not isinstance(obj, dict):
        raise _fail("expected an object", pointer)
    for name in required:
        if name not in obj:
            raise _fail(f"missing member {name!r}", pointer)
    for name in obj:
        if name not in required and name not in optional:
            raise _fail(f"unknown member {name!r}", pointer)


def _string(value: Any, pointer: str) -> str:
    if not isinstance(value, str):
        raise _fail("expected a string", pointer)
    return value


def _optional_string(value: Any, pointer: str) -> str | None:
    return None if value is None else _string(value, pointer)


def _list(value: Any, pointer: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail("expected an array", pointer)
    return value


def _attrs(value: Any, pointer: str) -> Attrs:
    if not isinstance(value, dict):
        raise _fail("expected an object of attributes", pointer)
    return tuple(
        (name, _string(v, f"{pointer}/{pointer_escape(name)}")) for name, v in sorted(value.items())
    )


def _content(value: Any, pointer: str) -> tuple[Node, ...]:
    return tuple(_node(node, f"{pointer}/{i}") for i, node in enumerate(_list(value, pointer)))


def _node(value: Any, pointer: str) -> Node:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "note" in value:
        _members(value, pointer, ("note",), ())
        return NoteRef(_string(value["note"], f"{pointer}/note"))
    _members(value, pointer, ("tag",), ("attrs", "content"))
    return _element(_string(value["tag"], f"{pointer}/tag"), value, pointer)


def _element(tag: str, value: dict[str, Any], pointer: str) -> Element:
    if not tag:
        raise _fail("an element needs a tag", pointer)
    return Element(
        tag,
        _attrs(value.get("attrs", {}), f"{pointer}/attrs"),
        _content(value.get("content", []), f"{pointer}/content"),
    )


def _block(value: Any, pointer: str) -> Element:
    if not isinstance(value, dict) or "type" not in value:
        raise _fail("a body block must be an object with a 'type'", pointer)
    kind = _string(value["type"], f"{pointer}/type")
    if kind == PAGE_BREAK:
        _members(value, pointer, ("type",), ("n", "attrs"))
        attrs = _attrs(value.get("attrs", {}), f"{pointer}/attrs")
        n = _optional_string(value.get("n"), f"{pointer}/n")
        if any(name == "n" for name, _ in attrs):
            raise _fail("a page break gives its number in 'n', not in 'attrs'", pointer)
        return Element("pb", tuple(sorted((*attrs, ("n", n)))) if n is not None else attrs)
    _members(value, pointer, ("type",), ("attrs", "content"))
    return _element("p" if kind == PARAGRAPH else kind, value, pointer)


def _note(value: Any, pointer: str) -> Note:
    _members(value, pointer, ("n", "kind", "content"), ("attrs", "text"))
    kind = _string(value["kind"], f"{pointer}/kind")
    if kind not in NOTE_KINDS:
        raise _fail(f"a note's kind is one of {', '.join(NOTE_KINDS)}", f"{pointer}/kind")
    return Note(
        _string(value["n"], f"{pointer}/n"),
        kind,
        _content(value["content"], f"{pointer}/content"),
        _attrs(value.get("attrs", {}), f"{pointer}/attrs"),
    )


def _volume(value: Any, pointer: str) -> Volume:
    _members(value, pointer, ("id",), _VOLUME)
    editors = _list(value.get("editors", []), f"{pointer}/editors")
    return Volume(
        id=_string(value["id"], f"{pointer}/id"),
        title=_optional_string(value.get("title"), f"{pointer}/title"),
        series=_optional_string(value.get("series"), f"{pointer}/series"),
        subseries=_optional_string(value.get("subseries"), f"{pointer}/subseries"),
        number=_optional_string(value.get("number"), f"{pointer}/number"),
        editors=tuple(_string(e, f"{pointer}/editors/{i}") for i, e in enumerate(editors)),
        published=_optional_string(value.get("published"), f"{pointer}/published"),
    )
