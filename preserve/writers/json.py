"""A record as canonical JSON: a plain object, serialized with RFC 8785 (JCS).

The object mirrors the record's structure (``head``, ``body``, ``notes``, ``attrs``…) so
that ``preserve.readers.json.from_obj`` gives the same record back, and adds the derived
members users look for (``id``, ``title``, ``dateline``, ``classification``,
``signatures``, each note's ``text``). Readers recompute those; see ``DERIVED``.

Inline content is a list of strings, ``{"note": "2"}`` for a note reference and
``{"tag": ..., "attrs": {...}, "content": [...]}`` for an element. Body blocks carry a
``type``: ``"paragraph"`` (a ``p``), ``"page-break"`` (an empty ``pb``, with ``n`` as
printed) or the TEI tag of any other block.
"""

from __future__ import annotations

import json
from typing import Any

import rfc8785

from preserve.model import Attrs, Element, Node, NoteRef, Record

# Top-level members computed from the structure; a reader checks them, never trusts them.
DERIVED = ("id", "title", "dateline", "classification", "signatures")

PARAGRAPH = "paragraph"
PAGE_BREAK = "page-break"


def to_obj(record: Record) -> dict[str, Any]:
    """The record as a JSON-ready dict (the canonical JSON form)."""
    dateline = record.dateline
    classification = record.classification
    volume = record.volume
    return {
        "id": record.id,
        "doc_id": record.doc_id,
        "number": record.number,
        "title": record.title,
        "subtype": record.subtype,
        "attrs": attrs_obj(record.attrs),
        "head": content_obj(record.head),
        "dateline": None
        if dateline is None
        else {"place": dateline.place, "date": dateline.date, "text": dateline.text},
        "classification": None
        if classification is None
        else {
            "level": classification.level,
            "caveats": list(classification.caveats),
            "precedence": classification.precedence,
            "text": classification.text,
        },
        "notes": [
            {
                "n": note.n,
                "kind": note.kind,
                "text": note.text,
                "content": content_obj(note.content),
                "attrs": attrs_obj(note.attrs),
            }
            for note in record.notes
        ],
        "signatures": [{"name": s.name, "note": s.note} for s in record.signatures],
        "body": [block_obj(block) for block in record.body],
        "volume": None
        if volume is None
        else {
            "id": volume.id,
            "title": volume.title,
            "series": volume.series,
            "subseries": volume.subseries,
            "number": volume.number,
            "editors": list(volume.editors),
            "published": volume.published,
        },
        "origin": record.origin,
    }


def to_bytes(record: Record) -> bytes:
    """The canonical JSON bytes of the record (RFC 8785: sorted keys, no white space).

    ``rfc8785`` defines the bytes. The canonical object holds only strings, lists,
    objects and null, so where every member name is ASCII (always, in practice: they are
    ours or XML attribute names) the standard library's encoder with JCS settings writes
    the very same bytes some five times faster: it escapes the same characters the same
    way, and sorting ASCII names by code point is sorting them by UTF-16 code unit. The
    tests hold the two to byte equality on the corpus and on generated records.
    """
    return serialize(record, to_obj(record))


def serialize(record: Record, obj: dict[str, Any]) -> bytes:
    """The canonical bytes of ``obj``, which is ``to_obj(record)`` (see ``to_bytes``)."""
    if _ascii_names(record):
        text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return text.encode("utf-8")
    return rfc8785.dumps(obj)


def dumps(obj: Any) -> bytes:
    """RFC 8785 bytes of any JSON-ready ``obj`` (the validation report, say).

    With ASCII member names and no numbers but safe integers, the standard library's
    encoder writes the bytes (see ``to_bytes``); anything else goes to ``rfc8785``.
    """
    if _plain(obj):
        text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return text.encode("utf-8")
    return rfc8785.dumps(obj)


_SAFE = 2**53  # integers JSON numbers (IEEE doubles) hold exactly, as RFC 8785 requires


def _plain(obj: Any) -> bool:
    """Only strings, booleans, null, safe integers, lists and ASCII-named objects."""
    if isinstance(obj, str) or obj is None or isinstance(obj, bool):
        return True
    if isinstance(obj, int):
        return -_SAFE < obj < _SAFE
    if isinstance(obj, list):
        return all(_plain(item) for item in obj)
    if isinstance(obj, dict):
        return all(
            isinstance(name, str) and name.isascii() and _plain(value)
            for name, value in obj.items()
        )
    return False


def _ascii_names(record: Record) -> bool:
    """Whether every attribute name in the record (the only member names that are not
    ours) is ASCII."""
    return (
        _ascii_attrs(record.attrs)
        and all(_ascii_attrs(note.attrs) for note in record.notes)
        and _ascii_content(record.head)
        and _ascii_content(record.body)
        and all(_ascii_content(note.content) for note in record.notes)
    )


def _ascii_attrs(attrs: Attrs) -> bool:
    return all(name.isascii() for name, _ in attrs)


def _ascii_content(nodes: tuple[Node, ...]) -> bool:
    for node in nodes:
        if isinstance(node, Element) and not (
            _ascii_attrs(node.attrs) and _ascii_content(node.children)
        ):
            return False
    return True


def block_obj(block: Element) -> dict[str, Any]:
    """One body block: a paragraph, a page break, or any other TEI block by its tag."""
    if block.tag == "p":
        return {
            "type": PARAGRAPH,
            "attrs": attrs_obj(block.attrs),
            "content": content_obj(block.children),
        }
    if block.tag == "pb" and not block.children:
        others = tuple(item for item in block.attrs if item[0] != "n")
        return {"type": PAGE_BREAK, "n": block.get("n"), "attrs": attrs_obj(others)}
    return {
        "type": block.tag,
        "attrs": attrs_obj(block.attrs),
        "content": content_obj(block.children),
    }


def content_obj(nodes: tuple[Node, ...]) -> list[Any]:
    """Inline content: strings, ``{"note": n}`` and ``{"tag", "attrs", "content"}``."""
    return [node_obj(node) for node in nodes]


def node_obj(node: Node) -> Any:
    if isinstance(node, str):
        return node
    if isinstance(node, NoteRef):
        return {"note": node.n}
    return {"tag": node.tag, "attrs": attrs_obj(node.attrs), "content": content_obj(node.children)}


def attrs_obj(attrs: Attrs) -> dict[str, str]:
    return dict(attrs)
