from preserve.batch import BatchReport, DocumentResult
from preserve.findings import Finding, Severity
from preserve.model import Volume
from preserve.summary import render

VOLUME = Volume("frus1961-63v05", title="Soviet Union", subseries="1961–1963", number="Volume V")


def finding(code: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(code, severity, "message")


DOCUMENTS = (
    DocumentResult("frus1961-63v05-d1", "1", "A", (finding("PRS-A"), finding("PRS-A")), "out/d1"),
    DocumentResult("frus1961-63v05-d2", "2", "B", (finding("PRS-A"), finding("PRS-B"))),
    DocumentResult("frus1961-63v05-d3", "3", "C", (finding("PRS-W", Severity.WARNING),), "out/d3"),
)


def test_counts_volume_and_where_things_went():
    report = BatchReport("vol.xml", VOLUME, DOCUMENTS, output="out", bag_per="document")
    text = render(report, report_path="report.json", seconds=2.0)
    lines = text.splitlines()
    assert "volume     frus1961-63v05 — 1961–1963, Volume V, Soviet Union" in lines
    assert "documents  3" in lines
    assert "valid      1" in lines
    assert "invalid    2" in lines
    assert "bags       2 in out (1 invalid left out; --allow-invalid packages them)" in lines
    assert "report     report.json" in lines
    assert "time       2.0 s, 2 documents/s" in lines
    assert text.endswith("\n")


def test_most_frequent_codes_first_with_finding_and_document_counts():
    report = BatchReport("vol.xml", VOLUME, DOCUMENTS)
    lines = render(report).splitlines()
    start = lines.index(next(line for line in lines if line.startswith("finding")))
    table = [line.split() for line in lines[start:]]
    assert table == [
        ["finding", "severity", "count", "documents"],
        ["PRS-A", "error", "3", "2"],
        ["PRS-B", "error", "1", "1"],
        ["PRS-W", "warning", "1", "1"],
    ]


def test_top_limits_the_table_and_says_how_many_more():
    lines = render(BatchReport("vol.xml", None, DOCUMENTS), top=1).splitlines()
    assert lines[-2].startswith("PRS-A")
    assert lines[-1] == "… and 2 more codes (see the report)"


def test_validation_only_has_no_bags_line_and_a_clean_batch_no_table():
    clean = (DocumentResult("x-d1", "1", "A"),)
    text = render(BatchReport("vol.xml", None, clean))
    assert "bags" not in text
    assert "finding" not in text
    assert "volume" not in text


def test_one_bag_for_the_volume():
    report = BatchReport(
        "vol.xml", VOLUME, DOCUMENTS[:1], output="out", bag_per="volume",
        bags=("out/frus1961-63v05",),
    )  # fmt: skip
    assert "bags       1 bag holding 1 documents: out/frus1961-63v05" in render(report)
