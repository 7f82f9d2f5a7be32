"""preserve.rules.json_form: record.schema.json on the canonical JSON, mapped to codes."""

from __future__ import annotations

from dataclasses import replace

from records import memo

from preserve.model import Element, Note
from preserve.rules.json_form import json_hits


def hits(record) -> list[tuple[str, str | None, str | None]]:
    return [(hit.code, hit.key, hit.where) for hit in json_hits(record)]


def with_note(record, index: int, **changes):
    notes = list(record.notes)
    notes[index] = replace(notes[index], **changes)
    return replace(record, notes=tuple(notes))


def test_a_valid_memo_passes_the_json_schema():
    assert json_hits(memo()) == []


def test_each_rule_failure_carries_its_code_and_the_record_part_it_is_about():
    assert hits(with_note(memo(), 0, content=("Source: Bundy Files.",))) == [
        ("PRS-CLASSIFICATION-MISSING", "notes/1", "/classification")
    ]
    assert hits(with_note(memo(), 0, content=("Bundy Files. Secret.",))) == [
        ("PRS-SOURCE-PREFIX", "notes/1", "/notes/0/text")
    ]
    assert hits(with_note(memo(), 2, n="three")) == [
        ("PRS-NOTE-NUMBER", "notes/three", "/notes/2/n")
    ]
    unsigned_note = replace(
        memo(),
        body=(
            *memo().body[:4],
            Element("closer", children=(Element("signed", children=("Rusk",)),)),
        ),
    )
    assert hits(unsigned_note) == [("PRS-SIGNATURE-NOTE", "signatures/0", "/signatures/0/note")]


def test_document_level_failures_belong_to_the_head_or_to_the_document():
    no_source = replace(memo(), notes=memo().notes[1:])
    assert hits(no_source) == [("PRS-SOURCE-MISSING", "head", "/notes")]
    unsigned = replace(memo(), body=memo().body[:4])
    assert hits(unsigned) == [("PRS-SIGNATURE-MISSING", "document", "/signatures")]


def test_an_editorial_note_needs_no_source_note_and_no_signature():
    paragraph = Element("p", children=("The Department…",))
    assert (
        json_hits(memo(head=("242. Note",), body=(paragraph,), notes=(), subtype="editorial-note"))
        == []
    )
    assert (
        json_hits(memo(number="384", head=("384. Editorial Note",), body=(paragraph,), notes=()))
        == []
    )


def test_the_dateline_date_must_be_a_real_iso_date():
    date = Element("date", (("when", "1963-02-30"),), ("February 30, 1963",))
    dateline = Element(
        "dateline", children=(Element("placeName", children=("Washington",)), ", ", date)
    )
    [hit] = json_hits(replace(memo(), body=(dateline, *memo().body[1:])))
    assert (hit.code, hit.key, hit.where) == ("PRS-DATE-INVALID", "dateline", "/dateline/date")
    assert hit.text == "the dateline's date is not an ISO 8601 date"


def test_any_other_failure_is_a_structure_finding_with_the_schema_s_message():
    [hit] = json_hits(replace(memo(), body=(*memo().body, Element("p", children=(Element(""),)))))
    assert (hit.code, hit.key, hit.where) == ("PRS-SCHEMA", "body/5", "/body/5/content/0/tag")
    assert hit.text == '"" is shorter than 1 character'
    [hit] = json_hits(with_note(memo(), 1, attrs=(("bad name", "x"), ("xml:id", "d390fn2"))))
    assert (hit.code, hit.key) == ("PRS-SCHEMA", "notes/2")


def test_a_source_note_the_record_does_not_know_as_source_is_not_its_source():
    footnote_only = replace(
        memo(), notes=(Note("1", "footnote", ("Bundy Files.",)), *memo().notes[1:])
    )
    assert hits(footnote_only) == [("PRS-SOURCE-MISSING", "head", "/notes")]
