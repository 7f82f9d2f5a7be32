"""The record's derived views: id, title, dateline, signatures, source note."""

from preserve.model import Element, Note, NoteRef, Record, Volume, plain_text


def memo(**changes) -> Record:
    fields = dict(
        doc_id="d390",
        number="390",
        head=("390. Memorandum for the Record", NoteRef("1")),
        body=(
            Element(
                "dateline",
                children=(
                    Element("placeName", children=("Washington",)),
                    ", ",
                    Element("date", (("when", "1963-12-31"),), ("December 31, 1963",)),
                    ".",
                ),
            ),
            Element("p", children=("Ambassador ", Element("persName", (), ("Dobrynin",)), ".")),
            Element("pb", (("n", "853"), ("xml:id", "pg_853"))),
            Element(
                "closer",
                children=(
                    Element(
                        "signed",
                        children=(
                            Element("persName", children=("McGeorge Bundy",)),
                            NoteRef("2"),
                            Element("affiliation", children=("Special Assistant",)),
                        ),
                    ),
                ),
            ),
        ),
        notes=(
            Note("1", "source", ("Source: Bundy Files. Secret.",)),
            Note("2", "signature", ("Printed from a copy that bears this typed signature.",)),
        ),
        origin="000_64a11ddd4c1bf2d8.txt",
    )
    fields.update(changes)
    return Record(**fields)


def test_title_leaves_out_the_number_and_the_notes():
    assert memo().title == "Memorandum for the Record"


def test_dateline_gives_place_iso_date_and_text():
    dateline = memo().dateline
    assert (dateline.place, dateline.date, dateline.text) == (
        "Washington",
        "1963-12-31",
        "Washington, December 31, 1963.",
    )


def test_dateline_inside_an_opener_is_found():
    opener = Element("opener", children=(memo().body[0],))
    record = memo(body=(opener, *memo().body[1:]))
    assert record.dateline.date == "1963-12-31"


def test_signature_name_leaves_out_affiliation_and_carries_its_note():
    (signature,) = memo().signatures
    assert (signature.name, signature.note) == ("McGeorge Bundy", "2")


def test_classification_comes_from_the_source_note():
    assert memo().classification.level == "Secret"
    assert memo(notes=()).classification is None


def test_id_uses_the_volume_when_known_else_the_file_name():
    assert memo().id == "000_64a11ddd4c1bf2d8-d390"
    assert memo(volume=Volume("frus1961-63v05")).id == "frus1961-63v05-d390"
    assert memo(origin=None).id == "d390"


def test_editorial_note_by_subtype_or_title():
    assert memo(subtype="editorial-note").is_editorial_note
    assert memo(head=("242. Editorial Note",), number="242").is_editorial_note
    assert not memo().is_editorial_note


def test_note_refs_in_document_order():
    assert [ref.n for ref in memo().note_refs()] == ["1", "2"]


def test_plain_text_folds_white_space_and_skips_notes():
    nodes = ("a  \n b", NoteRef("3"), Element("lb"), Element("hi", (), ("c",)))
    assert plain_text(nodes) == "a b c"
