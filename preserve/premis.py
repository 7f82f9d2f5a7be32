"""Verification results as PREMIS 3 events, the record an archive keeps of its fixity checks.

One ``event`` per bag (type "fixity check", from the Library of Congress preservation
vocabulary), with the date, the outcome, the details and every finding as an outcome
note; one ``object`` per bag, which the event links to; and one ``agent``: preserve.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import PurePath

from lxml import etree

from preserve import __version__
from preserve.verify import BagReport, cite

NS = "http://www.loc.gov/premis/v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
EVENT_TYPE = "http://id.loc.gov/vocabulary/preservation/eventType"
AGENT = f"preserve {__version__}"
MODES = {
    "fast": "completeness and Payload-Oxum (no checksums)",
    "default": "completeness, Payload-Oxum and every checksum",
    "deep": "completeness, Payload-Oxum, every checksum and the records inside",
}


def to_bytes(reports: Sequence[BagReport], when: datetime) -> bytes:
    """A PREMIS 3 document with one fixity-check event per bag, checked at ``when``."""
    root = etree.Element(f"{{{NS}}}premis", nsmap={"premis": NS, "xsi": XSI}, version="3.0")
    identifiers = [_object_id(r) for r in reports]
    for kind, value in identifiers:
        obj = _sub(root, "object", attrs={f"{{{XSI}}}type": "premis:intellectualEntity"})
        _identifier(obj, "objectIdentifier", kind, value)
    for report, (kind, value) in zip(reports, identifiers, strict=True):
        _event(root, report, when, kind, value)
    agent = _sub(root, "agent")
    _identifier(agent, "agentIdentifier", "local", AGENT)
    _sub(agent, "agentName", "preserve")
    _sub(agent, "agentType", "software")
    _sub(agent, "agentVersion", __version__)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _object_id(report: BagReport) -> tuple[str, str]:
    if report.identifier:
        return "BagIt External-Identifier", report.identifier
    return "local", PurePath(report.path).name


def _event(root: etree._Element, report: BagReport, when: datetime, kind: str, value: str) -> None:
    stamp = when.replace(microsecond=0).isoformat().replace("+00:00", "Z")
    event = _sub(root, "event")
    key = f"{kind}|{value}|{report.path}|{report.mode}|{stamp}"
    _identifier(event, "eventIdentifier", "UUID", str(uuid.uuid5(uuid.NAMESPACE_URL, key)))
    _sub(
        event,
        "eventType",
        "fixity check",
        attrs={
            "authority": "eventType",
            "authorityURI": EVENT_TYPE,
            "valueURI": f"{EVENT_TYPE}/fix",
        },
    )
    _sub(event, "eventDateTime", stamp)
    detail = (
        f"preserve verify ({report.mode} mode): {MODES[report.mode]}; "
        f"BagIt {report.version or '?'}; {report.files} payload files, {report.octets} bytes; "
        f"algorithms: {', '.join(report.algorithms) or 'none'}"
    )
    _sub(_sub(event, "eventDetailInformation"), "eventDetail", detail)
    outcome = _sub(event, "eventOutcomeInformation")
    _sub(outcome, "eventOutcome", "pass" if report.valid else "fail")
    counts = f"{_count(len(report.errors), 'error')}, {_count(len(report.warnings), 'warning')}"
    _sub(_sub(outcome, "eventOutcomeDetail"), "eventOutcomeDetailNote", counts)
    for finding in report.findings:
        where = f"{finding.key}: " if finding.key else ""
        level = f"{finding.severity.value}, {cite(finding.code)}"
        note = f"{finding.code} ({level}) {where}{finding.message}"
        _sub(_sub(outcome, "eventOutcomeDetail"), "eventOutcomeDetailNote", note)
    link = _sub(event, "linkingAgentIdentifier")
    _sub(link, "linkingAgentIdentifierType", "local")
    _sub(link, "linkingAgentIdentifierValue", AGENT)
    _sub(link, "linkingAgentRole", "executing program")
    obj = _sub(event, "linkingObjectIdentifier")
    _sub(obj, "linkingObjectIdentifierType", kind)
    _sub(obj, "linkingObjectIdentifierValue", value)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _identifier(parent: etree._Element, name: str, kind: str, value: str) -> None:
    element = _sub(parent, name)
    stem = name.removesuffix("Identifier")
    _sub(element, f"{stem}IdentifierType", kind)
    _sub(element, f"{stem}IdentifierValue", value)


def _sub(
    parent: etree._Element, name: str, text: str | None = None, attrs: dict[str, str] | None = None
) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NS}}}{name}", attrs or {})
    if text is not None:
        element.text = text
    return element
