"""Fixity: checksums of files and bytes, fast enough for large bags.

Each file is read once, in large blocks, whatever the number of algorithms. A large
file is read by the calling thread while one thread per algorithm hashes the blocks
(hashlib releases the GIL on large updates), so reading, writing a copy and hashing
overlap. Many small files are spread over worker processes, each opening files
relative to one directory descriptor, so no path is resolved from the root per file.
Memory stays flat: a few blocks per large file, whatever its size.

Algorithms are named as the IANA registries name them ("sha-256", "md5", "sha3-256");
``Algorithm.name`` is the form RFC 8493 §2.4 puts in manifest file names ("sha256").
"""

from __future__ import annotations

import errno
import hashlib
import os
import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import multiprocessing.context

BLOCK = 1 << 20  # bytes read at a time from a large file
DEPTH = 16  # blocks in flight per large file: memory is DEPTH * BLOCK, whatever the size
LARGE = 4 * BLOCK  # files at least this big are hashed by the threaded pipeline
PARALLEL_FILES = 256  # at least this many small files go to worker processes


@dataclass(frozen=True)
class Algorithm:
    """A checksum algorithm: its IANA name, its bag name and its hashlib constructor."""

    iana: str
    name: str
    new: Callable[[], hashlib._Hash]


def _blake(kind: str, size: int) -> Callable[[], hashlib._Hash]:
    return partial(getattr(hashlib, kind), digest_size=size)


# The IANA "Hash Function Textual Names" and "Named Information Hash Algorithm" registries,
# less what hashlib lacks (md2), variable-length functions and truncated forms.
_KNOWN = (
    Algorithm("md5", "md5", hashlib.md5),
    Algorithm("sha-1", "sha1", hashlib.sha1),
    Algorithm("sha-224", "sha224", hashlib.sha224),
    Algorithm("sha-256", "sha256", hashlib.sha256),
    Algorithm("sha-384", "sha384", hashlib.sha384),
    Algorithm("sha-512", "sha512", hashlib.sha512),
    Algorithm("sha3-224", "sha3224", hashlib.sha3_224),
    Algorithm("sha3-256", "sha3256", hashlib.sha3_256),
    Algorithm("sha3-384", "sha3384", hashlib.sha3_384),
    Algorithm("sha3-512", "sha3512", hashlib.sha3_512),
    Algorithm("blake2s-256", "blake2s256", _blake("blake2s", 32)),
    Algorithm("blake2b-256", "blake2b256", _blake("blake2b", 32)),
    Algorithm("blake2b-512", "blake2b512", _blake("blake2b", 64)),
)
ALGORITHMS: dict[str, Algorithm] = {a.name: a for a in _KNOWN}
DEFAULT = ("sha256", "sha512")
WEAK = frozenset({"md5", "sha1"})


class UnknownAlgorithm(ValueError):
    """A checksum name that is not one of ``ALGORITHMS``."""


def normalize(name: str) -> str:
    """The RFC 8493 §2.4 form of an algorithm name: lowercase, alphanumerics only."""
    return "".join(c for c in name.lower() if c.isalnum())


def algorithm(name: str) -> Algorithm:
    """The algorithm called ``name`` in any spelling ("SHA-256", "sha256", "sha-256")."""
    found = ALGORITHMS.get(normalize(name))
    if found is None:
        known = ", ".join(a.iana for a in _KNOWN)
        raise UnknownAlgorithm(f"unknown checksum algorithm {name!r} (known: {known})")
    return found


def algorithms(names: Iterable[str]) -> tuple[str, ...]:
    """Bag names for ``names``, de-duplicated, in the order given."""
    return tuple(dict.fromkeys(algorithm(n).name for n in names))


@dataclass(frozen=True)
class Digest:
    """What one pass over a file or a byte string gives: its size and hex digests."""

    size: int
    hexdigests: dict[str, str]


def digest_bytes(data: bytes, names: Sequence[str]) -> Digest:
    """The digests of ``data`` under each algorithm of ``names`` (bag names)."""
    return Digest(len(data), {n: _new(n, data) for n in names})


def _new(name: str, data: bytes = b"") -> str:
    hasher = ALGORITHMS[name].new()
    hasher.update(data)
    return hasher.hexdigest()


READ = os.O_RDONLY | os.O_CLOEXEC
# Reading a file must not write its inode: no access-time update (a journal write per
# file, and a change an auditor did not ask for). Only the owner (or root) may ask.
NOATIME = getattr(os, "O_NOATIME", 0)


def _open(path: str | os.PathLike[str], flags: int, dir_fd: int | None = None) -> int:
    if NOATIME:
        try:
            return os.open(path, flags | NOATIME, dir_fd=dir_fd)
        except PermissionError:
            pass
    return os.open(path, flags, dir_fd=dir_fd)


def digest_file(
    path: str | os.PathLike[str], names: Sequence[str], *, dir_fd: int | None = None
) -> Digest:
    """The digests of the file at ``path``, read once."""
    fd = _open(path, READ, dir_fd)
    try:
        return _digest_fd(fd, names)
    finally:
        os.close(fd)


def copy_file(
    source: str | os.PathLike[str], target: str | os.PathLike[str], names: Sequence[str]
) -> Digest:
    """Copy ``source`` to a new file ``target``; return the digests of the copy.

    The kernel copies (``copy_file_range``) while threads hash what has been copied,
    read back from ``target``, so the digests describe the bytes that landed.
    """
    src = _open(source, READ)
    try:
        dst = os.open(target, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
        try:
            size = os.fstat(src).st_size
            if size < LARGE:
                data = _read_all(src, size)
                _write_all(dst, memoryview(data))
                return Digest(len(data), {n: _new(n, data) for n in names})
            copier = _Copier(src, dst)
            copier.start()
            try:
                digest = _pipeline(names, copier.read)
            finally:
                copier.join()
            if copier.error is not None:
                raise copier.error
            return digest
        finally:
            os.close(dst)
    finally:
        os.close(src)


def _digest_fd(fd: int, names: Sequence[str], size: int | None = None) -> Digest:
    if size is None:
        size = os.fstat(fd).st_size
    if size >= LARGE:
        return _pipeline(names, lambda view, offset: os.preadv(fd, [view], offset))
    data = _read_all(fd, size)
    return Digest(len(data), {n: _new(n, data) for n in names})


def _read_all(fd: int, size: int) -> bytes:
    """Everything in a small file (``size`` is a hint: the file may have changed)."""
    first = os.read(fd, size + 1)
    if len(first) <= size:
        return first
    parts = [first]
    while block := os.read(fd, BLOCK):
        parts.append(block)
    return b"".join(parts)


def _write_all(fd: int, view: memoryview) -> None:
    while view:
        view = view[os.write(fd, view) :]


class _Copier(threading.Thread):
    """Copies one file to another in the kernel, and lets a reader follow behind it."""

    STEP = 8 * BLOCK

    def __init__(self, src: int, dst: int):
        super().__init__(daemon=True)
        self.src, self.dst = src, dst
        self.copied = 0
        self.finished = False
        self.error: OSError | None = None
        self.by_hand = not hasattr(os, "copy_file_range")
        self.progress = threading.Condition()

    def run(self) -> None:
        try:
            while count := self._step():
                with self.progress:
                    self.copied += count
                    self.progress.notify_all()
        except OSError as error:
            self.error = error
        finally:
            with self.progress:
                self.finished = True
                self.progress.notify_all()

    def _step(self) -> int:
        if not self.by_hand:
            try:
                return os.copy_file_range(self.src, self.dst, self.STEP)
            except OSError as error:
                if self.copied or error.errno not in _NO_COPY_RANGE:
                    raise
                self.by_hand = True  # not on this system or between these file systems
        block = os.read(self.src, self.STEP)
        _write_all(self.dst, memoryview(block))
        return len(block)

    def read(self, view: memoryview, offset: int) -> int:
        """Read copied bytes at ``offset`` into ``view``, waiting for the copy to get there."""
        with self.progress:
            while self.copied < offset + len(view) and not self.finished:
                self.progress.wait()
        if self.error is not None:
            return 0
        return os.preadv(self.dst, [view], offset)


_NO_COPY_RANGE = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP}


class _Hasher(threading.Thread):
    """One algorithm's thread: hashes the blocks it is given, in order."""

    def __init__(self, name: str, done: queue.SimpleQueue[int]):
        super().__init__(daemon=True)
        self.algorithm = name
        self.hasher = ALGORITHMS[name].new()
        self.blocks: queue.SimpleQueue[tuple[int, memoryview] | None] = queue.SimpleQueue()
        self.done = done

    def run(self) -> None:
        update, done = self.hasher.update, self.done.put
        while (item := self.blocks.get()) is not None:
            slot, view = item
            update(view)
            done(slot)


def _pipeline(names: Sequence[str], read: Callable[[memoryview, int], int]) -> Digest:
    """Read blocks with ``read(view, offset)`` while one thread per algorithm hashes them.

    A ring of DEPTH buffers bounds memory; a buffer is refilled only when every
    algorithm has hashed it.
    """
    done: queue.SimpleQueue[int] = queue.SimpleQueue()
    hashers = [_Hasher(n, done) for n in names]
    for hasher in hashers:
        hasher.start()
    buffers = [memoryview(bytearray(BLOCK)) for _ in range(DEPTH)]
    pending = [0] * DEPTH
    size = slot = 0
    try:
        while True:
            while pending[slot]:
                pending[done.get()] -= 1
            count = read(buffers[slot], size)
            if not count:
                break
            size += count
            pending[slot] = len(hashers)
            for hasher in hashers:
                hasher.blocks.put((slot, buffers[slot][:count]))
            slot = (slot + 1) % DEPTH
    finally:
        for hasher in hashers:
            hasher.blocks.put(None)
        for hasher in hashers:
            hasher.join()
    return Digest(size, {h.algorithm: h.hasher.hexdigest() for h in hashers})


# Many files ----------------------------------------------------------------------------

Result = Digest | OSError


def digest_tree(
    root: str | os.PathLike[str],
    paths: Sequence[str],
    names: Sequence[str],
    *,
    sizes: Sequence[int] | None = None,
    workers: int | None = None,
) -> list[Result]:
    """The digests of each file in ``paths`` (relative to ``root``), in the same order.

    ``sizes``, when the caller already knows them (from a directory walk), saves a
    ``stat`` per file. A file that cannot be read gives its ``OSError`` in its place.
    Large files go through the threaded pipeline, two at a time; small files are read
    whole, spread over worker processes when there are many.
    """
    from concurrent.futures import ThreadPoolExecutor

    workers = workers or os.cpu_count() or 1
    root = os.fspath(root)
    dir_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        known = list(sizes) if sizes is not None else [_size(p, dir_fd) for p in paths]
        results: list[Result | None] = [s if isinstance(s, OSError) else None for s in known]
        large = [i for i, s in enumerate(known) if isinstance(s, int) and s >= LARGE]
        small = [i for i, s in enumerate(known) if isinstance(s, int) and s < LARGE]
        with ThreadPoolExecutor(max_workers=min(2, workers)) as threads:
            futures = [(i, threads.submit(_one, dir_fd, paths[i], names, known[i])) for i in large]
            jobs = [(paths[i], known[i]) for i in small]
            for i, result in zip(
                small, _small_files(root, dir_fd, jobs, names, workers), strict=True
            ):
                results[i] = result
            for i, future in futures:
                results[i] = future.result()
    finally:
        os.close(dir_fd)
    return results  # type: ignore[return-value]


def _size(path: str, dir_fd: int) -> int | OSError:
    try:
        return os.stat(path, dir_fd=dir_fd, follow_symlinks=False).st_size
    except OSError as error:
        return error


def _one(dir_fd: int, path: str, names: Sequence[str], size: int | None) -> Result:
    """One file, opened relative to ``dir_fd`` without following a final symlink."""
    try:
        fd = _open(path, READ | os.O_NOFOLLOW, dir_fd)
    except OSError as error:
        return error
    try:
        return _digest_fd(fd, names, size)
    except OSError as error:
        return error
    finally:
        os.close(fd)


def _small_files(
    root: str, dir_fd: int, jobs: list[tuple[str, int]], names: Sequence[str], workers: int
) -> list[Result]:
    if workers < 2 or len(jobs) < PARALLEL_FILES:
        return [_one(dir_fd, path, names, size) for path, size in jobs]
    from concurrent.futures import ProcessPoolExecutor

    step = max(64, -(-len(jobs) // (workers * 8)))  # balance the workers, keep overhead low
    chunks = [jobs[i : i + step] for i in range(0, len(jobs), step)]
    results: list[Result] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=_fork_context()) as pool:
        for part in pool.map(partial(_small_in_worker, root, tuple(names)), chunks):
            results.extend(
                p if isinstance(p, OSError) else Digest(p[0], dict(zip(names, p[1:], strict=True)))
                for p in part
            )
    return results


def _fork_context() -> multiprocessing.context.BaseContext:
    """Fork where there is fork: workers start in milliseconds and import nothing."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _small_in_worker(
    root: str, names: tuple[str, ...], jobs: list[tuple[str, int]]
) -> list[tuple[int, ...] | OSError]:
    """A worker's share, as plain tuples (size, hexdigest…): cheap to send back."""
    dir_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        out: list[tuple[int, ...] | OSError] = []
        for path, size in jobs:
            result = _one(dir_fd, path, names, size)
            if isinstance(result, OSError):
                out.append(result)
            else:
                out.append((result.size, *(result.hexdigests[n] for n in names)))
        return out
    finally:
        os.close(dir_fd)
