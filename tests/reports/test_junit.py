from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from preserve.findings import Finding, Position, Report, Severity
from preserve.reports import render

XSD = Path(__file__).resolve().parents[2] / "schemas" / "jenkins-junit.xsd"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def parse(text: str, schema: etree.XMLSchema) -> etree._Element:
    root = etree.fromstring(text.encode("utf-8"))
    schema.assertValid(root)
    return root


def test_junit_report_is_valid_against_the_jenkins_schema(reports, options, schema):
    root = parse(render("junit", reports, options), schema)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("17", "3", "1")


def test_the_schema_check_catches_an_invalid_report(schema):
    assert not schema.validate(etree.fromstring(b'<testsuite tests="1"><testcase/></testsuite>'))


def test_one_suite_per_input_and_one_case_per_rule_checked(reports, options, schema):
    root = parse(render("junit", reports, options), schema)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "memos/memo.txt",
        "tei/volume.xml",
        "json/record.json",
        "bad.txt",
    ]
    assert [c.get("name") for c in suites[0].findall("testcase")] == list(options.checked)
    assert suites[0].find("properties/property").attrib == {"name": "record", "value": "memo-d390"}


def test_the_records_of_a_volume_are_told_apart_by_classname(reports, options, schema):
    volume = parse(render("junit", reports, options), schema).find("testsuite[2]")
    cases = volume.findall("testcase")
    assert [c.get("classname") for c in cases] == ["frus-d1"] * len(options.checked) + [
        "frus-d2"
    ] * len(options.checked)
    assert volume.get("tests") == str(len(cases))
    assert volume.find("properties") is None  # several records: no one record property


def test_a_failure_carries_code_message_and_position(reports, options, schema):
    root = parse(render("junit", reports, options), schema)
    memo = root.find("testsuite[@name='memos/memo.txt']")
    failure = memo.find("testcase[@name='PRS-NOTE-GAP']/failure")
    assert failure.attrib == {"type": "PRS-NOTE-GAP", "message": "note 3 is missing"}
    assert failure.text == "memos/memo.txt:14:3: PRS-NOTE-GAP note 3 is missing"
    assert memo.get("failures") == "1"
    tei = root.find("testsuite[@name='tei/volume.xml']")
    case = tei.find("testcase[@classname='frus-d1'][@name='PRS-SIGNATURE-NOTE']")
    assert case.find("failure").text.startswith("tei/volume.xml:40: PRS-SIGNATURE-NOTE")


def test_warnings_are_output_not_failures_unless_they_fail_the_run(reports, options, schema):
    root = parse(render("junit", reports[:1], options), schema)
    case = root.find("testsuite/testcase[@name='PRS-MARKER-OFFSET']")
    assert case.find("failure") is None
    assert case.findtext("system-out") == (
        "memos/memo.txt:1:29: PRS-MARKER-OFFSET markers 0..3 map to 1..4 [warning]\n"
    )
    strict = replace(options, fail_on=Severity.WARNING)
    root = parse(render("junit", reports[:1], strict), schema)
    assert root.find("testsuite/testcase[@name='PRS-MARKER-OFFSET']/failure") is not None
    assert root.find("testsuite").get("failures") == "2"


def test_an_unreadable_input_is_an_error(reports, options, schema):
    root = parse(render("junit", reports, options), schema)
    bad = root.find("testsuite[@name='bad.txt']")
    assert (bad.get("tests"), bad.get("errors"), bad.get("failures")) == ("1", "1", "0")
    error = bad.find("testcase[@name='PRS-INPUT']/error")
    assert error.get("message") == "not UTF-8 text"
    assert error.text == "bad.txt:2:5: PRS-INPUT not UTF-8 text"


def test_a_code_found_but_not_in_the_checked_list_still_gets_a_case(options, schema):
    report = Report("a.txt", "a", (Finding("PRS-OTHER", Severity.ERROR, "odd", None, None),))
    root = parse(render("junit", [report], options), schema)
    names = [c.get("name") for c in root.iter("testcase")]
    assert names == [*options.checked, "PRS-OTHER"]


def test_characters_xml_cannot_hold_are_replaced(options, schema):
    finding = Finding("PRS-NOTE-GAP", Severity.ERROR, "bad \x01 byte", position=Position(1, 1))
    root = parse(render("junit", [Report("a.txt", "a", (finding,))], options), schema)
    assert root.find(".//failure").get("message") == "bad \ufffd byte"
