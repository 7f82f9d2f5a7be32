"""preserve.readers.tei: FRUS TEI documents and volumes to records."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from preserve.errors import InputError
from preserve.findings import Severity
from preserve.model import Element, NoteRef, Signature, Volume
from preserve.readers import read_bytes, read_path
from preserve.readers.tei import DROPPED, document_divs, parse_document, read_tei

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "fixtures" / "corpus").glob("*.xml"))
FIXTURES = ROOT / "fixtures" / "tei"
SEED_TEI = ROOT / "fixtures" / "corpus" / "frus1961-63v05_d390.xml"
VOLUME = FIXTURES / "frus1961-63v05-abridged.xml"


def read_one(xml: str | bytes | Path, name: str = "test.xml"):
    if isinstance(xml, str):
        xml = xml.encode()
    [parsed] = read_tei(xml, name)
    return parsed


def tei(div: str, root_attrs: str = "") -> str:
    return (
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0" {root_attrs}><text><body>'
        f'<div type="document" xml:id="d1" n="1">{div}</div></body></text></TEI>'
    )


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_corpus_document_reads_to_one_record_named_after_its_div(path):
    parsed = read_one(path, str(path))
    number = re.search(r"_d(\d+)\.xml$", path.name).group(1)
    assert parsed.record.doc_id == f"d{number}"
    assert parsed.record.number == number
    assert parsed.record.title
    assert parsed.record.volume == Volume(id=path.name.split("_")[0])
    assert parsed.record.origin == path.name
    assert parsed.findings == ()


def test_the_seed_encoding_reads_to_the_seed_record():
    record = read_one(SEED_TEI).record
    assert record.title == "Memorandum for the Record"
    assert record.head[0] == "390. Memorandum for the Record"
    assert [(n.n, n.kind) for n in record.notes] == [
        ("1", "source"),
        ("2", "footnote"),
        ("3", "footnote"),
        ("4", "signature"),
    ]
    assert record.source_note.text == (
        "Source: Johnson Library, National Security File, Bundy Files. Secret."
    )
    assert record.notes[0].attrs == (("xml:id", "d390fn1"),)
    assert record.classification.level == "Secret"
    assert record.signatures == (Signature(name="McGeorge Bundy", note="4"),)
    assert [b.tag for b in record.body] == ["dateline", *["p"] * 3, "pb", *["p"] * 5, "closer"]
    assert record.body[4].attrs == (("facs", "0881"), ("n", "853"), ("xml:id", "pg_853"))
    assert record.dateline.place == "Washington"
    assert record.dateline.date == "1963-12-31"
    assert record.dateline.text == "Washington, December 31, 1963."


def test_notes_are_left_as_refs_where_they_stood_with_text_folded():
    paragraph = read_one(SEED_TEI).record.paragraphs[0]
    i = paragraph.children.index(NoteRef("2"))
    assert paragraph.children[i - 1].endswith("about our recent conversation")
    assert paragraph.children[i + 1].startswith(" and had some ideas")
    note = read_one(SEED_TEI).record.note("2")
    assert note.content == (Element("ref", (("target", "#d388"),), ("Document 388",)), ".")


def test_positions_give_line_and_xpath_of_every_part():
    positions = read_one(SEED_TEI).positions
    div = "/TEI/text/body/div[1]"
    assert (positions["head"].line, positions["head"].xpath) == (4, f"{div}/head[1]")
    assert positions["dateline"].xpath == f"{div}/dateline[1]"
    assert (positions["body/4"].line, positions["body/4"].xpath) == (37, f"{div}/pb[1]")
    assert positions["body/5"].xpath == f"{div}/p[4]"
    assert positions["notes/3"].xpath == f"{div}/p[8]/note[1]"
    assert positions["refs/3"] == positions["notes/3"]
    assert positions["notes/4"].line == 84
    assert positions["signatures/0"].xpath == f"{div}/closer[1]/signed[1]"
    assert sorted(k for k in positions if k.count("/") == 1 and k.startswith("body/")) == sorted(
        f"body/{i}" for i in range(11)
    )
    assert not any("/links/" in key for key in positions)  # no front matter: no links noted


def test_links_the_front_matter_does_not_define_get_their_own_position():
    defined = {"p_BMG1", "p_DAF1"}  # counted as references.py counts them, but not noted
    for document in document_divs(SEED_TEI, "d390.xml"):  # a div lasts until the next
        positions = parse_document(document, "d390.xml", front=defined).positions
    div = "/TEI/text/body/div[1]"
    links = {key: p.xpath for key, p in positions.items() if "/links/" in key}
    assert links["body/1/links/1"] == f"{div}/p[1]/persName[2]"  # p_KNS1
    assert links["notes/3/links/3"] == f"{div}/p[8]/note[1]/persName[4]"  # p_JLB1
    assert "body/1/links/0" not in links and "body/10/links/0" not in links  # defined
    assert len(links) == 7


def test_a_volume_gives_every_document_in_order_with_the_volume_metadata():
    parsed = list(read_tei(VOLUME, str(VOLUME)))
    assert [p.record.doc_id for p in parsed] == [f"d{n}" for n in range(384, 391)]
    volume = Volume(
        id="frus1961-63v05",
        title="Soviet Union",
        series="Foreign Relations of the United States",
        subseries="1961–1963",
        number="Volume V",
        editors=("Charles S. Sampson", "John Michael Joyce", "David S. Patterson"),
        published="1998",
    )
    assert {p.record.volume for p in parsed} == {volume}
    assert parsed[-1].record.id == "frus1961-63v05-d390"
    assert parsed[-1].record.origin == VOLUME.name
    assert parsed[0].record.is_editorial_note
    assert parsed[0].positions["head"].xpath == "/TEI/text/body/div[1]/div[1]/head[1]"
    assert parsed[-1].positions["head"].xpath == "/TEI/text/body/div[1]/div[7]/head[1]"


def test_a_volume_reads_the_same_from_bytes_and_from_a_path():
    from_path = [p.record for p in read_tei(VOLUME, VOLUME.name)]
    from_bytes = [p.record for p in read_tei(VOLUME.read_bytes(), VOLUME.name)]
    assert from_path == from_bytes
    assert [p.record for p in read_path(VOLUME)] == from_path
    assert [p.record for p in read_bytes(VOLUME.read_bytes(), str(VOLUME))] == from_path


def test_a_malformed_volume_yields_the_documents_before_the_error_then_fails_at_it():
    path = FIXTURES / "malformed-volume.xml"
    records = read_tei(path, "malformed-volume.xml")
    assert [next(records).record.doc_id for _ in range(3)] == ["d384", "d385", "d386"]
    with pytest.raises(InputError) as error:
        next(records)
    assert (error.value.position.line, error.value.position.column) == (332, 23)
    assert str(error.value).startswith("malformed-volume.xml:332:23: malformed XML:")
    assert "tag mismatch" in str(error.value)


def big_volume(documents: int) -> bytes:
    """A volume of ``documents`` document divs, the corpus repeated with unique ids."""
    divs = []
    for i in range(documents):
        text = CORPUS[i % len(CORPUS)].read_text(encoding="utf-8")
        div = text[text.index("<div ") : text.rindex("</body>")]
        divs.append(re.sub(r'xml:id="([^"]+)"', rf'xml:id="\1_{i}"', div))
    return (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" '
        'xmlns:frus="http://history.state.gov/frus/ns/1.0" xml:id="big">'
        "<teiHeader><fileDesc><titleStmt><title>Big</title></titleStmt></fileDesc></teiHeader>"
        '<text><body><div type="compilation">' + "\n".join(divs) + "</div></body></text></TEI>"
    ).encode()


def tree_sizes(documents: int) -> tuple[list[int], list[int]]:
    """For each document div as it is yielded: elements before it, elements in the tree."""
    before, total = [], []
    for document in document_divs(big_volume(documents), "big.xml"):
        div = document.div
        preceding = [s for n in (div, *div.iterancestors()) for s in n.itersiblings(preceding=True)]
        before.append(sum(1 for s in preceding for _ in s.iter()))
        total.append(sum(1 for _ in div.getroottree().getroot().iter()))
    return before, total


def test_streaming_clears_what_it_has_read_so_memory_stays_flat():
    before, total = tree_sizes(140)
    assert len(before) == 140
    assert max(before) <= 2  # the cleared teiHeader, the cleared previous document div
    # lxml parses a little ahead of the events; without clearing, the tree would hold
    # every document read so far
    assert max(total) < 2 * max(tree_sizes(35)[1])


def test_records_come_before_the_file_is_fully_read():
    data = big_volume(40)
    broken = data[: len(data) // 2]  # cut in the middle of a document
    records = read_tei(broken, "cut.xml")
    first = next(records)
    assert first.record.doc_id == "d85_0"
    with pytest.raises(InputError, match="malformed XML"):
        list(records)


def test_a_single_document_file_without_volume_id_has_no_volume():
    record = read_one(tei("<head>1. Note</head><p>Text.</p>")).record
    assert record.volume is None
    assert record.origin == "test.xml"


def test_varied_structures_read():
    record = read_one(FIXTURES / "varied.xml").record
    assert [(n.n, n.kind) for n in record.notes] == [
        ("0", "source"),
        ("1", "footnote"),
        ("2", "footnote"),
        ("3", "footnote"),
        ("4", "signature"),
        ("5", "signature"),
        ("6", "footnote"),
    ]
    assert record.signatures == (
        Signature("Dean Rusk", "4"),
        Signature("Robert S. McNamara", "5"),
        Signature("W.H.B.", None),
    )
    assert record.subtype == "historical-document"
    assert dict(record.attrs) == {
        "frus:doc-dateTime-max": "1962-03-01T23:59:59-05:00",
        "frus:doc-dateTime-min": "1962-03-01T00:00:00-05:00",
    }
    assert [b.tag for b in record.body] == [
        "opener",
        "list",
        "p",
        "p",
        "quote",
        "p",
        "closer",
        "frus:attachment",
        "div",
    ]
    page_break = record.paragraphs[0].children[-2]
    assert page_break == Element("pb", (("facs", "0040"), ("n", "12"), ("xml:id", "pg_12")))
    assert record.paragraphs[0].children[-1] == "the summer."
    foreign = Element("foreign", (("xml:lang", "fr"),), ("faute de mieux",))
    assert foreign in record.paragraphs[0].children
    assert record.paragraphs[1].children == (
        "MEMORANDUM",
        Element("lb"),
        "FOR THE PRESIDENT",
    )
    assert record.dateline.text == "Washington, March 1, 1962."


def test_whitespace_is_folded_and_trimmed_as_common_md_says():
    record = read_one(
        tei(
            "\n  <head>\n 1. A\t title </head>\n"
            "<p>\n  Some <hi rend='italic'> spaced </hi>  text,\u00a0kept \n</p>"
            "<list>\n <item> one </item>\n <item>two</item>\n</list>"
            "<closer>\n <signed>\n <persName>X</persName>\n <note n='1'>\n Sig.\n</note>\n"
            "</signed></closer>"
        )
    ).record
    assert record.head == ("1. A title",)
    assert record.body[0].children == (
        "Some ",
        Element("hi", (("rend", "italic"),), (" spaced ",)),
        " text,\u00a0kept",
    )
    assert record.body[1].children == (Element("item", (), ("one",)), Element("item", (), ("two",)))
    signed = record.body[2].children[0]
    assert signed.children == (Element("persName", (), ("X",)), NoteRef("1"))
    assert record.notes[0].content == ("Sig.",)
    assert record.notes[0].kind == "signature"


def test_tei_without_a_namespace_reads_like_tei():
    plain = (
        '<TEI xml:id="v1"><text><body><div type="document" xml:id="d3" n="3">'
        '<head>3. Note<note n="1" type="source">Source: here.</note></head>'
        "</div></body></text></TEI>"
    )
    record = read_one(plain).record
    assert (record.doc_id, record.volume, record.source_note.text) == (
        "d3",
        Volume(id="v1"),
        "Source: here.",
    )


def test_what_the_model_cannot_hold_is_reported_with_its_xpath():
    parsed = read_one(FIXTURES / "dropped.xml", "dropped.xml")
    div = "/TEI/text/body/div[1]"
    found = {(f.position.line, f.position.xpath) for f in parsed.findings}
    assert found == {
        (7, f"{div}/pb[1]"),
        (9, f"{div}/head[1]/note[1]/comment()[1]"),
        (10, f"{div}/processing-instruction()[1]"),
        (11, f"{div}/p[1]"),
        (11, f"{div}/p[1]/ex:time[1]"),
        (13, f"{div}/text()[5]"),
        (14, f"{div}/xi:include[1]"),
    }
    assert {(f.code, f.severity) for f in parsed.findings} == {(DROPPED, Severity.WARNING)}
    assert all(f.position.xpath in f.message for f in parsed.findings)
    messages = " ".join(f.message for f in parsed.findings)
    for named in ("comment", "processing instruction", "ex:checked", "ex:time", "xi:include"):
        assert named in messages
    record = parsed.record
    assert record.source_note.text == "Source: Kennedy Library. Confidential."
    assert record.paragraphs[0].children == ("The meeting began at 10 a.m. and ended at noon.",)
    assert record.body[0].tag == "pb"


@pytest.mark.parametrize(
    ("fixture", "message", "where"),
    [
        ("empty.xml", "empty file", None),
        ("no-document.xml", 'no <div type="document">', None),
        ("malformed.xml", "malformed XML: Opening and ending tag mismatch: hi", (7, 61)),
        ("not-utf8.xml", "malformed XML: Invalid bytes in character encoding", (2, 103)),
    ],
)
def test_unreadable_files_raise_one_input_error_naming_file_and_position(fixture, message, where):
    path = FIXTURES / fixture
    with pytest.raises(InputError) as error:
        list(read_tei(path, str(path)))
    assert message in str(error.value)
    assert error.value.path == str(path)
    position = error.value.position
    assert ((position.line, position.column) if position else None) == where
    if where:
        assert str(error.value).startswith(f"{path}:{where[0]}:{where[1]}: ")


@pytest.mark.parametrize(
    "data",
    [b"", b"  \n", b"\x00\x01\x02binary\xff", b"not xml at all", b"<html><p>hi</p></html>"],
)
def test_bad_bytes_raise_input_error(data):
    with pytest.raises(InputError):
        list(read_tei(data, "bad.xml"))


def test_missing_file_and_directory_raise_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_tei(tmp_path / "missing.xml", "missing.xml"))
    with pytest.raises(InputError, match="directory"):
        list(read_tei(tmp_path, str(tmp_path)))


def test_preserves_own_header_gives_back_origin_and_volume():
    xml = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1">'
        "<teiHeader><fileDesc><titleStmt><title>T</title>"
        '<title type="series">FRUS</title><editor>A. Editor</editor></titleStmt>'
        '<publicationStmt><idno type="frus">frus1</idno>'
        '<date type="publication-date">2001</date></publicationStmt>'
        '<sourceDesc><p>From <idno type="source-file">memo.txt</idno>.</p></sourceDesc>'
        "</fileDesc></teiHeader>"
        '<text><body><div type="document" xml:id="d1" n="1"><head>1. T</head></div>'
        "</body></text></TEI>"
    )
    record = read_one(xml, "elsewhere/out.xml").record
    assert record.origin == "memo.txt"
    assert record.volume == Volume(
        id="frus1", series="FRUS", editors=("A. Editor",), published="2001"
    )


def test_notes_outside_paragraphs_and_blocks_before_the_head_are_kept_and_reported():
    parsed = read_one(
        tei('<pb n="5"/><head>1. T</head><note n="9">Loose.</note><p>x</p><note n="10">End.</note>')
    )
    record = parsed.record
    assert [n.n for n in record.notes] == ["9", "10"]
    assert list(record.note_refs()) == []
    assert [b.tag for b in record.body] == ["pb", "p"]
    assert len(parsed.findings) == 2  # the pb moved after the head, note 9 moved to the end
