from dataclasses import replace

from preserve.findings import Finding, Position, Report, Severity
from preserve.reports import Options, render
from preserve.reports.text import line, summary


def test_text_input_is_file_line_column_code_message():
    finding = Finding("PRS-NOTE-GAP", Severity.ERROR, "note 3 is missing", position=Position(14, 3))
    assert line("memo.txt", finding) == "memo.txt:14:3: PRS-NOTE-GAP note 3 is missing"


def test_tei_input_is_file_line_code_message_and_the_xpath():
    position = Position(line=40, xpath="/TEI/text/body/div[1]/closer/signed")
    finding = Finding("PRS-SIGNATURE-NOTE", Severity.ERROR, "no note", position=position)
    assert line("vol.xml", finding) == (
        "vol.xml:40: PRS-SIGNATURE-NOTE no note (at /TEI/text/body/div[1]/closer/signed)"
    )


def test_json_input_gives_the_pointer_and_the_root_has_a_name():
    at_note = Finding("PRS-NOTE-GAP", Severity.ERROR, "gap", position=Position(pointer="/notes/1"))
    at_root = replace(at_note, position=Position(pointer=""))
    assert line("r.json", at_note) == "r.json: PRS-NOTE-GAP gap (at /notes/1)"
    assert line("r.json", at_root) == "r.json: PRS-NOTE-GAP gap (at the document root)"


def test_render_lists_every_finding_in_document_order(reports, options):
    lines = render("text", reports, options).splitlines()
    assert lines == [
        "memos/memo.txt:1:29: PRS-MARKER-OFFSET markers 0..3 map to 1..4",
        "memos/memo.txt:14:3: PRS-NOTE-GAP note 3 is missing",
        "tei/volume.xml:40: PRS-SIGNATURE-NOTE signature 1 has no note"
        " (at /TEI/text/body/div[1]/closer/signed)",
        "json/record.json: PRS-NOTE-GAP note 2 is missing (at /notes/1)",
        "bad.txt:2:5: PRS-INPUT not UTF-8 text",
    ]


def test_render_of_valid_records_is_empty():
    valid = [Report("a.txt", "a", ())]
    assert render("text", valid, Options()) == ""
    assert summary(valid, Options()) == "1 file, 1 record: no findings — passed"


def test_a_place_the_message_already_names_is_not_repeated():
    xpath = "/TEI/text/body/div[1]/p[8]/note[1]"
    finding = Finding(
        "PRS-NOTE-ID", Severity.ERROR, f"bad id (at {xpath})", position=Position(69, xpath=xpath)
    )
    assert line("v.xml", finding) == f"v.xml:69: PRS-NOTE-ID bad id (at {xpath})"


def test_summary_counts_files_records_and_severities(reports, options):
    assert summary(reports, options) == (
        "4 files, 4 records: 3 errors, 1 warning; 1 unreadable — failed"
    )


def test_summary_passes_with_warnings_unless_they_fail_the_run(reports, options):
    readable = [r for r in reports if r.record_id in ("memo-d390", "frus-d2")]
    readable[0] = replace(readable[0], findings=readable[0].findings[1:])
    assert summary(readable, options) == "2 files, 2 records: 1 warning — passed"
    strict = replace(options, fail_on=Severity.WARNING)
    assert summary(readable, strict).endswith("— failed")
