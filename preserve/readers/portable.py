"""A TEI volume's document divs as bytes, to be read into records in worker processes.

The process that streams the volume only splits it (``tei.document_divs``): each div
goes out as its XML, serialized with every namespace in scope, plus the line each of
its nodes had in the volume. ``DocumentBytes.parse`` in the worker gives the very
``Parsed`` that ``read_tei`` gives. Splitting costs a tenth of reading a record, and
bytes pickle faster than records, so the streaming process no longer holds the
workers back. A div holding an entity reference cannot stand alone (the entity is
declared outside it): it is read in the streaming process, as before.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from preserve.model import Volume
from preserve.readers import Parsed, read_path, sniff
from preserve.readers.tei import Document, each_document, parse_document


@dataclass(frozen=True)
class DocumentBytes:
    """One document div of a volume file, ready to cross a process boundary."""

    xml: bytes
    lines: tuple[int | None, ...]  # the line of each node of the div, in ``iter()`` order
    xpath: str
    volume: Volume | None
    origin: str | None
    name: str  # the volume file, as findings name it

    @classmethod
    def of(cls, document: Document, name: str) -> DocumentBytes:
        div = document.div
        xml = etree.tostring(div, encoding="UTF-8", xml_declaration=False, with_tail=False)
        lines = tuple(node.sourceline for node in div.iter())
        return cls(xml, lines, document.xpath, document.volume, document.origin, name)

    def parse(self, front: Container[str] | None = None) -> Parsed:
        """The record, as ``read_tei`` reads it from the volume (``front``: as
        ``tei.parse_document`` takes it)."""
        try:
            div = etree.fromstring(self.xml, _parser(recover=False))
        except etree.XMLSyntaxError:
            # Only a namespace error gets here: the volume's stream kept the element
            # (and fails at its end); keep it too, so the reader sees what it saw.
            div = etree.fromstring(self.xml, _parser(recover=True))
        lines = dict(zip(div.iter(), self.lines, strict=True))
        document = Document(div, self.xpath, self.volume, self.origin, lines)
        return parse_document(document, self.name, front)


Item = Parsed | DocumentBytes


@cache
def _parser(recover: bool) -> etree.XMLParser:
    """A parser with the options ``tei.document_divs`` streams with."""
    return etree.XMLParser(resolve_entities=False, recover=recover)


def read_portable(
    path: str | Path, front: Container[str] | None = None, here: bool = False
) -> Iterator[Item]:
    """Every record of the file at ``path``, as ``read_path`` reads it, except that each
    document div of a TEI file is a ``DocumentBytes`` still to be parsed; or, ``here``
    (one process does all), already parsed. ``front`` as ``tei.parse_document`` takes it."""
    source = str(path)
    try:
        with open(path, "rb") as stream:
            start = stream.read(4096)
    except OSError:
        start = b""  # read_path says what is wrong
    if sniff(start) != "xml":
        yield from read_path(path)
        return
    for document in each_document(Path(path), source):
        if here or next(document.div.iter(etree.Entity), None) is not None:
            yield parse_document(document, source, front)
        else:
            yield DocumentBytes.of(document, source)


def parsed(item: Item, front: Container[str] | None = None) -> Parsed:
    """The record of ``item``, parsing it if it is still bytes."""
    return item if isinstance(item, Parsed) else item.parse(front)


def volume(item: Item) -> Volume | None:
    """The volume ``item`` belongs to, without parsing it."""
    return item.record.volume if isinstance(item, Parsed) else item.volume
