"""Plain text, one finding a line, in the form editors and CI logs link from.

``file:line:col: CODE message`` for text input, ``file:line: CODE message (at XPATH)``
for TEI, ``file: CODE message (at POINTER)`` for JSON.
"""

from __future__ import annotations

from preserve.findings import Finding, Report
from preserve.reports import Options, message, ordered, tally


def render(reports: list[Report], options: Options) -> str:
    return "".join(line(report.source, f) + "\n" for report in reports for f in ordered(report))


def line(source: str, finding: Finding, severity: bool = False) -> str:
    """One finding: ``file:line:col: CODE message``, plus the XPath or pointer if any;
    with ``severity``, a finding that is not an error says so: ``CODE (warning) message``."""
    position = finding.position
    location = source
    if position is not None and position.line is not None:
        location += f":{position.line}"
        if position.column is not None:
            location += f":{position.column}"
    level = f" ({finding.severity.value})" if severity and finding.severity.value != "error" else ""
    return f"{location}: {finding.code}{level} {message(finding)}"


def summary(reports: list[Report], options: Options) -> str:
    """One line for people: how much was checked, what was found, whether it passed."""
    counts = tally(reports, options.fail_on)
    found = ", ".join(
        _count(n, noun)
        for n, noun in (
            (counts.errors, "error"),
            (counts.warnings, "warning"),
            (counts.infos, "info"),
        )
        if n
    )
    text = f"{_count(counts.files, 'file')}, {_count(counts.records, 'record')}: "
    text += found or "no findings"
    if counts.unreadable:
        text += f"; {counts.unreadable} unreadable"
    return text + (" — passed" if counts.passed else " — failed")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
