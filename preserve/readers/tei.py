"""FRUS TEI to ``Record``s: one document div, or a whole volume streamed with iterparse.

Every ``div type="document"`` becomes one record, yielded as soon as its end tag has
been parsed; what has been processed is cleared from the tree, so memory stays flat
however large the volume. Every TEI element is kept generically as a model ``Element``
(tag, attributes, children); notes are pulled out into ``Record.notes`` and left as
``NoteRef`` where they stood. What the model cannot hold (comments, processing
instructions, elements and attributes in foreign namespaces, text directly inside a
div) is reported as a ``PRS-TEI-DROPPED`` warning with its XPath. See docs/tei.md.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

from preserve.errors import InputError
from preserve.findings import Finding, Position, Severity
from preserve.model import Element, Node, Note, NoteRef, Record, Volume
from preserve.readers import Parsed
from preserve.references import LINKS, link_targets
from preserve.teixml import ELEMENT_ONLY, PREFIXES, SOURCE_FILE, TEI_NS, XML_NS

DROPPED = "PRS-TEI-DROPPED"

# Phrase-level elements: their content is folded but not trimmed at the ends. Every other
# element is a block, whose content loses leading and trailing whitespace.
INLINE = frozenset({
    "abbr", "add", "affiliation", "date", "del", "emph", "foreign", "gap", "gloss", "hi",
    "idno", "lb", "name", "num", "orgName", "pb", "persName", "placeName", "ref", "rs",
    "seg", "term", "time", "title", "unclear", "frus:classification",
})  # fmt: skip
# Path steps written without a position: the TEI grammar allows only one of each.
UNIQUE = frozenset({"TEI", "teiHeader", "text", "front", "body", "back"})

XML_SPACE = " \t\r\n"
_SPACE = re.compile(f"[{XML_SPACE}]+")
_LXML_WHERE = re.compile(r",? line \d+, column \d+$")


def read_tei(source: bytes | Path, name: str) -> Iterator[Parsed]:
    """One ``Parsed`` per ``div type="document"`` in ``source``, in document order.

    ``source`` is the file's bytes or its path (streamed). Raises ``InputError`` naming
    ``name`` and the line:column for malformed XML, when reached, and at the end if the
    file holds no document div.
    """
    for document in each_document(source, name):
        yield parse_document(document, name)


def each_document(source: bytes | Path, name: str) -> Iterator[Document]:
    """``document_divs``, raising ``InputError`` at the end if there was none."""
    found = False
    for document in document_divs(source, name):
        found = True
        yield document
    if not found:
        raise InputError('no <div type="document"> in this XML file', name)


def parse_document(document: Document, name: str, front: Container[str] | None = None) -> Parsed:
    """The record of one document div read from the file called ``name``.

    ``front``: the ids the volume's front matter defines; a link to any other id gets
    its line and XPath in the positions, for ``preserve.references`` to report it.
    """
    return _DocumentReader(document, name, front=front).parse()


@dataclass
class Document:
    """A parsed document div with what the stream knew when it ended.

    ``lines`` gives the line of each node of ``div`` in the volume when ``div`` is not
    the parsed volume's own (see ``preserve.readers.portable``); else ``sourceline``.
    """

    div: etree._Element
    xpath: str
    volume: Volume | None
    origin: str | None
    lines: Mapping[etree._Element, int | None] | None = None

    def line(self, node: etree._Element) -> int | None:
        """The line ``node`` was on in the file read."""
        return node.sourceline if self.lines is None else self.lines[node]


def document_divs(source: bytes | Path, name: str) -> Iterator[Document]:
    """Each document div of ``source`` as soon as it is complete.

    Everything outside the document divs is cleared once parsed (after the ``teiHeader``
    has been read for the volume metadata), and each div is cleared once the caller has
    moved on, so at most one document is in memory at a time.
    """
    if isinstance(source, bytes):
        if not source.strip():
            raise InputError("empty file", name)
        yield from _stream(io.BytesIO(source), name)
        return
    try:
        with open(source, "rb") as stream:
            if not stream.read(4096).strip():
                raise InputError("empty file", name)
            stream.seek(0)
            yield from _stream(stream, name)
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a TEI file", name) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", name) from None


def _stream(stream: io.BufferedIOBase, name: str) -> Iterator[Document]:
    parser = etree.iterparse(stream, events=("start", "end"), resolve_entities=False)
    paths: list[tuple[str, Counter[str]]] = []  # (xpath, child tag counts) of open elements
    inside = 0  # depth inside a subtree kept whole until its end: a document div, the header
    root_id: str | None = None
    volume: Volume | None = None
    origin: str | None = None
    try:
        for event, element in parser:
            if event == "start":
                if inside:
                    inside += 1
                    continue
                if not paths:
                    root_id = element.get(f"{{{XML_NS}}}id")
                    volume = Volume(id=root_id) if root_id else None
                step = _step(element)
                if paths:
                    counts = paths[-1][1]
                    counts[element.tag] += 1
                    if step not in UNIQUE:
                        step = f"{step}[{counts[element.tag]}]"
                paths.append((f"{paths[-1][0] if paths else ''}/{step}", Counter()))
                if _is_document(element) or step == "teiHeader":
                    inside = 1
                continue
            if inside > 1:
                inside -= 1
                continue
            xpath = paths.pop()[0]
            if inside and _tag(element) == "teiHeader":
                volume = _volume(root_id, element)
                origin = _origin(element)
            elif inside:
                yield Document(element, xpath, volume, origin)
            inside = 0
            _clear(element)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        position = Position(line=line, column=column) if line else None
        message = _LXML_WHERE.sub("", error.msg or "not well-formed")
        raise InputError(f"malformed XML: {message}", name, position) from None


def _elements(element: etree._Element, following: bool = False) -> Iterator[etree._Element]:
    """The child elements of ``element`` (or its following siblings), without comments."""
    nodes = element.itersiblings() if following else iter(element)
    return (node for node in nodes if isinstance(node.tag, str))


def _clear(element: etree._Element) -> None:
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _is_document(element: etree._Element) -> bool:
    return _tag(element) == "div" and element.get("type") == "document"


def _tag(node: etree._Element) -> str:
    """``p``, ``frus:attachment``; a foreign element as ``{namespace}name``."""
    return _model_tag(node.tag)


@cache
def _model_tag(tag: str) -> str:
    qname = etree.QName(tag)
    if qname.namespace in (None, TEI_NS):
        return qname.localname
    if qname.namespace in PREFIXES:
        return f"{PREFIXES[qname.namespace]}:{qname.localname}"
    return qname.text


def _step(element: etree._Element) -> str:
    """The element's name as an XPath step: ``p``, ``frus:attachment``, ``xi:include``."""
    tag = _tag(element)
    if not tag.startswith("{"):
        return tag
    return f"{element.prefix}:{etree.QName(element).localname}" if element.prefix else "*"


def _foreign_name(element: etree._Element, attribute: str | None = None) -> str:
    """An element or attribute in a foreign namespace, as ``prefix:name`` {namespace}."""
    qname = etree.QName(attribute or element)
    prefixes = {uri: prefix for prefix, uri in element.nsmap.items() if prefix}
    prefix = prefixes.get(qname.namespace)
    name = f"{prefix}:{qname.localname}" if prefix else qname.localname
    return f"{name} (namespace {qname.namespace})"


@cache
def _attr_name(name: str) -> str | None:
    """The model's name for an attribute, or None if the model cannot hold it."""
    qname = etree.QName(name)
    if qname.namespace is None:
        return qname.localname
    prefix = PREFIXES.get(qname.namespace)
    return f"{prefix}:{qname.localname}" if prefix else None


def _fold(text: str) -> str:
    """Runs of XML white space (not NBSP and the like, which are text) to one space."""
    if "\n" not in text and "\t" not in text and "\r" not in text and "  " not in text:
        return text  # nothing to fold (most text nodes): no regular expression needed
    return _SPACE.sub(" ", text)


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    text = _fold("".join(element.itertext())).strip(" ")
    return text or None


def _volume(root_id: str | None, header: etree._Element) -> Volume | None:
    """The FRUS volume described by ``header`` (titleStmt titles, editors, publication)."""
    ns = {"t": TEI_NS}
    titles = {
        t.get("type"): _text(t) for t in header.iterfind("t:fileDesc/t:titleStmt/t:title", ns)
    }
    publication = header.find("t:fileDesc/t:publicationStmt", ns)
    volume_id = root_id
    published = None
    if publication is not None:
        volume_id = volume_id or _text(publication.find("t:idno[@type='frus']", ns))
        date = publication.find("t:date[@type='publication-date']", ns)
        published = _text(date if date is not None else publication.find("t:date", ns))
    if not volume_id:
        return None
    editors = (_text(e) for e in header.iterfind("t:fileDesc/t:titleStmt/t:editor", ns))
    return Volume(
        id=volume_id,
        title=titles.get("volume") or titles.get("complete"),
        series=titles.get("series"),
        subseries=titles.get("sub-series"),
        number=titles.get("volume-number"),
        editors=tuple(e for e in editors if e),
        published=published,
    )


def _origin(header: etree._Element) -> str | None:
    """The source file a record was read from, as preserve's own header names it."""
    return _text(header.find(f".//{{{TEI_NS}}}idno[@type='{SOURCE_FILE}']"))


@dataclass
class _DocumentReader:
    """Turns one document div into a ``Parsed``, collecting notes, positions, findings."""

    document: Document
    name: str
    notes: list[Note] = field(default_factory=list)
    positions: dict[str, Position] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    signatures: int = 0
    front: Container[str] | None = None  # the ids the volume's front matter defines
    block: str = "head"  # the record part being read: "head", "body/3", "notes/2"
    links: Counter[str] = field(default_factory=Counter)  # front-matter links per part
    xpaths: dict[etree._Element, str] = field(default_factory=dict)

    def parse(self) -> Parsed:
        div = self.document.div
        self.positions["document"] = self._position(div)
        number = div.get("n") or ""
        attrs = []
        for key, value in div.attrib.items():
            attr = _attr_name(key)
            if attr is None:
                self._drop(f"attribute {_foreign_name(div, key)}", self._position(div))
            elif attr not in ("type", "xml:id", "n", "subtype"):
                attrs.append((attr, value))
        head: tuple[Node, ...] | None = None
        has_head = any(_tag(child) == "head" for child in _elements(div))
        body: list[Element] = []
        self._stray_text(div.text, 1, div, div[0] if len(div) else None)
        texts = 1 if div.text else 0
        for child in div:
            tag = _tag(child) if isinstance(child.tag, str) else None
            if tag is None:
                self._drop_node(child)
            elif tag.startswith("{"):
                self._drop(f"element {_foreign_name(child)} and its content", self._position(child))
            elif tag == "head" and head is None:
                self.positions["head"] = self._position(child)
                self.block = "head"
                head = self._content(child, in_signed=False)
            elif tag == "note":
                self._note(child, in_signed=False)
                if any(_tag(later) != "note" for later in _elements(child, following=True)):
                    what = "position of a note between blocks (moved to the end)"
                    self._drop(what, self._position(child))
            else:
                if has_head and head is None:
                    what = f"position of <{tag}> before the head (moved after it)"
                    self._drop(what, self._position(child))
                self._block(child, len(body))
                self.block = f"body/{len(body)}"
                body.append(self._element(child, in_signed=False, in_body=True))
            if child.tail:
                texts += 1
                self._stray_text(child.tail, texts, child, child.getnext())
        record = Record(
            doc_id=div.get(f"{{{XML_NS}}}id") or (f"d{number}" if number else ""),
            number=number,
            head=head or (),
            body=tuple(body),
            notes=tuple(self.notes),
            subtype=div.get("subtype"),
            attrs=tuple(sorted(attrs)),
            volume=self.document.volume,
            origin=self.document.origin or Path(self.name).name,
        )
        return Parsed(record, self.name, tuple(self.findings), self.positions)

    def _stray_text(
        self,
        text: str | None,
        index: int,
        before: etree._Element,
        after: etree._Element | None,
    ) -> None:
        """Report text directly inside the document div, where the body holds only blocks.

        ``text()[index]`` lies between the nodes ``before`` and ``after``; its line is
        counted back from ``after`` when there is one.
        """
        words = _fold(text or "").strip(" ")
        if words:
            line = self.document.line(before)
            after_line = self.document.line(after) if after is not None else None
            if after_line:
                start = len(text) - len(text.lstrip(XML_SPACE))
                line = after_line - text[start:].count("\n")
            position = Position(line=line, xpath=f"{self.document.xpath}/text()[{index}]")
            self._drop(f"text “{words}” directly inside the div", position)

    def _block(self, element: etree._Element, index: int) -> None:
        """Note where body block ``index`` is, and the first dateline (as Record finds it)."""
        self.positions[f"body/{index}"] = self._position(element)
        if "dateline" in self.positions:
            return
        candidates = [element] if _tag(element) == "dateline" else []
        if _tag(element) == "opener":
            candidates = [c for c in _elements(element) if _tag(c) == "dateline"]
        if candidates:
            self.positions["dateline"] = self._position(candidates[0])

    def _content(
        self, element: etree._Element, in_signed: bool, in_body: bool = False
    ) -> tuple[Node, ...]:
        """The children of ``element`` as model nodes, whitespace folded per common.md."""
        nodes: list[Node] = [element.text or ""]
        for child in element:
            if not isinstance(child.tag, str):
                self._drop_node(child)
            elif _tag(child) == "note":
                nodes.append(NoteRef(self._note(child, in_signed)))
            elif _tag(child).startswith("{"):
                what = f"element {_foreign_name(child)}, keeping its text,"
                self._drop(what, self._position(child))
                nodes.extend(self._content(child, in_signed, in_body))
            else:
                nodes.append(self._element(child, in_signed, in_body))
            nodes.append(child.tail or "")
        tag = _tag(element)
        if tag.startswith("{"):  # unwrapped into its parent, which normalizes it
            return tuple(nodes)
        return _normalize(nodes, element_only=tag in ELEMENT_ONLY, trim=tag not in INLINE)

    def _element(self, element: etree._Element, in_signed: bool, in_body: bool) -> Element:
        tag = _tag(element)
        if self.front is not None and tag in LINKS:
            for target in link_targets(element.get(LINKS[tag])):  # as references.py counts
                if target not in self.front:  # a dangling link: note where it is
                    key = f"{self.block}/links/{self.links[self.block]}"
                    self.positions[key] = self._position(element)
                self.links[self.block] += 1
        if tag == "signed" and in_body:
            self.positions[f"signatures/{self.signatures}"] = self._position(element)
            self.signatures += 1
        attrs = []
        for key, value in element.attrib.items():
            name = _attr_name(key)
            if name is None:
                self._drop(f"attribute {_foreign_name(element, key)}", self._position(element))
            else:
                attrs.append((name, value))
        children = self._content(element, in_signed or tag == "signed", in_body)
        return Element(tag, tuple(sorted(attrs)), children)

    def _note(self, element: etree._Element, in_signed: bool) -> str:
        """Add the note to ``self.notes`` (before any note inside it); return its ``n``."""
        n = element.get("n") or ""
        kind = "source" if element.get("type") == "source" else "footnote"
        if kind == "footnote" and in_signed:
            kind = "signature"
        position = self._position(element)
        self.positions.setdefault(f"notes/{n}", position)
        self.positions.setdefault(f"refs/{n}", position)
        index = len(self.notes)
        self.notes.append(Note(n, kind, ()))
        attrs = []
        for key, value in element.attrib.items():
            name = _attr_name(key)
            if name is None:
                self._drop(f"attribute {_foreign_name(element, key)}", self._position(element))
            elif name != "n" and not (name == "type" and value == "source"):
                attrs.append((name, value))
        block, self.block = self.block, f"notes/{n}"
        content = self._content(element, in_signed=False)
        self.block = block
        self.notes[index] = Note(n, kind, content, tuple(sorted(attrs)))
        return n

    def _drop_node(self, node: etree._Element) -> None:
        """Report a comment, processing instruction or unresolved entity reference."""
        if isinstance(node, etree._Comment):
            what = f"comment <!--{node.text}-->"
        elif isinstance(node, etree._ProcessingInstruction):
            what = f"processing instruction <?{node.target} {node.text or ''}?>"
        else:
            what = f"entity reference {node.text}"
        self._drop(what, self._position(node))

    def _drop(self, what: str, position: Position) -> None:
        message = f"dropped {what} at {position.xpath}: the record cannot hold it"
        self.findings.append(Finding(DROPPED, Severity.WARNING, message, position=position))

    def _position(self, node: etree._Element) -> Position:
        return Position(line=self.document.line(node), xpath=self._xpath(node))

    def _xpath(self, node: etree._Element) -> str:
        """The XPath of ``node`` in the file. Each parent's children get theirs in one
        pass, built on the parent's, so a paragraph of many links costs no more."""
        if node is self.document.div:
            return self.document.xpath
        known = self.xpaths.get(node)
        if known is None:
            parent = node.getparent()
            base = self._xpath(parent)
            counts: Counter[object] = Counter()
            for child in parent:
                step, kind = _node_step(child)
                counts[kind] += 1
                self.xpaths[child] = f"{base}/{step}[{counts[kind]}]"
            known = self.xpaths[node]
        return known


def _node_step(node: etree._Element) -> tuple[str, object]:
    """The XPath step naming ``node``, and the kind its position is counted among."""
    if isinstance(node, etree._Comment):
        return "comment()", etree.Comment
    if isinstance(node, etree._ProcessingInstruction):
        return "processing-instruction()", etree.PI
    if isinstance(node, etree._Entity):
        return "node()", etree.Entity
    return _step(node), node.tag


def _normalize(nodes: list[Node], element_only: bool, trim: bool) -> tuple[Node, ...]:
    """Merge adjacent text, fold whitespace runs to one space, drop what common.md drops."""
    merged: list[Node] = []
    for node in nodes:
        if isinstance(node, str) and merged and isinstance(merged[-1], str):
            merged[-1] += node
        else:
            merged.append(node)
    out: list[Node] = []
    for node in merged:
        if isinstance(node, str):
            if not node:
                continue  # dropped below anyway; its neighbours are not text
            node = _fold(node)
            if element_only and node == " ":
                continue
        out.append(node)
    if trim and out and isinstance(out[0], str):
        out[0] = out[0].lstrip(" ")
    if trim and out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip(" ")
    return tuple(node for node in out if node != "")
