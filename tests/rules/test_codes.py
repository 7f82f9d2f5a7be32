"""preserve.rules.codes: one registry, the same in docs/rules.md, a fixture for every code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from preserve import batch
from preserve.findings import Severity
from preserve.rules import CODES
from preserve.rules.codes import DOCUMENT_KEYS, Hit, to_findings
from preserve.validation import check_file

ROOT = Path(__file__).resolve().parents[2]
RULES_DOC = ROOT / "docs" / "rules.md"
FIXTURES = ROOT / "fixtures" / "rules"
# What a fixture triggers besides its own code, because its one defect implies it.
ALSO = {
    # Marker 2 written as 4: the other markers still show the +1 offset, and note 3 is
    # left without a marker.
    "PRS-MARKER-INCONSISTENT": {"PRS-MARKER-OFFSET", "PRS-NOTE-UNREFERENCED"},
}


# A failure of preserve itself on one document of a batch: no input should cause it, so
# tests/test_batch.py triggers it by making the work fail.
NO_FIXTURE = {"PRS-BATCH-FAILED"}
WITH_FIXTURE = sorted(set(CODES) - NO_FIXTURE)


def fixture(code: str) -> Path:
    [path] = FIXTURES.glob(f"{code}.*")
    return path


def codes_of(path: Path) -> set[str]:
    if batch.count_documents(path) > 1:  # a volume: documents checked against its front matter
        documents = batch.validate_volume(path, jobs=1).documents
        return {finding.code for document in documents for finding in document.findings}
    return {finding.code for report in check_file(str(path)) for finding in report.findings}


def test_docs_list_exactly_the_registry_with_the_same_severity_and_meaning():
    rows = re.findall(
        r'^\| <a id="([a-z-]+)"></a>`(PRS-[A-Z-]+)` \| (\w+) \| (.+?) \|',
        RULES_DOC.read_text(),
        re.M,
    )
    assert all(anchor == code.lower() for anchor, code, _, _ in rows)
    documented = {code: (severity, meaning) for _, code, severity, meaning in rows}
    assert len(rows) == len(documented)
    assert documented == {code: (sev.value, text) for code, (sev, text) in CODES.items()}


def test_every_code_has_exactly_one_fixture_and_every_fixture_a_code():
    names = {path.stem for path in FIXTURES.iterdir()}
    assert names == {*WITH_FIXTURE, "valid"}
    assert all(len(list(FIXTURES.glob(f"{code}.*"))) == 1 for code in WITH_FIXTURE)


@pytest.mark.parametrize("code", WITH_FIXTURE)
def test_each_fixture_triggers_its_code_and_nothing_its_defect_does_not_imply(code):
    assert codes_of(fixture(code)) == {code} | ALSO.get(code, set())


def test_the_valid_fixture_has_no_finding():
    assert codes_of(FIXTURES / "valid.xml") == set()


def test_severities_are_error_or_warning_and_descriptions_are_one_line():
    for severity, text in CODES.values():
        assert severity in (Severity.ERROR, Severity.WARNING)
        assert text and "\n" not in text and not text.endswith(".")
    assert set(DOCUMENT_KEYS) <= set(CODES)


def test_hits_of_one_defect_in_both_forms_become_one_finding_naming_both_places():
    hits = [
        Hit("PRS-SIGNATURE-NOTE", 'signature "Rusk" has no signature note', "signatures/0",
            "/TEI/text/body/div[1]/closer[1]/signed[1]"),
        Hit("PRS-SIGNATURE-NOTE", "a signature has no signature note", "signatures/0",
            "/signatures/0/note"),
        Hit("PRS-SIGNATURE-NOTE", "a signature has no signature note", "signatures/1"),
        Hit("PRS-MARKER-OFFSET", "offset", "refs/1"),
    ]  # fmt: skip
    first, second, offset = to_findings(hits)
    assert first.message == 'signature "Rusk" has no signature note'
    assert first.canonical == ("/TEI/text/body/div[1]/closer[1]/signed[1]", "/signatures/0/note")
    assert (first.key, first.severity, first.position) == ("signatures/0", Severity.ERROR, None)
    assert (second.key, second.message) == ("signatures/1", "a signature has no signature note")
    assert offset.severity is Severity.WARNING
