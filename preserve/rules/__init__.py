"""Rules: what a record must satisfy, said by the schemas in ``schemas/`` where a schema
language can say it (record.rng, record.sch, record.schema.json) and by
``preserve.rules.semantic`` for the rest. Every code is in ``CODES`` and docs/rules.md.
"""

from __future__ import annotations

import re

from preserve.canonical import Forms
from preserve.findings import Finding, Report, locate
from preserve.readers import Parsed
from preserve.rules.codes import CODES, to_findings
from preserve.rules.json_form import json_hits
from preserve.rules.semantic import semantic_hits
from preserve.rules.xml_form import xml_hits

__all__ = ["CODES", "validate"]


def validate(parsed: Parsed, forms: Forms | None = None) -> Report:
    """The reader's findings and every rule's, located in the input, sorted, deduplicated.

    Findings of the same code about the same record part (``key``) are one finding, even
    when both the XML and the JSON schema report them. ``forms``: the record's canonical
    forms, when the caller wants them too (to write them, say), so they are built once.
    """
    record = parsed.record
    forms = forms or Forms(record)
    hits = [*semantic_hits(record), *xml_hits(record, forms), *json_hits(record, forms)]
    findings = locate([*parsed.findings, *to_findings(hits)], parsed.positions)
    unique: dict[tuple, Finding] = {}
    for finding in findings:
        unique.setdefault(_identity(finding), finding)
    return Report(parsed.source, record.id, tuple(sorted(unique.values(), key=_order)))


def _identity(finding: Finding) -> tuple:
    if finding.key is not None:
        return (finding.code, finding.key)
    return (finding.code, None, str(finding.position or ""), finding.message)


def _order(finding: Finding) -> tuple:
    """Document order where positions tell it, then record part, code and message."""
    position = finding.position
    line = column = 0
    path = ""
    if position is not None:
        line, column = position.line or 0, position.column or 0
        path = position.xpath or position.pointer or ""
    return (
        line,
        column,
        _natural(path),
        _natural(finding.key or ""),
        finding.code,
        finding.message,
    )


def _natural(text: str) -> tuple:
    """``body/10`` after ``body/9``: digit runs compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))
