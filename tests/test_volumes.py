import json
from datetime import date
from pathlib import Path

import bagit
import pytest

from preserve import bag
from preserve.batch import BatchReport, DocumentResult
from preserve.errors import InputError, OutputError
from preserve.verify import verify_bag
from preserve.volumes import BAG_PER, package_volume

VOLUMES = Path(__file__).parent.parent / "fixtures" / "volumes"
SAMPLE = VOLUMES / "frus1961-63v05-sample.xml"
MALFORMED = VOLUMES / "frus1961-63v05-malformed.xml"
VALID = ["d384", "d388", "d390", "d391", "d394"]  # the editorial notes and the signed documents


def options(**more) -> bag.Options:
    return bag.Options(bagging_date=date(2024, 1, 2), **more)


def by_number(report: BatchReport) -> dict[str, DocumentResult]:
    return {d.number: d for d in report.documents}


def test_package_one_bag_per_document_that_verifies(tmp_path):
    report = package_volume(SAMPLE, tmp_path, options(), jobs=2)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"frus1961-63v05-{d}" for d in VALID]
    assert list(report.bags) == [str(tmp_path / name) for name in names]
    for path in report.bags:
        checked = verify_bag(path, "deep")
        assert checked.errors == (), path
        assert sorted(p.name for p in Path(path, "data").iterdir()) == [
            "record.json",
            "record.xml",
            "references.json",
            "validation.json",
        ]
    documents = by_number(report)
    assert documents["379"].bag is None and documents["390"].bag == report.bags[2]
    info = Path(report.bags[2], "bag-info.txt").read_text(encoding="utf-8")
    assert "External-Identifier: frus1961-63v05-d390" in info
    assert "Bag-Group-Identifier: frus1961-63v05" in info
    assert "Source-File: frus1961-63v05-sample.xml" in info
    assert "Source-File-Checksum: sha256:" in info


def test_a_document_package_resolves_its_links_into_the_front_matter(tmp_path):
    report = package_volume(SAMPLE, tmp_path, options(), jobs=1)
    data = json.loads(Path(report.bags[2], "data", "references.json").read_bytes())
    assert data["record"] == "frus1961-63v05-d390"
    assert data["persons"]["p_BMG1"] == {
        "name": "Bundy, McGeorge",
        "description": "President's Special Assistant for National Security Affairs",
    }
    assert sorted(data["persons"]) == ["p_BMG1", "p_DAF1", "p_GAA1", "p_JLB1", "p_KNS1", "p_MAI1"]
    assert data["unresolved"] == []
    record_xml = Path(report.bags[2], "data", "record.xml").read_text(encoding="utf-8")
    assert 'corresp="#p_BMG1"' in record_xml  # the links themselves are kept


def test_allow_invalid_packages_every_document_with_its_findings(tmp_path):
    report = package_volume(SAMPLE, tmp_path, options(allow_invalid=True), jobs=2)
    assert len(report.bags) == 16
    for path in report.bags:
        assert verify_bag(path).errors == (), path
    invalid = Path(tmp_path, "frus1961-63v05-d382")
    assert "Record-Validation: invalid" in (invalid / "bag-info.txt").read_text(encoding="utf-8")
    validation = json.loads((invalid / "data" / "validation.json").read_bytes())
    assert [f["code"] for f in validation["findings"]] == ["PRS-SIGNATURE-NOTE"]


def test_parallel_and_serial_packaging_give_identical_bags(tmp_path):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    serial.mkdir()
    parallel.mkdir()
    package_volume(SAMPLE, serial, options(), jobs=1)
    package_volume(SAMPLE, parallel, options(), jobs=2)
    files = sorted(p.relative_to(serial) for p in serial.rglob("*") if p.is_file())
    assert files
    for name in files:
        assert (serial / name).read_bytes() == (parallel / name).read_bytes(), name


def test_one_bag_for_the_whole_volume(tmp_path):
    report = package_volume(SAMPLE, tmp_path, options(), bag_per="volume", jobs=2)
    (path,) = report.bags
    assert path == str(tmp_path / "frus1961-63v05")
    assert [p.name for p in tmp_path.iterdir()] == ["frus1961-63v05"]
    data = Path(path, "data")
    assert sorted(p.name for p in data.iterdir()) == [
        *(f"frus1961-63v05-{d}" for d in VALID),
        "source",
    ]
    assert (data / "source" / SAMPLE.name).read_bytes() == SAMPLE.read_bytes()
    checked = verify_bag(path, "deep")
    assert checked.errors == ()
    assert checked.records == len(VALID)
    assert bagit.Bag(path).validate()  # and the reference implementation agrees
    info = Path(path, "bag-info.txt").read_text(encoding="utf-8")
    assert "External-Identifier: frus1961-63v05" in info
    assert "Record-Validation: valid (5 records); 11 invalid records of the volume left out" in info


def test_a_volume_bag_with_invalid_records_says_how_many_and_why(tmp_path):
    report = package_volume(SAMPLE, tmp_path, options(allow_invalid=True), bag_per="volume", jobs=1)
    (path,) = report.bags
    assert bagit.Bag(path).info["Record-Validation"] == (
        "invalid: 11 of 16 records, 11 errors (PRS-NOTE-NUMBER, PRS-SIGNATURE-MISSING, "
        "PRS-SIGNATURE-NOTE); packaged with --allow-invalid"
    )
    assert verify_bag(path, "deep").errors == ()  # declared invalid, so no complaint


VOLUME_INFO = [
    ("Bag-Group-Identifier", "frus1961-63v05"),
    ("Volume-Series", "Foreign Relations of the United States"),
    ("Volume-Subseries", "1961–1963"),
    ("Volume-Number", "Volume V"),
    ("Volume-Title", "Soviet Union"),
    ("Volume-Editor", "Charles S. Sampson"),
    ("Volume-Editor", "John Michael Joyce"),
    ("Volume-Editor", "David S. Patterson"),
    ("Volume-Publication-Date", "1998"),
]  # what the sample's teiHeader says of its volume


@pytest.mark.parametrize("bag_per", BAG_PER)
def test_bag_info_carries_the_volume_metadata_from_the_tei_header(tmp_path, bag_per):
    report = package_volume(SAMPLE, tmp_path, options(), bag_per=bag_per, jobs=1)
    for path in report.bags:
        info = bagit.Bag(path).info
        fields = [
            (k, v) for k in dict.fromkeys(k for k, _ in VOLUME_INFO) for v in _listed(info[k])
        ]
        assert fields == VOLUME_INFO, path


def _listed(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def test_a_malformed_volume_fails_with_line_and_column_and_leaves_nothing(tmp_path):
    for bag_per in BAG_PER:
        with pytest.raises(InputError) as caught:
            package_volume(MALFORMED, tmp_path, options(), bag_per=bag_per, jobs=2)
        assert (caught.value.position.line, caught.value.position.column) == (610, 59)
        assert caught.value.path == str(MALFORMED)
        assert list(tmp_path.iterdir()) == []


def test_an_existing_bag_stops_the_batch_unless_forced(tmp_path):
    existing = tmp_path / "frus1961-63v05-d390"
    existing.mkdir()
    (existing / "mine.txt").write_text("not preserve's")
    with pytest.raises(OutputError, match="already exists"):
        package_volume(SAMPLE, tmp_path, options(), jobs=2)
    assert [p.name for p in tmp_path.iterdir()] == [existing.name]
    assert (existing / "mine.txt").exists()
    report = package_volume(SAMPLE, tmp_path, options(force=True), jobs=2)
    assert len(report.bags) == len(VALID)
    assert not (existing / "mine.txt").exists()
    assert verify_bag(existing).errors == ()


def test_a_missing_volume_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        package_volume(tmp_path / "nope.xml", tmp_path, options())
