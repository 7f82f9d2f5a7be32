"""preserve.rules.semantic: note references against notes, on the record itself."""

from __future__ import annotations

from dataclasses import replace

from records import memo

from preserve.model import Element, Note, NoteRef
from preserve.rules.semantic import semantic_hits


def found(record) -> list[tuple[str, str]]:
    return [(hit.code, hit.key) for hit in semantic_hits(record)]


def paragraph(*children) -> Element:
    return Element("p", children=children)


def test_a_memo_whose_notes_are_each_referenced_once_passes():
    assert semantic_hits(memo()) == []


def test_a_note_nothing_references_is_unreferenced():
    extra = Note("5", "footnote", ("Not found.",))
    assert found(replace(memo(), notes=(*memo().notes, extra))) == [
        ("PRS-NOTE-UNREFERENCED", "notes/5")
    ]


def test_a_note_referenced_twice_is_reported_on_its_references():
    record = replace(memo(), body=(*memo().body, paragraph("Again", NoteRef("2"))))
    [hit] = semantic_hits(record)
    assert (hit.code, hit.key, hit.text) == (
        "PRS-NOTE-MULTIREF",
        "refs/2",
        "note 2 is referenced 2 times",
    )


def test_two_notes_with_one_number_need_two_references():
    twin = Note("3", "footnote", ("Twin.",))
    assert found(replace(memo(), notes=(*memo().notes, twin))) == [
        ("PRS-NOTE-UNREFERENCED", "notes/3")
    ]


def test_a_reference_to_no_note_dangles():
    record = replace(memo(), body=(*memo().body, paragraph("See", NoteRef("9"))))
    assert found(record) == [("PRS-MARKER-DANGLING", "refs/9")]


def test_a_note_kind_must_match_where_the_note_is_anchored():
    notes = list(memo().notes)
    notes[3] = replace(notes[3], kind="footnote")
    [hit] = semantic_hits(replace(memo(), notes=tuple(notes)))
    assert (hit.code, hit.key, hit.text) == (
        "PRS-NOTE-KIND",
        "notes/4",
        "note 4 is a footnote but is anchored in a signature",
    )
    notes = list(memo().notes)
    notes[1] = replace(notes[1], kind="source")
    assert found(replace(memo(), notes=tuple(notes))) == [("PRS-NOTE-KIND", "notes/2")]


def test_a_footnote_may_stand_in_the_head():
    head = ("390. Memorandum", NoteRef("1"), " of Conversation", NoteRef("2"))
    body = (
        paragraph("Text", NoteRef("3")),
        Element("closer", children=(Element("signed", children=("Rusk", NoteRef("4"))),)),
    )
    assert semantic_hits(replace(memo(), head=head, body=body)) == []
