"""preserve.bag: bags bagit and bagit-profile accept; reproducible, atomic, source untouched."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import bagit
import bagit_profile
import pytest

from preserve import bag, bagfiles, fixity
from preserve.errors import InvalidRecordError, OutputError
from preserve.resources import schema_path, seed_path

ROOT = Path(__file__).resolve().parents[1]
INVALID = ROOT / "fixtures" / "rules" / "PRS-SIGNATURE-MISSING.xml"
FIXED = bag.Options(bagging_date=date(2024, 1, 2))


def tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root``: its bytes and modification time."""
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def package_seed(outdir: Path, options: bag.Options = FIXED) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    source = bag.read_source(seed_path(), options.algorithms)
    [checked] = source.records
    return bag.package([checked], [source], outdir / checked.parsed.record.id, options).path


@pytest.fixture(scope="module")
def seed_bag(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return package_seed(tmp_path_factory.mktemp("bags"))


def test_seed_bag_layout(seed_bag: Path) -> None:
    assert sorted(str(p.relative_to(seed_bag)) for p in seed_bag.rglob("*") if p.is_file()) == [
        "bag-info.txt",
        "bagit.txt",
        "canonical-sha256.txt",
        "canonical-sha512.txt",
        "data/record.json",
        "data/record.xml",
        f"data/source/{seed_path().name}",
        "data/validation.json",
        "manifest-sha256.txt",
        "manifest-sha512.txt",
        "tagmanifest-sha256.txt",
        "tagmanifest-sha512.txt",
    ]
    assert (seed_bag / "bagit.txt").read_bytes() == (
        b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    )


def test_seed_source_is_copied_byte_for_byte(seed_bag: Path) -> None:
    copy = seed_bag / "data" / "source" / seed_path().name
    assert copy.read_bytes() == seed_path().read_bytes()


def test_seed_bag_info(seed_bag: Path) -> None:
    fields, problems = bagfiles.parse_tag_file((seed_bag / "bag-info.txt").read_text())
    info = {f.label: f.value for f in fields}
    assert problems == []
    payload = [p for p in (seed_bag / "data").rglob("*") if p.is_file()]
    assert info == {
        "External-Identifier": info["External-Identifier"],
        "External-Description": "Memorandum for the Record",
        "Bagging-Date": "2024-01-02",
        "Bag-Software-Agent": bag.SOFTWARE,
        "BagIt-Profile-Identifier": bag.PROFILE_ID,
        "Classification-Level": "Secret",
        "Record-Validation": "valid",
        "Payload-Oxum": f"{sum(p.stat().st_size for p in payload)}.{len(payload)}",
        "Bag-Size": info["Bag-Size"],
    }
    assert info["External-Identifier"].endswith("d390")
    assert info["Bag-Size"].endswith(" KB")


def test_seed_bag_is_valid_for_bagit_python(seed_bag: Path) -> None:
    parsed = bagit.Bag(str(seed_bag))
    assert parsed.validate()
    assert parsed.version_info == (1, 0)
    assert sorted(parsed.algorithms) == ["sha256", "sha512"]


def test_seed_bag_conforms_to_our_profile(seed_bag: Path) -> None:
    document = json.loads(schema_path("bagit-profile.json").read_text())
    profile = bagit_profile.Profile(bag.PROFILE_ID, profile=document)  # validates the profile
    assert profile.validate_serialization(str(seed_bag))
    assert profile.validate(bagit.Bag(str(seed_bag))), profile.report


def test_canonical_digests_are_the_digests_of_the_canonical_forms(seed_bag: Path) -> None:
    entries, problems = bagfiles.parse_manifest((seed_bag / "canonical-sha512.txt").read_text())
    assert problems == []
    [parsed] = list(__import__("preserve.readers", fromlist=["read_path"]).read_path(seed_path()))
    xml, json_bytes = bag.canonical_forms(parsed)
    assert {e.path: e.checksum for e in entries} == {
        "data/record.xml": fixity.digest_bytes(xml, ["sha512"]).hexdigests["sha512"],
        "data/record.json": fixity.digest_bytes(json_bytes, ["sha512"]).hexdigests["sha512"],
    }
    assert (seed_bag / "data" / "record.xml").read_bytes() == xml


def test_validation_report_inside(seed_bag: Path) -> None:
    report = json.loads((seed_bag / "data" / "validation.json").read_bytes())
    assert report["valid"] is True
    assert report["source"] == seed_path().name
    assert [f["code"] for f in report["findings"]] == ["PRS-MARKER-OFFSET"]
    assert report["findings"][0]["position"] == {"line": 1, "column": 31}


def test_tag_manifests_list_every_tag_file(seed_bag: Path) -> None:
    entries, _ = bagfiles.parse_manifest((seed_bag / "tagmanifest-sha256.txt").read_text())
    tags = {p.name for p in seed_bag.iterdir() if p.is_file() and not p.name.startswith("tagm")}
    assert {e.path for e in entries} == tags


def test_reproducible_with_a_fixed_date(tmp_path: Path) -> None:
    first = package_seed(tmp_path / "one")
    second = package_seed(tmp_path / "two")
    assert tree(first) == tree(second)
    assert (first / "bag-info.txt").stat().st_mtime == 1704153600  # 2024-01-02 UTC


def test_reproducible_with_source_date_epoch(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = package_seed(tmp_path / "one", bag.Options())
    time.sleep(0.01)
    second = package_seed(tmp_path / "two", bag.Options())
    assert tree(first) == tree(second)
    assert "Bagging-Date: 2023-11-14\n" in (first / "bag-info.txt").read_text()


def test_source_is_unchanged_after_packaging(tmp_path: Path) -> None:
    source = tmp_path / "memo.txt"
    source.write_bytes(seed_path().read_bytes())
    before = (source.read_bytes(), os.stat(source))
    read = bag.read_source(source)
    bag.package(list(read.records), [read], tmp_path / "bag", FIXED)
    after = os.stat(source)
    assert source.read_bytes() == before[0]
    assert (after.st_mtime_ns, after.st_ino, after.st_size) == (
        before[1].st_mtime_ns,
        before[1].st_ino,
        before[1].st_size,
    )


def test_a_source_changed_after_reading_is_caught_and_nothing_written(tmp_path: Path) -> None:
    source = tmp_path / "memo.txt"
    source.write_bytes(seed_path().read_bytes())
    read = bag.read_source(source)
    source.write_bytes(seed_path().read_bytes().replace(b"Secret", b"Sacret"))
    with pytest.raises(bag.SourceChangedError, match="changed"):
        bag.package(list(read.records), [read], tmp_path / "bag", FIXED)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.txt"]


def test_a_source_changed_during_packaging_is_caught(tmp_path: Path, monkeypatch) -> None:
    source = tmp_path / "memo.txt"
    source.write_bytes(seed_path().read_bytes())
    read = bag.read_source(source)
    real_copy = fixity.copy_file

    def copy_then_edit(src, dst, names):  # the file changes right after we copied it
        digest = real_copy(src, dst, names)
        Path(src).write_bytes(b"edited underneath us")
        return digest

    monkeypatch.setattr(fixity, "copy_file", copy_then_edit)
    with pytest.raises(bag.SourceChangedError):
        bag.package(list(read.records), [read], tmp_path / "bag", FIXED)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.txt"]


def test_invalid_records_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    read = bag.read_source(INVALID)
    assert not read.records[0].report.valid
    with pytest.raises(InvalidRecordError, match="--allow-invalid"):
        bag.package(list(read.records), [read], tmp_path / "bag", FIXED)
    assert list(tmp_path.iterdir()) == []


def test_allow_invalid_packages_the_findings_and_says_so(tmp_path: Path) -> None:
    read = bag.read_source(INVALID)
    options = bag.Options(bagging_date=date(2024, 1, 2), allow_invalid=True)
    path = bag.package(list(read.records), [read], tmp_path / "bag", options).path
    info = (path / "bag-info.txt").read_text()
    summary = "invalid: 1 error (PRS-SIGNATURE-MISSING); packaged with --allow-invalid"
    assert f"Record-Validation: {summary}\n" in info
    report = json.loads((path / "data" / "validation.json").read_bytes())
    assert report["valid"] is False
    assert "PRS-SIGNATURE-MISSING" in [f["code"] for f in report["findings"]]
    assert bagit.Bag(str(path)).validate()


def test_a_record_without_a_title_is_still_described_in_bag_info(tmp_path: Path) -> None:
    read = bag.read_source(ROOT / "fixtures" / "rules" / "PRS-TITLE-MISSING.xml")
    options = bag.Options(bagging_date=date(2024, 1, 2), allow_invalid=True)
    path = bag.package(list(read.records), [read], tmp_path / "bag", options).path
    info = bagit.Bag(str(path)).info
    assert info["External-Description"] == "Document 390"  # required by the profile
    assert info["Record-Validation"].startswith("invalid: 1 error (PRS-TITLE-MISSING)")


def test_many_records_in_one_bag_one_folder_each(tmp_path: Path) -> None:
    sources = [bag.read_source(p) for p in sorted((ROOT / "fixtures" / "corpus").glob("*v05*"))[:3]]
    records = [c for s in sources for c in s.records]
    options = bag.Options(bagging_date=date(2024, 1, 2), allow_invalid=True)
    path = bag.package(records, sources, tmp_path / "volume", options).path
    for checked in records:
        folder = path / "data" / checked.parsed.record.id
        assert sorted(p.name for p in folder.iterdir()) == [
            "record.json",
            "record.xml",
            "validation.json",
        ]
    info = (path / "bag-info.txt").read_text()
    assert "Bag-Group-Identifier: frus1961-63v05\n" in info
    assert "External-Identifier: frus1961-63v05\n" in info
    assert len(list((path / "data" / "source").iterdir())) == 3
    assert bagit.Bag(str(path)).validate()


def test_checksums_are_chosen_by_iana_name(tmp_path: Path) -> None:
    options = bag.Options(
        algorithms=fixity.algorithms(["SHA-1", "sha3-256"]), bagging_date=date(2024, 1, 2)
    )
    path = package_seed(tmp_path, options)
    names = sorted(p.name for p in path.iterdir() if "manifest" in p.name or "canonical" in p.name)
    assert names == [
        "canonical-sha1.txt",
        "canonical-sha3256.txt",
        "manifest-sha1.txt",
        "manifest-sha3256.txt",
        "tagmanifest-sha1.txt",
        "tagmanifest-sha3256.txt",
    ]


def test_contact_metadata_goes_first_in_rfc_order(tmp_path: Path) -> None:
    options = bag.Options(
        metadata=(
            ("Contact-Email", "a@example.org"),
            ("Source-Organization", "Office"),
            ("Note", "x"),
        ),
        bagging_date=date(2024, 1, 2),
    )
    labels = [
        line.split(":")[0]
        for line in (package_seed(tmp_path, options) / "bag-info.txt").read_text().splitlines()
    ]
    assert labels[:3] == ["Source-Organization", "Contact-Email", "External-Identifier"]
    assert labels[-3:] == ["Note", "Payload-Oxum", "Bag-Size"]


# build_bag --------------------------------------------------------------------------------


def test_names_with_spaces_percent_newline_and_non_ascii_are_encoded(tmp_path: Path) -> None:
    names = ["a b.txt", "100%.txt", "line\nbreak.txt", "cr\rname.txt", "Núñez é.txt"]
    payload = [bag.PayloadFile(n, n.encode()) for n in names]
    path = bag.build_bag(tmp_path / "b", payload, [("External-Identifier", "x")]).path
    manifest = (path / "manifest-sha256.txt").read_text(encoding="utf-8")
    assert "data/100%25.txt\n" in manifest
    assert "data/line%0Abreak.txt\n" in manifest
    assert "data/cr%0Dname.txt\n" in manifest
    assert "data/Núñez é.txt\n" in manifest
    assert "data/a b.txt\n" in manifest
    assert sorted(p.name for p in (path / "data").iterdir()) == sorted(names)


def test_linked_payload_shares_the_source_file(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    sources = [tmp_path / "in" / f"f{i}.bin" for i in range(3)]
    for i, source in enumerate(sources):
        source.write_bytes(os.urandom(1000 + i))
    payload = [bag.PayloadFile(s.name, source=s, link=True) for s in sources]
    path = bag.build_bag(tmp_path / "b", payload, []).path
    for source in sources:
        assert os.stat(path / "data" / source.name).st_ino == os.stat(source).st_ino
    assert bagit.Bag(str(path)).validate()


def test_linking_falls_back_to_copying(tmp_path: Path, monkeypatch) -> None:
    def no_links(*args: object) -> None:
        raise OSError(errno.EXDEV, "cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    source = tmp_path / "f.bin"
    source.write_bytes(b"payload")
    path = bag.build_bag(
        tmp_path / "b", [bag.PayloadFile("f.bin", source=source, link=True)], []
    ).path
    assert os.stat(path / "data" / "f.bin").st_ino != os.stat(source).st_ino
    assert bagit.Bag(str(path)).validate()


def test_manifest_lines_are_sorted_by_path(tmp_path: Path) -> None:
    payload = [bag.PayloadFile(n, n.encode() * 3) for n in ["z", "a", "m/b", "m/a"]]
    path = bag.build_bag(tmp_path / "b", payload, []).path
    lines = (path / "manifest-sha512.txt").read_text().splitlines()
    assert [line.split("  ")[1] for line in lines] == ["data/a", "data/m/a", "data/m/b", "data/z"]


def test_an_existing_bag_is_never_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "b"
    bag.build_bag(target, [bag.PayloadFile("a", b"first")], [])
    with pytest.raises(OutputError, match="--force"):
        bag.build_bag(target, [bag.PayloadFile("a", b"second")], [])
    assert (target / "data" / "a").read_bytes() == b"first"
    bag.build_bag(target, [bag.PayloadFile("a", b"second")], [], force=True)
    assert (target / "data" / "a").read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]


@pytest.mark.parametrize("path", ["../escape", "/etc/passwd", "a/../../b", ""])
def test_payload_paths_outside_data_are_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(OutputError):
        bag.build_bag(tmp_path / "b", [bag.PayloadFile(path, b"x")], [])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["bagit.txt", "manifest-md5.txt", "data/x.txt", "sub/x.txt"])
def test_extra_tag_files_cannot_take_reserved_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError, match="extra tag file"):
        bag.build_bag(tmp_path / "b", [bag.PayloadFile("a", b"x")], [], tag_files={name: b"x"})
    assert list(tmp_path.iterdir()) == []


def test_a_failure_leaves_nothing_behind(tmp_path: Path) -> None:
    def fail() -> None:
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        bag.build_bag(tmp_path / "b", [bag.PayloadFile("a", b"x")], [], before_publish=fail)
    assert list(tmp_path.iterdir()) == []


def test_killed_mid_way_leaves_no_bag_under_the_final_name(tmp_path: Path) -> None:
    """A real packaging process, killed with SIGKILL while its bag is half built."""
    ready = tmp_path / "ready"
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        import time
        from preserve import bag, fixity

        real = fixity.copy_file
        def slow_copy(src, dst, names):
            digest = real(src, dst, names)
            Path({str(ready)!r}).write_text("copied")  # the payload is half written
            time.sleep(60)
            return digest

        fixity.copy_file = slow_copy
        source = bag.read_source(Path({str(seed_path())!r}))
        bag.package(list(source.records), [source], Path({str(tmp_path / "out")!r}), bag.Options())
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert process.poll() is None, "the packaging process ended before it was killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
    assert not (tmp_path / "out").exists()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "ready"]
    assert (
        len(leftovers) == 1
        and leftovers[0].startswith(".out.")
        and leftovers[0].endswith(".partial")
    )


def test_human_size() -> None:
    assert [bag.human_size(n) for n in (0, 999, 1000, 16713, 2_500_000, 3 * 10**12)] == [
        "0 bytes",
        "999 bytes",
        "1.0 KB",
        "16.7 KB",
        "2.5 MB",
        "3.0 TB",
    ]
