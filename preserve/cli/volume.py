"""Whole FRUS volumes on the command line: what ``package`` and ``validate`` do with one.

A TEI file holding more than one ``div type="document"`` is a volume. ``package``
hands it to ``preserve.volumes.package_volume`` (one bag per document, or one for the
volume), ``validate`` to ``preserve.batch.validate_volume``; both draw a progress bar
on stderr (when it is a terminal and not ``--quiet``), and ``package`` ends with the
summary table. See docs/volumes.md.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from preserve import bag, batch, summary, volumes
from preserve.atomic import check_writable
from preserve.errors import EXIT_INVALID, EXIT_OK, PreserveError
from preserve.findings import Report, Severity
from preserve.progress import ProgressBar, shown
from preserve.reports import message, unreadable


def is_volume(path: str | Path) -> bool:
    """Whether the file at ``path`` is a TEI volume (more than one document div)."""
    try:
        return Path(path).is_file() and batch.count_documents(path, stop=2) > 1
    except OSError:
        return False  # the reader will say what is wrong with it


def refuse_volume_options(bag_per: str, report: Path | None) -> None:
    """``--bag-per volume`` and ``--report`` are about volumes: refuse them otherwise."""
    if bag_per != "document":
        raise click.UsageError("--bag-per volume needs a TEI volume as its input")
    if report is not None:
        raise click.UsageError("--report needs a TEI volume as its input")


def package(
    inputs: tuple[Path, ...],
    outdir: Path,
    options: bag.Options,
    *,
    bag_per: str,
    jobs: int,
    quiet: bool,
    report: Path | None,
) -> int:
    """Package the one volume in ``inputs``; print what happened; return the exit code."""
    if len(inputs) != 1:
        raise click.UsageError("a volume is packaged on its own: give one VOLUME.xml per run")
    (source,) = inputs
    if report is not None:
        check_writable(report)
    created = not outdir.exists()
    outdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        with ProgressBar(_total(source, quiet), "packaging", quiet) as progress:
            result = volumes.package_volume(
                source, outdir, options, bag_per=bag_per, jobs=jobs or None, progress=progress
            )
    except BaseException:
        if created and not any(outdir.iterdir()):
            outdir.rmdir()
        raise
    return _finish(result, report, quiet, time.perf_counter() - started)


def validate(path: str, jobs: int, quiet: bool) -> list[Report]:
    """One ``Report`` per document of the volume at ``path``, in order; or one saying
    why it cannot be read (a ``PRS-INPUT`` finding with the line and column)."""
    try:
        with ProgressBar(_total(path, quiet), "validating", quiet) as progress:
            result = batch.validate_volume(path, jobs=jobs or None, progress=progress)
    except PreserveError as error:
        return [unreadable(error, path)]
    return [Report(path, d.record_id, d.findings) for d in result.documents]


def _total(path: str | Path, quiet: bool) -> int | None:
    """The documents a progress bar counts to; None when no bar is drawn."""
    return batch.count_documents(path) if shown(quiet) else None


def _finish(result: batch.BatchReport, report: Path | None, quiet: bool, seconds: float) -> int:
    if report is not None:
        batch.write_report(result, report)
    if not quiet and result.invalid:
        for document in result.documents:
            for finding in document.findings:
                if finding.severity is Severity.ERROR:
                    position = finding.position or document.line or ""
                    where = f"{result.source}:{position}".rstrip(":")
                    click.echo(
                        f"{where}: {document.record_id}: {finding.code} {message(finding)}",
                        err=True,
                    )
        click.echo(err=True)
    text = summary.render(result, str(report) if report else None, seconds)
    click.echo(text, err=True, nl=False)
    return EXIT_OK if result.packaged == len(result.documents) else EXIT_INVALID
