"""preserve.fixity: every algorithm, every path through the engine, against hashlib."""

from __future__ import annotations

import errno
import hashlib
import os

import pytest

from preserve import fixity


def reference(data: bytes, name: str) -> str:
    hasher = fixity.ALGORITHMS[name].new()
    hasher.update(data)
    return hasher.hexdigest()


@pytest.mark.parametrize(
    ("given", "name"),
    [
        ("SHA-256", "sha256"),
        ("sha-512", "sha512"),
        ("sha512", "sha512"),
        ("MD5", "md5"),
        ("sha-1", "sha1"),
        ("SHA3-256", "sha3256"),
        ("blake2b-512", "blake2b512"),
    ],
)
def test_iana_names_map_to_rfc_8493_manifest_names(given: str, name: str) -> None:
    assert fixity.algorithm(given).name == name


def test_unknown_algorithm_is_refused_with_the_known_names() -> None:
    with pytest.raises(fixity.UnknownAlgorithm, match="sha-256"):
        fixity.algorithm("crc32")


def test_algorithms_deduplicate_in_order() -> None:
    assert fixity.algorithms(["SHA-512", "sha-256", "sha512"]) == ("sha512", "sha256")


def test_hashlib_names_agree_for_the_standard_algorithms() -> None:
    data = b"The Ambassador grinned."
    assert reference(data, "sha256") == hashlib.sha256(data).hexdigest()
    assert reference(data, "sha512") == hashlib.sha512(data).hexdigest()
    assert reference(data, "blake2b256") == hashlib.blake2b(data, digest_size=32).hexdigest()


def test_digest_bytes_gives_every_algorithm() -> None:
    digest = fixity.digest_bytes(b"abc", list(fixity.ALGORITHMS))
    assert digest.size == 3
    assert digest.hexdigests == {n: reference(b"abc", n) for n in fixity.ALGORITHMS}


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of 1 KiB and "large" from 4 KiB, so that tests run the threaded pipeline."""
    monkeypatch.setattr(fixity, "BLOCK", 1024)
    monkeypatch.setattr(fixity, "LARGE", 4096)
    monkeypatch.setattr(fixity._Copier, "STEP", 3000)


@pytest.mark.parametrize("size", [0, 1, 1023, 1024, 4095, 4096, 100_003])
def test_digest_file_small_and_pipelined(tmp_path, small_blocks, size: int) -> None:
    data = os.urandom(size)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    digest = fixity.digest_file(path, ("sha256", "sha512", "md5"))
    assert digest.size == size
    assert digest.hexdigests == {n: reference(data, n) for n in ("sha256", "sha512", "md5")}


@pytest.mark.parametrize("size", [10, 4096, 100_003])
def test_copy_file_copies_exactly_and_digests_the_copy(tmp_path, small_blocks, size: int) -> None:
    data = os.urandom(size)
    (tmp_path / "src").write_bytes(data)
    digest = fixity.copy_file(tmp_path / "src", tmp_path / "dst", ("sha256", "sha512"))
    assert (tmp_path / "dst").read_bytes() == data
    assert digest == fixity.Digest(size, {n: reference(data, n) for n in ("sha256", "sha512")})
    assert (tmp_path / "src").read_bytes() == data


def test_copy_file_never_overwrites(tmp_path) -> None:
    (tmp_path / "src").write_bytes(b"new")
    (tmp_path / "dst").write_bytes(b"old")
    with pytest.raises(FileExistsError):
        fixity.copy_file(tmp_path / "src", tmp_path / "dst", ("sha256",))
    assert (tmp_path / "dst").read_bytes() == b"old"


def test_copy_file_without_copy_file_range(tmp_path, small_blocks, monkeypatch) -> None:
    def unsupported(*args: object) -> int:
        raise OSError(errno.EXDEV, "cross-device")

    monkeypatch.setattr(os, "copy_file_range", unsupported)
    data = os.urandom(50_000)
    (tmp_path / "src").write_bytes(data)
    digest = fixity.copy_file(tmp_path / "src", tmp_path / "dst", ("sha256",))
    assert (tmp_path / "dst").read_bytes() == data
    assert digest.hexdigests["sha256"] == reference(data, "sha256")


def make_tree(root, count: int, size: int) -> dict[str, bytes]:
    files = {}
    for i in range(count):
        path = f"d{i % 7}/f{i}.bin"
        (root / f"d{i % 7}").mkdir(exist_ok=True)
        files[path] = os.urandom(size + i % 5)
        (root / path).write_bytes(files[path])
    return files


@pytest.mark.parametrize("workers", [1, 2])
def test_digest_tree_keeps_order_and_reports_unreadable_files(
    tmp_path, workers, monkeypatch
) -> None:
    monkeypatch.setattr(fixity, "PARALLEL_FILES", 8)  # the worker processes, on a small tree
    files = make_tree(tmp_path, 40, 100)
    paths = [*files, "missing.bin"]
    results = fixity.digest_tree(tmp_path, paths, ("sha256", "sha512"), workers=workers)
    for path, result in zip(paths[:-1], results, strict=False):
        assert result.hexdigests["sha512"] == reference(files[path], "sha512"), path
        assert result.size == len(files[path])
    assert isinstance(results[-1], FileNotFoundError)


def test_digest_tree_mixes_large_and_small_files(tmp_path, small_blocks) -> None:
    files = make_tree(tmp_path, 6, 10)
    files["big.bin"] = os.urandom(20_000)
    (tmp_path / "big.bin").write_bytes(files["big.bin"])
    results = fixity.digest_tree(tmp_path, list(files), ("sha256",))
    assert [r.hexdigests["sha256"] for r in results] == [
        reference(d, "sha256") for d in files.values()
    ]


def test_digest_tree_does_not_follow_a_final_symlink(tmp_path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"secret")
    (tmp_path / "bag").mkdir()
    (tmp_path / "bag" / "link").symlink_to(outside)
    [result] = fixity.digest_tree(tmp_path / "bag", ["link"], ("sha256",), sizes=[6])
    assert isinstance(result, OSError) and result.errno == errno.ELOOP


def test_digest_tree_trusts_given_sizes_only_as_hints(tmp_path) -> None:
    (tmp_path / "grew.bin").write_bytes(b"x" * 500)
    [result] = fixity.digest_tree(tmp_path, ["grew.bin"], ("sha256",), sizes=[10])
    assert result.size == 500 and result.hexdigests["sha256"] == reference(b"x" * 500, "sha256")


def test_reading_leaves_the_access_time_alone(tmp_path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 10_000)
    os.utime(
        path, (1_000_000, 2_000_000)
    )  # an access time older than the change: relatime would update it
    fixity.digest_file(path, ("sha256",))
    fixity.digest_tree(tmp_path, ["f.bin"], ("sha256",))
    assert os.stat(path).st_atime == 1_000_000
