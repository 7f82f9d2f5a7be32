"""``preserve package``: each record into its own BagIt bag, for deposit.

Every input is hashed, read and validated first; if any record is invalid, nothing is
written (exit 1) unless ``--allow-invalid``. Each bag is then built beside its final
name and renamed into place. See docs/bags.md.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import click

from preserve import bag, bagfiles, fixity
from preserve.errors import EXIT_INVALID, InputError, OutputError
from preserve.findings import Position
from preserve.resources import seed_path

VOLUME_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # it names bags: one safe path step
CONTACT = {
    "source_organization": "Source-Organization",
    "organization_address": "Organization-Address",
    "contact_name": "Contact-Name",
    "contact_phone": "Contact-Phone",
    "contact_email": "Contact-Email",
}


def _checksum(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    try:
        return fixity.algorithms(values) if values else fixity.DEFAULT
    except fixity.UnknownAlgorithm as error:
        raise click.BadParameter(str(error)) from None


def _volume_id(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not VOLUME_ID.fullmatch(value):
        raise click.BadParameter(f"{value!r} is not a volume id such as frus1961-63v05")
    return value


@click.command("package")
@click.argument(
    "inputs", nargs=-1, type=click.Path(dir_okay=False, path_type=Path), metavar="[INPUT]..."
)
@click.option(
    "-o",
    "--output",
    "outdir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to put the bags in (created if needed); each bag is named after its record.",
)
@click.option(
    "--checksum",
    "checksums",
    multiple=True,
    callback=_checksum,
    metavar="NAME",
    help="Checksum algorithm by its IANA name (sha-256, sha-512, sha3-256, blake2b-512, md5…). "
    "Repeat for several. Default: sha-256 and sha-512.",
)
@click.option("--source-organization", metavar="TEXT", help="bag-info Source-Organization.")
@click.option("--organization-address", metavar="TEXT", help="bag-info Organization-Address.")
@click.option("--contact-name", metavar="TEXT", help="bag-info Contact-Name.")
@click.option("--contact-phone", metavar="TEXT", help="bag-info Contact-Phone.")
@click.option("--contact-email", metavar="TEXT", help="bag-info Contact-Email.")
@click.option(
    "--bag-info",
    "bag_info_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file of 'Label: value' lines (bag-info.txt syntax) added to every bag; "
    "the options above override its contact fields.",
)
@click.option(
    "--bagging-date",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Bagging-Date (YYYY-MM-DD), also every file's time. Default: SOURCE_DATE_EPOCH or today.",
)
@click.option("--allow-invalid", is_flag=True, help="Package invalid records too, findings inside.")
@click.option("--force", is_flag=True, help="Replace bags that already exist.")
@click.option(
    "--bag-per",
    type=click.Choice(["document", "volume"]),
    default="document",
    show_default=True,
    help="For a TEI volume: a bag per document, or one bag with a folder per document.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="For a volume: processes (0: all cores).",
)
@click.option(
    "-q", "--quiet", is_flag=True, help="For a volume: no progress bar, only the summary."
)
@click.option(
    "--volume",
    "volume_id",
    metavar="ID",
    callback=_volume_id,
    help="The FRUS volume (e.g. frus1961-63v05) of records that do not name one, such as "
    "plain-text memos: it names their bags (frus1961-63v05-d390), fills "
    "Bag-Group-Identifier and goes into record.xml and record.json.",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="For a volume: write the batch report (every document's findings) here as JSON.",
)
def command(
    inputs: tuple[Path, ...],
    outdir: Path,
    checksums: tuple[str, ...],
    bag_info_file: Path | None,
    bagging_date: datetime | None,
    allow_invalid: bool,
    force: bool,
    bag_per: str,
    jobs: int,
    quiet: bool,
    volume_id: str | None,
    report: Path | None,
    **contact: str | None,
) -> None:
    """Package each record of INPUT (default: the seed memo) as a BagIt 1.0 bag in OUTDIR.

    The payload holds the input byte for byte (data/source/), the canonical record.xml
    and record.json, and validation.json; bag-info.txt names the record, its volume
    and its classification. Same inputs and SOURCE_DATE_EPOCH (or --bagging-date): the
    same bytes.

    \b
    Examples:
      preserve package -o bags/
      preserve package memo.txt --contact-name "Jane Doe" --checksum sha-512 -o bags/
      preserve package memo-390.txt --volume frus1961-63v05 -o bags/
      SOURCE_DATE_EPOCH=1700000000 preserve package corpus/*.xml -o bags/
      preserve package frus1961-63v05.xml -o bags/ --report report.json

    A TEI volume (many document divs) becomes one bag per document, each with its
    references.json, or with --bag-per volume one bag; invalid documents are reported and
    left out (exit 1) unless --allow-invalid. See docs/volumes.md.
    """
    metadata = _metadata(bag_info_file, contact)
    options = bag.Options(
        algorithms=checksums,
        metadata=metadata,
        bagging_date=bagging_date.date() if bagging_date else None,
        force=force,
        allow_invalid=allow_invalid,
    )
    from preserve.cli import volume  # imported here: batch machinery only volumes need

    if any(volume.is_volume(path) for path in inputs):
        if volume_id is not None:
            raise click.UsageError("--volume is for records that do not name their volume")
        code = volume.package(
            inputs, outdir, options, bag_per=bag_per, jobs=jobs, quiet=quiet, report=report
        )
        click.get_current_context().exit(code)
    volume.refuse_volume_options(bag_per, report)
    sources = [bag.read_source(path, checksums, volume_id) for path in (inputs or (seed_path(),))]
    plan = [(source, checked) for source in sources for checked in source.records]
    _echo_findings(plan)
    if not allow_invalid and any(not c.report.valid for _, c in plan):
        invalid = sum(not c.report.valid for _, c in plan)
        click.echo(
            f"preserve: {invalid} invalid record(s): nothing written "
            "(--allow-invalid packages them with their findings)",
            err=True,
        )
        click.get_current_context().exit(EXIT_INVALID)
    targets = [outdir / checked.parsed.record.id for _, checked in plan]
    duplicate = next((t for t in targets if targets.count(t) > 1), None)
    if duplicate is not None:
        raise OutputError("two records would share this bag name", str(duplicate))
    if not force:
        existing = next((t for t in targets if t.exists()), None)
        if existing is not None:
            raise OutputError("already exists (use --force to replace it)", str(existing))
    outdir.mkdir(parents=True, exist_ok=True)
    for (source, checked), target in zip(plan, targets, strict=True):
        result = bag.package([checked], [source], target, options)
        state = "" if checked.report.valid else " (invalid record, findings inside)"
        click.echo(
            f"{result.path}: {result.files} files, {bag.human_size(result.octets)}, "
            f"{'+'.join(result.algorithms)}{state}"
        )


def _metadata(path: Path | None, contact: dict[str, str | None]) -> tuple[tuple[str, str], ...]:
    fields: list[tuple[str, str]] = []
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"cannot read: {error}", str(path)) from None
        parsed, problems = bagfiles.parse_tag_file(text, strict=False)
        bad = next((p for p in problems if not p.blank), None)
        if bad is not None:
            raise InputError(bad.message, str(path), Position(line=bad.line))
        fields = [(f.label, f.value) for f in parsed]
    given = {CONTACT[k]: v for k, v in contact.items() if v}
    fields = [(label, value) for label, value in fields if label not in given]
    return (*fields, *given.items())


def _echo_findings(plan: list[tuple[bag.Source, bag.Checked]]) -> None:
    """What validation found, on stderr, as ``file:line:col: CODE message``."""
    from preserve.reports import text

    for source, checked in plan:
        for finding in checked.report.findings:
            click.echo(text.line(str(source.path), finding, severity=True), err=True)
