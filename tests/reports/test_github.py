from preserve.findings import Finding, Position, Severity
from preserve.reports import render
from preserve.reports.github import annotation


def test_each_finding_is_an_annotation_on_its_line_and_column(reports, options):
    lines = render("github", reports, options).splitlines()
    assert lines[0] == (
        "::warning file=memos/memo.txt,line=1,col=29,title=PRS-MARKER-OFFSET"
        "::PRS-MARKER-OFFSET markers 0..3 map to 1..4"
    )
    assert lines[1] == (
        "::error file=memos/memo.txt,line=14,col=3,title=PRS-NOTE-GAP"
        "::PRS-NOTE-GAP note 3 is missing"
    )
    assert lines[2] == (
        "::error file=tei/volume.xml,line=40,title=PRS-SIGNATURE-NOTE"
        "::PRS-SIGNATURE-NOTE signature 1 has no note (at /TEI/text/body/div[1]/closer/signed)"
    )
    assert lines[3] == (
        "::error file=json/record.json,title=PRS-NOTE-GAP"
        "::PRS-NOTE-GAP note 2 is missing (at /notes/1)"
    )
    assert len(lines) == 5


def test_special_characters_are_escaped_so_the_command_stays_one_line():
    finding = Finding("PRS-X", Severity.INFO, "50% done\nnext: a, b", position=Position(1, 1))
    text = annotation("dir,with:odd/name.txt", finding)
    assert text == (
        "::notice file=dir%2Cwith%3Aodd/name.txt,line=1,col=1,title=PRS-X"
        "::PRS-X 50%25 done%0Anext: a, b"
    )
    assert "\n" not in text
