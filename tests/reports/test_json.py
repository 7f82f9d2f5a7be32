import json

import pytest
from jsonschema import Draft202012Validator

from preserve.findings import Severity
from preserve.reports import render
from preserve.resources import schema_path


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(schema_path("validation-report.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_json_report_is_valid_against_its_schema(reports, options, validator):
    document = json.loads(render("json", reports, options))
    assert not list(validator.iter_errors(document))
    document["reports"][0]["findings"][0]["position"] = {"column": 3}
    document["summary"]["fail_on"] = "fatal"
    assert len(list(validator.iter_errors(document))) == 2


def test_json_report_has_a_summary_and_every_finding_with_its_position(reports, options):
    document = json.loads(render("json", reports, options))
    assert document["summary"] == {
        "files": 4,
        "records": 4,
        "unreadable": 1,
        "errors": 3,
        "warnings": 1,
        "infos": 0,
        "fail_on": "error",
        "passed": False,
    }
    memo, volume_a, volume_b, record, broken = document["reports"]
    assert (memo["source"], memo["record"], memo["valid"]) == ("memos/memo.txt", "memo-d390", False)
    assert memo["findings"][0] == {
        "code": "PRS-MARKER-OFFSET",
        "severity": "warning",
        "message": "markers 0..3 map to 1..4",
        "key": "refs/1",
        "position": {"line": 1, "column": 29},
    }
    assert volume_a["findings"][0]["position"] == {
        "line": 40,
        "xpath": "/TEI/text/body/div[1]/closer/signed",
    }
    assert volume_b == {
        "source": "tei/volume.xml",
        "record": "frus-d2",
        "valid": True,
        "findings": [],
    }
    assert record["findings"][0]["position"] == {"pointer": "/notes/1"}
    assert broken["record"] is None and broken["findings"][0]["code"] == "PRS-INPUT"


def test_json_report_is_the_same_bytes_for_the_same_reports(reports, options):
    assert render("json", reports, options) == render("json", list(reports), options)


def test_warnings_pass_unless_fail_on_warning(reports, options):
    from dataclasses import replace

    memo = replace(reports[0], findings=reports[0].findings[1:])
    assert json.loads(render("json", [memo], options))["summary"]["passed"] is True
    strict = replace(options, fail_on=Severity.WARNING)
    assert json.loads(render("json", [memo], strict))["summary"]["passed"] is False
