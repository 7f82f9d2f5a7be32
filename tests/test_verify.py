"""preserve.verify: every RFC 8493 check, every problem collected, nothing read outside the bag.

``CASES`` breaks a good bag in one way per code and checks that the code is reported,
about the right file; a test below makes sure every code in ``verify.CODES`` has a case.
"""

from __future__ import annotations

import builtins
import codecs
import hashlib
import json
import logging
import os
import shutil
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

import bagit
import pytest

from preserve import bag, fixity, verify
from preserve.findings import Severity
from preserve.resources import schema_path, seed_path

ROOT = Path(__file__).resolve().parents[1]
FIXED = bag.Options(bagging_date=date(2024, 1, 2))


def make_bag(target: Path, algorithms: tuple[str, ...] = fixity.DEFAULT) -> Path:
    """A small valid BagIt 1.0 bag with a sub-folder, a space and a non-ASCII name."""
    payload = [
        bag.PayloadFile("a.txt", b"alpha\n"),
        bag.PayloadFile("sub/b c.txt", b"bravo " * 100),
        bag.PayloadFile("sub/Núñez.txt", "Núñez\n".encode()),
    ]
    info = [("External-Identifier", "test-bag"), ("Bagging-Date", "2024-01-02")]
    return bag.build_bag(target, payload, info, algorithms=algorithms).path


def seed_bag(outdir: Path, options: bag.Options = FIXED) -> Path:
    source = bag.read_source(seed_path())
    return bag.package(list(source.records), [source], outdir / "seed", options).path


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_bag(tmp_path_factory.mktemp("pristine") / "bag")


@pytest.fixture(scope="module")
def pristine_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_bag(tmp_path_factory.mktemp("pristine-seed"))


@pytest.fixture
def good(pristine: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(pristine, tmp_path / "bag", symlinks=True))


@pytest.fixture
def good_seed(pristine_seed: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(pristine_seed, tmp_path / "seed", symlinks=True))


def codes(report: verify.BagReport) -> set[str]:
    return {f.code for f in report.findings}


def append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8", newline="") as stream:
        stream.write(text)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# The pristine bags ---------------------------------------------------------------------


@pytest.mark.parametrize("mode", verify.MODES)
def test_a_good_bag_verifies_in_every_mode(good: Path, mode: str) -> None:
    report = verify.verify_bag(good, mode)
    assert report.findings == () or mode == "deep"
    assert report.valid and report.version == "1.0"
    assert report.files == 3 and report.algorithms == ("sha256", "sha512")
    assert report.octets == sum(p.stat().st_size for p in (good / "data").rglob("*") if p.is_file())
    assert (report.hashed > report.octets) is (mode != "fast")


def test_the_seed_bag_verifies_deep(good_seed: Path) -> None:
    report = verify.verify_bag(good_seed, "deep")
    assert report.findings == ()
    assert report.records == 1
    assert report.identifier and report.identifier.endswith("d390")


def test_a_bagit_python_0_97_bag_verifies(tmp_path: Path) -> None:
    (tmp_path / "b" / "sub").mkdir(parents=True)
    (tmp_path / "b" / "a.txt").write_text("alpha")
    (tmp_path / "b" / "sub" / "50%.txt").write_text("half")  # bagit-python writes % as it is
    logging.disable(logging.CRITICAL)
    try:
        bagit.make_bag(str(tmp_path / "b"), {"Contact-Name": "Ed"})
    finally:
        logging.disable(logging.NOTSET)
    report = verify.verify_bag(tmp_path / "b")
    assert report.version == "0.97" and report.valid and report.findings == ()
    assert report.files == 2


def test_a_bagit_1_0_bag_written_by_hand_verifies(tmp_path: Path) -> None:
    root = tmp_path / "b"
    (root / "data").mkdir(parents=True)
    (root / "data" / "x").write_bytes(b"x")
    (root / "bagit.txt").write_text("BagIt-Version: 1.0\r\nTag-File-Character-Encoding: UTF-8\r\n")
    (root / "manifest-sha512.txt").write_text(
        f"{hashlib.sha512(b'x').hexdigest().upper()}\tdata/x\r\n"
    )
    report = verify.verify_bag(root)
    assert report.valid and report.findings == () and report.algorithms == ("sha512",)


# One case per code ----------------------------------------------------------------------

Case = Callable[[Path, Path], None]  # (bag, its parent) -> breaks the bag


def remove(name: str) -> Case:
    return lambda b, _: (b / name).unlink()


def write(name: str, data: bytes) -> Case:
    return lambda b, _: (b / name).write_bytes(data)


def edit(name: str, old: str, new: str) -> Case:
    return lambda b, _: replace(b / name, old, new)


def add(name: str, text: str) -> Case:
    return lambda b, _: append(b / name, text)


def symlink_out(b: Path, parent: Path) -> None:
    (parent / "secret.txt").write_text("outside")
    (b / "data" / "link.txt").symlink_to(parent / "secret.txt")


def symlink_in(b: Path, _: Path) -> None:
    (b / "data" / "same.txt").symlink_to("a.txt")
    line = f"{sha256(b'alpha' + bytes([10]))}  data/same.txt\n"
    append(b / "manifest-sha256.txt", line)
    append(
        b / "manifest-sha512.txt",
        f"{hashlib.sha512(b'alpha' + bytes([10])).hexdigest()}  data/same.txt\n",
    )


def percent_unencoded(b: Path, _: Path) -> None:
    (b / "data" / "50%.txt").write_bytes(b"half")
    append(b / "manifest-sha256.txt", f"{sha256(b'half')}  data/50%.txt\n")
    append(b / "manifest-sha512.txt", f"{hashlib.sha512(b'half').hexdigest()}  data/50%.txt\n")


def nfd_name(b: Path, _: Path) -> None:
    nfc = b / "data" / "sub" / "Núñez.txt"
    nfc.rename(b / "data" / "sub" / unicodedata.normalize("NFD", "Núñez.txt"))


def fifo(b: Path, _: Path) -> None:
    os.mkfifo(b / "data" / "pipe")


def fetch(text: str) -> Case:
    return lambda b, _: (b / "fetch.txt").write_text(text)


def unknown_algorithm(b: Path, _: Path) -> None:
    shutil.copy(b / "manifest-sha256.txt", b / "manifest-crc32.txt")


def md5_only(b: Path, parent: Path) -> None:
    shutil.rmtree(b)
    make_bag(b, ("md5",))


def no_payload(b: Path, _: Path) -> None:
    shutil.rmtree(b / "data")


def no_manifests(b: Path, _: Path) -> None:
    for name in ("manifest-sha256.txt", "manifest-sha512.txt"):
        (b / name).unlink()


def unreadable(b: Path, _: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = fixity.digest_tree

    def failing(root, paths, names, **kw):
        results = real(root, paths, names, **kw)
        return [
            OSError(5, "Input/output error") if p == "data/a.txt" else r
            for p, r in zip(paths, results, strict=True)
        ]

    monkeypatch.setattr(fixity, "digest_tree", failing)


CASES: dict[str, tuple[Case, str | None]] = {
    # code: (how to break the bag, the file the finding must name)
    "BAG-DECLARATION-MISSING": (remove("bagit.txt"), "bagit.txt"),
    "BAG-DECLARATION": (write("bagit.txt", b"BagIt-Version: 1.0\n"), "bagit.txt"),
    "BAG-DECLARATION-BOM": (
        write(
            "bagit.txt",
            codecs.BOM_UTF8 + b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
        ),
        "bagit.txt",
    ),
    "BAG-VERSION": (edit("bagit.txt", "1.0", "2.0"), "bagit.txt"),
    "BAG-ENCODING": (edit("bagit.txt", "UTF-8", "NO-SUCH-CODEC"), "bagit.txt"),
    "BAG-ENCODING-NOT-UTF8": (edit("bagit.txt", "UTF-8", "ISO-8859-1"), "bagit.txt"),
    "BAG-PAYLOAD-MISSING": (no_payload, "data"),
    "BAG-MANIFEST-MISSING": (no_manifests, None),
    "BAG-MANIFEST-LINE": (add("manifest-sha256.txt", "nonsense\n"), "manifest-sha256.txt"),
    "BAG-MANIFEST-STAR": (
        edit("manifest-sha256.txt", "  data/a.txt", " *data/a.txt"),
        "manifest-sha256.txt",
    ),
    "BAG-MANIFEST-DUPLICATE": (
        lambda b, _: append(
            b / "manifest-sha256.txt",
            (b / "manifest-sha256.txt").read_text().splitlines()[0] + "\n",
        ),
        "manifest-sha256.txt",
    ),
    "BAG-MANIFEST-OUTSIDE": (
        add("manifest-sha256.txt", f"{'0' * 64}  bag-info.txt\n"),
        "manifest-sha256.txt",
    ),
    "BAG-MANIFEST-DIRECTORY": (
        add("manifest-sha256.txt", f"{'0' * 64}  data/sub\n"),
        "manifest-sha256.txt",
    ),
    "BAG-PATH-ENCODING": (percent_unencoded, "manifest-sha256.txt"),
    "BAG-PATH-ESCAPE": (symlink_out, "data/link.txt"),
    "BAG-ALGORITHM-UNKNOWN": (unknown_algorithm, "manifest-crc32.txt"),
    "BAG-ALGORITHM-WEAK": (md5_only, "manifest-md5.txt"),
    "BAG-TAGMANIFEST-PAYLOAD": (
        add("tagmanifest-sha256.txt", f"{'0' * 64}  data/a.txt\n"),
        "tagmanifest-sha256.txt",
    ),
    "BAG-TAGMANIFEST-INCOMPLETE": (
        lambda b, _: (b / "tagmanifest-sha256.txt").write_text(
            "".join(
                line + "\n"
                for line in (b / "tagmanifest-sha256.txt").read_text().splitlines()
                if "manifest-sha512" not in line
            )
        ),
        "tagmanifest-sha256.txt",
    ),
    "BAG-TAGFILE-UNLISTED": (write("notes.txt", b"a tag file of our own\n"), "notes.txt"),
    "BAG-TAGMANIFEST-ALGORITHMS": (remove("tagmanifest-sha512.txt"), "tagmanifest-sha256.txt"),
    "BAG-TAGFILE-BOM": (
        lambda b, _: (b / "bag-info.txt").write_bytes(
            codecs.BOM_UTF8 + (b / "bag-info.txt").read_bytes()
        ),
        "bag-info.txt",
    ),
    "BAG-TAGFILE-ENCODING": (
        lambda b, _: (b / "bag-info.txt").write_bytes(b"Note: caf\xe9\n"),
        "bag-info.txt",
    ),
    "BAG-TAGFILE-LINE-END": (
        lambda b, _: (b / "bag-info.txt").write_bytes((b / "bag-info.txt").read_bytes()[:-1]),
        "bag-info.txt",
    ),
    "BAG-INFO-LINE": (add("bag-info.txt", "no colon on this line\n"), "bag-info.txt"),
    "BAG-INFO-REPEATED": (add("bag-info.txt", "Bagging-Date: 2024-01-03\n"), "bag-info.txt"),
    "BAG-INFO-DATE": (
        edit("bag-info.txt", "Bagging-Date: 2024-01-02", "Bagging-Date: 2 Jan 2024"),
        "bag-info.txt",
    ),
    "BAG-OXUM-FORMAT": (add("bag-info.txt", "Payload-Oxum: 1.1\n"), "bag-info.txt"),
    "BAG-OXUM-MISMATCH": (write("data/extra.txt", b"extra"), "bag-info.txt"),
    "BAG-FETCH-LINE": (fetch("not-a-url 3 data/a.txt\n"), "fetch.txt"),
    "BAG-FETCH-ENTRY": (fetch("https://example.org/x 3 data/elsewhere.txt\n"), "fetch.txt"),
    "BAG-FILE-MISSING": (remove("data/a.txt"), "data/a.txt"),
    "BAG-FILE-UNLISTED": (write("data/extra.txt", b"extra"), "data/extra.txt"),
    "BAG-NAME-NORMALIZATION": (nfd_name, "manifest-sha256.txt"),
    "BAG-CHECKSUM-MISMATCH": (write("data/a.txt", b"alphA\n"), "data/a.txt"),
    "BAG-UNREADABLE": (unreadable, "data/a.txt"),
    "BAG-SPECIAL-FILE": (fifo, "data/pipe"),
    "BAG-SYMLINK": (symlink_in, "data/same.txt"),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_problem_is_found_and_named(
    code: str, good: Path, tmp_path: Path, monkeypatch
) -> None:
    breaks, named = CASES[code]
    if breaks is unreadable:
        breaks(good, tmp_path, monkeypatch)
    else:
        breaks(good, tmp_path)
    report = verify.verify_bag(good)
    found = [f for f in report.findings if f.code == code]
    assert found, [(f.code, f.key, f.message) for f in report.findings]
    assert all(f.severity is verify.CODES[code][0] for f in found)
    if named is not None:
        assert named in [f.key for f in found], [(f.key, f.message) for f in found]
    assert report.valid is not any(f.severity is Severity.ERROR for f in report.findings)


def test_profile_violations_are_reported(tmp_path: Path, good: Path) -> None:
    profile = json.loads(schema_path("bagit-profile.json").read_text())
    report = verify.verify_bag(good, profile=profile)
    messages = [f.message for f in report.findings if f.code == "BAG-PROFILE"]
    assert messages and not report.valid
    assert any("BagIt-Profile-Identifier" in m for m in messages)


def test_the_seed_bag_meets_the_profile(good_seed: Path) -> None:
    profile = verify.load_profile(str(schema_path("bagit-profile.json")))
    assert verify.verify_bag(good_seed, profile=profile).findings == ()


def test_a_profile_from_a_file_url(good_seed: Path) -> None:
    profile = verify.load_profile(schema_path("bagit-profile.json").as_uri())
    assert profile["BagIt-Profile-Info"]["BagIt-Profile-Identifier"] == bag.PROFILE_ID


DEEP_CASES: dict[str, Case] = {
    "PRS-BAG-RECORD-UNREADABLE": write("data/record.xml", b"<not xml"),
    "PRS-BAG-CANONICAL": edit(
        "data/record.xml", "Bundy Files. Secret.", "Bundy Files. Top Secret."
    ),
    "PRS-BAG-FORMS-DIFFER": edit(
        "data/record.json", "Memorandum for the Record", "Memorandum for the File"
    ),
}


@pytest.mark.parametrize("code", sorted(DEEP_CASES))
def test_deep_checks_the_records_inside(code: str, good_seed: Path, tmp_path: Path) -> None:
    DEEP_CASES[code](good_seed, tmp_path)
    default = verify.verify_bag(good_seed)
    deep = verify.verify_bag(good_seed, "deep")
    assert code in codes(deep) and code not in codes(default)
    assert not deep.valid


def test_deep_tells_a_reserialization_from_a_change(good_seed: Path) -> None:
    record = good_seed / "data" / "record.json"
    record.write_text(json.dumps(json.loads(record.read_bytes()), indent=2, ensure_ascii=False))
    report = verify.verify_bag(good_seed, "deep")
    assert {f.code: f.key for f in report.findings} == {
        "BAG-CHECKSUM-MISMATCH": "data/record.json",
        "BAG-OXUM-MISMATCH": "bag-info.txt",
        "PRS-BAG-RESERIALIZED": "data/record.json",
    }


def test_deep_reports_records_packaged_invalid_as_warnings(tmp_path: Path) -> None:
    source = bag.read_source(ROOT / "fixtures" / "rules" / "PRS-SIGNATURE-MISSING.xml")
    options = bag.Options(bagging_date=date(2024, 1, 2), allow_invalid=True)
    path = bag.package(list(source.records), [source], tmp_path / "b", options).path
    report = verify.verify_bag(path, "deep")
    found = [f for f in report.findings if f.code == "PRS-BAG-RECORD-INVALID"]
    assert {f.key for f in found} == {"data/record.xml", "data/record.json"}
    for item in found:
        assert item.severity is Severity.WARNING and "PRS-SIGNATURE-MISSING" in item.message
    messages = {f.key: f.message for f in found}  # the whole document: no empty "at :"
    assert messages["data/record.json"].startswith("PRS-SIGNATURE-MISSING: document 390")
    assert messages["data/record.xml"].startswith("PRS-SIGNATURE-MISSING at 20: document 390")
    assert report.valid


def test_deep_on_a_bag_without_records(good: Path) -> None:
    report = verify.verify_bag(good, "deep")
    assert codes(report) == {"PRS-BAG-NO-RECORDS"} and report.records == 0


def test_every_code_has_a_case_and_a_line_in_the_docs() -> None:
    tested = (
        set(CASES)
        | set(DEEP_CASES)
        | {"BAG-PROFILE", "PRS-BAG-RESERIALIZED", "PRS-BAG-RECORD-INVALID", "PRS-BAG-NO-RECORDS"}
    )
    assert tested == set(verify.CODES)
    docs = (ROOT / "docs" / "bags.md").read_text()
    for code, (severity, _, description) in verify.CODES.items():
        assert f"`{code}` | {severity.value} | {verify.cite(code)} | {description}" in docs, code


# What the issue asks for by name ----------------------------------------------------------


def test_a_flipped_byte_in_any_file_is_found_and_named(pristine_seed: Path, tmp_path: Path) -> None:
    files = sorted(
        p.relative_to(pristine_seed).as_posix() for p in pristine_seed.rglob("*") if p.is_file()
    )
    assert len(files) == 12
    for name in files:
        copy = Path(shutil.copytree(pristine_seed, tmp_path / name.replace("/", "_")))
        data = bytearray((copy / name).read_bytes())
        data[len(data) // 2] ^= 0x01
        (copy / name).write_bytes(bytes(data))
        report = verify.verify_bag(copy)
        assert not report.valid, name
        assert any(f.key == name or name in f.message for f in report.errors), (
            name,
            report.findings,
        )


def test_every_problem_is_collected(good: Path) -> None:
    (good / "data" / "a.txt").unlink()
    (good / "data" / "extra.txt").write_bytes(b"extra")
    (good / "data" / "sub" / "b c.txt").write_bytes(b"changed")
    append(good / "manifest-sha512.txt", "garbage\n")
    report = verify.verify_bag(good)
    found = {(f.code, f.key) for f in report.findings}
    assert {
        ("BAG-FILE-MISSING", "data/a.txt"),
        ("BAG-FILE-UNLISTED", "data/extra.txt"),
        ("BAG-CHECKSUM-MISMATCH", "data/sub/b c.txt"),
        ("BAG-MANIFEST-LINE", "manifest-sha512.txt"),
        ("BAG-OXUM-MISMATCH", "bag-info.txt"),
    } <= found
    [oxum] = [f for f in report.findings if f.code == "BAG-OXUM-MISMATCH"]
    assert "missing data/a.txt" in oxum.message and "unlisted data/extra.txt" in oxum.message
    assert "changed data/sub/b c.txt" in oxum.message
    [line] = [f for f in report.findings if f.code == "BAG-MANIFEST-LINE"]
    assert line.position is not None and line.position.line == 4


def test_a_truncated_manifest(good: Path) -> None:
    data = (good / "manifest-sha256.txt").read_bytes()
    (good / "manifest-sha256.txt").write_bytes(data[: len(data) - 30])
    report = verify.verify_bag(good)
    assert {"BAG-MANIFEST-LINE", "BAG-FILE-UNLISTED", "BAG-CHECKSUM-MISMATCH"} & codes(report)
    assert any(f.key == "manifest-sha256.txt" for f in report.errors)


def test_fast_mode_checks_completeness_not_checksums(good: Path) -> None:
    (good / "data" / "a.txt").write_bytes(b"ALPHA\n")  # same size
    assert verify.verify_bag(good, "fast").valid
    (good / "data" / "a.txt").unlink()
    assert "BAG-FILE-MISSING" in codes(verify.verify_bag(good, "fast"))


@pytest.mark.parametrize(
    "path", ["../outside.txt", "/etc/hostname", "data/../../outside.txt", "~root/.bashrc"]
)
def test_escaping_paths_are_rejected_without_reading_outside(
    good: Path, tmp_path: Path, path: str, monkeypatch
) -> None:
    (tmp_path / "outside.txt").write_text("outside")
    append(good / "manifest-sha256.txt", f"{sha256(b'outside')}  {path}\n")
    symlink_out(good, tmp_path)
    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file, *args, **kwargs):
        opened.append(os.path.realpath(file) if isinstance(file, str | Path) else str(file))
        return real_open(file, *args, **kwargs)

    def spy_os_open(file, flags, *args, dir_fd=None, **kwargs):
        if dir_fd is None:
            opened.append(os.path.realpath(file))
        else:
            opened.append(os.path.realpath(os.path.join(f"/proc/self/fd/{dir_fd}", file)))
        return real_os_open(file, flags, *args, dir_fd=dir_fd, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    report = verify.verify_bag(good, workers=1)
    escapes = [f for f in report.findings if f.code == "BAG-PATH-ESCAPE"]
    assert {f.key for f in escapes} == {"manifest-sha256.txt", "data/link.txt"}
    inside = os.path.realpath(good)
    assert opened and all(p.startswith(inside) for p in opened), opened


def test_percent_encoded_names_round_trip(tmp_path: Path) -> None:
    payload = [
        bag.PayloadFile(n, b"x") for n in ["100%.txt", "%25.txt", "new\nline.txt", "a b é.txt"]
    ]
    path = bag.build_bag(tmp_path / "b", payload, []).path
    manifest = (path / "manifest-sha256.txt").read_text()
    assert "data/%2525.txt" in manifest and "data/new%0Aline.txt" in manifest
    report = verify.verify_bag(path)
    assert report.valid and report.findings == () and report.files == 4


def test_many_files_go_through_worker_processes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(fixity, "PARALLEL_FILES", 16)
    payload = [bag.PayloadFile(f"d{i % 5}/f{i}.txt", os.urandom(100)) for i in range(200)]
    path = bag.build_bag(tmp_path / "b", payload, []).path
    assert verify.verify_bag(path, workers=2).valid
    (path / "data" / "d3" / "f13.txt").write_bytes(b"x" * 100)
    report = verify.verify_bag(path, workers=2)
    assert [(f.code, f.key) for f in report.errors] == [
        ("BAG-CHECKSUM-MISMATCH", "data/d3/f13.txt"),
        ("BAG-CHECKSUM-MISMATCH", "data/d3/f13.txt"),
    ]


def test_a_path_that_is_not_a_directory_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(verify.InputError):
        verify.verify_bag(tmp_path / "nothing")
