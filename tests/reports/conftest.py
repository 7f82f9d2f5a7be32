"""Reports built by hand: a text memo, a TEI volume with two documents, a JSON record and
an unreadable file, with positions of every kind."""

from __future__ import annotations

import pytest

from preserve.errors import InputError
from preserve.findings import Finding, Position, Report, Severity
from preserve.reports import Options, unreadable

E, W = Severity.ERROR, Severity.WARNING

RULES = {
    "PRS-NOTE-GAP": (E, "a note number is skipped"),
    "PRS-MARKER-OFFSET": (W, "note markers are numbered with an offset; mapped"),
    "PRS-SIGNATURE-NOTE": (E, "a signature has no signature note attached"),
    "PRS-TEI-DROPPED": (W, "TEI content the record cannot hold was left out"),
}


@pytest.fixture
def options() -> Options:
    return Options(rules=RULES, checked=tuple(RULES), rules_url="https://example.org/rules.md")


@pytest.fixture
def reports() -> list[Report]:
    memo = Report(
        "memos/memo.txt",
        "memo-d390",
        (
            Finding("PRS-NOTE-GAP", E, "note 3 is missing", "notes/3", Position(14, 3)),
            Finding("PRS-MARKER-OFFSET", W, "markers 0..3 map to 1..4", "refs/1", Position(1, 29)),
        ),
    )
    volume_a = Report(
        "tei/volume.xml",
        "frus-d1",
        (
            Finding(
                "PRS-SIGNATURE-NOTE",
                E,
                "signature 1 has no note",
                "signatures/0",
                Position(line=40, xpath="/TEI/text/body/div[1]/closer/signed"),
            ),
        ),
    )
    volume_b = Report("tei/volume.xml", "frus-d2", ())
    record = Report(
        "json/record.json",
        "d7",
        (Finding("PRS-NOTE-GAP", E, "note 2 is missing", "notes/2", Position(pointer="/notes/1")),),
    )
    broken = unreadable(InputError("not UTF-8 text", "bad.txt", Position(2, 5)), "bad.txt")
    return [memo, volume_a, volume_b, record, broken]
