"""JUnit XML, which every CI system can display as test results.

One ``testsuite`` per input, one ``testcase`` per rule checked on each record in it (a
volume's test cases are told apart by ``classname``, the record id). A finding that
fails the run is a ``failure`` of its rule's test case, carrying code, message and
position; lesser findings go to the test case's ``system-out``; an unreadable input is
an ``error``. Valid against the Jenkins JUnit schema (schemas/jenkins-junit.xsd).
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
    by_source: dict[str, list[Report]] = {}
    for report in reports:
        by_source.setdefault(report.source, []).append(report)
    root = etree.Element("testsuites", name="preserve validate")
    totals = Counter()
    for source, group in by_source.items():
        suite = _suite(source, group, options)
        root.append(suite)
        for key in ("tests", "failures", "errors"):
            totals[key] += int(suite.get(key))
    for key in ("tests", "failures", "errors"):
        root.set(key, str(totals[key]))
    data = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return data.decode("utf-8")


def _suite(source: str, reports: list[Report], options: Options) -> etree._Element:
    """The testsuite of one input: its rules' test cases, for each record it holds."""
    suite = etree.Element("testsuite", name=_clean(source))
    (first, *more) = reports
    if first.record_id and not more:
        properties = etree.SubElement(suite, "properties")
        etree.SubElement(properties, "property", name="record", value=_clean(first.record_id))
    counts = Counter()
    for report in reports:
        classname = report.record_id if more and report.record_id else source
        counts += _cases(suite, report, classname, options)
    for key in ("tests", "failures", "errors"):
        suite.set(key, str(counts[key]))
    return suite


def _cases(suite: etree._Element, report: Report, classname: str, options: Options) -> Counter:
    """Add a test case per rule checked on ``report``'s record; count them and their
    failures and errors."""
    by_code: dict[str, list[Finding]] = {}
    for finding in ordered(report):
        by_code.setdefault(finding.code, []).append(finding)
    codes = list(by_code) if is_unreadable(report) else list(options.checked)
    codes += [code for code in by_code if code not in codes]
    counts = Counter(tests=len(codes))
    for code in codes:
        case = etree.SubElement(suite, "testcase", name=code, classname=_clean(classname))
        failing, passing = [], []
        for finding in by_code.get(code, []):
            broke = code == UNREADABLE or fails(finding.severity, options.fail_on)
            (failing if broke else passing).append(finding)
        tag = "error" if code == UNREADABLE else "failure"
        for finding in failing:
            element = etree.SubElement(case, tag, type=code, message=_clean(finding.message))
            element.text = _clean(line(report.source, finding))
        if failing:
            counts["errors" if tag == "error" else "failures"] += 1
        if passing:
            out = etree.SubElement(case, "system-out")
            out.text = _clean("".join(_noted(report.source, f) for f in passing))
    return counts


def _noted(source: str, finding: Finding) -> str:
    return f"{line(source, finding)} [{Severity(finding.severity).value}]\n"


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
