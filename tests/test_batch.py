import json
import os
from pathlib import Path

import pytest

from preserve import batch, references
from preserve.batch import BatchReport, DocumentResult, Spool, count_documents, run, write_report
from preserve.findings import Finding, Position, Severity
from preserve.model import Record, Volume
from preserve.readers import Parsed

VOLUMES = Path(__file__).parent.parent / "fixtures" / "volumes"
SAMPLE = VOLUMES / "frus1961-63v05-sample.xml"
MALFORMED = VOLUMES / "frus1961-63v05-malformed.xml"


def square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_run_with_nothing_to_do():
    assert list(run([], square_and_pid, jobs=2)) == []


def test_run_keeps_order_in_one_process():
    results = list(run(range(50), square_and_pid, jobs=1))
    assert [r for r, _ in results] == [n * n for n in range(50)]
    assert {pid for _, pid in results} == {os.getpid()}


def test_run_keeps_order_across_worker_processes():
    results = list(run(range(200), square_and_pid, jobs=2, chunk=3))
    assert [r for r, _ in results] == [n * n for n in range(200)]
    pids = [pid for _, pid in results]
    assert pids[0] == os.getpid()  # the first, which warms up what workers inherit
    assert os.getpid() not in pids[1:]
    assert len(set(pids[1:])) == 2


def test_run_pulls_items_only_as_far_as_the_bounded_window():
    pulled = []

    def items():
        for n in range(10_000):
            pulled.append(n)
            yield n

    results = run(items(), square_and_pid, jobs=2, chunk=4)
    assert next(results)[0] == 0
    # at most 2 × jobs chunks are out, plus the one being assembled
    assert len(pulled) <= (2 * 2 + 1) * 4
    results.close()


def test_an_error_while_reading_stops_the_run_and_reaches_the_caller():
    def items():
        yield from range(20)
        raise ValueError("line 610, column 59")

    with pytest.raises(ValueError, match="line 610"):
        list(run(items(), square_and_pid, jobs=2, chunk=2))


def boom(_: Parsed) -> DocumentResult:
    raise RuntimeError("a bug")


def test_a_failing_document_becomes_a_finding_not_a_crash():
    record = Record("d7", "7", ("7. Telegram",), (), volume=Volume("v"))
    parsed = Parsed(record, "v.xml")
    result = batch.guarded(parsed, lambda: boom(parsed))
    assert result.record_id == "v-d7"
    assert not result.valid
    (finding,) = result.findings
    assert finding.code == batch.FAILED
    assert "RuntimeError: a bug" in finding.message


def test_count_documents_in_the_fixture_volumes():
    assert count_documents(SAMPLE) == 16
    assert count_documents(MALFORMED) == 16
    assert count_documents(VOLUMES / "shell-frus1961-63v05.xml") == 0


def test_count_documents_across_read_blocks(tmp_path):
    div = b'<div type="document" n="1"/>'
    path = tmp_path / "v.xml"
    # put a tag across the 1 MiB boundary of the scan
    path.write_bytes(b"<body>" + b" " * ((1 << 20) - 16) + div * 3 + b"</body>")
    assert count_documents(path) == 3


def test_count_documents_stops_where_asked(tmp_path):
    path = tmp_path / "v.xml"
    path.write_bytes(b"<body>" + b'<div type="document"/>' * 5 + b"</body>")
    assert count_documents(path, stop=2) == 2
    assert count_documents(path, stop=9) == count_documents(path) == 5
    assert count_documents(VOLUMES / "shell-frus1961-63v05.xml", stop=2) == 0


def test_spool_gives_back_what_it_was_given_in_order_any_number_of_times():
    results = [
        DocumentResult(f"v-d{n}", str(n), "T", (Finding("PRS-X", Severity.ERROR, f"m{n}"),))
        for n in range(100)
    ]
    spool = Spool(results[:50])
    assert list(spool)[:3] == results[:3]  # a pass, then more appended
    for result in results[50:]:
        spool.append(result)
    assert len(spool) == 100
    assert list(spool) == results
    assert next(iter(spool)) == results[0]  # a pass left half-way, then more appended
    spool.append(results[0])
    assert list(spool) == [*results, results[0]]


def error(code: str, key: str | None = None) -> Finding:
    return Finding(code, Severity.ERROR, f"{code} happened", key, Position(12, 5, "/TEI/text"))


REPORT = BatchReport(
    "vol.xml",
    Volume("frus1961-63v05", title="Soviet Union", editors=("A", "B")),
    (
        DocumentResult("frus1961-63v05-d1", "1", "One", (), "out/frus1961-63v05-d1"),
        DocumentResult("frus1961-63v05-d2", "2", "Two", (error("PRS-B"), error("PRS-A"))),
        DocumentResult("frus1961-63v05-d3", "3", "Three", (error("PRS-A", "head"),)),
    ),
    output="out",
    bag_per="document",
    bags=("out/frus1961-63v05-d1",),
)


def test_batch_report_reads_a_spool_once_for_all_its_counts():
    class Counted(Spool):
        passes = 0

        def __iter__(self):
            Counted.passes += 1
            return super().__iter__()

    report = BatchReport("vol.xml", None, Counted(REPORT.documents), output="out")
    assert (report.valid, report.invalid, report.packaged) == (1, 2, 1)
    assert report.codes() == REPORT.codes()
    assert report.head()["summary"] == REPORT.head()["summary"]
    assert Counted.passes == 1


def test_batch_report_counts_and_codes():
    assert (REPORT.valid, REPORT.invalid, REPORT.packaged) == (1, 2, 1)
    assert (REPORT.valid, REPORT.invalid, REPORT.packaged) == (1, 2, 1)  # asked again
    assert [(c.code, c.findings, c.documents) for c in REPORT.codes()] == [
        ("PRS-A", 2, 2),
        ("PRS-B", 1, 1),
    ]


def test_report_json_lists_each_documents_findings_with_positions(tmp_path):
    path = tmp_path / "report.json"
    write_report(REPORT, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["summary"]["documents"] == 3
    assert data["summary"]["invalid"] == 2
    assert data["volume"]["editors"] == ["A", "B"]
    assert data["output"] == {
        "directory": "out",
        "bag_per": "document",
        "bags": ["out/frus1961-63v05-d1"],
    }
    first, second, third = data["documents"]
    assert (first["index"], first["valid"], first["findings"]) == (1, True, [])
    assert [f["code"] for f in second["findings"]] == ["PRS-B", "PRS-A"]
    assert third["findings"] == [
        {
            "code": "PRS-A",
            "severity": "error",
            "message": "PRS-A happened",
            "key": "head",
            "position": {"line": 12, "column": 5, "xpath": "/TEI/text"},
        }
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temp file left
    assert path.stat().st_mode & 0o044 == 0o044 & ~umask()  # readable as any file is
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line.rstrip(","))["id"] for line in lines if '"index"' in line] == [
        "frus1961-63v05-d1",
        "frus1961-63v05-d2",
        "frus1961-63v05-d3",
    ]  # one document a line


# -- validating whole volumes -----------------------------------------------------------

VALID = ["d384", "d388", "d390", "d391", "d394"]  # the editorial notes and the signed documents


def codes(result: DocumentResult) -> list[str]:
    return [f.code for f in result.findings]


def by_number(report: BatchReport) -> dict[str, DocumentResult]:
    return {d.number: d for d in report.documents}


@pytest.fixture(scope="module")
def validated() -> BatchReport:
    return batch.validate_volume(SAMPLE, jobs=2)


def test_validate_volume_reads_every_document_in_order_with_the_volume(validated):
    assert [d.number for d in validated.documents] == [str(n) for n in range(379, 395)]
    assert list(validated.documents)[11].record_id == "frus1961-63v05-d390"
    assert validated.volume.title == "Soviet Union"
    assert validated.volume.editors[0] == "Charles S. Sampson"


def test_each_document_gets_the_findings_it_deserves(validated):
    documents = by_number(validated)
    # editorial notes: no source note and no signature, and rightly no finding for that
    assert codes(documents["384"]) == []
    # the one carried over from frus1955-57v24 links to three entries this volume lacks
    assert codes(documents["394"]) == [references.UNRESOLVED] * 3
    assert {f.severity for f in documents["394"].findings} == {Severity.WARNING}
    assert documents["394"].valid
    # several signers, each with a signature note
    assert codes(documents["391"]) == []
    # what real documents lack
    assert codes(documents["379"]) == ["PRS-SIGNATURE-MISSING"]
    assert codes(documents["382"]) == ["PRS-SIGNATURE-NOTE"]
    # the attached letter is signed, but its signature has no signature note
    assert codes(documents["392"]) == ["PRS-SIGNATURE-NOTE"]
    assert [d.record_id.rsplit("-", 1)[1] for d in validated.documents if d.valid] == VALID


def test_validation_is_the_same_in_one_process(validated):
    serial = batch.validate_volume(SAMPLE, jobs=1)
    assert list(serial.documents) == list(validated.documents)


def test_unresolved_links_point_at_their_line_in_the_volume(validated):
    finding = by_number(validated)["394"].findings[0]
    assert "#p_MIII1" in finding.message
    line = SAMPLE.read_text(encoding="utf-8").splitlines()[finding.position.line - 1]
    assert '<persName corresp="#p_MIII1">' in line  # the link's own line, not its paragraph
    assert finding.position.xpath.endswith("/p[3]/persName[1]")


def umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
