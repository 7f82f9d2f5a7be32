"""Cross-references from a volume's documents into its front matter.

FRUS documents point at the volume's lists of persons and abbreviations:
``<persName corresp="#p_BMG1">Bundy</persName>``, ``<gloss target="#t_USSR1">USSR</gloss>``.
A document packaged on its own leaves those lists behind, so the links would dangle.
preserve keeps the links as they are in ``record.xml`` and carries the entries they
point at into the package as ``references.json``; a link whose target the volume does
not define is kept too and reported as ``PRS-XREF-UNRESOLVED``.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import rfc8785
from lxml import etree

from preserve.errors import InputError
from preserve.findings import Finding, Position, Severity
from preserve.model import Element, Node, Record, plain_text

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
UNRESOLVED = "PRS-XREF-UNRESOLVED"

LINKS = {"persName": "corresp", "gloss": "target"}  # element -> attribute holding the link
DEFINITIONS = {f"{TEI}persName": "person", f"{TEI}term": "term"}


@dataclass(frozen=True)
class Entry:
    """One entry of the volume's persons or terms list."""

    id: str
    kind: str  # "person" or "term"
    name: str  # as the list prints it: "Bundy, McGeorge", "USSR"
    description: str  # the rest of the entry: "President's Special Assistant for …"


@dataclass(frozen=True)
class Link:
    """A link from a document into the front matter, and where it is in the record."""

    target: str  # the id, without "#"
    element: str  # "persName" or "gloss"
    text: str  # the linked words as printed
    key: str  # its block and place in it: "head/links/0", "body/3/links/1", "notes/2/links/0"


@dataclass(frozen=True)
class Resolved:
    """The entries a record's links point at, and the links nothing answers."""

    entries: tuple[Entry, ...]
    unresolved: tuple[Link, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(
            Finding(
                UNRESOLVED,
                Severity.WARNING,
                f"{link.element} “{link.text}” links to #{link.target}, which the volume's "
                "front matter does not define; the link is kept as it is",
                key=link.key,
            )
            for link in self.unresolved
        )


def read_front_matter(source: bytes | Path, name: str) -> dict[str, Entry]:
    """Every person and term the volume's front matter defines, by ``xml:id``.

    Reads only up to ``<body>``: the lists come before the documents, so a large
    volume costs no more than its front matter. Raises ``InputError`` with the line
    and column if the XML breaks before then.
    """
    entries: dict[str, Entry] = {}
    try:
        with _open(source) as stream:
            for event, element in etree.iterparse(stream, events=("start", "end")):
                if element.tag == f"{TEI}body":
                    break
                if event == "end" and element.tag == f"{TEI}item":
                    entries.update((e.id, e) for e in _entries(element))
                    element.clear()
    except etree.XMLSyntaxError as error:
        line, column = error.position
        raise InputError(
            f"not well-formed XML: {error.msg}", name, Position(line, column)
        ) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", name) from None
    return entries


def links(record: Record) -> Iterator[Link]:
    """Every person and term link in the record's head, body and notes, in order."""
    for target, element, place in _targets(record):
        yield _link(target, element, place)


def resolve(record: Record, front: Mapping[str, Entry]) -> Resolved:
    """The front-matter entries ``record`` links to (each once, by id) and its dangling links."""
    found: dict[str, Entry] = {}
    unresolved: list[Link] = []
    for target, element, place in _targets(record):
        entry = front.get(target)
        if entry is None:
            unresolved.append(_link(target, element, place))
        else:
            found.setdefault(entry.id, entry)
    return Resolved(tuple(sorted(found.values(), key=lambda e: e.id)), tuple(unresolved))


def to_json(record: Record, resolved: Resolved) -> bytes:
    """``references.json``: the entries ``record`` links to, canonical (RFC 8785)."""

    def table(kind: str) -> dict[str, dict[str, str]]:
        return {
            e.id: {"name": e.name, "description": e.description}
            for e in resolved.entries
            if e.kind == kind
        }

    document = {
        "record": record.id,
        "volume": record.volume.id if record.volume else None,
        "persons": table("person"),
        "terms": table("term"),
        "unresolved": [
            {"target": f"#{link.target}", "element": link.element, "text": link.text}
            for link in resolved.unresolved
        ],
    }
    if all(e.id.isascii() for e in resolved.entries):
        # Only strings: with ASCII member names the standard encoder writes RFC 8785's
        # bytes, several times faster (as preserve.writers.json explains).
        text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return text.encode("utf-8")
    return rfc8785.dumps(document)


def _open(source: bytes | Path):
    return io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")


def _entries(item: etree._Element) -> Iterator[Entry]:
    text = _fold("".join(item.itertext()))
    for element in item.iter(*DEFINITIONS):
        ident = element.get(XML_ID)
        if not ident:
            continue
        name = _fold("".join(element.itertext()))
        before, _, after = text.partition(name)
        rest = " ".join(p for p in (before.strip(), after.lstrip(" ,;:").strip()) if p)
        yield Entry(ident, DEFINITIONS[element.tag], name, rest)


def _targets(record: Record) -> Iterator[tuple[str, Element, tuple[str, int]]]:
    """``links`` before each link's text is taken (only a dangling link needs it)."""
    counts: Counter[str] = Counter()
    yield from _links(record.head, "head", counts)
    for index, block in enumerate(record.body):
        yield from _links((block,), f"body/{index}", counts)
    for note in record.notes:
        yield from _links(note.content, f"notes/{note.n}", counts)


def _link(target: str, element: Element, place: tuple[str, int]) -> Link:
    block, index = place
    return Link(target, element.tag, plain_text(element.children), f"{block}/links/{index}")


def link_targets(value: str | None) -> list[str]:
    """The ids a link attribute points at: ``["p_BMG1"]`` for ``corresp="#p_BMG1"``."""
    return [v[1:] for v in (value or "").split() if v.startswith("#") and len(v) > 1]


def _links(
    nodes: tuple[Node, ...], key: str, counts: Counter[str]
) -> Iterator[tuple[str, Element, tuple[str, int]]]:
    """Links in ``nodes``, depth first, each with its block and index in it: the key
    ``key/links/i`` under which the TEI reader notes the line and XPath of its element."""
    for node in nodes:
        if not isinstance(node, Element):
            continue
        if node.tag in LINKS:
            for target in link_targets(node.get(LINKS[node.tag])):
                yield target, node, (key, counts[key])
                counts[key] += 1
        if node.children:
            yield from _links(node.children, key, counts)


def _fold(text: str) -> str:
    return " ".join(text.split())
