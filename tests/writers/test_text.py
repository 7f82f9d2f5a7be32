"""The plain-text writer: the seed's normalized form, markup rendered as text, markers."""

from pathlib import Path

from preserve.model import Element, Note, NoteRef, Record
from preserve.readers.text import read_text
from preserve.writers.text import to_bytes, to_text

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_64a11ddd4c1bf2d8.txt"


def record(body, notes=(), head=("5. Memorandum",), **fields) -> Record:
    return Record(
        doc_id="d5", number="5", head=head, body=tuple(body), notes=tuple(notes), **fields
    )


def p(*children) -> Element:
    return Element("p", children=children)


def notes(count: int, kind: str = "footnote") -> list[Note]:
    return [Note(str(n), kind, (f"Note {n}.",)) for n in range(1, count + 1)]


def test_the_seed_comes_back_with_markers_renumbered():
    seed = SEED.read_text(encoding="utf-8")
    expected = (
        seed.replace("the Record0", "the Record1")
        .replace("conversation1 and", "conversation2 and")
        .replace("American time.2", "American time.3")
        .replace("McGeorge Bundy 3", "McGeorge Bundy 4")
        + "\n"
    )
    assert expected != seed + "\n"
    assert to_text(read_text(SEED.read_bytes(), "seed.txt").record) == expected


def test_bytes_are_utf8_with_lf_and_a_final_newline():
    data = to_bytes(read_text(SEED.read_bytes(), "seed.txt").record)
    text = data.decode("utf-8")
    seed_notes = SEED.read_text(encoding="utf-8").splitlines()[-4:]
    assert "\r" not in text
    assert text.endswith("American time.3\n\nMcGeorge Bundy 4\n" + "\n".join(seed_notes) + "\n")
    assert "Johnsonʼs election campaign" in text
    assert data == to_bytes(read_text(SEED.read_bytes(), "seed.txt").record)


def test_markup_becomes_its_words_and_notes_follow_a_blank_line():
    memo = record(
        [
            Element(
                "dateline",
                children=(
                    Element(
                        "placeName", children=(Element("hi", (("rend", "italic"),), ("Bonn",)),)
                    ),
                    ", ",
                    Element("date", (("when", "1957-05-03"),), ("May 3, 1957",)),
                ),
            ),
            p(
                "Ambassador ",
                Element("persName", (("corresp", "#p_DAF1"),), ("Dobrynin",)),
                " read the ",
                Element("gloss", (("target", "#t_NSC1"),), ("NSC",)),
                " paper,",
                Element("lb"),
                "then   left.",
                NoteRef("1"),
            ),
        ],
        notes(1),
    )
    assert to_text(memo) == (
        "5. Memorandum\n\nBonn, May 3, 1957\n\n"
        "Ambassador Dobrynin read the NSC paper, then left.1\n\n  1. Note 1.\n"
    )


def test_a_head_without_its_number_gets_it():
    assert to_text(record([], head=("Memorandum",))).startswith("5. Memorandum\n")


def test_lists_with_heads_labels_nesting_and_page_breaks():
    memo = record(
        [
            Element(
                "list",
                children=(
                    Element("head", children=("PARTICIPANTS",)),
                    Element("label", children=("1.",)),
                    Element(
                        "item",
                        children=(
                            "The President",
                            Element(
                                "list",
                                children=(
                                    Element("label", children=("(a)",)),
                                    Element("item", children=(p("First."), p("Second."))),
                                ),
                            ),
                        ),
                    ),
                    Element("pb", (("n", "12"),)),
                    Element("item", children=("Mr. Bundy",)),
                ),
            )
        ]
    )
    assert to_text(memo) == (
        "5. Memorandum\n\nPARTICIPANTS\n- 1. The President\n  - (a) First. Second.\n"
        "[Page 12]\n- Mr. Bundy\n"
    )


def test_opener_quote_and_nested_div_are_blocks():
    memo = record(
        [
            Element(
                "opener",
                children=(
                    Element("seg", children=(Element("idno", children=("Infoguide No. 62–37",)),)),
                    Element("salute", children=("Dear Mac,",)),
                ),
            ),
            Element("quote", children=(p(". . . to strengthen"), p("the ties."))),
            Element(
                "div",
                children=(
                    Element("head", children=("Annex",)),
                    Element("pb", (("n", "7"),)),
                    p("X."),
                ),
            ),
        ]
    )
    assert to_text(memo) == (
        "5. Memorandum\n\nInfoguide No. 62–37\nDear Mac,\n\n> . . . to strengthen\n>\n"
        "> the ties.\n\nAnnex\n\n[Page 7]\n\nX.\n"
    )


def test_signers_with_affiliations_and_the_seed_style_marker():
    closer = Element(
        "closer",
        children=(
            Element("salute", children=("Sincerely,",)),
            Element(
                "signed",
                children=(
                    Element("persName", children=("Edward R. Murrow",)),
                    NoteRef("2"),
                    Element("affiliation", children=("(Rocket Motel, Joplin, Missouri)",)),
                ),
            ),
            Element("signed", children=(Element("persName", children=("Wilson",)),)),
        ),
    )
    memo = record([p("Text.", NoteRef("1")), closer], notes(2))
    assert to_text(memo) == (
        "5. Memorandum\n\nText.1\n\nSincerely,\nEdward R. Murrow 2\n"
        "    (Rocket Motel, Joplin, Missouri)\nWilson\n  1. Note 1.\n  2. Note 2.\n"
    )


def test_a_signature_marker_is_glued_where_a_space_would_not_read_back():
    signed = Element("closer", children=(Element("signed", children=("Dean Rusk", NoteRef("1"))),))
    after_closer = record([signed, p("Postscript.", NoteRef("2"))], notes(2))
    assert "\nDean Rusk1\n" in to_text(after_closer)
    out_of_order = record([p("Text.", NoteRef("2")), signed], notes(2))
    assert "\nDean Rusk1\n" in to_text(out_of_order)


def test_markers_that_plain_digits_would_lose_are_superscript():
    memo = record(
        [
            p(NoteRef("1"), "Opening."),
            p(
                "Deptel 2416",
                NoteRef("2"),
                " and 2469.",
                NoteRef("3"),
                " Then (",
                NoteRef("4"),
                ").",
            ),
            p(
                "Two notes",
                NoteRef("5"),
                NoteRef("6"),
                NoteRef("7"),
                " here; a word",
                NoteRef("8"),
                "s.",
            ),
        ],
        notes(8),
    )
    text = to_text(memo)
    assert text.splitlines()[2:7] == [
        "¹Opening.",
        "",
        "Deptel 2416² and 2469.³ Then (⁴).",
        "",
        "Two notes5⁶7 here; a word⁸s.",
    ]
    parsed = read_text(text.encode(), "memo.txt")
    assert parsed.findings == ()
    assert parsed.record.body == memo.body


def test_rendering_is_deterministic_and_a_fixpoint():
    memo = read_text(SEED.read_bytes(), "seed.txt").record
    text = to_text(memo)
    assert to_text(read_text(text.encode(), "seed.txt").record) == text


def test_loose_text_in_a_quote_and_a_quotation_inside_a_paragraph():
    memo = record(
        [
            Element("quote", children=("“Loose ", Element("hi", children=("text",)), "”")),
            p("He said ", Element("quote", children=("“no”",)), "."),
        ]
    )
    assert to_text(memo) == "5. Memorandum\n\n> “Loose text”\n\nHe said “no”.\n"


def test_an_empty_head_still_gives_a_title_line_that_reads_back():
    text = to_text(record([p("Text.")], head=()))
    assert text == "5.\n\nText.\n"
    parsed = read_text(text.encode(), "memo.txt").record
    assert (parsed.number, parsed.title) == ("5", "")
