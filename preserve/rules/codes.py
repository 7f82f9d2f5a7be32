"""Every finding code preserve reports, with its severity and one line saying what it means.

This is the one registry: docs/rules.md lists exactly these codes, the schemas carry them
(Schematron ``assert/@id``, JSON Schema ``x-rule``), and every code has a fixture in
``fixtures/rules/`` that triggers it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from preserve.findings import Finding, Severity

E, W = Severity.ERROR, Severity.WARNING

CODES: dict[str, tuple[Severity, str]] = {
    # The input itself.
    "PRS-INPUT": (E, "the input cannot be read: missing, empty, binary, not UTF-8 or malformed"),
    # Structure: the schemas' shape (record.rng, record.schema.json).
    "PRS-SCHEMA": (E, "the canonical XML or JSON does not have the shape the schemas require"),
    # The head.
    "PRS-TITLE-MISSING": (E, "the head gives no title after the document number"),
    # Source note and classification.
    "PRS-SOURCE-MISSING": (E, "a document that is not an editorial note has no source note"),
    "PRS-SOURCE-PREFIX": (E, 'the source note does not begin with "Source:"'),
    "PRS-CLASSIFICATION-MISSING": (
        E,
        "the source note states no classification level from the vocabulary",
    ),
    # Signatures.
    "PRS-SIGNATURE-MISSING": (E, "a document that is not an editorial note has no signature"),
    "PRS-SIGNATURE-NOTE": (E, "a signature has no signature note attached"),
    # Notes and their references.
    "PRS-NOTE-NUMBER": (E, "a note number is not a whole number from 1"),
    "PRS-NOTE-DUPLICATE": (E, "two notes have the same number"),
    "PRS-NOTE-GAP": (E, "a note number is skipped: notes are not numbered 1..N without gaps"),
    "PRS-NOTE-ORDER": (E, "notes are not numbered in document order"),
    "PRS-NOTE-ID": (E, 'a note\'s xml:id does not match its document ("d390fn2" in d390)'),
    "PRS-NOTE-UNREFERENCED": (E, "a note that no marker in the text references"),
    "PRS-NOTE-MULTIREF": (E, "a note referenced more than once"),
    "PRS-NOTE-KIND": (
        E,
        "a note's kind disagrees with where it is anchored (source: head, signature: signed)",
    ),
    "PRS-MARKER-DANGLING": (E, "a note marker that refers to no note"),
    # Reading plain text.
    "PRS-MARKER-OFFSET": (
        W,
        "the text's note markers are numbered with an offset from its notes; mapped",
    ),
    "PRS-MARKER-INCONSISTENT": (E, "a note marker that no consistent offset maps to its note"),
    # Reading TEI.
    "PRS-TEI-DROPPED": (W, "TEI content the record cannot hold was left out"),
    # Reading JSON, and the dateline.
    "PRS-JSON-DERIVED": (E, "a derived JSON member disagrees with the record's structure"),
    "PRS-DATE-INVALID": (E, "the dateline's date is not an ISO 8601 date"),
    # Volumes.
    "PRS-XREF-UNRESOLVED": (
        W,
        "a person or term link points at nothing the volume's front matter defines; kept",
    ),
    "PRS-BATCH-FAILED": (E, "one document of a batch could not be processed; the others were"),
}

# Where a document-level finding belongs, whichever schema reports it.
DOCUMENT_KEYS = {
    "PRS-TITLE-MISSING": "head",
    "PRS-SOURCE-MISSING": "head",
    "PRS-SIGNATURE-MISSING": "document",
}


@dataclass(frozen=True)
class Hit:
    """A rule failing on one part of a record, before severities and positions.

    ``key`` names the record part ("notes/2", "signatures/0", "body/3"); ``where`` is the
    XPath or JSON Pointer in the canonical form that the failing check looked at.
    """

    code: str
    text: str
    key: str | None = None
    where: str | None = None


def to_findings(hits: Iterable[Hit]) -> list[Finding]:
    """One finding per (code, key): hits of the same defect in both forms become one."""
    merged: dict[tuple[str, str | None], tuple[str, list[str]]] = {}
    for hit in hits:
        text, wheres = merged.setdefault((hit.code, hit.key), (hit.text, []))
        if hit.where is not None and hit.where not in wheres:
            wheres.append(hit.where)
    findings = []
    for (code, key), (text, wheres) in merged.items():
        findings.append(Finding(code, CODES[code][0], text, key=key, canonical=tuple(wheres)))
    return findings
