"""JUnit XML, which every CI system can display as test results.

One ``testsuite`` per record (per input file, or per document of a volume), one
``testcase`` per rule checked. A finding that fails the run is a ``failure`` of its
rule's test case, carrying code, message and position; lesser findings go to the test
case's ``system-out``; an unreadable input is an ``error``. Valid against the Jenkins
JUnit schema (schemas/jenkins-junit.xsd).
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from preserve.findings import Finding, Report, Severity
from preserve.reports import UNREADABLE, Options, fails, is_unreadable, ordered
from preserve.reports.text import line

# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(reports: list[Report], options: Options) -> str:
    per_source = Counter(r.source for r in reports)
    root = etree.Element("testsuites", name="preserve validate")
    totals = Counter()
    for report in reports:
        name = report.source
        if per_source[report.source] > 1 and report.record_id:
            name = f"{report.source} [{report.record_id}]"
        suite = _suite(report, name, options)
        root.append(suite)
        for key in ("tests", "failures", "errors"):
            totals[key] += int(suite.get(key))
    for key in ("tests", "failures", "errors"):
        root.set(key, str(totals[key]))
    data = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return data.decode("utf-8")


def _suite(report: Report, name: str, options: Options) -> etree._Element:
    suite = etree.Element("testsuite", name=_clean(name))
    if report.record_id:
        properties = etree.SubElement(suite, "properties")
        etree.SubElement(properties, "property", name="record", value=_clean(report.record_id))
    by_code: dict[str, list[Finding]] = {}
    for finding in ordered(report):
        by_code.setdefault(finding.code, []).append(finding)
    codes = list(by_code) if is_unreadable(report) else list(options.checked)
    codes += [code for code in by_code if code not in codes]
    failures = errors = 0
    for code in codes:
        case = etree.SubElement(suite, "testcase", name=code, classname=_clean(name))
        failing, passing = [], []
        for finding in by_code.get(code, []):
            broke = code == UNREADABLE or fails(finding.severity, options.fail_on)
            (failing if broke else passing).append(finding)
        tag = "error" if code == UNREADABLE else "failure"
        for finding in failing:
            element = etree.SubElement(case, tag, type=code, message=_clean(finding.message))
            element.text = _clean(line(report.source, finding))
        if failing:
            errors += tag == "error"
            failures += tag == "failure"
        if passing:
            out = etree.SubElement(case, "system-out")
            out.text = _clean("".join(_noted(report.source, f) for f in passing))
    suite.set("tests", str(len(codes)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    return suite


def _noted(source: str, finding: Finding) -> str:
    return f"{line(source, finding)} [{Severity(finding.severity).value}]\n"


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
