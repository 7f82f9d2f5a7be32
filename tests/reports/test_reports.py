import pytest

from preserve.errors import InputError
from preserve.findings import Finding, Position, Report, Severity
from preserve.reports import (
    FORMATS,
    Options,
    Tally,
    fails,
    is_unreadable,
    message,
    ordered,
    render,
    rule_url,
    tally,
    unreadable,
)


def test_every_format_renders_the_same_reports_to_text(reports, options):
    for fmt in FORMATS:
        text = render(fmt, reports, options)
        assert isinstance(text, str) and text.endswith("\n")


def test_an_unknown_format_is_refused(reports):
    with pytest.raises(ValueError, match="unknown report format 'html'"):
        render("html", reports)


@pytest.mark.parametrize(
    ("severity", "fail_on", "expected"),
    [
        (Severity.ERROR, Severity.ERROR, True),
        (Severity.WARNING, Severity.ERROR, False),
        (Severity.WARNING, Severity.WARNING, True),
        (Severity.INFO, Severity.WARNING, False),
        (Severity.INFO, Severity.INFO, True),
    ],
)
def test_fails_compares_severities(severity, fail_on, expected):
    assert fails(severity, fail_on) is expected


def test_unreadable_input_becomes_a_report_with_its_position():
    report = unreadable(InputError("malformed XML", "v.xml", Position(3, 7)), "fallback")
    assert report == Report(
        "v.xml",
        None,
        (Finding("PRS-INPUT", Severity.ERROR, "malformed XML", None, Position(3, 7)),),
    )
    assert is_unreadable(report) and not report.valid


def test_findings_are_ordered_by_position_keeping_the_rest_in_place():
    a = Finding("A", Severity.ERROR, "a", position=Position(9, 1))
    b = Finding("B", Severity.ERROR, "b", position=Position(2, 5))
    c = Finding("C", Severity.ERROR, "c")
    assert ordered(Report("x", "x", (a, c, b))) == [c, b, a]


def test_message_adds_the_structural_place():
    pointer = Finding("A", Severity.ERROR, "gap", position=Position(pointer="/notes/1"))
    plain = Finding("A", Severity.ERROR, "gap", position=Position(1, 2))
    assert message(pointer) == "gap (at /notes/1)"
    assert message(plain) == "gap"


def test_rule_links_use_the_lowercase_code_as_anchor():
    assert rule_url("PRS-NOTE-GAP", Options(rules_url="https://x.org/rules.md")) == (
        "https://x.org/rules.md#prs-note-gap"
    )
    assert rule_url("PRS-NOTE-GAP", Options()) is None


def test_tally_counts_records_findings_and_unreadable_inputs_apart(reports):
    counts = tally(reports, Severity.ERROR)
    assert counts == Tally(
        files=4, records=4, unreadable=1, errors=3, warnings=1, infos=0, passed=False
    )
    readable = [r for r in reports if r.record_id == "frus-d2"]
    assert tally(readable, Severity.INFO).passed
