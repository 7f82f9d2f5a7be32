"""The record: one FRUS document as immutable data. No I/O.

A record keeps the document's structure the way FRUS TEI does, minus the notes, which
are pulled out into ``Record.notes`` and left in place as ``NoteRef`` markers. Content
is a tree of ``Node``: plain strings, ``NoteRef`` and ``Element`` (a TEI element by its
local name, with its attributes and children). Everything a reader of the record asks
for (title, dateline, classification, signatures, source note) is derived from that
structure by the properties below, so there is one source of truth.

Attribute names use the prefixes ``xml:`` and ``frus:`` for the two namespaced
attributes FRUS uses; readers store attributes sorted by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from preserve.classification import Classification, classify

Attrs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class NoteRef:
    """Where note ``n`` is anchored in the running text."""

    n: str


@dataclass(frozen=True)
class Element:
    """A TEI element kept as it is: ``p``, ``pb``, ``persName``, ``list``, ``closer``…"""

    tag: str
    attrs: Attrs = ()
    children: tuple[Node, ...] = ()

    def get(self, name: str, default: str | None = None) -> str | None:
        """The value of attribute ``name``, or ``default``."""
        for key, value in self.attrs:
            if key == name:
                return value
        return default


Node = str | Element | NoteRef

NOTE_KINDS = ("source", "signature", "footnote")


@dataclass(frozen=True)
class Note:
    """A numbered note: ``kind`` is source, signature or footnote."""

    n: str
    kind: str
    content: tuple[Node, ...]
    attrs: Attrs = ()

    @property
    def text(self) -> str:
        return plain_text(self.content)


@dataclass(frozen=True)
class Dateline:
    """Where and when a document was written, as FRUS prints it."""

    place: str | None
    date: str | None
    text: str


@dataclass(frozen=True)
class Signature:
    """One signer, with the ``n`` of the note attached to the signature (or None)."""

    name: str
    note: str | None


@dataclass(frozen=True)
class Volume:
    """The FRUS volume a document belongs to, from its ``teiHeader``."""

    id: str
    title: str | None = None
    series: str | None = None
    subseries: str | None = None
    number: str | None = None
    editors: tuple[str, ...] = ()
    published: str | None = None


@dataclass(frozen=True)
class Record:
    """One document: FRUS numbering, head, body blocks and notes."""

    doc_id: str
    number: str
    head: tuple[Node, ...]
    body: tuple[Element, ...]
    notes: tuple[Note, ...] = ()
    subtype: str | None = None
    attrs: Attrs = ()
    volume: Volume | None = None
    origin: str | None = None

    @property
    def id(self) -> str:
        """A stable identifier: ``frus1961-63v05-d390``, or from the file name."""
        if self.volume is not None:
            return f"{self.volume.id}-{self.doc_id}"
        if self.origin:
            stem = re.sub(r"\.[A-Za-z0-9]+$", "", self.origin.rsplit("/", 1)[-1])
            safe = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("_")
            if safe:
                return f"{safe}-{self.doc_id}"
        return self.doc_id

    @property
    def title(self) -> str:
        """The head's text without its number and notes."""
        text = plain_text(self.head)
        prefix = f"{self.number}."
        if text.startswith(prefix):
            text = text[len(prefix) :]
        return text.strip()

    @property
    def is_editorial_note(self) -> bool:
        return self.subtype == "editorial-note" or self.title == "Editorial Note"

    @property
    def dateline(self) -> Dateline | None:
        """The first dateline in the body or in an opener."""
        for block in self.body:
            candidates = [block] if block.tag == "dateline" else []
            if block.tag == "opener":
                candidates = [c for c in block.children if isinstance(c, Element)]
            for element in candidates:
                if element.tag == "dateline":
                    return _dateline(element)
        return None

    def note(self, n: str) -> Note | None:
        for note in self.notes:
            if note.n == n:
                return note
        return None

    @property
    def source_note(self) -> Note | None:
        return next((note for note in self.notes if note.kind == "source"), None)

    @property
    def classification(self) -> Classification | None:
        source = self.source_note
        return classify(source.text) if source is not None else None

    @property
    def signatures(self) -> tuple[Signature, ...]:
        """Every ``signed`` element of the body, in document order."""
        return tuple(_signature(e) for e in iter_elements(self.body) if e.tag == "signed")

    @property
    def paragraphs(self) -> tuple[Element, ...]:
        return tuple(block for block in self.body if block.tag == "p")

    def note_refs(self) -> Iterator[NoteRef]:
        """Every note marker in head and body, in document order."""
        for node in iter_nodes(self.head + self.body):
            if isinstance(node, NoteRef):
                yield node


def iter_nodes(nodes: tuple[Node, ...]) -> Iterator[Node]:
    """Every node of a content tree, depth first, in document order."""
    for node in nodes:
        yield node
        if isinstance(node, Element):
            yield from iter_nodes(node.children)


def iter_elements(nodes: tuple[Node, ...]) -> Iterator[Element]:
    return (node for node in iter_nodes(nodes) if isinstance(node, Element))


def plain_text(nodes: tuple[Node, ...]) -> str:
    """The text of a content tree, notes left out, white space folded."""
    parts: list[str] = []

    def walk(children: tuple[Node, ...]) -> None:
        for node in children:
            if isinstance(node, str):
                parts.append(node)
            elif isinstance(node, Element):
                if node.tag == "lb":
                    parts.append(" ")
                walk(node.children)

    walk(nodes)
    return " ".join("".join(parts).split())


def _dateline(element: Element) -> Dateline:
    place = date = None
    for child in iter_elements(element.children):
        if child.tag == "placeName" and place is None:
            place = plain_text(child.children)
        if child.tag == "date" and date is None:
            date = child.get("when")
    return Dateline(place=place, date=date, text=plain_text(element.children))


def _signature(signed: Element) -> Signature:
    name_nodes = tuple(
        c for c in signed.children if not (isinstance(c, Element) and c.tag == "affiliation")
    )
    note = next((c.n for c in iter_nodes(signed.children) if isinstance(c, NoteRef)), None)
    return Signature(name=plain_text(name_nodes), note=note)
