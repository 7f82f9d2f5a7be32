"""Records to BagIt 1.0 bags (RFC 8493): atomic, reproducible, and never touching the source.

``build_bag`` is the core: a list of payload files (bytes, or a file to copy) and the
bag-info fields in, a complete bag out. It builds in a temporary directory beside the
target and renames it into place, so a final name only ever holds a complete bag.
The layout and manifests follow the conventions of the ``bagit`` library, so
``bagit.Bag(path).validate()`` accepts our bags; the manifests are written from our
own fixity engine, which hashes every byte once, as it is written.

``package`` puts records in a bag: one record (``data/record.xml``…) or many, one
folder per record (``data/<record id>/record.xml``…), with their sources copied into
``data/source/``. See docs/bags.md for the layout.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from preserve import __version__, bagfiles, clock, fixity
from preserve.errors import InputError, InvalidRecordError, OutputError, PreserveError
from preserve.findings import Report

if TYPE_CHECKING:
    from preserve.canonical import Forms
    from preserve.model import Volume
    from preserve.readers import Parsed

BAGIT_VERSION = "1.0"
PROFILE_ID = "urn:preserve:bagit-profile:frus-record:1.0"
SOFTWARE = f"preserve {__version__}"
DECLARATION = f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n".encode()
CANONICAL_PREFIX = "canonical-"  # canonical-sha256.txt: digests of the canonical forms
FIELDS = (
    "Source-Organization",
    "Organization-Address",
    "Contact-Name",
    "Contact-Phone",
    "Contact-Email",
)


class SourceChangedError(PreserveError):
    """An input file changed while it was being packaged: nothing was written."""


@dataclass(frozen=True)
class PayloadFile:
    """One payload file: ``path`` inside ``data/``, and its bytes or a file to copy.

    ``expected`` holds digests the copy of ``source`` must have (taken before reading
    it): a difference means the source changed underneath us. ``link`` hard-links the
    source instead of copying it, where the file system allows (bagging data in place,
    as ``bagit.py`` does): the bag then shares the file with its source, so a change to
    one is a change to the other. Record packaging always copies.
    """

    path: str
    data: bytes | None = None
    source: Path | None = None
    expected: Mapping[str, str] | None = None
    link: bool = False


@dataclass(frozen=True)
class BagResult:
    """A bag that was written."""

    path: Path
    files: int
    octets: int
    algorithms: tuple[str, ...]


def build_bag(
    target: Path,
    payload: Sequence[PayloadFile],
    info: Sequence[tuple[str, str]],
    *,
    algorithms: Sequence[str] = fixity.DEFAULT,
    tag_files: Mapping[str, bytes] | None = None,
    force: bool = False,
    mtime: float | None = None,
    before_publish: Callable[[], None] | None = None,
) -> BagResult:
    """Write a BagIt 1.0 bag at ``target`` and return what it holds.

    ``info`` is bag-info.txt in order; Payload-Oxum and Bag-Size are added. ``tag_files``
    are extra tag files (name -> bytes), listed in the tag manifests. ``mtime`` sets every
    file's modification time (for reproducible archives). ``before_publish`` runs last,
    before the rename: it may raise to abandon the bag.
    """
    target = Path(target)
    _check_target(target, force)
    names = fixity.algorithms(algorithms)
    paths = [_payload_path(f.path) for f in payload]
    if len(set(paths)) != len(paths):
        raise OutputError("two payload files have the same path", str(target))
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    try:
        os.chmod(work, 0o755)
        entries = list(zip(paths, _write_payloads(work, paths, payload, names), strict=True))
        octets = sum(d.size for _, d in entries)
        tags = {
            "bagit.txt": DECLARATION,
            "bag-info.txt": bagfiles.tag_file(
                [
                    *info,
                    ("Payload-Oxum", f"{octets}.{len(entries)}"),
                    ("Bag-Size", human_size(octets)),
                ]
            ),
        }
        for name in names:
            tags[f"manifest-{name}.txt"] = bagfiles.manifest(
                (p, d.hexdigests[name]) for p, d in entries
            )
        for name, data in (tag_files or {}).items():
            if name in tags or "/" in name or name.startswith(("manifest-", "tagmanifest-")):
                raise OutputError(f"not a name for an extra tag file: {name!r}", str(target))
            tags[name] = data
        tag_digests = {n: fixity.digest_bytes(data, names) for n, data in tags.items()}
        for name in names:
            tags[f"tagmanifest-{name}.txt"] = bagfiles.manifest(
                (n, d.hexdigests[name]) for n, d in tag_digests.items()
            )
        for name, data in tags.items():
            _write_new(os.path.join(work, name), data)
        if mtime is not None:
            _set_mtimes(work, mtime)
        if before_publish is not None:
            before_publish()
        _publish(work, target, force)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BagResult(target, len(entries), octets, names)


def _check_target(target: Path, force: bool) -> None:
    if not target.parent.is_dir():
        raise OutputError("the output directory does not exist", str(target.parent))
    if os.path.lexists(target) and not force:
        raise OutputError("already exists (use --force to replace it)", str(target))


def _payload_path(path: str) -> str:
    """``data/`` + ``path``, refusing anything that would land outside ``data/``."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or not pure.parts or any(p in ("..", ".", "") for p in pure.parts):
        raise OutputError(f"not a relative payload path: {path!r}")
    return f"data/{pure.as_posix()}"


def _write_payloads(
    work: Path, paths: Sequence[str], payload: Sequence[PayloadFile], names: Sequence[str]
) -> list[fixity.Digest]:
    """Write every payload file into ``work``; return their digests, in order.

    Bytes are hashed in memory, copies as they are written; linked files are hashed
    afterwards, all together (in parallel when there are many).
    """
    digests: list[fixity.Digest | None] = []
    linked: list[int] = []
    folders = {str(work)}
    for i, (path, item) in enumerate(zip(paths, payload, strict=True)):
        destination = os.path.join(work, path)
        folder = os.path.dirname(destination)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        if item.data is not None:
            _write_new(destination, item.data)
            digests.append(fixity.digest_bytes(item.data, names))
        elif item.source is None:
            raise OutputError(f"payload file {path} has neither data nor a source")
        elif item.link and _link(item.source, Path(destination)):
            digests.append(None)
            linked.append(i)
        else:
            try:
                digests.append(fixity.copy_file(item.source, destination, names))
            except OSError as error:
                raise PreserveError(f"cannot copy: {error.strerror}", str(item.source)) from None
    hashed = fixity.digest_tree(work, [paths[i] for i in linked], names) if linked else []
    for i, result in zip(linked, hashed, strict=True):
        if isinstance(result, OSError):
            raise PreserveError(f"cannot read: {result.strerror}", str(payload[i].source))
        digests[i] = result
    for item, digest in zip(payload, digests, strict=True):
        expected = item.expected or {}
        if any(digest.hexdigests.get(n, v) != v for n, v in expected.items()):
            raise SourceChangedError(
                "changed while it was being packaged (its checksum differs from the one taken "
                "before reading it); nothing was written",
                str(item.source),
            )
    return digests  # type: ignore[return-value]


def _link(source: Path, destination: Path) -> bool:
    """Hard-link ``source`` at ``destination``; False where links cannot be made."""
    try:
        os.link(source, destination)
    except OSError as error:
        if error.errno in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            return False
        raise PreserveError(f"cannot link: {error.strerror}", str(source)) from None
    return True


def _write_new(path: str, data: bytes) -> None:
    """A new file holding ``data``, created as ``open(path, "xb")`` would, without a buffer."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _set_mtimes(root: Path, mtime: float) -> None:
    for directory, _, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(directory, name), (mtime, mtime), follow_symlinks=False)
        os.utime(directory, (mtime, mtime))


def _publish(work: Path, target: Path, force: bool) -> None:
    """Rename ``work`` to ``target``; with ``force``, an old bag goes only once the new is in."""
    old = None
    if os.path.lexists(target):
        if not force:
            raise OutputError("already exists (use --force to replace it)", str(target))
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        os.rename(target, old / target.name)
    os.rename(work, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def human_size(octets: int) -> str:
    """Bag-Size for people (§2.2.2): "41.2 KB", "1.1 GB" (decimal units)."""
    value = float(octets)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            return f"{octets} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


# Records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """A record as read, with its validation report."""

    parsed: Parsed
    report: Report


@dataclass(frozen=True)
class Source:
    """An input file, hashed before it was read, and the records it holds."""

    path: Path
    digest: fixity.Digest
    records: tuple[Checked, ...]

    def check_unchanged(self) -> None:
        """Hash the file again: raise ``SourceChangedError`` if it is not what we read."""
        try:
            after = fixity.digest_file(self.path, tuple(self.digest.hexdigests))
        except OSError as error:
            raise SourceChangedError(
                f"disappeared while being packaged: {error.strerror}", str(self.path)
            ) from None
        if after != self.digest:
            raise SourceChangedError(
                "changed while it was being packaged; nothing was written", str(self.path)
            )


@dataclass(frozen=True)
class Options:
    """How to package: checksums, bag-info metadata, date, and what to allow."""

    algorithms: tuple[str, ...] = fixity.DEFAULT
    metadata: tuple[tuple[str, str], ...] = ()
    bagging_date: date | None = None
    force: bool = False
    allow_invalid: bool = False

    def day(self) -> date:
        return self.bagging_date or clock.today()

    def mtime(self) -> float | None:
        """Fixed file times when the date is fixed, so that archives of bags are identical too."""
        if self.bagging_date is not None:
            return datetime(*self.bagging_date.timetuple()[:3], tzinfo=timezone.utc).timestamp()
        epoch = clock.source_date_epoch()
        return float(epoch) if epoch is not None else None


def read_source(
    path: Path, algorithms: Sequence[str] = fixity.DEFAULT, volume: str | None = None
) -> Source:
    """Hash ``path``, then read and validate every record in it.

    ``volume`` is the id of the FRUS volume the records belong to, for records that do
    not name one (a plain-text memo); a record that names another is an ``InputError``.
    """
    from preserve.readers import read_path
    from preserve.rules import validate

    digest = hash_source(path, fixity.algorithms(algorithms))
    records = []
    for parsed in read_path(path):
        if volume is not None:
            parsed = _in_volume(parsed, volume)
        records.append(Checked(parsed, validate(parsed)))
    return Source(Path(path), digest, tuple(records))


def _in_volume(parsed: Parsed, volume: str) -> Parsed:
    from preserve.model import Volume

    record = parsed.record
    if record.volume is None:
        return replace(parsed, record=replace(record, volume=Volume(volume)))
    if record.volume.id != volume:
        raise InputError(
            f"record {record.number} belongs to volume {record.volume.id}, not {volume} "
            "(--volume names the volume of records that do not name one)",
            parsed.source,
        )
    return parsed


def hash_source(path: Path, names: Sequence[str], kind: str = "a record file") -> fixity.Digest:
    """The digests of the input at ``path``, taken before it is read (to notice later if
    it changed meanwhile); an ``InputError`` naming the file if it cannot be read."""
    try:
        return fixity.digest_file(path, names)
    except FileNotFoundError:
        raise InputError("no such file", str(path)) from None
    except IsADirectoryError:
        raise InputError(f"is a directory, not {kind}", str(path)) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", str(path)) from None


def refuse_invalid(records: Iterable[Checked]) -> None:
    """Raise ``InvalidRecordError`` naming every invalid record, if there is one."""
    invalid = [c for c in records if not c.report.valid]
    if invalid:
        names = ", ".join(f"{c.parsed.record.id} ({len(c.report.errors)} errors)" for c in invalid)
        raise InvalidRecordError(
            f"{len(invalid)} invalid record(s) refused, nothing written: {names}; "
            "use --allow-invalid to package them with their findings"
        )


def package(
    records: Sequence[Checked],
    sources: Sequence[Source],
    target: Path,
    options: Options = Options(),
    *,
    identifier: str | None = None,
    description: str | None = None,
) -> BagResult:
    """One bag at ``target`` holding ``records`` and the ``sources`` they were read from.

    One record: ``data/record.xml``, ``record.json``, ``validation.json``. Many: the same
    in one folder per record, ``data/<record id>/``. Sources go to ``data/source/``. The
    bag-info fields describe the record (or, for many, the volume) and say whether every
    record is valid; invalid records are refused unless ``options.allow_invalid``.
    """
    if not records:
        raise OutputError("nothing to package", str(target))
    if not options.allow_invalid:
        refuse_invalid(records)
    names = fixity.algorithms(options.algorithms)
    payload: list[PayloadFile] = []
    canonical: list[tuple[str, bytes]] = []
    single = len(records) == 1
    for checked in records:
        folder = "" if single else f"{checked.parsed.record.id}/"
        xml, json = canonical_forms(checked.parsed)
        payload += [
            PayloadFile(f"{folder}record.xml", xml),
            PayloadFile(f"{folder}record.json", json),
            PayloadFile(f"{folder}validation.json", report_json(checked)),
        ]
        canonical += [(f"data/{folder}record.xml", xml), (f"data/{folder}record.json", json)]
    for source in sources:
        expected = source.digest.hexdigests
        payload.append(
            PayloadFile(f"source/{source.path.name}", source=source.path, expected=expected)
        )
    canonical_files = {
        f"{CANONICAL_PREFIX}{n}.txt": bagfiles.manifest(
            (path, fixity.digest_bytes(data, [n]).hexdigests[n]) for path, data in canonical
        )
        for n in names
    }

    def unchanged() -> None:
        for source in sources:
            source.check_unchanged()

    info = bag_info(records, options, identifier=identifier, description=description)
    return build_bag(
        target,
        payload,
        info,
        algorithms=names,
        tag_files=canonical_files,
        force=options.force,
        mtime=options.mtime(),
        before_publish=unchanged,
    )


def canonical_forms(parsed: Parsed, forms: Forms | None = None) -> tuple[bytes, bytes]:
    """The record's canonical XML (C14N 2.0) and canonical JSON (RFC 8785).

    ``forms``: the forms validation built for this record, if it kept them.
    """
    from preserve.canonical import Forms

    forms = forms or Forms(parsed.record)
    return forms.xml_bytes(), forms.json_bytes()


def bag_info(
    records: Sequence[Checked],
    options: Options,
    *,
    identifier: str | None = None,
    description: str | None = None,
) -> list[tuple[str, str]]:
    """bag-info.txt for ``records``, less Payload-Oxum and Bag-Size (added by the builder)."""
    first = records[0].parsed.record
    volume = first.volume
    if len(records) == 1:
        identifier = identifier or first.id
        description = description or first.title or f"Document {first.number}"
    else:
        identifier = identifier or (volume.id if volume else first.id)
        description = description or (
            volume.title if volume and volume.title else f"{len(records)} records"
        )
    info = [(k, v) for label in FIELDS for k, v in options.metadata if k == label]
    info += [("External-Identifier", identifier)]
    if description:
        info.append(("External-Description", description))
    volumes = {
        c.parsed.record.volume.id: c.parsed.record.volume for c in records if c.parsed.record.volume
    }
    if len(volumes) == 1:  # Bag-Group-Identifier should not be repeated (§2.2.2)
        info += volume_info(volumes.popitem()[1])
    info += [
        ("Bagging-Date", options.day().isoformat()),
        ("Bag-Software-Agent", SOFTWARE),
        ("BagIt-Profile-Identifier", PROFILE_ID),
    ]
    levels = [c.parsed.record.classification for c in records]
    info += [("Classification-Level", lv) for lv in dict.fromkeys(c.level for c in levels if c)]
    info.append(("Record-Validation", _validation_summary(records)))
    info += [(label, value) for label, value in options.metadata if label not in FIELDS]
    return info


def volume_info(volume: Volume) -> list[tuple[str, str]]:
    """The bag-info fields naming a record's FRUS volume, as its ``teiHeader`` gives them."""
    info = [("Bag-Group-Identifier", volume.id)]
    fields = (
        ("Volume-Series", volume.series),
        ("Volume-Subseries", volume.subseries),
        ("Volume-Number", volume.number),
        ("Volume-Title", volume.title),
    )
    info += [(label, value) for label, value in fields if value]
    info += [("Volume-Editor", editor) for editor in volume.editors]
    if volume.published:
        info.append(("Volume-Publication-Date", volume.published))
    return info


def _validation_summary(records: Sequence[Checked]) -> str:
    invalid = [c for c in records if not c.report.valid]
    return validation_summary(
        len(records),
        len(invalid),
        sum(len(c.report.errors) for c in invalid),
        {f.code for c in invalid for f in c.report.errors},
    )


def validation_summary(records: int, invalid: int, errors: int, codes: Iterable[str]) -> str:
    """The Record-Validation field: ``valid``, ``valid (5 records)``, or ``invalid: 2 of 5
    records, 3 errors (CODES); packaged with --allow-invalid``."""
    if not invalid:
        return "valid" if records == 1 else f"valid ({records} records)"
    what = "" if records == 1 else f"{invalid} of {records} records, "
    count = f"{errors} error" + ("" if errors == 1 else "s")
    return f"invalid: {what}{count} ({', '.join(sorted(codes))}); packaged with --allow-invalid"


def report_json(checked: Checked) -> bytes:
    """The validation report as canonical JSON (RFC 8785): deterministic bytes."""
    from preserve.writers.json import dumps

    report = checked.report
    document = {
        "record": checked.parsed.record.id,
        "source": checked.parsed.record.origin or Path(report.source).name,
        "valid": report.valid,
        "findings": [f.to_json() for f in report.findings],
    }
    return dumps(document)
