"""Which candidates are note markers, under which offset, and what is reported."""

from preserve.findings import Position
from preserve.readers.markers import Candidate, NoteNumber, map_markers


def candidates(*specs: tuple[int, str]) -> list[Candidate]:
    return [Candidate(v, kind, Position(i + 1, 1), i) for i, (v, kind) in enumerate(specs)]


def notes(count: int) -> list[NoteNumber]:
    return [NoteNumber(n, Position(100 + n, 3)) for n in range(1, count + 1)]


def test_markers_counting_from_zero_are_offset_by_one():
    mapping = map_markers(candidates((0, "glued"), (1, "glued"), (2, "signature")), notes(3))
    assert (mapping.offset, mapping.refs) == (1, {0: 1, 1: 2, 2: 3})
    assert [(f.code, f.position) for f in mapping.findings] == [
        ("PRS-MARKER-OFFSET", Position(1, 1))
    ]


def test_markers_matching_the_notes_need_no_finding():
    mapping = map_markers(candidates((1, "glued"), (2, "explicit")), notes(2))
    assert (mapping.offset, mapping.refs, mapping.findings) == (0, {0: 1, 1: 2}, ())


def test_numeric_candidates_fill_only_notes_nobody_claims_in_order():
    found = candidates((1, "glued"), (5, "numeric"), (2, "numeric"), (3, "glued"))
    mapping = map_markers(found, notes(3))
    assert mapping.refs == {0: 1, 2: 2, 3: 3}
    assert mapping.findings == ()


def test_a_signature_candidate_out_of_order_is_text():
    mapping = map_markers(candidates((2, "glued"), (1, "signature")), notes(2))
    assert mapping.refs == {0: 2}
    assert [f.code for f in mapping.findings] == ["PRS-NOTE-UNREFERENCED"]
    assert mapping.findings[0].position == Position(101, 3)


def test_a_signature_candidate_beats_a_numeric_one_for_its_note():
    found = candidates((1, "glued"), (2, "numeric"), (2, "signature"))
    assert map_markers(found, notes(2)).refs == {0: 1, 2: 2}


def test_the_first_marker_decides_a_tie():
    mapping = map_markers(candidates((0, "glued"), (1, "glued"), (3, "glued")), notes(3))
    assert mapping.offset == 1
    assert [f.code for f in mapping.findings] == [
        "PRS-MARKER-OFFSET",
        "PRS-MARKER-INCONSISTENT",
        "PRS-NOTE-UNREFERENCED",
    ]


def test_duplicates_and_strangers():
    mapping = map_markers(candidates((1, "glued"), (1, "glued"), (7, "explicit")), notes(1))
    assert mapping.refs == {0: 1}
    duplicate, stranger = mapping.findings
    assert duplicate.code == "PRS-MARKER-INCONSISTENT"
    assert "already refers to" in duplicate.message
    assert (stranger.code, stranger.position) == ("PRS-MARKER-DANGLING", Position(3, 1))


def test_no_notes_and_no_candidates():
    assert map_markers([], []).findings == ()
    assert [f.code for f in map_markers([], notes(2)).findings] == ["PRS-NOTE-UNREFERENCED"] * 2
