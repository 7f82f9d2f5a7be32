"""preserve.rules.xml_form: record.rng and record.sch on the canonical TEI."""

from __future__ import annotations

from dataclasses import replace

from records import memo

from preserve.model import Element, Note, NoteRef
from preserve.rules.xml_form import xml_hits, xpath
from preserve.writers.tei import TEI_NS, to_tree


def renumber(record, numbers: dict[str, str]):
    """``record`` with notes and their references renumbered (ids follow the numbers)."""

    def walk(nodes):
        out = []
        for node in nodes:
            if isinstance(node, NoteRef):
                node = NoteRef(numbers.get(node.n, node.n))
            elif isinstance(node, Element):
                node = replace(node, children=walk(node.children))
            out.append(node)
        return tuple(out)

    notes = tuple(
        replace(
            note,
            n=numbers.get(note.n, note.n),
            attrs=(("xml:id", f"d390fn{numbers.get(note.n, note.n)}"),),
        )
        for note in record.notes
    )
    return replace(record, head=walk(record.head), body=walk(record.body), notes=notes)


def found(record) -> list[tuple[str, str | None]]:
    return [(hit.code, hit.key) for hit in xml_hits(record)]


def test_a_valid_memo_passes_both_xml_schemas():
    assert xml_hits(memo()) == []


def test_xpath_is_readable_with_positions_below_body():
    signed = to_tree(memo()).find(f".//{{{TEI_NS}}}signed")
    assert xpath(signed) == "/TEI/text/body/div[1]/closer[1]/signed[1]"


def test_swapping_two_notes_is_one_order_finding_on_the_note_that_steps_back():
    [hit] = xml_hits(renumber(memo(), {"2": "3", "3": "2"}))
    assert (hit.code, hit.key) == ("PRS-NOTE-ORDER", "notes/2")
    assert hit.text.startswith("note 2 comes after note 3")
    assert hit.where == "/TEI/text/body/div[1]/p[2]/note[1]"


def test_notes_numbered_from_0_are_one_number_finding_on_note_0_not_an_order_finding():
    record = renumber(memo(), {"1": "0", "2": "1", "3": "2", "4": "3"})
    assert found(record) == [("PRS-NOTE-NUMBER", "notes/0")]


def test_a_skipped_number_is_a_gap_even_before_the_first_note():
    [hit] = xml_hits(renumber(memo(), {"4": "5"}))
    assert (hit.code, hit.key, hit.text) == (
        "PRS-NOTE-GAP",
        "notes/5",
        "note 5 follows a gap: there is no note 4",
    )
    [first] = xml_hits(renumber(memo(), {"1": "2", "2": "3", "3": "4", "4": "5"}))
    assert (first.code, first.key, first.text) == (
        "PRS-NOTE-GAP",
        "notes/2",
        "note 2 follows a gap: there is no note 1",
    )


def test_a_repeated_number_is_a_duplicate_and_nothing_more():
    record = renumber(memo(), {"3": "2", "4": "3"})
    assert found(record) == [("PRS-NOTE-DUPLICATE", "notes/2")]


def test_note_numbers_and_ids_are_checked():
    assert found(renumber(memo(), {"3": "03"})) == [("PRS-NOTE-NUMBER", "notes/03")]
    [hit] = xml_hits(
        replace(
            memo(), notes=(*memo().notes[:2], replace(memo().notes[2], attrs=()), memo().notes[3])
        )
    )
    assert (hit.code, hit.key, hit.text) == (
        "PRS-NOTE-ID",
        "notes/3",
        'note 3 has xml:id "", not "d390fn3"',
    )


def test_notes_without_anchor_or_without_note_do_not_disturb_the_numbering():
    unreferenced = replace(
        memo(), body=(*memo().body[:3], Element("p", children=("Grinned.",)), memo().body[4])
    )
    assert found(unreferenced) == []
    dangling = replace(memo(), body=(*memo().body, Element("p", children=("See", NoteRef("9")))))
    assert found(dangling) == []


def test_source_note_and_signature_rules():
    no_source = renumber(
        replace(memo(), head=("390. Memorandum",), notes=memo().notes[1:]),
        {"2": "1", "3": "2", "4": "3"},
    )
    assert found(no_source) == [("PRS-SOURCE-MISSING", "head")]
    wrong = replace(
        memo(),
        notes=(
            Note("1", "source", ("Johnson Library.",), (("xml:id", "d390fn1"),)),
            *memo().notes[1:],
        ),
    )
    assert found(wrong) == [("PRS-SOURCE-PREFIX", "notes/1")]
    unsigned = replace(memo(), body=memo().body[:4], notes=memo().notes[:3])
    assert found(unsigned) == [("PRS-SIGNATURE-MISSING", "document")]
    [hit] = xml_hits(
        replace(
            memo(),
            body=(
                *memo().body[:4],
                Element("closer", children=(Element("signed", children=("Rusk",)),)),
            ),
            notes=memo().notes[:3],
        )
    )
    assert (hit.code, hit.key, hit.text) == (
        "PRS-SIGNATURE-NOTE",
        "signatures/0",
        'signature "Rusk" has no signature note',
    )


def test_an_editorial_note_needs_no_source_note_and_no_signature():
    paragraph = Element("p", children=("The Department…",))
    by_subtype = memo(head=("242. Note",), body=(paragraph,), notes=(), subtype="editorial-note")
    by_title = memo(number="384", head=("384. Editorial Note",), body=(paragraph,), notes=())
    assert xml_hits(by_subtype) == xml_hits(by_title) == []


def test_the_grammar_reports_its_most_specific_error_on_the_record_part():
    [hit] = [hit for hit in xml_hits(memo(doc_id="390")) if hit.code == "PRS-SCHEMA"]
    assert (hit.key, hit.where) == (None, "/TEI/text/body/div[1]")
    assert hit.text == "Type NCName doesn't allow value '390'"
    [headless] = [hit for hit in xml_hits(memo(head=())) if hit.code == "PRS-SCHEMA"]
    assert headless.text == "Expecting element head, got dateline"
    [odd] = xml_hits(memo(body=(*memo().body, Element("pb", (("n", "9"),), ("text",)))))
    assert (odd.code, odd.key, odd.text) == (
        "PRS-SCHEMA",
        "body/5",
        "Element pb has extra content: text",
    )


def test_a_record_xml_cannot_hold_is_one_structure_finding():
    [hit] = xml_hits(memo(body=(Element("p", children=("bell \x07",)),)))
    assert hit.code == "PRS-SCHEMA"
    assert "cannot be written as XML" in hit.text
