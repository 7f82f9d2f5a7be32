"""The XML leg: the canonical TEI of a record checked with record.rng and record.sch.

Each failure names the canonical XPath it was found at and is mapped back to the record
part it is about ("head", "body/3", "notes/2", "signatures/0"), so that the finding can
be located in whatever input the record was read from.
"""

from __future__ import annotations

from functools import cached_property

from lxml import etree

from preserve.canonical import Forms
from preserve.errors import OutputError
from preserve.model import Record
from preserve.rules.codes import DOCUMENT_KEYS, Hit
from preserve.rules.schemas import relaxng, schematron
from preserve.writers.tei import TEI_NS

SVRL = "{http://purl.oclc.org/dsdl/svrl}"
# libxml2 RelaxNG error types that summarize rather than name the cause, least vague first.
_VAGUE = (
    "RELAXNG_ERR_ATTRVALID",
    "RELAXNG_ERR_EXTRACONTENT",
    "RELAXNG_ERR_CONTENTVALID",
    "RELAXNG_ERR_NOELEM",
)
_UNIQUE = frozenset({"TEI", "teiHeader", "text", "body"})  # written without a position


def xml_hits(record: Record, forms: Forms | None = None) -> list[Hit]:
    """What record.rng and record.sch say about the record's canonical XML.

    ``forms`` holds the record's canonical forms when the caller has them already.
    """
    try:
        root = (forms or Forms(record)).tree
    except OutputError as error:
        return [Hit("PRS-SCHEMA", error.message)]
    tree = root.getroottree()
    keys = _KeyMap(root, record)
    hits = []
    grammar = relaxng()
    if not grammar.validate(tree):
        entry = _most_specific(grammar.error_log)
        element = _select(tree, entry.path)
        hits.append(Hit("PRS-SCHEMA", entry.message, keys.key(element), xpath(element)))
    rules = schematron()
    if not rules.validate(tree):
        for failed in rules.validation_report.iter(f"{SVRL}failed-assert"):
            code = failed.get("id")
            element = _select(tree, failed.get("location"))
            text = " ".join(failed.findtext(f"{SVRL}text", "").split())
            key = DOCUMENT_KEYS[code] if code in DOCUMENT_KEYS else keys.key(element)
            hits.append(Hit(code, text, key, xpath(element)))
    return hits


def _most_specific(log: etree._ListErrorLog) -> etree._LogEntry:
    """The RelaxNG error that names the cause: libxml2 also reports every enclosing
    element that failed because of it, and vague summaries beside the precise message."""
    entries = list(log)

    def rank(i: int) -> tuple[int, int, int]:
        entry = entries[i]
        vague = _VAGUE.index(entry.type_name) + 1 if entry.type_name in _VAGUE else 0
        return (-(entry.path or "").count("/"), vague, i)

    return entries[min(range(len(entries)), key=rank)]


def xpath(element: etree._Element | None) -> str | None:
    """A readable XPath of ``element``: ``/TEI/text/body/div[1]/closer[1]/signed[1]``."""
    if element is None:
        return None
    steps = []
    node: etree._Element | None = element
    while node is not None:
        name = etree.QName(node).localname
        parent = node.getparent()
        if name in _UNIQUE or parent is None:
            steps.append(name)
        else:
            same = [child for child in parent if child.tag == node.tag]
            steps.append(f"{name}[{same.index(node) + 1}]")
        node = parent
    return "/" + "/".join(reversed(steps))


def _select(tree: etree._ElementTree, path: str | None) -> etree._Element | None:
    """The element at ``path`` (an XPath libxml2 or the SVRL report gives), if any."""
    found = tree.xpath(path) if path else []
    return found[0] if found and isinstance(found[0], etree._Element) else None


class _KeyMap:
    """Which record part each element of the canonical XML stands for: mapped the first
    time a failure asks (most records have none)."""

    def __init__(self, root: etree._Element, record: Record):
        self.root, self.record = root, record

    @cached_property
    def keys(self) -> dict[etree._Element, str | None]:
        keys: dict[etree._Element, str | None] = {}
        root, record = self.root, self.record
        div = root.find(f"{{{TEI_NS}}}text/{{{TEI_NS}}}body/{{{TEI_NS}}}div")
        if div is None:
            return keys
        keys[div] = None
        blocks = [child for child in div if isinstance(child.tag, str)]
        if blocks and blocks[0].tag == f"{{{TEI_NS}}}head":
            keys[blocks.pop(0)] = "head"
        for i, block in enumerate(blocks[: len(record.body)]):
            keys[block] = f"body/{i}"
        for i, signed in enumerate(div.iter(f"{{{TEI_NS}}}signed")):
            keys[signed] = f"signatures/{i}"
        for note in div.iter(f"{{{TEI_NS}}}note"):
            real = len(note) or note.text or note.get("{http://www.w3.org/XML/1998/namespace}id")
            keys[note] = f"{'notes' if real else 'refs'}/{note.get('n')}"
        return keys

    def key(self, element: etree._Element | None) -> str | None:
        """The key of ``element`` or of its nearest ancestor that stands for a record part."""
        while element is not None:
            if element in self.keys:
                return self.keys[element]
            element = element.getparent()
        return None
