import json
from dataclasses import replace

import pytest
from jsonschema import Draft4Validator

from preserve.findings import Finding, Position, Report, Severity
from preserve.inputs import STDIN_NAME
from preserve.reports import render
from preserve.reports.sarif import artifact_uri
from preserve.resources import schema_path


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    schema = json.loads(schema_path("sarif-2.1.0.json").read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def sarif(reports, options, validator) -> dict:
    log = json.loads(render("sarif", reports, options))
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[0]
    return log


def test_sarif_log_is_valid_against_the_sarif_2_1_0_schema(reports, options, validator):
    log = sarif(reports, options, validator)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1


def test_the_schema_check_catches_an_invalid_log(reports, options, validator):
    log = json.loads(render("sarif", reports, options))
    log["runs"][0]["results"][0]["level"] = "fatal"
    log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "not a uri"
    assert len(list(validator.iter_errors(log))) == 2


def test_rules_have_ids_help_text_and_a_link_to_their_section(reports, options, validator):
    rules = sarif(reports, options, validator)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted([*options.checked, "PRS-INPUT"])
    gap = next(r for r in rules if r["id"] == "PRS-NOTE-GAP")
    assert gap["helpUri"] == "https://example.org/rules.md#prs-note-gap"
    assert gap["shortDescription"]["text"] == "a note number is skipped"
    assert "https://example.org/rules.md#prs-note-gap" in gap["help"]["text"]
    assert gap["defaultConfiguration"] == {"level": "error"}
    offset = next(r for r in rules if r["id"] == "PRS-MARKER-OFFSET")
    assert offset["defaultConfiguration"] == {"level": "warning"}


def test_results_point_at_line_and_column_of_the_input_file(reports, options, validator):
    run = sarif(reports, options, validator)["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    memo_gap, tei, json_gap = run["results"][1], run["results"][2], run["results"][3]
    assert rules[memo_gap["ruleIndex"]]["id"] == memo_gap["ruleId"] == "PRS-NOTE-GAP"
    assert memo_gap["level"] == "error"
    assert memo_gap["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "memos/memo.txt"},
        "region": {"startLine": 14, "startColumn": 3},
    }
    assert tei["locations"][0] == {
        "physicalLocation": {
            "artifactLocation": {"uri": "tei/volume.xml"},
            "region": {"startLine": 40},
        },
        "logicalLocations": [
            {"fullyQualifiedName": "/TEI/text/body/div[1]/closer/signed", "kind": "element"}
        ],
    }
    assert tei["properties"] == {"record": "frus-d1"}
    assert json_gap["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "/notes/1"
    assert "region" not in json_gap["locations"][0]["physicalLocation"]


def test_an_unreadable_input_marks_the_run_unsuccessful(reports, options, validator):
    run = sarif(reports, options, validator)["runs"][0]
    assert run["invocations"] == [{"executionSuccessful": False}]
    assert run["results"][-1]["ruleId"] == "PRS-INPUT"
    readable = sarif(reports[:3], options, validator)["runs"][0]
    assert readable["invocations"] == [{"executionSuccessful": True}]


def test_info_findings_are_notes_and_stdin_has_no_file_but_a_position(options, validator):
    finding = Finding("PRS-NOTE-GAP", Severity.INFO, "fyi", position=Position(3, 1))
    result = sarif([Report(STDIN_NAME, "x", (finding,))], options, validator)["runs"][0]["results"]
    assert result[0]["level"] == "note"
    assert "locations" not in result[0]
    assert result[0]["properties"] == {"record": "x", "position": "3:1"}  # still said


def test_without_a_rules_url_there_is_no_help_link(reports, options, validator):
    rules = sarif(reports, replace(options, rules_url=""), validator)["runs"][0]["tool"]["driver"]
    assert all("helpUri" not in rule for rule in rules["rules"])


def test_artifact_uris_are_relative_with_slashes_or_absolute_file_uris():
    assert artifact_uri("./records/a memo.txt") == "records/a%20memo.txt"
    assert artifact_uri("/data/records/a.xml") == "file:///data/records/a.xml"
