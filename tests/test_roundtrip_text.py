"""Text round trips: seed, every corpus document (TEI -> text -> record), generated memos."""

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from preserve.errors import InputError
from preserve.model import Element, Note, NoteRef, Record, iter_elements, plain_text
from preserve.readers.tei import read_tei
from preserve.readers.text import read_text
from preserve.writers.text import to_bytes, to_text

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_64a11ddd4c1bf2d8.txt"
CORPUS = sorted((ROOT / "fixtures" / "corpus").glob("*.xml"))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_seed_text_record_text_record():
    first = read_text(SEED.read_bytes(), "seed.txt")
    again = read_text(to_bytes(first.record), "seed.txt")
    assert again.record == first.record
    assert again.findings == ()  # the offset warning is gone: markers now match the notes


UNREADABLE = {"empty.txt", "binary.txt", "latin1.txt", "utf16.txt", "no_title.txt"}
READABLE = [
    path
    for path in sorted((ROOT / "fixtures" / "text").glob("*.txt"))
    if path.name not in UNREADABLE
]


@pytest.mark.parametrize("path", READABLE, ids=lambda path: path.stem)
def test_text_fixture_round_trips(path):
    first = read_text(path.read_bytes(), path.name)
    written = to_bytes(first.record)
    again = read_text(written, path.name)
    assert to_bytes(again.record) == written
    if not any(f.severity.value == "error" for f in first.findings):
        assert again.record == first.record
        assert again.findings == ()


# -- the corpus: TEI -> record -> text -> record keeps the plain-text projection -------


def _pages(record: Record) -> list[str | None]:
    return [e.get("n") for e in iter_elements(record.body) if e.tag == "pb"]


def _squashed(element: Element) -> str:
    return "".join(plain_text(element.children).split())


def projection(record: Record) -> dict:
    dateline = record.dateline
    return {
        "number": record.number,
        "title": record.title,
        "notes": [(n.n, n.kind, n.text) for n in record.notes],
        "refs": [ref.n for ref in record.note_refs()],
        "signatures": [(s.name, s.note) for s in record.signatures],
        "pages": _pages(record),
        # Plain text cannot say a time zone: "1957-04-24T15:00:00+02:00" is compared without it.
        "dateline": dateline
        and (dateline.place, re.sub(r"[+-]\d\d:\d\d$", "", dateline.date or "")),
        # TEI keeps the source's line breaks inside a paragraph; compare the characters.
        "paragraphs": [_squashed(p) for p in record.paragraphs],
    }


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: path.stem)
def test_corpus_document_keeps_its_plain_text_projection(path):
    (tei,) = read_tei(path.read_bytes(), path.name)
    text = to_text(tei.record)
    parsed = read_text(text.encode("utf-8"), path.stem + ".txt")
    assert parsed.findings == ()
    assert projection(parsed.record) == projection(tei.record)
    assert to_text(parsed.record) == text


def test_the_corpus_is_varied():
    records = [next(iter(read_tei(path.read_bytes(), path.name))).record for path in CORPUS]
    assert len(records) == 35
    assert sum(1 for r in records if not r.signatures) >= 5
    assert sum(1 for r in records if r.is_editorial_note) >= 3
    assert sum(1 for r in records if any(b.tag == "list" for b in r.body)) >= 10


# -- generated memos -------------------------------------------------------------------

WORDS = ["the", "Ambassador", "said", "meeting", "agreement", "Moscow", "would", "summit",
         "question", "Berlin", "trade", "useful", "Chairman", "initiative", "press"]  # fmt: skip
NOT_MARKERS = ["p. 117", "1963", "Document 388", "Box 315", "$10.00", "(1)", "B-52",
               "1953–1969", "NSC 5412/2", "21st", "3.5 percent", "11:35 a.m.", "pp. 110–116",
               "No. 62–37", "4/29", "U-2", "1,500"]  # fmt: skip
PLACES = ["Washington", "Moscow", "Joplin, Missouri"]
TIMES = [("", ""), (", 11:35 a.m.", "T11:35:00"), ("—3 p.m.", "T15:00:00"), (", noon", "T12:00:00")]
SIGNERS = [
    "McGeorge Bundy",
    "Dean Rusk",
    "Llewellyn E. Thompson",
    "U. Alexis Johnson",
    "Foy D. Kohler",
]
AFFILIATIONS = ["Acting", "Secretary of Defense"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


class Memo:
    """A memo built twice: as text (markers offset by ``offset``) and as the record the
    reader must make of it."""

    def __init__(self, offset: int):
        self.offset = offset
        self.notes: list[Note] = []
        self.page = 100

    def marker(self, text: str, kind: str = "footnote") -> tuple[str, NoteRef]:
        """The marker as written, and as read, for a new note."""
        n = len(self.notes) + 1
        self.notes.append(Note(str(n), kind, (text,)))
        return str(n - self.offset), NoteRef(str(n))

    def next_page(self) -> str:
        self.page += 1
        return str(self.page)


@st.composite
def sentences(draw, memo: Memo) -> tuple[str, list]:
    """A paragraph: its text, and its content as the reader must give it."""
    text, nodes = "", []

    def add(piece):
        nonlocal text
        text += piece
        if nodes and isinstance(nodes[-1], str):
            nodes[-1] += piece
        else:
            nodes.append(piece)

    for index in range(draw(st.integers(1, 3))):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
        words[0] = words[0].capitalize()
        if draw(st.booleans()):
            words.insert(draw(st.integers(0, len(words) - 1)), draw(st.sampled_from(NOT_MARKERS)))
        words.append(draw(st.sampled_from(WORDS)))
        add((" " if index else "") + " ".join(words[:-1]) + " " + words[-1])
        if draw(st.booleans()):  # a marker glued to a word, inside the sentence
            mark, ref = memo.marker(f"See {draw(st.sampled_from(NOT_MARKERS))}.")
            text += mark
            nodes.append(ref)
            add(" " + draw(st.sampled_from(WORDS)))
        add(".")
        if draw(st.integers(0, 5)) == 0:
            page = memo.next_page()
            text += f" [Page {page}]"
            nodes[-1] += " "
            nodes.append(Element("pb", (("n", page), ("xml:id", f"pg_{page}"))))
            continue
        if draw(st.booleans()):  # a marker glued to the end of the sentence
            mark, ref = memo.marker(f"Telegram {draw(st.integers(1, 9999))}, not printed.")
            text += mark
            nodes.append(ref)
    return text, nodes


@st.composite
def memos(draw) -> tuple[str, Record, int]:
    """Text of a memo, the record expected from it, and the number of its markers."""
    memo = Memo(offset=draw(st.sampled_from([0, 1])))
    number = str(draw(st.integers(1, 999)))
    editorial = draw(st.integers(0, 4)) == 0
    title = (
        "Editorial Note"
        if editorial
        else " ".join(
            w.capitalize() for w in draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5))
        )
    )
    head_text, head = f"{number}. {title}", [f"{number}. {title}"]
    if draw(st.booleans()):
        level = draw(st.sampled_from(["Secret", "Confidential", "No classification marking"]))
        mark, ref = memo.marker(
            f"Source: Johnson Library, Bundy Files, Box 315. {level}.", "source"
        )
        head_text += mark
        head.append(ref)
    lines = [head_text, ""]
    body: list[Element] = []
    if draw(st.booleans()):
        place, month = draw(st.sampled_from(PLACES)), draw(st.integers(1, 12))
        day, year = draw(st.integers(1, 28)), draw(st.integers(1945, 1975))
        time, iso_time = draw(st.sampled_from(TIMES))
        date = f"{MONTHS[month - 1]} {day}, {year}{time}"
        tail = "" if time.endswith(".") else "."
        lines += [f"{place}, {date}{tail}", ""]
        when = f"{year}-{month:02d}-{day:02d}{iso_time}"
        children = (
            Element("placeName", children=(place,)),
            ", ",
            Element("date", (("when", when),), (date,)),
        )
        body.append(Element("dateline", children=children + ((tail,) if tail else ())))
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["p", "p", "p", "pb", "list"]))
        if kind == "pb":
            page = memo.next_page()
            lines += [f"[Page {page}]", ""]
            body.append(Element("pb", (("n", page), ("xml:id", f"pg_{page}"))))
        elif kind == "list":
            names = draw(st.lists(st.sampled_from(SIGNERS), min_size=1, max_size=3))
            lines += ["PARTICIPANTS", *(f"- {name}" for name in names), ""]
            items = tuple(Element("item", children=(name,)) for name in names)
            body.append(Element("list", children=(Element("head", children=("PARTICIPANTS",)),
                                                  *items)))  # fmt: skip
        else:
            text, nodes = draw(sentences(memo))
            lines += [text, ""]
            body.append(Element("p", children=tuple(nodes)))
    signers = [] if editorial else draw(st.lists(st.sampled_from(SIGNERS), max_size=2))
    closer = []
    for name in signers:
        line, children = name, [name]
        if draw(st.booleans()):
            mark, ref = memo.marker("Printed from a copy that bears this typed signature.",
                                    "signature")  # fmt: skip
            line += draw(st.sampled_from(["", " "])) + mark
            children.append(ref)
        lines.append(line)
        if draw(st.booleans()):
            affiliation = draw(st.sampled_from(AFFILIATIONS))
            lines.append("    " + affiliation)
            children.append(Element("affiliation", children=(affiliation,)))
        closer.append(Element("signed", children=tuple(children)))
    if closer:
        body.append(Element("closer", children=tuple(closer)))
    elif draw(st.booleans()):
        lines.pop()  # notes (if any) right under the last block, as under the seed's signature
    for note in memo.notes:
        lines.append(f"  {note.n}. {note.text}")
    doc = f"d{number}"
    notes = tuple(Note(n.n, n.kind, n.content, (("xml:id", f"{doc}fn{n.n}"),)) for n in memo.notes)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = draw(st.sampled_from(["", "\ufeff"])) + newline.join(lines) + newline
    expected = Record(
        doc_id=doc,
        number=number,
        head=tuple(head),
        body=tuple(body),
        notes=notes,
        subtype="editorial-note" if editorial else "historical-document",
        origin="memo.txt",
    )
    return text, expected, memo.offset


@SETTINGS
@given(memos())
def test_generated_memo_reads_as_built_and_round_trips(memo):
    text, expected, offset = memo
    parsed = read_text(text.encode("utf-8"), "memo.txt")
    assert parsed.record == expected
    markers = list(expected.note_refs())
    assert [f.code for f in parsed.findings] == (
        ["PRS-MARKER-OFFSET"] if offset and markers else []
    )
    written = to_bytes(parsed.record)
    again = read_text(written, "memo.txt")
    assert again.record == expected
    assert again.findings == ()
    assert to_bytes(again.record) == written


# -- markers in awkward places: whatever the writer writes, the reader reads back -----

PIECES = [" telegram 2416", " 1963", "s", " and", ".", ")", " (", "—", " $10.00", " 3.5",
          "”", " Secto", "’s", ",", " Box 315,"]  # fmt: skip


@st.composite
def awkward_records(draw) -> Record:
    refs = 0

    def content(end: str = "") -> tuple:
        nonlocal refs
        nodes: list = []
        pieces = draw(st.lists(st.sampled_from([*PIECES, "REF"]), min_size=1, max_size=12))
        for piece in [*pieces, end]:
            if piece == "REF":
                refs += 1
                if nodes and isinstance(nodes[-1], str):
                    nodes[-1] = nodes[-1].rstrip(" ")
                    if not nodes[-1]:
                        nodes.pop()
                nodes.append(NoteRef(str(refs)))
            elif nodes and isinstance(nodes[-1], str):
                nodes[-1] += piece
            else:
                nodes.append(piece.lstrip(" ") if not nodes else piece)
        if isinstance(nodes[-1], str):
            nodes[-1] = nodes[-1].rstrip(" ")
        return tuple(node for node in nodes if node != "")

    first, *rest = content()
    head = (
        ("9. Telegram " + first, *rest) if isinstance(first, str) else ("9. Telegram", first, *rest)
    )
    # Paragraphs end with a period, so that none reads as a signer's line ("Secto").
    paragraphs = [Element("p", children=content(".")) for _ in range(draw(st.integers(1, 3)))]
    notes = []
    for ref in Record("d9", "9", head, tuple(paragraphs)).note_refs():
        kind = "source" if ref in head else "footnote"
        text = "Source: Central Files. Secret." if kind == "source" else f"Note {ref.n}."
        notes.append(Note(ref.n, kind, (text,), (("xml:id", f"d9fn{ref.n}"),)))
    return Record("d9", "9", head, tuple(paragraphs), tuple(notes),
                  subtype="historical-document", origin="memo.txt")  # fmt: skip


@SETTINGS
@given(awkward_records())
def test_every_marker_the_writer_writes_reads_back(record):
    parsed = read_text(to_bytes(record), "memo.txt")
    assert parsed.findings == ()
    assert parsed.record == record


# -- any input: a record or an InputError, never a crash -------------------------------


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_any_bytes_read_or_raise_input_error(data):
    try:
        parsed = read_text(data, "any.txt")
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert parsed.record.number.isdigit()
    to_text(parsed.record)


# -- any memo that reads without errors comes back the same ---------------------------

SCRAPS = [*"abAB019 .,()-–>\n\t²³", "[Page 4]", "  1. ", "\n\n", "Washington, May 3, 1957.",
          "  2. Source: x", "Dean Rusk", "    Acting", "- ", "Sincerely,"]  # fmt: skip


@SETTINGS
@given(st.lists(st.sampled_from(SCRAPS), max_size=40).map("".join))
def test_any_memo_is_a_fixpoint_of_write_then_read(body):
    parsed = read_text(f"5. Title0\n{body}".encode(), "memo.txt")
    written = to_text(parsed.record)
    again = read_text(written.encode(), "memo.txt")
    assert to_text(again.record) == written
    if not any(f.severity.value == "error" for f in parsed.findings):
        assert again.record == parsed.record
