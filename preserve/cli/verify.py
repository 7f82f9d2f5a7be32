"""``preserve verify``: prove that bags are complete and unchanged, for auditors.

Exit status: 0 when every bag verifies, 1 when any fails, 2 for usage errors (a path
that is not a directory, an unreadable profile).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from preserve import __version__, clock
from preserve.atomic import check_writable, write_atomic
from preserve.bag import human_size
from preserve.errors import EXIT_INVALID, EXIT_OK, InputError
from preserve.findings import Finding, Severity
from preserve.verify import BagReport, cite, load_profile, summarize, verify_bag


@click.command("verify")
@click.argument("bags", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="BAG...")
@click.option("--fast", is_flag=True, help="Completeness and Payload-Oxum only: no checksums.")
@click.option("--deep", is_flag=True, help="Also re-read and re-validate the records inside.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text for people (default), json for machines.",
)
@click.option(
    "--profile",
    metavar="FILE_OR_URL",
    help="Also check every bag against this BagIt Profile (a JSON file or URL).",
)
@click.option(
    "--premis",
    "premis_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a PREMIS 3 fixity-check event per bag to this file.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Processes for hashing (0: all cores).",
)
def command(
    bags: tuple[Path, ...],
    fast: bool,
    deep: bool,
    fmt: str,
    profile: str | None,
    premis_file: Path | None,
    jobs: int,
) -> None:
    """Verify each BAG (BagIt 0.97 or 1.0, from any tool) and report every problem found.

    Checks everything RFC 8493 requires; what it only recommends is a warning. Every
    finding has a stable code citing its RFC section (docs/bags.md lists them).

    \b
    Examples:
      preserve verify bags/*
      preserve verify --deep --premis audit.xml bags/frus1961-63v05-d390
      preserve verify --format json --profile schemas/bagit-profile.json bags/*
    """
    if fast and deep:
        raise click.UsageError("--fast and --deep exclude each other")
    mode = "fast" if fast else "deep" if deep else "default"
    for path in bags:
        if not path.is_dir():
            raise InputError("not a directory" if path.exists() else "no such bag", str(path))
    if premis_file is not None:
        check_writable(premis_file)
    loaded = load_profile(profile) if profile else None
    when = clock.now()
    reports = [verify_bag(path, mode, profile=loaded, workers=jobs or None) for path in bags]
    if fmt == "json":
        click.echo(json.dumps(to_json(reports, mode), ensure_ascii=False, indent=2))
    else:
        click.echo(to_text(reports), nl=False)
    if premis_file is not None:
        from preserve import premis

        write_atomic(premis_file, premis.to_bytes(reports, when))
    click.get_current_context().exit(EXIT_OK if all(r.valid for r in reports) else EXIT_INVALID)


def to_text(reports: list[BagReport]) -> str:
    """The reports for people: a line per bag, then its findings, then the totals."""
    lines = []
    for report in reports:
        state = "valid" if report.valid else f"INVALID ({_count(len(report.errors), 'error')})"
        if report.warnings:
            state += f", {_count(len(report.warnings), 'warning')}"
        records = (
            f", {_count(report.records, 'record')} re-checked" if report.mode == "deep" else ""
        )
        lines.append(
            f"{report.path}: {state} — BagIt {report.version or '?'}, "
            f"{_count(report.files, 'payload file')} ({human_size(report.octets)}), "
            f"{'+'.join(report.algorithms) or 'no checksums'}{records}, {report.seconds:.2f} s"
        )
        lines += [f"  {_finding(report, f)}" for f in report.findings]
    totals = summarize(reports)
    seconds = sum(r.seconds for r in reports)
    lines.append(
        f"{_count(totals['bags'], 'bag')}: {totals['valid']} valid, {totals['invalid']} invalid; "
        f"{_count(totals['errors'], 'error')}, {_count(totals['warnings'], 'warning')}; "
        f"{_count(totals['files'], 'file')}, {human_size(totals['octets'])}, {seconds:.2f} s"
    )
    return "\n".join(lines) + "\n"


def _finding(report: BagReport, finding: Finding) -> str:
    where = f"{report.path.rstrip('/')}/{finding.key}" if finding.key else report.path
    if finding.position is not None and finding.position.line is not None:
        where += f":{finding.position.line}"
    level = "" if finding.severity is Severity.ERROR else f" ({finding.severity.value})"
    return f"{where}: {finding.code}{level} {finding.message} [{cite(finding.code)}]"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def to_json(reports: list[BagReport], mode: str) -> dict[str, object]:
    """The reports for machines: one object with the bags, their findings and the counts."""
    return {
        "tool": f"preserve {__version__}",
        "mode": mode,
        "valid": all(r.valid for r in reports),
        "counts": {**summarize(reports), "bytes_hashed": sum(r.hashed for r in reports)},
        "seconds": round(sum(r.seconds for r in reports), 6),
        "bags": [
            {
                "path": r.path,
                "valid": r.valid,
                "version": r.version,
                "identifier": r.identifier,
                "algorithms": list(r.algorithms),
                "files": r.files,
                "bytes": r.octets,
                "bytes_hashed": r.hashed,
                "records": r.records,
                "seconds": round(r.seconds, 6),
                "counts": {"errors": len(r.errors), "warnings": len(r.warnings)},
                "findings": [
                    {
                        "code": f.code,
                        "severity": f.severity.value,
                        "rfc": cite(f.code),
                        "path": f.key,
                        "line": f.position.line if f.position else None,
                        "message": f.message,
                    }
                    for f in r.findings
                ],
            }
            for r in reports
        ],
    }
