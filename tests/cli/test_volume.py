"""``preserve package`` and ``preserve validate`` on a whole TEI volume."""

from __future__ import annotations

import json
from pathlib import Path

import bagit
from click.testing import CliRunner

from preserve.cli import main
from preserve.verify import verify_bag

VOLUMES = Path(__file__).resolve().parents[2] / "fixtures" / "volumes"
SAMPLE = str(VOLUMES / "frus1961-63v05-sample.xml")
MALFORMED = str(VOLUMES / "frus1961-63v05-malformed.xml")
CORPUS_DOCUMENT = str(VOLUMES.parent / "corpus" / "frus1961-63v05_d390.xml")
VALID = ["d384", "d388", "d390", "d391", "d394"]
FIXED = {"SOURCE_DATE_EPOCH": "1700000000"}


def preserve(*args: str):
    return CliRunner().invoke(main, list(args), env=FIXED)


def test_package_a_volume_one_bag_per_document_with_a_report(tmp_path):
    out, report = tmp_path / "bags", tmp_path / "report.json"
    result = preserve("package", SAMPLE, "-o", str(out), "--report", str(report), "-j", "2")
    assert result.exit_code == 1, result.output  # invalid documents were left out
    assert sorted(p.name for p in out.iterdir()) == [f"frus1961-63v05-{d}" for d in VALID]
    for bag in out.iterdir():
        assert verify_bag(bag).errors == ()
        assert bagit.Bag(str(bag)).validate()
    data = json.loads(report.read_text(encoding="utf-8"))
    documents = {d["number"]: d for d in data["documents"]}
    assert len(documents) == 16
    assert [f["code"] for f in documents["382"]["findings"]] == ["PRS-SIGNATURE-NOTE"]
    assert documents["382"]["bag"] is None
    assert documents["390"]["bag"] == str(out / "frus1961-63v05-d390")
    assert documents["384"]["findings"] == []
    volume = Path(SAMPLE).read_text(encoding="utf-8").splitlines()
    assert '<div type="document" xml:id="d379"' in volume[documents["379"]["line"] - 1]
    # the summary table, on stderr
    lines = result.stderr.splitlines()
    assert "documents  16" in lines
    assert "valid      5" in lines
    assert "invalid    11" in lines
    assert f"report     {report}" in lines
    assert any(line.split()[:4] == ["PRS-SIGNATURE-MISSING", "error", "6", "6"] for line in lines)
    # and each error, with its line in the volume
    assert (
        f'{SAMPLE}:579: frus1961-63v05-d382: PRS-SIGNATURE-NOTE signature "Rusk" has no '
        "signature note (at /TEI/text/body/div[1]/div[4]/closer[1]/signed[1])\n"
    ) in result.stderr
    assert f"{SAMPLE}:252: frus1961-63v05-d379: PRS-SIGNATURE-MISSING" in result.stderr  # its div
    assert result.stdout == ""


def test_a_report_that_could_not_be_written_stops_the_run_before_any_bag(tmp_path):
    out, report = tmp_path / "bags", tmp_path / "missing" / "report.json"
    result = preserve("package", SAMPLE, "-o", str(out), "--report", str(report))
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"preserve: {report}: cannot write: no folder {report.parent}")
    assert not out.exists()


def test_allow_invalid_packages_every_document(tmp_path):
    result = preserve("package", SAMPLE, "-o", str(tmp_path), "--allow-invalid", "-q")
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.iterdir())) == 16
    assert "frus1961-63v05-d382: PRS" not in result.stderr  # --quiet: only the summary
    assert "documents  16" in result.stderr.splitlines()


def test_package_a_volume_as_one_bag(tmp_path):
    result = preserve("package", SAMPLE, "-o", str(tmp_path), "--bag-per", "volume")
    assert result.exit_code == 1, result.output
    (bag,) = tmp_path.iterdir()
    assert bag.name == "frus1961-63v05"
    checked = verify_bag(bag, "deep")
    assert checked.errors == ()
    assert checked.records == len(VALID)
    assert f"1 bag holding 5 documents: {bag}" in result.stderr


def test_a_malformed_volume_fails_with_its_position_and_writes_nothing(tmp_path):
    out = tmp_path / "bags"
    result = preserve("package", MALFORMED, "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == (
        f"preserve: {MALFORMED}:610:59: malformed XML: "
        "Opening and ending tag mismatch: p line 595 and dateline\n"
    )
    assert not out.exists()


def test_volume_options_need_a_volume(tmp_path):
    result = preserve("package", CORPUS_DOCUMENT, "-o", str(tmp_path), "--bag-per", "volume")
    assert result.exit_code == 2
    assert "--bag-per volume needs a TEI volume" in result.stderr
    result = preserve("package", SAMPLE, CORPUS_DOCUMENT, "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "one VOLUME.xml per run" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_validate_a_volume_document_by_document():
    result = preserve("validate", SAMPLE, "--format", "json", "-j", "2")
    assert result.exit_code == 1
    serial = preserve("validate", SAMPLE, "--format", "json", "-j", "1")
    assert serial.stdout == result.stdout
    assert "1 file, 16 records" in result.stderr
    assert (
        f"{SAMPLE}:1518: PRS-XREF-UNRESOLVED persName “Makarios”"
        in preserve("validate", SAMPLE).stdout
    )  # the line of the persName itself


def test_validate_a_malformed_volume():
    result = preserve("validate", MALFORMED)
    assert result.exit_code == 2
    assert f"{MALFORMED}:610:59: PRS-INPUT malformed XML" in result.stdout
