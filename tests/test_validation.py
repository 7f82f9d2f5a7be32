from pathlib import Path

import pytest

from preserve.findings import Severity
from preserve.validation import check_bytes, check_file, check_files

REPO = Path(__file__).resolve().parents[1]
CORPUS = sorted(str(p) for p in (REPO / "fixtures" / "corpus").glob("*.xml"))


def test_a_file_gives_one_report_per_record():
    (report,) = check_file(str(REPO / "fixtures" / "ci" / "d390-seeded.xml"))
    assert report.record_id.endswith("d390")
    assert {f.code for f in report.errors} == {"PRS-NOTE-ID", "PRS-SIGNATURE-NOTE"}


def test_an_unreadable_file_is_a_report_with_one_input_finding(tmp_path: Path):
    (report,) = check_file(str(tmp_path / "missing.txt"))
    assert report.record_id is None
    assert [(f.code, f.severity, f.message) for f in report.findings] == [
        ("PRS-INPUT", Severity.ERROR, "no such file")
    ]


def test_bytes_are_checked_under_the_given_name():
    data = (REPO / "fixtures" / "ci" / "memo-seeded.txt").read_bytes()
    (report,) = check_bytes(data, "<stdin>")
    assert report.source == "<stdin>"
    assert "PRS-SIGNATURE-NOTE" in {f.code for f in report.errors}


def test_a_volume_broken_midway_keeps_the_records_read_before():
    reports = check_file(str(REPO / "fixtures" / "volumes" / "frus1961-63v05-malformed.xml"))
    assert len(reports) > 1
    assert all(r.record_id for r in reports[:-1])
    assert reports[-1].findings[0].code == "PRS-INPUT"
    assert reports[-1].findings[0].position.line is not None


def test_parallel_results_come_back_in_input_order():
    paths = CORPUS[:12] * 2
    serial = check_files(paths, jobs=1)
    parallel = check_files(paths, jobs=2)
    assert parallel == serial
    assert [r[0].source for r in parallel] == paths


def test_a_bug_names_the_file_it_happened_in(monkeypatch):
    import preserve.rules

    def broken(parsed):
        raise KeyError("boom")

    monkeypatch.setattr(preserve.rules, "validate", broken)
    with pytest.raises(RuntimeError, match=r"d390\.xml: KeyError: 'boom'"):
        check_file(CORPUS[-1])
