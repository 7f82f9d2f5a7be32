"""preserve.rules.validate: every rule on a parsed record, located, sorted, deduplicated."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from records import memo, records

from preserve.findings import Finding, Position, Severity
from preserve.model import Element, NoteRef
from preserve.readers import Parsed, read_path
from preserve.readers.json import read_json
from preserve.rules import CODES, validate
from preserve.writers.json import to_bytes

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_64a11ddd4c1bf2d8.txt"
CORPUS = ROOT / "fixtures" / "corpus"

# What each corpus document really lacks, by the rules of docs/rules.md.
NOTHING: set[str] = set()
NO_SIGNATURE = {"PRS-SIGNATURE-MISSING"}
UNNOTED_SIGNATURE = {"PRS-SIGNATURE-NOTE"}
EXPECTED = {
    # An address printed from the Department of State Bulletin: the source note states
    # no classification, and a speech carries no signature.
    "frus1917-72PubDipv06_d85.xml": {"PRS-CLASSIFICATION-MISSING", "PRS-SIGNATURE-MISSING"},
    # USIA message signed "Wilson / Acting", with no note on the signature.
    "frus1917-72PubDipv06_d86.xml": UNNOTED_SIGNATURE,
    # Memoranda whose signatures carry "Printed from a copy that bears this typed
    # signature" or a note on the initials: complete.
    "frus1917-72PubDipv06_d87.xml": NOTHING,
    "frus1917-72PubDipv06_d88.xml": NOTHING,
    "frus1917-72PubDipv06_d89.xml": NOTHING,
    # Letter signed "U. Alexis Johnson", no signature note.
    "frus1917-72PubDipv06_d90.xml": UNNOTED_SIGNATURE,
    "frus1917-72PubDipv06_d91.xml": NOTHING,
    "frus1917-72PubDipv06_d92.xml": NOTHING,
    # Memoranda signed "William Gordon" and "Edward R. Murrow" with no signature note.
    "frus1917-72PubDipv06_d93.xml": UNNOTED_SIGNATURE,
    "frus1917-72PubDipv06_d94.xml": UNNOTED_SIGNATURE,
    "frus1917-72PubDipv06_d95.xml": NOTHING,
    # Editorial notes (subtype="editorial-note"): no source note, no signature, fine.
    "frus1955-57v24_d242.xml": NOTHING,
    "frus1955-57v24_d248.xml": NOTHING,
    "frus1955-57v24_d252.xml": NOTHING,
    # Telegrams signed with the sender's name only (Warren, Dulles, Allen, Herter), and
    # Gleason's memorandum of discussion: no signature note.
    "frus1955-57v24_d243.xml": UNNOTED_SIGNATURE,
    "frus1955-57v24_d244.xml": UNNOTED_SIGNATURE,
    "frus1955-57v24_d245.xml": UNNOTED_SIGNATURE,
    "frus1955-57v24_d246.xml": UNNOTED_SIGNATURE,
    "frus1955-57v24_d247.xml": UNNOTED_SIGNATURE,
    "frus1955-57v24_d249.xml": UNNOTED_SIGNATURE,
    "frus1955-57v24_d251.xml": UNNOTED_SIGNATURE,
    "frus1955-57v24_d253.xml": UNNOTED_SIGNATURE,
    # Memorandum of conversation Caccia-Dulles: no signed element at all.
    "frus1955-57v24_d250.xml": NO_SIGNATURE,
    # Thompson's memoranda to Rusk ("Initialed by…" in the source note, no signed),
    # memoranda of conversation, and a CIA weekly review: no signature.
    "frus1961-63v05_d379.xml": NO_SIGNATURE,
    "frus1961-63v05_d380.xml": NO_SIGNATURE,
    "frus1961-63v05_d381.xml": NO_SIGNATURE,
    "frus1961-63v05_d386.xml": NO_SIGNATURE,
    "frus1961-63v05_d387.xml": NO_SIGNATURE,
    "frus1961-63v05_d389.xml": NO_SIGNATURE,
    # Telegrams signed Rusk and Kohler, Foy's letter: no signature note.
    "frus1961-63v05_d382.xml": UNNOTED_SIGNATURE,
    "frus1961-63v05_d383.xml": UNNOTED_SIGNATURE,
    "frus1961-63v05_d385.xml": UNNOTED_SIGNATURE,
    # An editorial note known by its title only (no subtype in this volume).
    "frus1961-63v05_d384.xml": NOTHING,
    # Bundy's memoranda for the record, the seed's own encoding: complete.
    "frus1961-63v05_d388.xml": NOTHING,
    "frus1961-63v05_d390.xml": NOTHING,
}


def test_every_corpus_document_is_pinned():
    assert set(EXPECTED) == {path.name for path in CORPUS.glob("*.xml")}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_corpus_document_gets_exactly_the_findings_it_deserves(name):
    [parsed] = read_path(CORPUS / name)
    report = validate(parsed)
    assert {finding.code for finding in report.findings} == EXPECTED[name]
    assert len(report.findings) == len(EXPECTED[name])  # one signature, one finding
    assert all(finding.position is not None for finding in report.findings if finding.key)


def test_the_seed_is_valid_with_only_the_marker_offset_warning():
    [parsed] = read_path(SEED)
    report = validate(parsed)
    [warning] = report.findings
    assert (warning.code, warning.severity) == ("PRS-MARKER-OFFSET", Severity.WARNING)
    assert str(warning.position) == "1:31"
    assert report.valid
    assert report.record_id == "000_64a11ddd4c1bf2d8-d390"


def test_a_defect_both_schemas_see_is_one_finding_located_in_the_input():
    unsigned = Element("closer", children=(Element("signed", children=("Rusk",)),))
    record = replace(memo(), body=(*memo().body[:4], unsigned), notes=memo().notes[:3])
    where = Position(line=12, column=1)
    report = validate(Parsed(record, "memo.txt", positions={"signatures/0": where}))
    [finding] = report.findings
    assert finding.code == "PRS-SIGNATURE-NOTE"
    assert finding.position == where
    assert finding.message == 'signature "Rusk" has no signature note'
    assert finding.canonical == ("/TEI/text/body/div[1]/closer[1]/signed[1]", "/signatures/0/note")


def test_a_reader_finding_and_a_rule_finding_of_one_defect_are_one():
    extra = replace(memo().notes[2], n="5", attrs=(("xml:id", "d390fn5"),))
    record = replace(memo(), notes=(*memo().notes, extra))
    said = Finding(
        "PRS-NOTE-UNREFERENCED",
        Severity.ERROR,
        "note 5 is not referenced by any marker in the text",
        key="notes/5",
        position=Position(20, 3),
    )
    [finding] = validate(Parsed(record, "memo.txt", findings=(said,))).findings
    assert finding == said


def test_findings_without_a_key_are_kept_when_they_are_about_different_places():
    dropped = [
        Finding("PRS-TEI-DROPPED", Severity.WARNING, "dropped comment", position=Position(9)),
        Finding("PRS-TEI-DROPPED", Severity.WARNING, "dropped comment", position=Position(4)),
    ]
    report = validate(Parsed(memo(), "memo.xml", findings=tuple(dropped)))
    assert [f.position.line for f in report.findings] == [4, 9]


def test_findings_are_sorted_by_position_then_record_part_then_code():
    record = replace(
        memo(),
        body=(*memo().body[:4], Element("closer", children=(Element("signed", children=("X",)),))),
        notes=(replace(memo().notes[0], content=("Bundy Files. Secret.",)), *memo().notes[1:3]),
    )
    positions = {"notes/1": Position(14, 3), "signatures/0": Position(12, 1)}
    report = validate(Parsed(record, "memo.txt", positions=positions))
    assert [(f.code, str(f.position)) for f in report.findings] == [
        ("PRS-SIGNATURE-NOTE", "12:1"),
        ("PRS-SOURCE-PREFIX", "14:3"),
    ]
    assert validate(Parsed(record, "memo.txt", positions=positions)) == report


def test_json_input_is_located_with_json_pointers():
    body = list(memo().body)
    body[3] = Element("p", children=("The Ambassador grinned.", NoteRef("3a")))
    odd = replace(memo().notes[2], n="3a", attrs=(("xml:id", "d390fn3a"),))
    record = replace(memo(), body=tuple(body), notes=(*memo().notes[:2], odd, memo().notes[3]))
    [finding] = validate(read_json(to_bytes(record), "memo.json")).findings
    assert (finding.code, finding.key) == ("PRS-NOTE-NUMBER", "notes/3a")
    assert finding.position == Position(pointer="/notes/2")
    assert finding.canonical == ("/TEI/text/body/div[1]/p[2]/note[1]", "/notes/2/n")


@settings(max_examples=40, deadline=None)
@given(records)
def test_any_record_gets_a_report_of_registered_codes_never_an_exception(record):
    report = validate(Parsed(record, "any.json"))
    assert {finding.code for finding in report.findings} <= set(CODES)
    assert all(f.severity is CODES[f.code][0] for f in report.findings)
    keys = [(f.code, f.key) for f in report.findings if f.key is not None]
    assert len(keys) == len(set(keys))
