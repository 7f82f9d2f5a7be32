"""SARIF 2.1.0, the format code scanning services read (GitHub, Azure DevOps, GitLab).

One run; a rule for every code checked or found, with help text and a link to its
section of docs/rules.md; a result for every finding, located in its input file by line
and column (text input) or by the element's line plus its XPath (TEI input).
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path, PurePath
from urllib.parse import quote

from preserve import __version__
from preserve.findings import Finding, Report, Severity
from preserve.inputs import STDIN_NAME
from preserve.reports import Options, describe, is_unreadable, ordered, rule_url

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(reports: list[Report], options: Options) -> str:
    codes = sorted(set(options.checked) | {f.code for r in reports for f in r.findings})
    index = {code: i for i, code in enumerate(codes)}
    driver = {
        "name": "preserve",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_rule(code, options) for code in codes],
    }
    run = {
        "tool": {"driver": driver},
        "invocations": [{"executionSuccessful": not any(map(is_unreadable, reports))}],
        "columnKind": "unicodeCodePoints",
        "results": [_result(r, f, index[f.code]) for r in reports for f in ordered(r)],
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def artifact_uri(source: str) -> str:
    """A file path as a SARIF artifact URI: relative stays relative, with ``/``."""
    path = PurePath(source)
    if path.is_absolute():
        return Path(path).as_uri()
    return quote(posixpath.normpath(path.as_posix()), safe="/")


def _rule(code: str, options: Options) -> dict:
    severity, description = describe(code, options)
    rule: dict = {
        "id": code,
        "shortDescription": {"text": description},
        "fullDescription": {"text": description},
        "help": {"text": description},
    }
    url = rule_url(code, options)
    if url:
        rule["help"] = {
            "text": f"{description}. See {url}",
            "markdown": f"{description}. See [{code}]({url}) in docs/rules.md.",
        }
        rule["helpUri"] = url
    rule["defaultConfiguration"] = {"level": LEVELS[severity]}
    rule["properties"] = {"tags": ["preserve"]}
    return rule


def _result(report: Report, finding: Finding, rule_index: int) -> dict:
    result: dict = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[Severity(finding.severity)],
        "message": {"text": finding.message},
    }
    location = _location(report.source, finding)
    if location:
        result["locations"] = [location]
    properties = {"record": report.record_id} if report.record_id else {}
    if report.source == STDIN_NAME and finding.position and finding.position.line is not None:
        properties["position"] = str(finding.position)  # no file to place it in: say where
    if properties:
        result["properties"] = properties
    return result


def _location(source: str, finding: Finding) -> dict:
    location: dict = {}
    position = finding.position
    if source != STDIN_NAME:
        physical: dict = {"artifactLocation": {"uri": artifact_uri(source)}}
        if position is not None and position.line is not None:
            physical["region"] = {"startLine": position.line}
            if position.column is not None:
                physical["region"]["startColumn"] = position.column
        location["physicalLocation"] = physical
    if position is not None and position.xpath:
        location["logicalLocations"] = [{"fullyQualifiedName": position.xpath, "kind": "element"}]
    elif position is not None and position.pointer is not None:
        location["logicalLocations"] = [{"fullyQualifiedName": position.pointer, "kind": "value"}]
    return location
