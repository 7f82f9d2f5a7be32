"""``preserve validate``: check records and report the findings for people and for CI.

Reports go to standard output or to files, in as many formats as wanted in one run;
the one-line human summary always goes to standard error. Exit status: 0 when every
input is valid, 1 when a finding reaches ``--fail-on`` (default: error), 2 for usage
errors and unreadable inputs.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

import click

from preserve import config as settings
from preserve.atomic import check_writable, write_atomic
from preserve.cli import volume
from preserve.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from preserve.findings import Report, Severity
from preserve.inputs import STDIN, STDIN_NAME, display, expand
from preserve.reports import (
    FORMATS,
    UNREADABLE,
    Options,
    is_unreadable,
    render,
    tally,
    unreadable,
)
from preserve.reports.text import summary
from preserve.resources import seed_path
from preserve.validation import check_bytes, check_file, check_files

STDOUT = "-"


@click.command("validate")
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    metavar="FORMAT[:FILE]",
    help=f"Report format: {', '.join(FORMATS)} (default: text). Repeat for several "
    "reports; FORMAT:FILE writes that one to FILE.",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write the report of the one --format given without a FILE here.",
)
@click.option("--select", multiple=True, metavar="CODES", help="Check only these codes/prefixes.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Do not check these codes/prefixes.")
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    help="Lowest severity that makes the run fail (default: error).",
)
@click.option("--warnings-as-errors", is_flag=True, help="Same as --fail-on warning.")
@click.option("--exclude", multiple=True, metavar="PATTERN", help="Skip these in directories.")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=0), default=0, help="Processes (0: all cores)."
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Settings file (default: preserve.toml or pyproject.toml found upwards).",
)
@click.option("--isolated", is_flag=True, help="Ignore settings files.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on standard error.")
@click.pass_context
def command(
    ctx: click.Context,
    inputs: tuple[str, ...],
    formats: tuple[str, ...],
    output: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    warnings_as_errors: bool,
    exclude: tuple[str, ...],
    jobs: int,
    config_file: Path | None,
    isolated: bool,
    quiet: bool,
) -> None:
    """Validate INPUT files (default: the seed memo) and report what is wrong, and where.

    An INPUT is a file (plain-text memo, TEI XML, canonical JSON), a directory (searched
    recursively for .txt, .xml and .json files), a glob pattern, or - for standard input.

    \b
    Examples:
      preserve validate records/
      preserve validate 'records/**/*.xml' --select PRS-NOTE --ignore PRS-NOTE-ID
      preserve validate records/ -f text -f sarif:preserve.sarif -f junit:junit.xml
      preserve validate memo.txt --format json --output report.json
      preserve validate records/ --format github --warnings-as-errors
    """
    targets = _targets(formats, output)
    config = _config(config_file, isolated)
    from preserve.rules import CODES

    selection = settings.Selection(
        settings.split_codes(select) or config.select,
        settings.split_codes(ignore) or config.ignore,
    )
    unknown = selection.unknown([*CODES, UNREADABLE])
    if unknown:
        raise click.BadParameter(
            f"{unknown[0]!r} matches no rule code (see docs/rules.md)",
            param_hint="--select/--ignore",
        )
    threshold = Severity(fail_on or config.fail_on)
    if warnings_as_errors:
        threshold = Severity.WARNING if threshold is Severity.ERROR else threshold
    options = Options(
        rules=CODES,
        checked=tuple(code for code in CODES if code in selection),
        fail_on=threshold,
        rules_url=_rules_url(),
    )

    reports = _select(_validate(inputs, exclude or config.exclude, jobs, quiet), selection)
    for fmt, destination in targets:
        _write(render(fmt, reports, options), destination)
    for report in reports:
        if is_unreadable(report):
            for finding in report.findings:
                where = f"{report.source}:{finding.position}" if finding.position else report.source
                click.echo(f"preserve: {where}: {finding.message}", err=True)
    if not quiet:
        click.echo(f"preserve: {summary(reports, options)}", err=True)
        for fmt, destination in targets:
            if destination != STDOUT:
                click.echo(f"preserve: wrote the {fmt} report to {destination}", err=True)
    ctx.exit(_exit_code(reports, threshold))


def _targets(formats: tuple[str, ...], output: str | None) -> list[tuple[str, str]]:
    """Each report format with its destination (a file, or ``-`` for standard output)."""
    parsed: list[tuple[str, str | None]] = []
    for spec in formats or ("text",):
        fmt, colon, destination = spec.partition(":")
        fmt = fmt.strip().lower()
        if fmt not in FORMATS:
            raise click.BadParameter(
                f"{fmt!r} is not one of {', '.join(FORMATS)}", param_hint="--format"
            )
        if colon and not destination:
            raise click.BadParameter(f"{spec!r}: no file after ':'", param_hint="--format")
        parsed.append((fmt, destination or None))
    unnamed = [i for i, (_, destination) in enumerate(parsed) if destination is None]
    if output is not None:
        if len(unnamed) != 1:
            raise click.UsageError(
                "--output is the file of the one --format given without a file of its own"
            )
        parsed[unnamed[0]] = (parsed[unnamed[0]][0], output)
    targets = [(fmt, destination or STDOUT) for fmt, destination in parsed]
    if sum(1 for _, destination in targets if destination == STDOUT) > 1:
        raise click.UsageError(
            "only one report can go to standard output: give the others a file, "
            "as in --format sarif:preserve.sarif"
        )
    files = [destination for _, destination in targets if destination != STDOUT]
    if len(files) != len(set(files)):
        raise click.UsageError("two reports would be written to the same file")
    for destination in files:
        check_writable(destination)
    return targets


def _config(config_file: Path | None, isolated: bool) -> settings.Config:
    if isolated:
        return settings.Config()
    if config_file is not None:
        return settings.load(config_file)
    return settings.discover()


def _validate(
    inputs: tuple[str, ...], exclude: tuple[str, ...], jobs: int, quiet: bool = False
) -> list[Report]:
    """The reports on every record of every input, in the order the inputs were given."""
    if not inputs:
        return list(check_file(display(seed_path())))
    paths, missing = expand(inputs, exclude)
    files = [path for path in paths if path != STDIN]
    volumes = {path for path in files if volume.is_volume(path)}  # checked document by document
    checked = iter(check_files([f for f in files if f not in volumes], jobs=jobs or None))
    reports: list[Report] = []
    for path in paths:
        if path == STDIN:
            reports.extend(_standard_input(jobs, quiet))
        elif path in volumes:
            reports.extend(volume.validate(path, jobs, quiet))
        else:
            reports.extend(next(checked))
    return reports + [unreadable(error, error.path or "") for error in missing]


def _select(reports: list[Report], selection: settings.Selection) -> list[Report]:
    """Each report with only the findings whose codes are selected."""
    return [
        replace(report, findings=tuple(f for f in report.findings if f.code in selection))
        if not is_unreadable(report)
        else report
        for report in reports
    ]


def _standard_input(jobs: int, quiet: bool) -> list[Report]:
    """The reports on standard input: one record, or a whole volume, checked as a volume
    file is (its cross-references too) from a private temporary copy."""
    data = sys.stdin.buffer.read()
    with tempfile.TemporaryDirectory(prefix="preserve-stdin.") as folder:
        spooled = Path(folder, STDIN_NAME)
        spooled.write_bytes(data)
        if not volume.is_volume(spooled):
            return list(check_bytes(data, STDIN_NAME))
        reports = volume.validate(str(spooled), jobs, quiet)
    return [replace(report, source=STDIN_NAME) for report in reports]


def _write(text: str, destination: str) -> None:
    if destination == STDOUT:
        click.echo(text, nl=False)
        return
    write_atomic(destination, text.encode("utf-8"))


def _exit_code(reports: list[Report], threshold: Severity) -> int:
    counts = tally(reports, threshold)
    if counts.unreadable:
        return EXIT_USAGE
    return EXIT_OK if counts.passed else EXIT_INVALID


def _rules_url() -> str:
    """Where docs/rules.md is read: the project's documentation URL, else the copy in the
    checkout preserve runs from, else nowhere (reports then carry no rule links)."""
    try:
        urls = metadata("preserve").get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("rules", "documentation"):
            return url.strip().rstrip("/") + ("" if url.strip().endswith(".md") else "/rules.md")
    local = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    return local.as_uri() if local.is_file() else ""  # a checkout; else no links
