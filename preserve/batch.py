"""The batch engine: validate (or, through ``preserve.volumes``, package) every document
of a TEI volume in parallel, and the report of what a batch did.

The calling process streams the volume (with ``iterparse``) and hands its documents
(as bytes, ``preserve.readers.portable``) to ``jobs`` worker processes in small chunks,
never more than ``2 × jobs`` chunks at a time, so memory stays flat however many
documents the volume holds. Results come back in document order. A document that is
invalid, or that fails in any way, is reported and never stops the batch; a volume that
cannot be read stops it, and then nothing it would have written is left behind.

Library code: no printing. Progress is reported through a callback.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import pickle
import re
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from preserve.atomic import atomic_file
from preserve.canonical import Forms
from preserve.errors import PreserveError
from preserve.findings import Finding, Report, Severity, locate
from preserve.model import Volume
from preserve.readers import Parsed, portable
from preserve.readers.portable import Item
from preserve.references import Entry, Resolved, read_front_matter, resolve

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 8  # records per hand-over to a worker: amortizes pickling, keeps workers busy
FAILED = "PRS-BATCH-FAILED"

Progress = Callable[["DocumentResult"], None]


# -- the engine -------------------------------------------------------------------------


def run(
    items: Iterable[T], task: Callable[[T], R], jobs: int | None = None, chunk: int = CHUNK
) -> Iterator[R]:
    """``task(item)`` for every item, in order, computed by ``jobs`` worker processes.

    ``items`` is consumed here, in the calling process, as the results are wanted; at
    most ``2 × jobs`` chunks of ``chunk`` items are out at once. ``task`` must be
    picklable (a module-level function, or an instance of a module-level class); each
    worker receives it once. ``jobs`` defaults to the number of cores; with one job
    everything runs here, in this process. The first item is always done here.
    """
    jobs = workers(jobs)
    if jobs == 1:
        yield from map(task, items)
        return
    items = iter(items)
    first = list(itertools.islice(items, 1))
    if not first:
        return
    # Done here, the first item loads what the task needs (schemas, say) before the
    # workers are forked, so they start warm.
    yield task(first[0])
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_install, initargs=(task,))
    pending: deque = deque()
    try:
        for batch in _chunks(items, chunk):
            pending.append(pool.submit(_run_chunk, batch))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def workers(jobs: int | None) -> int:
    """How many processes ``run`` uses for ``jobs``: by default, one per core."""
    return jobs or os.cpu_count() or 1


_TASK: Callable | None = None


def _install(task: Callable) -> None:
    global _TASK
    _TASK = task


def _run_chunk(batch: list) -> list:
    assert _TASK is not None
    return [_TASK(item) for item in batch]


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


# -- what comes back --------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentResult:
    """One document of a batch: its id, its findings, and where its package went."""

    record_id: str
    number: str
    title: str
    findings: tuple[Finding, ...] = ()
    bag: str | None = None
    classification: str | None = None
    line: int | None = None  # where the document's div starts in the volume file
    # (payload path, ((algorithm, hex digest), …)) of its canonical forms, for a volume bag
    canonical: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = field(
        default=(), compare=False, repr=False
    )

    @property
    def valid(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)


@dataclass(frozen=True)
class CodeCount:
    """How often a finding code occurred in a batch, and in how many documents."""

    code: str
    severity: str
    findings: int
    documents: int


class Spool:
    """Results kept in an anonymous temporary file as they come, read back in order.

    A batch keeps every document's findings for its report; on disk, not in memory, so
    memory does not grow with the number of documents. Iterate one pass at a time.
    """

    def __init__(self, items: Iterable[Any] = ()) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the spool)
        self._count = 0
        self._at_end = True  # a seek flushes the buffer: only seek after reading
        for item in items:
            self.append(item)

    def append(self, item: Any) -> None:
        if not self._at_end:
            self._file.seek(0, os.SEEK_END)
            self._at_end = True
        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Any]:
        self._at_end = False
        self._file.seek(0)
        for _ in range(self._count):
            yield pickle.load(self._file)


@dataclass
class _Tally:
    valid: int = 0
    packaged: int = 0
    findings: Counter[tuple[str, str]] = field(default_factory=Counter)  # (code, severity)
    documents: Counter[tuple[str, str]] = field(default_factory=Counter)


@dataclass(frozen=True)
class BatchReport:
    """What a batch did: every document's findings, and where the packages went.

    ``documents`` is a ``Spool`` for a real batch (or any sequence), complete when the
    report is made; the counts below are taken in one pass over it, the first time one
    is asked for.
    """

    source: str
    volume: Volume | None
    documents: Spool | Sequence[DocumentResult]
    output: str | None = None
    bag_per: str | None = None  # "document" or "volume" when packaging
    bags: tuple[str, ...] = ()

    @property
    def valid(self) -> int:
        return self._tally.valid

    @property
    def invalid(self) -> int:
        return len(self.documents) - self.valid

    @property
    def packaged(self) -> int:
        return self._tally.packaged

    def codes(self) -> list[CodeCount]:
        """Every finding code, most frequent first (then errors first, then by code)."""
        findings, documents = self._tally.findings, self._tally.documents
        order = {s.value: i for i, s in enumerate(Severity)}
        return [
            CodeCount(code, severity, count, documents[code, severity])
            for (code, severity), count in sorted(
                findings.items(), key=lambda kv: (-kv[1], order[kv[0][1]], kv[0][0])
            )
        ]

    @cached_property
    def _tally(self) -> _Tally:
        """The counts, from one pass over the documents (a spool is read from disk)."""
        tally = _Tally()
        for document in self.documents:
            tally.valid += document.valid
            tally.packaged += document.bag is not None
            keys = [(f.code, f.severity.value) for f in document.findings]
            tally.findings.update(keys)
            tally.documents.update(set(keys))
        return tally

    def head(self) -> dict[str, Any]:
        """Everything but the documents, as JSON-ready data."""
        return {
            "source": self.source,
            "volume": _volume_dict(self.volume),
            "summary": {
                "documents": len(self.documents),
                "valid": self.valid,
                "invalid": self.invalid,
                "packaged": self.packaged,
                "codes": [c.__dict__ for c in self.codes()],
            },
            "output": {"directory": self.output, "bag_per": self.bag_per, "bags": list(self.bags)}
            if self.output is not None
            else None,
        }


def document_dict(index: int, document: DocumentResult) -> dict[str, Any]:
    """One document of a batch report as JSON-ready data."""
    return {
        "index": index,
        "id": document.record_id,
        "number": document.number,
        "title": document.title,
        "line": document.line,
        "valid": document.valid,
        "bag": document.bag,
        "findings": [f.to_json() for f in document.findings],
    }


def write_report(report: BatchReport, path: str | Path) -> None:
    """Write ``report`` as JSON to ``path``, atomically, one document a line.

    Written as the documents are read back, so memory stays flat for any volume.
    """
    with atomic_file(path, text=True) as stream:
        stream.write("{\n")
        for key, value in report.head().items():
            stream.write(f"  {_dumps(key)}: {_dumps(value)},\n")
        stream.write('  "documents": [')
        for index, document in enumerate(report.documents, 1):
            stream.write(",\n    " if index > 1 else "\n    ")
            stream.write(_dumps(document_dict(index, document)))
        stream.write("\n  ]\n}\n")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _volume_dict(volume: Volume | None) -> dict[str, Any] | None:
    if volume is None:
        return None
    return {**volume.__dict__, "editors": list(volume.editors)}


# -- validating ---------------------------------------------------------------------------


def check(
    parsed: Parsed, front: Mapping[str, Entry], forms: Forms | None = None
) -> tuple[Report, Resolved]:
    """The rules' report on one record, plus what its front-matter links resolve to.

    ``forms``: the record's canonical forms, kept for the caller to write.
    """
    from preserve.rules import validate

    report = validate(parsed, forms)
    resolved = resolve(parsed.record, front)
    extra = locate(resolved.findings, parsed.positions)
    return Report(report.source, report.record_id, report.findings + extra), resolved


@dataclass(frozen=True)
class Validate:
    """The worker task of ``validate_volume``."""

    front: Mapping[str, Entry] = field(default_factory=dict)

    def __call__(self, item: Item) -> DocumentResult:
        parsed = portable.parsed(item, self.front)
        return guarded(parsed, lambda: result_of(parsed, check(parsed, self.front)[0].findings))


def validate_volume(
    source: str | Path, jobs: int | None = None, progress: Progress | None = None
) -> BatchReport:
    """Validate every document of the volume at ``source``.

    Raises ``InputError`` (with line and column) if the volume cannot be read.
    """
    front = read_front_matter(Path(source), str(source))
    results = Spool()
    volume = None
    for record_volume, result in stream(source, Validate(front), jobs, front):
        volume = volume or record_volume
        results.append(result)
        if progress:
            progress(result)
    return BatchReport(str(source), volume, results)


def stream(
    source: str | Path,
    task: Callable[[Item], DocumentResult],
    jobs: int | None,
    front: Mapping[str, Entry],
) -> Iterator[tuple[Volume | None, DocumentResult]]:
    """``(volume, result)`` per record of the file at ``source``, streamed here.

    With worker processes, each TEI document div goes to them as bytes and is read
    there (``preserve.readers.portable``); alone, this process reads the records.
    ``front``: the volume's front matter, whose links the records are read for.
    """
    volumes: deque[Volume | None] = deque()
    records = portable.read_portable(source, front, here=workers(jobs) == 1)

    def feed() -> Iterator[Item]:
        for item in records:
            volumes.append(portable.volume(item))
            yield item

    for result in run(feed(), task, jobs):
        yield volumes.popleft(), result


def result_of(parsed: Parsed, findings: tuple[Finding, ...], **more: Any) -> DocumentResult:
    record = parsed.record
    level = record.classification.level if record.classification else None
    start = parsed.positions.get("document")
    return DocumentResult(
        record.id,
        record.number,
        record.title,
        findings,
        classification=level,
        line=start.line if start else None,
        **more,
    )


def guarded(parsed: Parsed, work: Callable[[], DocumentResult]) -> DocumentResult:
    """``work()``, or a result with a ``PRS-BATCH-FAILED`` finding if it raised."""
    try:
        return work()
    except PreserveError as error:
        message = str(error)
    except Exception as error:  # a bug must not cost the other documents their packages
        message = f"internal error: {type(error).__name__}: {error}"
    failure = Finding(FAILED, Severity.ERROR, f"could not be processed: {message}")
    return result_of(parsed, (*parsed.findings, failure))


def count_documents(path: str | Path, stop: int | None = None) -> int:
    """How many document divs the file at ``path`` seems to hold (a quick byte scan).

    For sizing a progress bar and telling a volume from a single document; the
    reader, not this, decides what the documents are. With ``stop``, counts no further
    than that ("more than one?" needs no more than two).
    """
    pattern = re.compile(rb"<div\b[^>]*\btype\s*=\s*[\"']document[\"']")
    count, tail = 0, b""
    with open(path, "rb") as stream:
        while block := stream.read(1 << 20):
            data = tail + block
            matches = list(pattern.finditer(data))
            count += len(matches)
            if stop is not None and count >= stop:
                return stop
            start = max(len(data) - 512, matches[-1].end() if matches else 0)
            tail = data[start:]
    return count
