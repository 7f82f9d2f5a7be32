"""preserve.premis: one PREMIS 3 fixity-check event per bag, deterministic."""

from __future__ import annotations

from datetime import datetime, timezone

from lxml import etree

from preserve import premis
from preserve.findings import Finding, Severity
from preserve.verify import BagReport

P = "{http://www.loc.gov/premis/v3}"
WHEN = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=timezone.utc)


def report(path: str, identifier: str | None, findings: tuple[Finding, ...] = ()) -> BagReport:
    return BagReport(path, "fast", "0.97", identifier, ("md5",), 2, 10, 0, 0, 0.1, findings)


def test_events_objects_and_agent() -> None:
    broken = Finding("BAG-FILE-MISSING", Severity.ERROR, "listed but not there", "data/x")
    data = premis.to_bytes([report("bags/one", "id-1"), report("bags/two", None, (broken,))], WHEN)
    root = etree.fromstring(data)
    assert root.get("version") == "3.0"
    assert [e.tag for e in root] == [
        f"{P}object",
        f"{P}object",
        f"{P}event",
        f"{P}event",
        f"{P}agent",
    ]
    ids = [o.findtext(f".//{P}objectIdentifierValue") for o in root.findall(f"{P}object")]
    types = [o.findtext(f".//{P}objectIdentifierType") for o in root.findall(f"{P}object")]
    assert ids == ["id-1", "two"] and types == ["BagIt External-Identifier", "local"]
    first, second = root.findall(f"{P}event")
    assert first.findtext(f"{P}eventDateTime") == "2024-05-06T07:08:09Z"
    assert first.findtext(f".//{P}eventOutcome") == "pass"
    assert second.findtext(f".//{P}eventOutcome") == "fail"
    notes = [n.text for n in second.findall(f".//{P}eventOutcomeDetailNote")]
    assert notes == [
        "1 error, 0 warnings",
        "BAG-FILE-MISSING (error, RFC 8493 §3) data/x: listed but not there",
    ]
    assert "fast mode" in first.findtext(f".//{P}eventDetail")
    assert second.findtext(f".//{P}linkingObjectIdentifierValue") == "two"


def test_same_reports_same_bytes() -> None:
    reports = [report("bags/one", "id-1")]
    assert premis.to_bytes(reports, WHEN) == premis.to_bytes(reports, WHEN)
    assert premis.to_bytes(reports, WHEN) != premis.to_bytes(reports, WHEN.replace(year=2025))
