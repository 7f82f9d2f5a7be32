"""GitHub Actions workflow commands: each finding becomes an annotation on its line.

``::error file=memo.txt,line=3,col=12,title=PRS-NOTE-GAP::PRS-NOTE-GAP message``.
Printed on standard output inside a workflow step, they show on the pull request.
"""

from __future__ import annotations

from pathlib import PurePath

from preserve.findings import Finding, Report, Severity
from preserve.reports import Options, message, ordered

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(reports: list[Report], options: Options) -> str:
    return "".join(
        annotation(report.source, f) + "\n" for report in reports for f in ordered(report)
    )


def annotation(source: str, finding: Finding) -> str:
    properties = {"file": PurePath(source).as_posix()}
    position = finding.position
    if position is not None and position.line is not None:
        properties["line"] = str(position.line)
        if position.column is not None:
            properties["col"] = str(position.column)
    properties["title"] = finding.code
    text = f"{finding.code} {message(finding)}"
    props = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items())
    return f"::{COMMANDS[Severity(finding.severity)]} {props}::{_escape_data(text)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
