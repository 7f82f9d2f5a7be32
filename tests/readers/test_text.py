"""The plain-text memo reader: the seed, datelines, markers, structures, bad input."""

from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from preserve.canonical import Forms
from preserve.errors import InputError
from preserve.findings import Position, Severity
from preserve.model import Element, NoteRef
from preserve.readers.text import read_text
from preserve.validation import check_bytes

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_64a11ddd4c1bf2d8.txt"
FIXTURES = ROOT / "fixtures" / "text"


def read(text: str, name: str = "memo.txt"):
    return read_text(text.encode("utf-8"), name)


def fixture(name: str):
    return read_text((FIXTURES / name).read_bytes(), name)


def codes(parsed) -> list[tuple[str, str]]:
    return [(f.code, str(f.position)) for f in parsed.findings]


@pytest.fixture(scope="module")
def seed():
    return read_text(SEED.read_bytes(), str(SEED))


# -- the seed --------------------------------------------------------------------------


def test_seed_number_title_and_identity(seed):
    record = seed.record
    assert (record.number, record.title, record.doc_id) == (
        "390",
        "Memorandum for the Record",
        "d390",
    )
    assert record.head == ("390. Memorandum for the Record", NoteRef("1"))
    assert record.subtype == "historical-document"
    assert record.origin == "000_64a11ddd4c1bf2d8.txt"


def test_seed_has_four_notes_with_kinds_and_ids(seed):
    notes = seed.record.notes
    assert [(n.n, n.kind) for n in notes] == [
        ("1", "source"),
        ("2", "footnote"),
        ("3", "footnote"),
        ("4", "signature"),
    ]
    assert notes[0].text == "Source: Johnson Library, National Security File, Bundy Files. Secret."
    assert notes[1].text == "Document 388."
    assert notes[3].text == "Printed from a copy that bears this typed signature."
    assert [n.attrs for n in notes] == [(("xml:id", f"d390fn{i}"),) for i in range(1, 5)]


def test_seed_signature_classification_and_page_break(seed):
    record = seed.record
    assert [(s.name, s.note) for s in record.signatures] == [("McGeorge Bundy", "4")]
    assert record.body[-1] == Element(
        "closer", children=(Element("signed", children=("McGeorge Bundy", NoteRef("4"))),)
    )
    assert record.classification.level == "Secret"
    assert [block.tag for block in record.body] == ["p"] * 3 + ["pb"] + ["p"] * 5 + ["closer"]
    assert len(record.paragraphs) == 8
    assert record.body[3] == Element("pb", (("n", "853"), ("xml:id", "pg_853")))
    assert record.dateline is None


def test_seed_markers_are_mapped_to_the_list_numbers(seed):
    record = seed.record
    assert [ref.n for ref in record.note_refs()] == ["1", "2", "3", "4"]
    first = record.body[0].children
    assert first[0].endswith("our recent conversation")
    assert first[1] == NoteRef("2")
    assert first[2].startswith(" and had some ideas")
    last_text, last_marker = record.body[8].children
    assert last_text.endswith("continues until midnight American time.")
    assert last_marker == NoteRef("3")


def test_seed_has_exactly_the_offset_warning_at_the_first_marker(seed):
    (finding,) = seed.findings
    assert finding.code == "PRS-MARKER-OFFSET"
    assert finding.severity is Severity.WARNING
    assert str(finding.position) == "1:31"
    assert finding.key == "refs/1"
    assert finding.message.endswith("; every marker was mapped to its note")


def test_seed_positions(seed):
    positions = seed.positions
    assert positions["head"] == Position(1, 1)
    assert positions["body/0"] == Position(3, 1)
    assert positions["body/3"] == Position(9, 1)  # [Page 853]
    assert positions["body/9"] == positions["signatures/0"] == Position(21, 1)
    assert positions["refs/1"] == Position(1, 31)
    assert positions["refs/2"] == Position(3, 130)
    assert positions["refs/4"] == Position(21, 16)
    assert [positions[f"notes/{n}"] for n in "1234"] == [
        Position(line, 3) for line in (22, 23, 24, 25)
    ]
    assert "dateline" not in positions


def test_crlf_and_bom_give_the_same_record_and_positions(seed):
    parsed = fixture("seed_crlf_bom.txt")
    assert parsed.record == replace(seed.record, origin="seed_crlf_bom.txt")
    assert parsed.positions == seed.positions
    assert codes(parsed) == [("PRS-MARKER-OFFSET", "1:31")]


# -- datelines -------------------------------------------------------------------------


def test_dateline_after_the_title_is_encoded_as_frus_does():
    parsed = read("390. Memorandum for the Record\n\nWashington, December 31, 1963.\n\nText.\n")
    assert parsed.record.body[0] == Element(
        "dateline",
        children=(
            Element("placeName", children=("Washington",)),
            ", ",
            Element("date", (("when", "1963-12-31"),), ("December 31, 1963",)),
            ".",
        ),
    )
    assert parsed.positions["dateline"] == Position(3, 1)
    assert parsed.record.paragraphs == (Element("p", children=("Text.",)),)


@pytest.mark.parametrize(
    "line",
    ["Washington, December 31.", "December 31, 1963.", "We met in Paris, May 3, 1957, at noon."],
)
def test_lines_that_are_not_datelines_stay_paragraphs(line):
    assert read(f"1. Telegram\n\n{line}\n").record.body[0].tag == "p"


@pytest.mark.parametrize("gap", ["\n", ""])  # in its own block, or right under the title
def test_an_impossible_date_is_the_dateline_with_an_error_at_its_line(gap):
    parsed = read(f"1. Telegram\n{gap}  Washington, February 30, 1963.\n\nText.\n")
    assert parsed.record.title == "Telegram"
    assert parsed.record.body[0].tag == "dateline"
    (finding,) = [f for f in parsed.findings if f.code == "PRS-DATE-INVALID"]
    assert finding.severity is Severity.ERROR
    assert finding.position == Position(3 if gap else 2, 3)
    assert "“February 30, 1963”" in finding.message


def test_a_dateline_under_the_title_without_a_blank_line():
    parsed = fixture("wrapped_crlf.txt")
    assert parsed.record.title == "Memorandum of Conversation"
    assert parsed.record.dateline.date == "1963-12-23"
    assert parsed.positions["dateline"] == parsed.positions["body/0"] == Position(2, 1)


def test_an_opener_keeps_the_lines_around_its_dateline():
    record = fixture("opener_letter.txt").record
    opener = record.body[0]
    assert opener.tag == "opener"
    assert opener.children[0] == Element("seg", children=("Infoguide No. 62–37",))
    assert opener.children[1].tag == "dateline"
    assert opener.children[2] == Element("salute", children=("Dear Colleagues,",))
    assert record.dateline.date == "1962-06-27"


# -- markers ---------------------------------------------------------------------------


def test_numbers_that_are_not_markers_stay_text():
    parsed = fixture("tricky_numbers.txt")
    assert parsed.findings == ()
    record = parsed.record
    assert [ref.n for ref in record.note_refs()] == ["1", "2", "3", "4"]
    first, second = (p.children for p in record.paragraphs[:2])
    assert first == (
        "The Ambassador cited Dobrynin, In Confidence, p. 117, and the telegrams of 1953–1969 "
        "filed in Box 315, RG 59. He also recalled NSC 5412/2 and the B-52 incident of 1961.",
        NoteRef("2"),
    )
    assert "(2) a fee of $10.00 and a 3.5 percent rate were acceptable" in second[0]
    assert second[-1] == NoteRef("3")
    assert record.signatures[0].name == "Benjamin H. Read"
    assert record.body[1].children[1] == Element(
        "item",
        children=("Follow-up to Document 388 and the conversation of December 31, 1963",),
    )


def test_digits_after_a_number_and_a_period_are_markers_only_where_they_fit():
    parsed = fixture("numeric_markers.txt")
    assert codes(parsed) == [("PRS-MARKER-OFFSET", "1:78")]
    first, second = parsed.record.paragraphs
    assert first.children == (
        "2416. Reference Deptel 1903.",
        NoteRef("2"),
        " The Ambassador delivered the reply on January 2, 1964.",
        NoteRef("3"),
        " Prices rose by 2.5 percent. Khrushchev's letter was dated December 31, 1963.",
        NoteRef("4"),
    )
    assert second.children == (
        "The text of the reply follows in telegram 2417",
        NoteRef("5"),
        " and will be pouched.",
    )


@pytest.mark.parametrize("decimal", ["1.2 percent", "1.2%", "1.2 million dollars"])
def test_a_decimal_that_reads_on_stays_text_even_where_a_marker_would_fit(decimal):
    text = (
        f"5. Memo1\n\nThe rate was {decimal} here.3\n\n  1. Source: X. Secret.\n  2. A.\n  3. B.\n"
    )
    parsed = read(text)
    (paragraph,) = parsed.record.paragraphs
    assert paragraph.children == (f"The rate was {decimal} here.", NoteRef("3"))
    assert codes(parsed) == [("PRS-NOTE-UNREFERENCED", "6:3")]  # note 2 has no marker


def test_a_marker_with_no_note_is_an_error_and_stays_text():
    parsed = fixture("marker_dangling.txt")
    assert codes(parsed) == [("PRS-MARKER-DANGLING", "3:84")]
    assert parsed.findings[0].severity is Severity.ERROR
    assert parsed.record.paragraphs[0].children[-1] == " We discussed the trade agreement.3"


def test_a_marker_off_the_offset_of_the_others_is_inconsistent():
    parsed = fixture("marker_inconsistent.txt")
    assert codes(parsed) == [
        ("PRS-MARKER-OFFSET", "1:31"),
        ("PRS-MARKER-INCONSISTENT", "3:84"),
        ("PRS-NOTE-UNREFERENCED", "8:3"),
    ]
    assert "may mean note 3" in parsed.findings[1].message
    assert [ref.n for ref in parsed.record.note_refs()] == ["1", "2"]
    assert parsed.findings[0].message.endswith("; 2 of 3 markers were mapped to their notes")


def test_a_second_marker_for_the_same_note_is_inconsistent():
    parsed = read("5. Memo1\n\nText.2 More text.2\n\n  1. Source: X. Secret.\n  2. Y.\n")
    assert codes(parsed) == [("PRS-MARKER-INCONSISTENT", "3:18")]
    assert "already refers to" in parsed.findings[0].message


def test_a_note_no_marker_refers_to_is_an_error_at_the_note():
    parsed = fixture("note_unreferenced.txt")
    assert codes(parsed) == [("PRS-NOTE-UNREFERENCED", "8:3")]
    assert parsed.findings[0].key == "notes/3"
    assert parsed.record.notes[2].kind == "footnote"


def test_superscript_markers_are_always_markers():
    parsed = read(
        "7. Telegram¹\n\nSee Deptels 2416² and 2469.³\n\n  1. Source: X.\n  2. A.\n  3. B.\n"
    )
    assert parsed.findings == ()
    assert parsed.record.paragraphs[0].children == (
        "See Deptels 2416",
        NoteRef("2"),
        " and 2469.",
        NoteRef("3"),
    )


def test_a_marker_glued_to_a_signature_and_an_indented_signature():
    parsed = fixture("wrapped_signature.txt")
    assert [(s.name, s.note) for s in parsed.record.signatures] == [("McGeorge Bundy", "3")]
    assert parsed.positions["signatures/0"] == Position(7, 41)
    assert parsed.record.notes[2].kind == "signature"


def test_a_source_note_no_marker_refers_to_still_is_the_source_note():
    parsed = read("5. Memo\n\nText.\n\n  1. Source: Bundy Files. Secret.\n")
    assert codes(parsed) == [("PRS-NOTE-UNREFERENCED", "5:3")]
    assert parsed.record.notes[0].kind == "source"
    assert parsed.record.classification.level == "Secret"


def test_a_head_note_that_is_not_a_source_note_is_a_footnote():
    parsed = read("5. Memo1\n\nText.\n\n  1. Drafted by Read.\n")
    assert parsed.record.notes[0].kind == "footnote"


# -- structures ------------------------------------------------------------------------


def test_participants_lists_nest_by_indentation():
    record = fixture("participants.txt").record
    participants, subject = record.body[1:3]
    assert participants == Element(
        "list",
        children=(
            Element("head", children=("PARTICIPANTS",)),
            Element(
                "item",
                children=(
                    "US",
                    Element(
                        "list",
                        children=tuple(
                            Element("item", children=(name,))
                            for name in (
                                "The President",
                                "Under Secretary Harriman",
                                "Ambassador Thompson",
                            )
                        ),
                    ),
                ),
            ),
            Element(
                "item",
                children=(
                    "USSR",
                    Element(
                        "list",
                        children=(
                            Element("item", children=("Mr. Mikoyan",)),
                            Element("item", children=("Ambassador Dobrynin",)),
                        ),
                    ),
                ),
            ),
        ),
    )
    assert subject.children[0] == Element("head", children=("SUBJECT",))
    assert record.signatures == ()
    assert len(record.paragraphs) == 2


def test_several_signers_with_a_salutation_and_an_affiliation():
    parsed = fixture("several_signers.txt")
    assert parsed.findings == ()
    closer = parsed.record.body[-1]
    assert closer == Element(
        "closer",
        children=(
            Element("salute", children=("Sincerely,",)),
            Element("signed", children=("Dean Rusk", NoteRef("3"))),
            Element(
                "signed",
                children=(
                    "Robert S. McNamara",
                    NoteRef("4"),
                    Element("affiliation", children=("Secretary of Defense",)),
                ),
            ),
        ),
    )
    assert parsed.positions["signatures/1"] == Position(11, 1)
    assert [n.kind for n in parsed.record.notes] == ["source", "footnote", "signature", "signature"]


def test_a_document_with_no_signature():
    parsed = fixture("no_signature.txt")
    assert parsed.findings == ()
    assert parsed.record.signatures == ()
    assert parsed.record.body[-1] == Element(
        "p", children=("The Ambassador seemed to agree with this judgment.",)
    )


def test_an_editorial_note_with_no_notes_is_never_signed():
    parsed = read("248. Editorial Note\n\nOn April 27, Warren reported.\n\nDean Rusk\n")
    assert parsed.findings == ()
    assert parsed.record.subtype == "editorial-note"
    assert parsed.record.notes == ()
    assert [b.tag for b in parsed.record.body] == ["p", "p"]
    assert fixture("editorial_note.txt").findings == ()


def test_notes_inside_the_title_only():
    parsed = fixture("title_notes_only.txt")
    assert parsed.findings == ()
    assert parsed.record.head == ("384. Editorial Note", NoteRef("1"))
    assert parsed.record.subtype == "editorial-note"
    assert parsed.record.source_note.text.endswith("No classification marking.")


def test_wrapped_paragraphs_inline_page_breaks_and_spaced_notes():
    parsed = fixture("wrapped_crlf.txt")
    assert codes(parsed) == [("PRS-MARKER-OFFSET", "1:32")]
    (paragraph,) = parsed.record.paragraphs
    assert paragraph.children == (
        "The Ambassador opened by saying that he had been instructed to raise the question "
        "of the trade agreement.",
        NoteRef("2"),
        " He then turned to Berlin ",
        Element("pb", (("n", "861"), ("xml:id", "pg_861"))),
        " and the autobahn.",
    )
    assert parsed.positions["refs/2"] == Position(6, 21)
    assert [n.n for n in parsed.record.notes] == ["1", "2"]


def test_a_page_printed_twice_and_two_notes_with_one_number_still_give_unique_ids():
    text = (
        "390. Memo0\n\nOne.1\n\n[Page 5]\n\nTwo.\n\n[Page 5]\n\nThree.2\n\n"
        "  1. Source: Bundy Files. Secret.\n  2. First.\n  2. Second.\n"
    )
    parsed = read(text)
    ids = [dict(e.attrs)["xml:id"] for e in parsed.record.body if e.tag == "pb"]
    ids += [dict(n.attrs)["xml:id"] for n in parsed.record.notes]
    assert ids == ["pg_5", "pg_5.2", "d390fn1", "d390fn2", "d390fn2.2"]
    xml = Forms(parsed.record).xml_bytes()
    assert etree.fromstring(xml).xpath("count(//*[@xml:id])") == 6  # well-formed: ids unique
    (report,) = check_bytes(text.encode(), "memo.txt")
    notes = [f.code for f in report.errors if f.code.startswith("PRS-NOTE")]
    assert notes == ["PRS-NOTE-DUPLICATE", "PRS-NOTE-UNREFERENCED"]  # no PRS-NOTE-ID on top


def test_a_quotation_block():
    record = read("9. Speech\n\n> The act sets forth\n> these purposes.\n>\n> Second.\n").record
    assert record.body[0] == Element(
        "quote",
        children=(
            Element("p", children=("The act sets forth these purposes.",)),
            Element("p", children=("Second.",)),
        ),
    )


def test_a_title_only_memo_parses():
    record = read("12. Memorandum").record
    assert (record.number, record.title, record.body, record.notes) == ("12", "Memorandum", (), ())


# -- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "where", "words"),
    [
        ("empty.txt", "empty.txt: ", "empty file"),
        ("binary.txt", "binary.txt:3:11: ", "binary content"),
        ("latin1.txt", "latin1.txt:3:28: ", "not UTF-8: byte 0xe9"),
        ("utf16.txt", "utf16.txt:1:1: ", "UTF-16"),
        ("no_title.txt", "no_title.txt:1:1: ", "no title line"),
    ],
)
def test_unreadable_input_is_one_line_naming_file_and_position(name, where, words):
    with pytest.raises(InputError) as caught:
        read_text((FIXTURES / name).read_bytes(), name)
    message = str(caught.value)
    assert message.startswith(where)
    assert words in message
    assert "\n" not in message


def test_white_space_only_is_empty():
    with pytest.raises(InputError, match="empty file"):
        read_text(b"\xef\xbb\xbf \r\n\t\n", "blank.txt")
