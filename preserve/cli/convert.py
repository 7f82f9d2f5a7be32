"""``preserve convert``: one record to canonical XML, canonical JSON or normalized text."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import click

from preserve.atomic import write_atomic
from preserve.errors import OutputError
from preserve.model import Record
from preserve.readers import Parsed, read_path
from preserve.resources import seed_path

FORMATS = ("xml", "json", "text")


def render(record: Record, fmt: str) -> bytes:
    """The canonical bytes of ``record`` in ``fmt``."""
    if fmt == "xml":
        from preserve.writers.tei import to_bytes
    elif fmt == "json":
        from preserve.writers.json import to_bytes
    else:
        from preserve.writers.text import to_bytes
    return to_bytes(record)


@click.command("convert")
@click.argument("input", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--to", "fmt", type=click.Choice(FORMATS), required=True, help="Output form.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write here instead of standard output. For a volume: a directory, one file a record.",
)
def command(input: Path | None, fmt: str, output: Path | None) -> None:
    """Convert INPUT (default: the seed memo) to canonical XML, JSON or text.

    \b
    Examples:
      preserve convert --to xml
      preserve convert memo.txt --to json -o memo.json
      preserve convert frus1961-63v05.xml --to xml -o volume-xml/
    """
    source = input or seed_path()
    records = read_path(source)
    first = next(records)
    second = next(records, None)
    if second is None:
        _echo_findings(first)
        data = render(first.record, fmt)
        if output is None:
            sys.stdout.buffer.write(data)
        else:
            write_atomic(output, data)
        return
    if output is None or (output.exists() and not output.is_dir()):
        raise OutputError("holds several records: give -o DIRECTORY", str(source))
    output.mkdir(parents=True, exist_ok=True)
    suffix = {"xml": ".xml", "json": ".json", "text": ".txt"}[fmt]
    count = 0
    for parsed in itertools.chain((first, second), records):
        _echo_findings(parsed)
        write_atomic(output / f"{parsed.record.id}{suffix}", render(parsed.record, fmt))
        count += 1
    click.echo(f"{source}: wrote {count} records to {output}", err=True)


def _echo_findings(parsed: Parsed) -> None:
    """What the reader noticed (a marker offset, markup it had to drop), on stderr."""
    for finding in parsed.findings:
        where = f"{parsed.source}:{finding.position}" if finding.position else parsed.source
        click.echo(f"{where}: {finding.code} {finding.message}", err=True)
