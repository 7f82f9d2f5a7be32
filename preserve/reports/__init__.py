"""Reports: the findings of a validation run, rendered for people and for CI systems.

Each format is one module with a pure ``render(reports, options) -> str``: text
(``file:line:col: CODE message``), json, junit (JUnit XML), sarif (SARIF 2.1.0) and
github (workflow command annotations). Nothing here prints or writes files.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from preserve.errors import PreserveError
from preserve.findings import Finding, Position, Report, Severity

FORMATS = ("text", "json", "junit", "sarif", "github")

UNREADABLE = "PRS-INPUT"

_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class Options:
    """What a renderer needs to know besides the reports.

    ``rules`` maps each code to its default severity and one-line description;
    ``checked`` lists the codes that were checked (JUnit has one test case for each);
    findings at or above ``fail_on`` fail the run; ``rules_url`` is where docs/rules.md
    lives, for links to each rule.
    """

    rules: Mapping[str, tuple[Severity, str]] = field(default_factory=dict)
    checked: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    rules_url: str = ""


def render(fmt: str, reports: Sequence[Report], options: Options | None = None) -> str:
    """``reports`` rendered in ``fmt`` (one of ``FORMATS``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    module = importlib.import_module(f"preserve.reports.{fmt}")
    return module.render(list(reports), options or Options())


def fails(severity: Severity, fail_on: Severity) -> bool:
    """Whether a finding of ``severity`` fails a run that fails on ``fail_on``."""
    return _RANK[Severity(severity)] >= _RANK[Severity(fail_on)]


@dataclass(frozen=True)
class Tally:
    """The counts of a run: inputs, records, findings by severity, and whether it passed."""

    files: int
    records: int
    unreadable: int
    errors: int
    warnings: int
    infos: int
    passed: bool


def tally(reports: Sequence[Report], fail_on: Severity) -> Tally:
    """How many files, records and findings ``reports`` hold; passed: nothing unreadable
    and no finding at or above ``fail_on``."""
    unread = sum(1 for r in reports if is_unreadable(r))
    counts = Counter(
        Severity(f.severity) for r in reports for f in r.findings if f.code != UNREADABLE
    )
    return Tally(
        files=len(dict.fromkeys(r.source for r in reports)),
        records=len(reports) - unread,
        unreadable=unread,
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        infos=counts[Severity.INFO],
        passed=not unread
        and not any(fails(f.severity, fail_on) for r in reports for f in r.findings),
    )


def unreadable(error: PreserveError, source: str) -> Report:
    """The report for an input that could not be read: one ``PRS-INPUT`` error."""
    finding = Finding(UNREADABLE, Severity.ERROR, error.message, position=error.position)
    return Report(source=error.path or source, record_id=None, findings=(finding,))


def is_unreadable(report: Report) -> bool:
    return any(f.code == UNREADABLE for f in report.findings)


def rule_anchor(code: str) -> str:
    """The anchor of ``code``'s section in docs/rules.md (``PRS-NOTE-GAP`` -> ``prs-note-gap``)."""
    return code.lower()


def rule_url(code: str, options: Options) -> str | None:
    return f"{options.rules_url}#{rule_anchor(code)}" if options.rules_url else None


def describe(code: str, options: Options) -> tuple[Severity, str]:
    """The default severity and description of ``code``."""
    severity, description = options.rules.get(code, (Severity.WARNING, code))
    return Severity(severity), description


def message(finding: Finding) -> str:
    """The finding's message, with the XPath or JSON Pointer of its position if it has one
    and the message does not already name it: ``… (at /TEI/text/body/div[1]/p[3])``."""
    position = finding.position
    place = None
    if position is not None and position.xpath:
        place = position.xpath
    elif position is not None and position.pointer is not None:
        place = position.pointer or "the document root"
    if place is None or place in finding.message:
        return finding.message
    return f"{finding.message} (at {place})"


def ordered(report: Report) -> list[Finding]:
    """The findings of ``report`` in document order (those without a line keep theirs)."""

    def key(finding: Finding) -> tuple[int, int]:
        position = finding.position or Position()
        return (position.line or 0, position.column or 0)

    return sorted(report.findings, key=key)
