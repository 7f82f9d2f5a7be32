"""``Record`` to canonical TEI: a complete FRUS-style TEI document, serialized as C14N 2.0.

The document div is written the way the Office of the Historian encodes FRUS
(``div type="document" xml:id="d390" n="390"``, notes inline where they are anchored,
the source note with ``type="source"``), inside a ``teiHeader`` naming the volume and
the file the record was read from. ``preserve.readers.tei`` reads it back to the same
record. What is written and why: docs/tei.md.
"""

from __future__ import annotations

from collections import defaultdict, deque
from functools import cache

from lxml import etree

from preserve.errors import OutputError
from preserve.model import Element, Node, Note, Record, Volume
from preserve.teixml import ELEMENT_ONLY, FRUS_NS, PREFIXES, SOURCE_FILE, TEI_NS

NAMESPACES = {prefix: uri for uri, prefix in PREFIXES.items()}
# A newline goes between two child elements of these (the reader drops that white space).
NEWLINES = (ELEMENT_ONLY - {"signed"}) | {
    "teiHeader", "fileDesc", "titleStmt", "publicationStmt", "sourceDesc", "revisionDesc"
}  # fmt: skip


def to_bytes(record: Record) -> bytes:
    """The record as canonical TEI: C14N 2.0 of ``to_tree(record)``, UTF-8, no declaration.

    The bytes are ``etree.canonicalize(to_tree(record))``. libxml2's exclusive C14N gives
    the same bytes for the trees written here (no comments, namespaces declared where
    used; tests/writers/test_tei.py checks it) in a fifteenth of the time.
    """
    return serialize(to_tree(record))


def serialize(root: etree._Element) -> bytes:
    """The canonical bytes of a tree ``to_tree`` built (see ``to_bytes``)."""
    return etree.tostring(root, method="c14n", exclusive=True)


def to_tree(record: Record) -> etree._Element:
    """The record as a complete TEI document (the ``TEI`` root element)."""
    try:
        ids = {"xml:id": record.volume.id} if record.volume else {}
        root = etree.Element(_qname("TEI"), _attrs(ids), nsmap={None: TEI_NS, "frus": FRUS_NS})
        _header(_sub(root, "teiHeader"), record)
        _DocumentWriter(record).div(_sub(_sub(root, "text"), "body"))
    except ValueError as error:  # text or names XML cannot hold, e.g. control characters
        raise OutputError(f"record {record.id} cannot be written as XML: {error}") from None
    for container in root.iter(*(_qname(name) for name in NEWLINES)):
        _newlines(container)
    return root


def _header(header: etree._Element, record: Record) -> None:
    """The ``teiHeader``: titles and editors of the volume, publication, source file."""
    volume = record.volume
    file_desc = _sub(header, "fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    _sub(title_stmt, "title", text=record.title)
    publication = _sub(file_desc, "publicationStmt")
    if volume is None:
        _sub(publication, "p", text="Not part of a published volume.")
    else:
        _volume(title_stmt, publication, volume)
    source = _sub(_sub(file_desc, "sourceDesc"), "p", text="Normalized by preserve")
    if record.origin:
        source.text += " from "
        _sub(source, "idno", {"type": SOURCE_FILE}, record.origin).tail = "."
    else:
        source.text += "."
    revisions = _sub(header, "revisionDesc")
    _sub(revisions, "change", text="Normalized to canonical TEI by preserve.")


def _volume(title_stmt: etree._Element, publication: etree._Element, volume: Volume) -> None:
    for kind, value in (
        ("series", volume.series),
        ("sub-series", volume.subseries),
        ("volume-number", volume.number),
        ("volume", volume.title),
    ):
        if value is not None:
            _sub(title_stmt, "title", {"type": kind}, value)
    for editor in volume.editors:
        _sub(title_stmt, "editor", text=editor)
    _sub(publication, "idno", {"type": "frus"}, volume.id)
    if volume.published is not None:
        _sub(publication, "date", {"type": "publication-date"}, volume.published)


class _DocumentWriter:
    """Writes the document div, putting each note back where its ``NoteRef`` stands."""

    def __init__(self, record: Record):
        self.record = record
        self.pending: dict[str, deque[Note]] = defaultdict(deque)
        for note in record.notes:
            self.pending[note.n].append(note)

    def div(self, body: etree._Element) -> None:
        record = self.record
        attrs = dict(record.attrs)
        attrs.update(type="document")
        if record.doc_id:
            attrs["xml:id"] = record.doc_id
        if record.number:
            attrs["n"] = record.number
        if record.subtype is not None:
            attrs["subtype"] = record.subtype
        div = _sub(body, "div", attrs)
        if record.head:
            self._fill(_sub(div, "head"), record.head)
        for block in record.body:
            self._element(div, block)
        for queue in self.pending.values():  # notes no marker points at
            while queue:
                self._note(div, queue.popleft())

    def _element(self, parent: etree._Element, element: Element) -> etree._Element:
        tree = _sub(parent, element.tag, dict(element.attrs))
        self._fill(tree, element.children)
        return tree

    def _note(self, parent: etree._Element, note: Note) -> etree._Element:
        attrs = dict(note.attrs)
        if note.n:
            attrs["n"] = note.n
        if note.kind == "source":
            attrs["type"] = "source"
        tree = _sub(parent, "note", attrs)
        self._fill(tree, note.content)
        return tree

    def _fill(self, parent: etree._Element, nodes: tuple[Node, ...]) -> None:
        last: etree._Element | None = None
        for node in nodes:
            if isinstance(node, str):
                if last is None:
                    parent.text = (parent.text or "") + node
                else:
                    last.tail = (last.tail or "") + node
            elif isinstance(node, Element):
                last = self._element(parent, node)
            elif self.pending.get(node.n):
                last = self._note(parent, self.pending[node.n].popleft())
            else:  # a marker with no note left: kept as an empty note
                last = _sub(parent, "note", {"n": node.n} if node.n else {})


def _newlines(container: etree._Element) -> None:
    """A newline between child elements that have no text between them (dropped on reading)."""
    if len(container) == 0:
        return
    if not container.text:
        container.text = "\n"
    for child in container:
        if not child.tail:
            child.tail = "\n"


@cache
def _qname(name: str) -> str:
    """``p`` in the TEI namespace, ``xml:id`` and ``frus:attachment`` in theirs."""
    prefix, _, local = name.rpartition(":")
    if prefix and prefix not in NAMESPACES:
        raise ValueError(f"unknown namespace prefix in {name!r}")
    return f"{{{NAMESPACES[prefix] if prefix else TEI_NS}}}{local}"


def _attrs(attrs: dict[str, str]) -> dict[str, str]:
    return {(_qname(name) if ":" in name else name): value for name, value in attrs.items()}


def _sub(
    parent: etree._Element, tag: str, attrs: dict[str, str] | None = None, text: str | None = None
) -> etree._Element:
    element = etree.SubElement(parent, _qname(tag), _attrs(attrs) if attrs else None)
    if text is not None:
        element.text = text
    return element
