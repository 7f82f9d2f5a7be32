"""Validate input files: every record in every file to a ``Report``, on all cores.

Each worker process loads the schemas once (``preserve.rules`` caches them) and then
checks whole files; results come back in the order of the inputs, so the same inputs
always give the same output. An input that cannot be read becomes a report with one
``PRS-INPUT`` finding, and the others are still checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from preserve import rules
from preserve.batch import run
from preserve.errors import PreserveError
from preserve.findings import Report
from preserve.readers import Parsed, read_bytes, read_path
from preserve.reports import unreadable

# Below this many files per worker, starting processes costs more than it saves.
FILES_PER_WORKER = 8


def check_file(path: str) -> tuple[Report, ...]:
    """The report on every record in the file at ``path``.

    A bug met on the way is raised as a plain ``RuntimeError`` naming the file, which
    crosses process boundaries whatever the original exception held.
    """
    try:
        return _check(read_path(path), path)
    except Exception as error:
        raise RuntimeError(f"{path}: {type(error).__name__}: {error}") from error


def check_bytes(data: bytes, source: str) -> tuple[Report, ...]:
    """The report on every record in ``data`` (standard input, say)."""
    return _check(read_bytes(data, source), source)


def check_files(paths: Sequence[str], jobs: int | None = None) -> list[tuple[Report, ...]]:
    """``check_file`` for each path, in order, spread over ``jobs`` processes.

    ``jobs`` defaults to every core this process may use; small runs stay in this process.
    """
    jobs = min(jobs or available_cores(), max(1, len(paths) // FILES_PER_WORKER))
    chunk = max(1, min(8, len(paths) // (4 * jobs)))
    return list(run(paths, check_file, jobs=jobs, chunk=chunk))


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _check(records: Iterator[Parsed], source: str) -> tuple[Report, ...]:
    reports: list[Report] = []
    try:
        for parsed in records:
            reports.append(rules.validate(parsed))
    except PreserveError as error:
        reports.append(unreadable(error, source))
    return tuple(reports)
