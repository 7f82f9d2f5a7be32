"""Findings and reports: what preserve has to say about an input, with where it is."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Position:
    """Where something is in an input: line and column (1-based), an XPath or a JSON Pointer."""

    line: int | None = None
    column: int | None = None
    xpath: str | None = None
    pointer: str | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.line}:{self.column}" if self.column is not None else str(self.line)
        return self.xpath or self.pointer or ""


@dataclass(frozen=True)
class Finding:
    """One problem: a stable ``code`` (see docs/rules.md), a severity, a message.

    ``key`` names the part of the record it is about ("head", "notes/2", "refs/2",
    "body/3", "signatures/0", "dateline"); ``position`` says where that is in the input;
    ``canonical`` where the failing check looked in record.xml (XPath) and record.json
    (JSON Pointer).
    """

    code: str
    severity: Severity
    message: str
    key: str | None = None
    position: Position | None = None
    canonical: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The finding as JSON, one shape for every report (validation-report.schema.json)."""
        position = None
        if self.position is not None:
            position = {k: v for k, v in vars(self.position).items() if v is not None} or None
        data: dict[str, object] = {
            "code": self.code,
            "severity": Severity(self.severity).value,
            "message": self.message,
            "key": self.key,
            "position": position,
        }
        if self.canonical:
            data["canonical"] = list(self.canonical)
        return data


class Findings:
    """Errors, warnings and validity, for anything that holds ``findings``."""

    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def valid(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Report(Findings):
    """The findings for one record read from ``source``."""

    source: str
    record_id: str | None
    findings: tuple[Finding, ...] = ()


def locate(findings: Iterable[Finding], positions: Mapping[str, Position]) -> tuple[Finding, ...]:
    """Give each finding that has a ``key`` but no position the position of its key.

    A key such as ``notes/2/text`` falls back to ``notes/2``, then ``notes``.
    """
    located = []
    for finding in findings:
        if finding.position is None and finding.key is not None:
            key = finding.key
            while key and key not in positions:
                key = key.rpartition("/")[0]
            if key:
                finding = replace(finding, position=positions[key])
        located.append(finding)
    return tuple(located)
