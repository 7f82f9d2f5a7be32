"""Packaging whole volumes: every document of a TEI volume into BagIt bags, in parallel.

One bag per document, or one bag for the volume with a folder per document. The batch
engine (``preserve.batch``) streams the volume and runs ``Package`` on the workers; the
bags are built in a staging directory inside the output directory and moved into place
only when the whole volume has been read, so a malformed volume leaves nothing behind.
See docs/volumes.md.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from preserve import bag, bagfiles, batch, fixity
from preserve.canonical import Forms
from preserve.errors import InvalidRecordError, OutputError
from preserve.findings import Severity
from preserve.model import Volume
from preserve.readers import Parsed, portable
from preserve.references import Entry, read_front_matter, to_json

BAG_PER = ("document", "volume")
PAYLOAD = "payload"  # staging folder of a volume bag's documents


@dataclass(frozen=True)
class Package:
    """The worker task of ``package_volume``: validate a record, then write its package.

    With one bag per document the bag is built in ``staging`` (and moved beside it at
    the end); for a volume bag the document's files go to ``staging/payload/<id>/``.
    """

    staging: str
    output: str
    options: bag.Options
    bag_per: str = "document"
    front: Mapping[str, Entry] = field(default_factory=dict)
    source_info: tuple[tuple[str, str], ...] = ()  # bag-info naming the volume file

    def __call__(self, item: portable.Item) -> batch.DocumentResult:
        parsed = portable.parsed(item, self.front)
        return batch.guarded(parsed, lambda: self._package(parsed))

    def _package(self, parsed: Parsed) -> batch.DocumentResult:
        forms = Forms(parsed.record)
        report, resolved = batch.check(parsed, self.front, forms)
        if not report.valid and not self.options.allow_invalid:
            return batch.result_of(parsed, report.findings)
        record = parsed.record
        xml, json_form = bag.canonical_forms(parsed, forms)
        files = {
            "record.xml": xml,
            "record.json": json_form,
            "validation.json": bag.report_json(bag.Checked(parsed, report)),
            "references.json": to_json(record, resolved),
        }
        names = fixity.algorithms(self.options.algorithms)
        if self.bag_per == "volume":
            folder = Path(self.staging, PAYLOAD, record.id)
            folder.mkdir(parents=True)
            for name, data in files.items():
                (folder / name).write_bytes(data)
            canonical = tuple(
                (f"data/{record.id}/{name}", _digests(files[name], names))
                for name in ("record.xml", "record.json")
            )
            where = str(Path(self.output, record.id))
            return batch.result_of(parsed, report.findings, bag=where, canonical=canonical)
        canonical_files = {
            f"{bag.CANONICAL_PREFIX}{n}.txt": bagfiles.manifest(
                (f"data/{name}", fixity.digest_bytes(files[name], [n]).hexdigests[n])
                for name in ("record.xml", "record.json")
            )
            for n in names
        }
        options = replace(self.options, metadata=self.options.metadata + self.source_info)
        bag.build_bag(
            Path(self.staging, record.id),
            [bag.PayloadFile(name, data) for name, data in files.items()],
            bag.bag_info([bag.Checked(parsed, report)], options),
            algorithms=names,
            tag_files=canonical_files,
            mtime=options.mtime(),
        )
        return batch.result_of(parsed, report.findings, bag=str(Path(self.output, record.id)))


def package_volume(
    source: str | Path,
    output: str | Path,
    options: bag.Options | None = None,
    *,
    bag_per: str = "document",
    jobs: int | None = None,
    progress: batch.Progress | None = None,
) -> batch.BatchReport:
    """Package every document of the volume at ``source`` into bags in ``output``.

    One bag per document (``output/<record id>``), or with ``bag_per="volume"`` one bag
    (``output/<volume id>``) with a folder per document under ``data/`` and the volume
    file itself in ``data/source/``. Each package holds ``record.xml``, ``record.json``,
    ``validation.json`` and ``references.json`` (the persons and terms its links point
    at). Invalid documents are reported and left out unless ``options.allow_invalid``.

    All bags are built in a staging directory inside ``output`` and moved into place
    only once the whole volume has been read: a volume that turns out malformed (an
    ``InputError`` with line and column), or a source that changed meanwhile, leaves
    nothing behind. An existing bag is an ``OutputError`` unless ``options.force``.
    """
    if bag_per not in BAG_PER:
        raise ValueError(f"bag_per must be one of {BAG_PER}")
    options = options or bag.Options()
    source, output = Path(source), Path(output)
    if not output.is_dir():
        raise OutputError("the output directory does not exist", str(output))
    names = fixity.algorithms(options.algorithms)
    volume_file = _hashed(source, names)
    front = read_front_matter(source, str(source))
    staging = Path(tempfile.mkdtemp(prefix=".preserve-volume.", suffix=".partial", dir=output))
    try:
        digest = volume_file.digest.hexdigests
        source_info = (
            ("Source-File", source.name),
            *(("Source-File-Checksum", f"{n}:{digest[n]}") for n in names),
        )
        task = Package(str(staging), str(output), options, bag_per, front, source_info)
        results = batch.Spool()
        volume: Volume | None = None
        for record_volume, result in batch.stream(source, task, jobs, front):
            volume = volume or record_volume
            if bag_per == "document" and result.bag and not options.force:
                _refuse_existing(Path(result.bag))
            results.append(result)
            if progress:
                progress(result)
        volume_file.check_unchanged()
        if bag_per == "document":
            bags = _publish_all(staging, results, options.force)
        else:
            bags = (_volume_bag(staging, output, volume_file, volume, results, options),)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return batch.BatchReport(str(source), volume, results, str(output), bag_per, bags)


def _hashed(source: Path, names: tuple[str, ...]) -> bag.Source:
    """The volume file, hashed before it is read (to notice if it changes meanwhile)."""
    return bag.Source(source, bag.hash_source(source, names, "a TEI volume"), ())


def _digests(data: bytes, names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(fixity.digest_bytes(data, names).hexdigests.items()))


def _refuse_existing(target: Path) -> None:
    if os.path.lexists(target):
        raise OutputError("already exists (use --force to replace it)", str(target))


def _publish_all(staging: Path, results: batch.Spool, force: bool) -> tuple[str, ...]:
    """Move every staged bag to its final name; with ``force`` an old bag goes last."""
    bags = []
    for result in results:
        if result.bag is None:
            continue
        target = Path(result.bag)
        old = staging / f"{target.name}.old"
        if os.path.lexists(target):
            if not force:
                _refuse_existing(target)
            os.rename(target, old)
        os.rename(staging / target.name, target)
        shutil.rmtree(old, ignore_errors=True)
        bags.append(str(target))
    return tuple(bags)


@dataclass
class _Contents:
    """What a volume bag holds, gathered in one pass over the results (no findings kept)."""

    ids: list[str] = field(default_factory=list)
    canonical: list[tuple[str, tuple[tuple[str, str], ...]]] = field(default_factory=list)
    levels: dict[str, None] = field(default_factory=dict)
    invalid: int = 0
    errors: int = 0
    codes: set[str] = field(default_factory=set)
    total: int = 0

    def add(self, result: batch.DocumentResult) -> None:
        self.total += 1
        if result.bag is None:
            return
        self.ids.append(result.record_id)
        self.canonical += result.canonical
        if result.classification:
            self.levels[result.classification] = None
        errors = [f.code for f in result.findings if f.severity is Severity.ERROR]
        if errors:
            self.invalid += 1
            self.errors += len(errors)
            self.codes.update(errors)


def _volume_bag(
    staging: Path,
    output: Path,
    volume_file: bag.Source,
    volume: Volume | None,
    results: batch.Spool,
    options: bag.Options,
) -> str:
    """One bag for the volume, from the documents' staged files and the volume file."""
    contents = _Contents()
    for result in results:
        contents.add(result)
    if not contents.ids:
        raise InvalidRecordError(
            "no document of the volume can be packaged: every one is invalid "
            "(use --allow-invalid to package them with their findings)",
            str(volume_file.path),
        )
    names = fixity.algorithms(options.algorithms)
    payload = [
        bag.PayloadFile(f"{ident}/{name}", source=staging / PAYLOAD / ident / name)
        for ident in contents.ids
        for name in ("record.xml", "record.json", "validation.json", "references.json")
    ]
    payload.append(
        bag.PayloadFile(
            f"source/{volume_file.path.name}",
            source=volume_file.path,
            expected=volume_file.digest.hexdigests,
        )
    )
    canonical_files = {
        f"{bag.CANONICAL_PREFIX}{n}.txt": bagfiles.manifest(
            (path, dict(digests)[n]) for path, digests in contents.canonical
        )
        for n in names
    }
    identifier = volume.id if volume else volume_file.path.stem
    target = output / identifier
    bag.build_bag(
        target,
        payload,
        _volume_info(volume, identifier, contents, options),
        algorithms=names,
        tag_files=canonical_files,
        force=options.force,
        mtime=options.mtime(),
        before_publish=volume_file.check_unchanged,
    )
    return str(target)


def _volume_info(
    volume: Volume | None, identifier: str, contents: _Contents, options: bag.Options
) -> list[tuple[str, str]]:
    """bag-info.txt of a volume bag, with the fields ``bag.bag_info`` gives a record bag."""
    metadata = options.metadata
    packaged = len(contents.ids)
    info = [(label, value) for label, value in metadata if label in bag.FIELDS]
    info.append(("External-Identifier", identifier))
    parts = (volume.subseries, volume.number, volume.title) if volume else ()
    info.append(("External-Description", ", ".join(p for p in parts if p) or f"{packaged} records"))
    if volume is not None:
        info += bag.volume_info(volume)
    info += [
        ("Bagging-Date", options.day().isoformat()),
        ("Bag-Software-Agent", bag.SOFTWARE),
        ("BagIt-Profile-Identifier", bag.PROFILE_ID),
    ]
    info += [("Classification-Level", level) for level in contents.levels]
    summary = bag.validation_summary(packaged, contents.invalid, contents.errors, contents.codes)
    if contents.total > packaged:
        summary += f"; {contents.total - packaged} invalid records of the volume left out"
    info.append(("Record-Validation", summary))
    info += [(label, value) for label, value in metadata if label not in bag.FIELDS]
    return info
