"""TEI -> record -> TEI -> record: nothing lost, canonical bytes a fixed point (issue 2, §6)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from preserve.model import Element, Node, Note, NoteRef, Record, Volume
from preserve.readers.tei import read_tei
from preserve.readers.text import read_text
from preserve.resources import seed_path
from preserve.writers.tei import to_bytes, to_tree

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "fixtures" / "corpus").glob("*.xml"))
FIXTURES = ROOT / "fixtures" / "tei"
T = "{http://www.tei-c.org/ns/1.0}"


def read(data: bytes | Path, name: str = "out.xml") -> list[Record]:
    return [parsed.record for parsed in read_tei(data, name)]


@pytest.mark.parametrize(
    "path",
    [*CORPUS, FIXTURES / "varied.xml", FIXTURES / "frus1961-63v05-abridged.xml"],
    ids=lambda p: p.name,
)
def test_tei_record_tei_record_is_the_same_record_and_bytes_are_a_fixed_point(path):
    records = read(path, path.name)
    for record in records:
        data = to_bytes(record)
        [again] = read(data)
        assert again == record
        assert to_bytes(again) == data


def test_the_seed_survives_text_record_tei_record():
    record = read_text(seed_path().read_bytes(), seed_path().name).record
    data = to_bytes(record)
    [again] = read(data, "seed.xml")
    assert again == record
    assert to_bytes(again) == data


def fold(text: str) -> str:
    return " ".join(text.split())


def inline_text(nodes: tuple[Node, ...], notes: dict[str, Note] | None) -> str:
    """The text of a content tree; each note's text where its marker is, if ``notes``."""
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif isinstance(node, NoteRef):
            parts.append(inline_text(notes[node.n].content, notes) if notes else "")
        else:
            parts.append(inline_text(node.children, notes))
    return "".join(parts)


def source_text(element: etree._Element) -> str:
    """``itertext`` of ``element`` without the text of the notes inside it."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != f"{T}note":
            parts.append(source_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def record_elements(nodes: tuple[Node, ...], notes: dict[str, Note], tag: str):
    """Every element called ``tag`` in document order, notes visited where they stand."""
    for node in nodes:
        if isinstance(node, NoteRef):
            yield from record_elements(notes[node.n].content, notes, tag)
        elif isinstance(node, Element):
            if node.tag == tag:
                yield node
            yield from record_elements(node.children, notes, tag)


def same_text(read: str, source: etree._Element) -> bool:
    """``read`` has every character of ``source``'s text (notes left out), white space
    folded the same way; white space between the children of a list is dropped, not folded.
    """
    text = source_text(source)
    if source.find(f".//{T}list") is not None:
        return "".join(read.split()) == "".join(text.split())
    return fold(read) == fold(text)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_reading_loses_no_character_of_any_paragraph_or_note(path):
    [record] = read(path, path.name)
    notes = {note.n: note for note in record.notes}
    div = next(d for d in etree.parse(str(path)).iter(f"{T}div") if d.get("type") == "document")
    read_paragraphs = list(record_elements(record.head + record.body, notes, "p"))
    source_paragraphs = list(div.iter(f"{T}p"))
    assert len(read_paragraphs) == len(source_paragraphs)
    for paragraph, source in zip(read_paragraphs, source_paragraphs, strict=True):
        assert same_text(inline_text(paragraph.children, None), source)
    source_notes = list(div.iter(f"{T}note"))
    assert len(record.notes) == len(source_notes)
    for note, source in zip(record.notes, source_notes, strict=True):
        assert same_text(inline_text(note.content, None), source)
    read_all = inline_text(record.head, notes) + inline_text(record.body, notes)
    assert "".join(read_all.split()) == "".join("".join(div.itertext()).split())


# --- generated records -------------------------------------------------------------------

WORD = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cn", "Zs", "Zl", "Zp"))
    | st.sampled_from("&<>\"'—“”\u00a0é"),
    min_size=1,
    max_size=6,
)
PHRASE = st.lists(WORD, min_size=1, max_size=4).map(" ".join)
TEXT = st.tuples(st.sampled_from(["", " "]), PHRASE, st.sampled_from(["", " "])).map("".join)
INLINE = ["persName", "placeName", "gloss", "hi", "ref", "date", "orgName", "term", "foreign"]
INLINE += ["seg", "idno", "affiliation", "name", "title"]
ATTRIBUTES = ["rend", "corresp", "target", "when", "type", "xml:lang", "frus:doc-dateTime-min"]


def normalize(nodes: list[Node], trim: bool) -> tuple[Node, ...]:
    """Content as common.md says readers give it: text merged, spaces folded and trimmed."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, str) and out and isinstance(out[-1], str):
            out[-1] = re.sub(" +", " ", out[-1] + node)
        else:
            out.append(node)
    if trim and out and isinstance(out[0], str):
        out[0] = out[0].lstrip()
    if trim and out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    return tuple(n for n in out if n != "")  # no text is white space only: no " " to drop


class Generator:
    """Draws one record: content trees, notes where markers are, unique ids and numbers."""

    def __init__(self, draw):
        self.draw = draw
        self.ids = itertools.count(1)
        self.notes: dict[str, Note] = {}

    def attrs(self, *extra: tuple[str, str]) -> tuple[tuple[str, str], ...]:
        names = self.draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=2, unique=True))
        attrs = {name: self.draw(PHRASE) for name in names}
        attrs.update(extra)
        if self.draw(st.booleans()):
            attrs["xml:id"] = f"id{next(self.ids)}"
        return tuple(sorted(attrs.items()))

    def note(self, kind: str) -> NoteRef:
        n = str(next(self.ids))
        n = self.draw(st.sampled_from(["", n, n, n]))  # FRUS notes may lack a number
        attrs = [("xml:id", f"fn{next(self.ids)}")] if self.draw(st.booleans()) else []
        content = self.mixed(depth=1, trim=True, notes=False)
        key = f"{len(self.notes)}"
        self.notes[key] = Note(n, kind, content, tuple(attrs))
        return NoteRef(key)  # renumbered to ``n`` once the notes are in order

    def mixed(self, depth: int, trim: bool, notes: bool = True, kind: str = "footnote"):
        parts: list[Node] = []
        for _ in range(self.draw(st.integers(0 if not trim else 1, 4))):
            choice = self.draw(st.sampled_from(["text", "text", "inline", "empty", "note"]))
            if choice == "text" or (choice == "inline" and depth == 0):
                parts.append(self.draw(TEXT))
            elif choice == "inline":
                tag = self.draw(st.sampled_from(INLINE))
                children = self.mixed(depth - 1, trim=False, notes=notes, kind=kind)
                parts.append(Element(tag, self.attrs(), children))
            elif choice == "empty":
                tag = self.draw(st.sampled_from(["lb", "pb"]))
                parts.append(Element(tag, self.attrs(("n", str(next(self.ids))))))
            elif notes:
                parts.append(self.note(kind))
        return normalize(parts, trim)

    def block(self, depth: int = 1) -> Element:
        choices = ["p", "p", "pb", "dateline", "list", "closer", "quote"]
        kind = self.draw(
            st.sampled_from([*choices, "div", "frus:attachment"] if depth else choices)
        )
        if kind in ("p", "dateline"):
            return Element(kind, self.attrs(), self.mixed(depth=2, trim=True))
        if kind == "pb":
            return Element("pb", self.attrs(("n", str(next(self.ids)))))
        if kind == "list":
            items = [
                Element(self.draw(st.sampled_from(["item", "label"])), (), self.mixed(2, True))
                for _ in range(self.draw(st.integers(1, 3)))
            ]
            return Element("list", self.attrs(), tuple(items))
        if kind == "closer":
            signers = [
                Element("signed", self.attrs(), self.mixed(2, True, kind="signature"))
                for _ in range(self.draw(st.integers(1, 2)))
            ]
            return Element("closer", (), tuple(signers))
        if kind == "quote":
            return Element("quote", (), (Element("p", (), self.mixed(2, True)),))
        head = Element("head", (), self.mixed(1, True))
        blocks = [self.block(depth - 1) for _ in range(self.draw(st.integers(1, 2)))]
        return Element(kind, (("type", "attachment"),) if kind == "div" else (), (head, *blocks))

    def record(self) -> Record:
        head = list(self.mixed(depth=2, trim=True))
        if self.draw(st.booleans()):
            head.append(self.note("source"))
        body = tuple(self.block() for _ in range(self.draw(st.integers(0, 4))))
        loose = [self.note("footnote") for _ in range(self.draw(st.integers(0, 1)))]
        order: list[str] = []
        renumbered = renumber(tuple(head), self.notes, order), renumber(body, self.notes, order)
        order += [ref.n for ref in loose]
        number = str(self.draw(st.integers(1, 999)))
        volume = None
        if self.draw(st.booleans()):
            fields = st.none() | PHRASE
            volume = Volume(
                id=f"frus{number}v{self.draw(st.integers(1, 30))}",
                title=self.draw(fields),
                series=self.draw(fields),
                subseries=self.draw(fields),
                number=self.draw(fields),
                editors=tuple(self.draw(st.lists(PHRASE, max_size=3))),
                published=self.draw(fields),
            )
        return Record(
            doc_id=f"d{number}",
            number=number,
            head=renumbered[0],
            body=renumbered[1],
            notes=tuple(self.notes[key] for key in order),
            subtype=self.draw(
                st.none() | st.sampled_from(["historical-document", "editorial-note"])
            ),
            attrs=self.draw(st.sampled_from([(), (("frus:doc-dateTime-min", "1962-03-01"),)])),
            volume=volume,
            origin=self.draw(PHRASE) + ".txt",
        )


def renumber(nodes: tuple, notes: dict[str, Note], order: list[str]) -> tuple:
    """Markers pointing at their note's ``n``, notes listed in reading order (pre-order)."""
    out = []
    for node in nodes:
        if isinstance(node, NoteRef):
            note = notes[node.n]
            order.append(node.n)
            notes[node.n] = Note(
                note.n, note.kind, renumber(note.content, notes, order), note.attrs
            )
            out.append(NoteRef(note.n))
        elif isinstance(node, Element):
            out.append(Element(node.tag, node.attrs, renumber(node.children, notes, order)))
        else:
            out.append(node)
    return tuple(out)


@st.composite
def records(draw) -> Record:
    return Generator(draw).record()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_generated_records_survive_tei(record):
    data = to_bytes(record)
    assert data == etree.canonicalize(to_tree(record)).encode("utf-8")  # C14N 2.0
    [again] = read(data)
    assert again == record
    assert to_bytes(again) == data
