"""Verify BagIt bags (RFC 8493 versions 0.97 and 1.0, from any tool), collecting every problem.

``verify_bag`` walks the bag once, reads its tag files, matches every manifest entry
against the files present and hashes each file once for all its algorithms (with
``preserve.fixity``). Nothing outside the bag is ever read: manifest paths that are
absolute or climb out with ``..`` are rejected as written, and only files found by the
walk (which never follows a symbolic link out of the bag) are opened.

Each problem is a ``Finding`` whose code is listed in ``CODES`` with the section of
RFC 8493 it enforces (docs/bags.md lists them). MUST violations are errors; what the
RFC only recommends is a warning.

Modes: ``fast`` checks completeness and Payload-Oxum without hashing; ``default`` also
verifies every checksum; ``deep`` also re-reads the records inside a preserve bag and
checks them against their canonical-form digests and the rules.
"""

from __future__ import annotations

import codecs
import os
import re
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from preserve import bagfiles, fixity
from preserve.errors import InputError
from preserve.findings import Finding, Findings, Position, Severity

E, W = Severity.ERROR, Severity.WARNING
MODES = ("fast", "default", "deep")

# code: (severity, where it comes from, one-line description)
CODES: dict[str, tuple[Severity, str, str]] = {
    "BAG-DECLARATION-MISSING": (E, "2.1.1", "the bag has no bagit.txt"),
    "BAG-DECLARATION": (
        E,
        "2.1.1",
        "bagit.txt is not exactly the two lines BagIt-Version and Tag-File-Character-Encoding",
    ),
    "BAG-DECLARATION-BOM": (E, "2.1.1", "bagit.txt starts with a byte-order mark"),
    "BAG-VERSION": (
        E,
        "2.1.1",
        "a BagIt version this verifier does not know (it knows 0.96, 0.97 and 1.0)",
    ),
    "BAG-ENCODING": (E, "2.1.1", "Tag-File-Character-Encoding names no known character encoding"),
    "BAG-ENCODING-NOT-UTF8": (W, "2.1.1", "the tag files are not in UTF-8, as they should be"),
    "BAG-PAYLOAD-MISSING": (E, "2.1.2", "the bag has no data/ directory"),
    "BAG-MANIFEST-MISSING": (E, "2.1.3", "the bag has no payload manifest"),
    "BAG-MANIFEST-LINE": (
        E,
        "2.1.3",
        "a manifest line is not 'checksum filepath' with a checksum of the algorithm's length",
    ),
    "BAG-MANIFEST-STAR": (
        W,
        "2.1.3",
        "a manifest line is 'checksum *filepath', as md5sum writes it: accepted, not strict",
    ),
    "BAG-MANIFEST-DUPLICATE": (E, "2.1.3", "a manifest lists the same file more than once"),
    "BAG-MANIFEST-OUTSIDE": (E, "2.1.3", "a payload manifest lists a file outside data/"),
    "BAG-MANIFEST-DIRECTORY": (E, "2.1.3", "a manifest lists a directory"),
    "BAG-PATH-ENCODING": (
        E,
        "2.1.3",
        "a manifest path holds a % that is not percent-encoded (%25)",
    ),
    "BAG-PATH-ESCAPE": (
        E,
        "5.1",
        "a path is absolute, climbs out with .., or is a symbolic link out of the bag (never read)",
    ),
    "BAG-ALGORITHM-UNKNOWN": (
        W,
        "2.4",
        "a manifest uses an algorithm this verifier cannot compute, so it is not checked",
    ),
    "BAG-ALGORITHM-WEAK": (
        W,
        "2.4",
        "the only payload manifests use MD5 or SHA-1, not SHA-256 or SHA-512",
    ),
    "BAG-TAGMANIFEST-PAYLOAD": (
        E,
        "2.2.1",
        "a tag manifest lists a payload file or a tag manifest",
    ),
    "BAG-TAGMANIFEST-INCOMPLETE": (
        E,
        "2.2.1",
        "a tag manifest does not list every payload manifest",
    ),
    "BAG-TAGFILE-UNLISTED": (W, "2.2.1", "a tag file is not listed in every tag manifest"),
    "BAG-TAGMANIFEST-ALGORITHMS": (
        W,
        "2.2.1",
        "the tag manifests do not use the payload manifests' algorithms",
    ),
    "BAG-TAGFILE-BOM": (E, "2.3", "a UTF-8 tag file starts with a byte-order mark"),
    "BAG-TAGFILE-ENCODING": (E, "2.3", "a tag file is not in the declared character encoding"),
    "BAG-TAGFILE-LINE-END": (W, "2.3", "the last line of a tag file has no line ending"),
    "BAG-INFO-LINE": (E, "2.2.2", "a bag-info.txt line is not 'Label: value' or a continuation"),
    "BAG-INFO-REPEATED": (
        W,
        "2.2.2",
        "Bagging-Date, Bag-Size, Bag-Group-Identifier or Bag-Count is repeated",
    ),
    "BAG-INFO-DATE": (W, "2.2.2", "Bagging-Date is not a YYYY-MM-DD date"),
    "BAG-OXUM-FORMAT": (E, "2.2.2", "Payload-Oxum is repeated or not OctetCount.StreamCount"),
    "BAG-OXUM-MISMATCH": (E, "2.2.2", "the payload's size or file count differs from Payload-Oxum"),
    "BAG-FETCH-LINE": (
        E,
        "2.2.3",
        "a fetch.txt line is not 'url length filepath' with an absolute URL",
    ),
    "BAG-FETCH-ENTRY": (
        E,
        "2.2.3",
        "fetch.txt lists a tag file or a file missing from a payload manifest",
    ),
    "BAG-FILE-MISSING": (E, "3", "a file listed in a manifest is not in the bag"),
    "BAG-FILE-UNLISTED": (E, "3", "a payload file is not listed in every payload manifest"),
    "BAG-NAME-NORMALIZATION": (
        W,
        "3",
        "a manifest names a file in another Unicode normalization form",
    ),
    "BAG-CHECKSUM-MISMATCH": (E, "3", "a file's checksum differs from its manifest's"),
    "BAG-UNREADABLE": (E, "3", "a file or directory of the bag cannot be read"),
    "BAG-SPECIAL-FILE": (
        E,
        "2.1.2",
        "the bag holds something that is not a regular file or directory",
    ),
    "BAG-SYMLINK": (W, "5.1", "a symbolic link inside the bag, followed because it stays inside"),
    "BAG-PROFILE": (
        E,
        "profile",
        "the bag does not conform to the BagIt Profile given with --profile",
    ),
    "PRS-BAG-RECORD-UNREADABLE": (E, "deep", "a record file in the bag cannot be read as a record"),
    "PRS-BAG-CANONICAL": (
        E,
        "deep",
        "a record file no longer has the canonical-form digest it was packaged with",
    ),
    "PRS-BAG-RESERIALIZED": (
        W,
        "deep",
        "a record file's bytes changed but its canonical form did not",
    ),
    "PRS-BAG-FORMS-DIFFER": (
        E,
        "deep",
        "record.xml and record.json no longer describe the same record",
    ),
    "PRS-BAG-RECORD-INVALID": (
        E,
        "deep",
        "a record in the bag has an error finding under the rules",
    ),
    "PRS-BAG-NO-RECORDS": (
        W,
        "deep",
        "--deep found no preserve records (no canonical-*.txt tag file)",
    ),
}

VERSIONS = {(0, 96), (0, 97), (1, 0)}
NOT_REPEATED = ("Bagging-Date", "Bag-Size", "Bag-Group-Identifier", "Bag-Count")


def cite(code: str) -> str:
    """Where ``code`` comes from, for people: "RFC 8493 §2.1.3", "BagIt Profiles"…"""
    section = CODES[code][1]
    if section == "profile":
        return "BagIt Profiles"
    if section == "deep":
        return "preserve --deep"
    return f"RFC 8493 §{section}"


@dataclass(frozen=True)
class BagReport(Findings):
    """What verifying one bag found."""

    path: str
    mode: str
    version: str | None
    identifier: str | None
    algorithms: tuple[str, ...]
    files: int
    octets: int
    hashed: int
    records: int
    seconds: float
    findings: tuple[Finding, ...]


@dataclass
class _Manifest:
    name: str
    algorithm: str
    known: bool
    entries: dict[str, bagfiles.Entry] = field(default_factory=dict)


def verify_bag(
    path: str | Path,
    mode: str = "default",
    *,
    profile: dict | None = None,
    workers: int | None = None,
) -> BagReport:
    """Check the bag at ``path`` in ``mode`` ("fast", "default" or "deep").

    ``profile`` is a BagIt Profile (the parsed JSON) the bag must also conform to.
    Raises ``InputError`` only when ``path`` is not a directory at all.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    root = Path(path)
    if not root.is_dir():
        raise InputError("not a directory" if root.exists() else "no such directory", str(root))
    started = time.perf_counter()
    check = _Check(root, mode, workers)
    check.run()
    if profile is not None:
        check.findings += check_profile(root, profile)
    return BagReport(
        path=str(path),
        mode=mode,
        version=check.version_text,
        identifier=check.info_value("External-Identifier"),
        algorithms=tuple(m.algorithm for m in check.payload_manifests if m.known),
        files=len(check.payload),
        octets=sum(check.payload.values()),
        hashed=check.hashed,
        records=check.records,
        seconds=time.perf_counter() - started,
        findings=tuple(check.findings),
    )


def finding(
    code: str,
    message: str,
    key: str | None = None,
    line: int | None = None,
    severity: Severity | None = None,
) -> Finding:
    """A finding for ``code``, with its registered severity unless ``severity`` is given."""
    position = Position(line=line) if line is not None else None
    return Finding(code, severity or CODES[code][0], message, key, position)


class _Check:
    """One bag being verified: the state shared by the checks, and the findings."""

    def __init__(self, root: Path, mode: str, workers: int | None):
        self.root, self.mode, self.workers = root, mode, workers
        self.findings: list[Finding] = []
        self.files: dict[str, int] = {}  # every regular file found, by path: size
        self.read_as: dict[str, str] = {}  # symlinks inside the bag: path -> target path
        self.dirs: set[str] = set()
        self.nfc: dict[str, str] | None = None  # files by their NFC names, when needed
        self.payload: dict[str, int] = {}
        self.version = (1, 0)
        self.version_text: str | None = None
        self.encoding = "utf-8"
        self.payload_manifests: list[_Manifest] = []
        self.tag_manifests: list[_Manifest] = []
        self.info: list[bagfiles.Field] = []
        self.fetched: dict[str, int] = {}  # path in fetch.txt: line
        self.missing: set[str] = set()
        self.changed: set[str] = set()
        self.hashed = 0
        self.records = 0

    def add(
        self,
        code: str,
        message: str,
        key: str | None = None,
        line: int | None = None,
        severity: Severity | None = None,
    ) -> None:
        self.findings.append(finding(code, message, key, line, severity))

    def info_value(self, label: str) -> str | None:
        wanted = label.lower()
        return next((f.value for f in self.info if f.label.lower() == wanted), None)

    # The walk ---------------------------------------------------------------------------

    def run(self) -> None:
        self._walk()
        self._declaration()
        if "data" not in self.dirs:
            self.add("BAG-PAYLOAD-MISSING", "no data/ directory", "data")
        self.payload = {p: s for p, s in self.files.items() if p.startswith("data/")}
        self._manifests()
        self._bag_info()
        self._fetch()
        self._completeness()
        if self.mode != "fast":
            self._checksums()
        self._oxum()
        if self.mode == "deep":
            from preserve.deep import check_records

            self.records = check_records(self)

    def _walk(self) -> None:
        real_root = os.path.realpath(self.root)
        stack = [""]
        while stack:
            prefix = stack.pop()
            try:
                entries = list(os.scandir(self.root / prefix if prefix else self.root))
            except OSError as error:
                self.add(
                    "BAG-UNREADABLE", f"cannot list the directory: {error.strerror}", prefix or "."
                )
                continue
            for entry in entries:
                rel = f"{prefix}{entry.name}"
                try:
                    if entry.is_symlink():
                        self._symlink(rel, real_root)
                    elif entry.is_dir(follow_symlinks=False):
                        self.dirs.add(rel)
                        stack.append(f"{rel}/")
                    elif entry.is_file(follow_symlinks=False):
                        self.files[rel] = entry.stat(follow_symlinks=False).st_size
                    else:
                        self.add(
                            "BAG-SPECIAL-FILE", "not a regular file or directory (not read)", rel
                        )
                except OSError as error:
                    self.add("BAG-UNREADABLE", f"cannot stat: {error.strerror}", rel)

    def _symlink(self, rel: str, real_root: str) -> None:
        target = os.path.realpath(self.root / rel)
        if os.path.commonpath([real_root, target]) != real_root:
            self.add("BAG-PATH-ESCAPE", "symbolic link to a place outside the bag (not read)", rel)
        elif os.path.isfile(target):
            self.add("BAG-SYMLINK", f"symbolic link to {os.path.relpath(target, real_root)}", rel)
            self.files[rel] = os.stat(target).st_size
            self.read_as[rel] = os.path.relpath(target, real_root)
        else:
            self.add("BAG-SPECIAL-FILE", "symbolic link to something that is not a file", rel)

    # Tag files --------------------------------------------------------------------------

    def read_tag_file(self, name: str) -> str | None:
        """A tag file's text in the declared encoding, or None if it is not there."""
        if name not in self.files:
            return None
        try:
            data = (self.root / name).read_bytes()
        except OSError as error:
            self.add("BAG-UNREADABLE", f"cannot read: {error.strerror}", name)
            return None
        if self.encoding == "utf-8" and data.startswith(codecs.BOM_UTF8):
            self.add("BAG-TAGFILE-BOM", "starts with a UTF-8 byte-order mark", name)
            data = data[len(codecs.BOM_UTF8) :]
        try:
            text = data.decode(self.encoding)
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            self.add("BAG-TAGFILE-ENCODING", f"not {self.encoding}: {error.reason}", name, line)
            text = data.decode(self.encoding, errors="replace")
        if text and text[-1] not in "\r\n":
            self.add("BAG-TAGFILE-LINE-END", "the last line has no line ending", name)
        return text

    def _declaration(self) -> None:
        if "bagit.txt" not in self.files:
            self.add(
                "BAG-DECLARATION-MISSING", "no bagit.txt: checked as a BagIt 1.0 bag", "bagit.txt"
            )
            return
        try:
            data = (self.root / "bagit.txt").read_bytes()
        except OSError as error:
            self.add("BAG-UNREADABLE", f"cannot read: {error.strerror}", "bagit.txt")
            return
        if data.startswith(codecs.BOM_UTF8):
            self.add("BAG-DECLARATION-BOM", "starts with a byte-order mark", "bagit.txt")
            data = data[len(codecs.BOM_UTF8) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            self.add("BAG-DECLARATION", "not UTF-8", "bagit.txt")
            text = data.decode("utf-8", errors="replace")
        lines = bagfiles.split_lines(text)
        version = re.fullmatch(r"BagIt-Version: (\d+)\.(\d+)", lines[0]) if lines else None
        loose = re.fullmatch(r"\s*BagIt-Version\s*:\s*(\d+)\.(\d+)\s*", lines[0]) if lines else None
        if loose:
            self.version = (int(loose.group(1)), int(loose.group(2)))
            self.version_text = f"{self.version[0]}.{self.version[1]}"
        encoding = None
        if len(lines) > 1:
            match = re.fullmatch(r"\s*Tag-File-Character-Encoding\s*:\s*(\S+)\s*", lines[1])
            encoding = match.group(1) if match else None
        strict = self.version >= (1, 0)
        if not version and not (loose and not strict):
            self.add(
                "BAG-DECLARATION", "the first line is not 'BagIt-Version: M.N'", "bagit.txt", 1
            )
        if encoding is None or (
            strict and not lines[1].startswith("Tag-File-Character-Encoding: ")
        ):
            self.add(
                "BAG-DECLARATION",
                "the second line is not 'Tag-File-Character-Encoding: ENCODING'",
                "bagit.txt",
                2,
            )
        if len(lines) > 2:
            self.add(
                "BAG-DECLARATION", f"{len(lines)} lines: it must hold exactly two", "bagit.txt", 3
            )
        if loose and self.version not in VERSIONS:
            self.add(
                "BAG-VERSION", f"BagIt version {self.version_text}: checked as 1.0", "bagit.txt", 1
            )
            self.version = (1, 0)
        if encoding is not None:
            try:
                self.encoding = codecs.lookup(encoding).name
            except LookupError:
                self.add(
                    "BAG-ENCODING", f"unknown encoding {encoding!r}: read as UTF-8", "bagit.txt", 2
                )
            else:
                if self.encoding != "utf-8":
                    self.add(
                        "BAG-ENCODING-NOT-UTF8", f"tag files are in {encoding}", "bagit.txt", 2
                    )

    def _manifests(self) -> None:
        for name in sorted(n for n in self.files if "/" not in n):
            match = re.fullmatch(r"(tag)?manifest-(.+)\.txt", name)
            if not match:
                continue
            algorithm = match.group(2)
            known = algorithm in fixity.ALGORITHMS
            manifest = _Manifest(name, algorithm, known)
            if not known:
                self.add(
                    "BAG-ALGORITHM-UNKNOWN",
                    f"cannot compute {algorithm!r}: entries not checked",
                    name,
                )
            (self.tag_manifests if match.group(1) else self.payload_manifests).append(manifest)
            text = self.read_tag_file(name)
            if text is not None:
                self._read_manifest(manifest, text, tag=bool(match.group(1)))
        if not self.payload_manifests:
            self.add(
                "BAG-MANIFEST-MISSING", "no manifest-<algorithm>.txt file", "manifest-sha512.txt"
            )
        elif all(m.algorithm in fixity.WEAK for m in self.payload_manifests):
            names = ", ".join(m.name for m in self.payload_manifests)
            self.add(
                "BAG-ALGORITHM-WEAK",
                f"only {names}: add a SHA-512 manifest",
                self.payload_manifests[0].name,
            )
        self._tag_manifest_coverage()

    def _read_manifest(self, manifest: _Manifest, text: str, tag: bool) -> None:
        name = manifest.name
        entries, problems = bagfiles.parse_manifest(text)
        for problem in problems:
            self.add("BAG-MANIFEST-LINE", problem.message, name, problem.line)
        size = (
            fixity.ALGORITHMS[manifest.algorithm].new().digest_size * 2 if manifest.known else None
        )
        for entry in entries:
            if size is not None and len(entry.checksum) != size:
                self.add(
                    "BAG-MANIFEST-LINE",
                    f"checksum has {len(entry.checksum)} digits, {manifest.algorithm} has {size}",
                    name,
                    entry.line,
                )
                continue
            if entry.starred:
                self.add(
                    "BAG-MANIFEST-STAR",
                    f"'*' before {entry.path!r}: read as md5sum's",
                    name,
                    entry.line,
                )
            path = self._safe_path(entry, name)
            if path is None:
                continue
            if tag and (path.startswith("data/") or re.fullmatch(r"tagmanifest-[^/]+\.txt", path)):
                self.add(
                    "BAG-TAGMANIFEST-PAYLOAD",
                    f"lists {path}, which is not a tag file it may list",
                    name,
                    entry.line,
                )
                continue
            if not tag and not path.startswith("data/"):
                self.add("BAG-MANIFEST-OUTSIDE", f"lists {path}, outside data/", name, entry.line)
                continue
            if path in manifest.entries:
                earlier = manifest.entries[path]
                same = earlier.checksum == entry.checksum
                if not same or self.version >= (1, 0):
                    how = "with the same checksum" if same else "with different checksums"
                    self.add(
                        "BAG-MANIFEST-DUPLICATE",
                        f"lists {path} again (first on line {earlier.line}) {how}",
                        name,
                        entry.line,
                    )
                continue
            manifest.entries[path] = entry if path == entry.path else entry._replace(path=path)

    def _safe_path(self, entry: bagfiles.Entry, manifest: str) -> str | None:
        """The bag path an entry names, or None (with a finding) if it may not be used."""
        path = entry.path
        wrapped = f"/{path}/"
        if path[:1] in ("/", "~", "\\") or "/../" in wrapped or path[1:3] in (":/", ":\\"):
            self.add(
                "BAG-PATH-ESCAPE",
                f"{path!r} points outside the bag (not read)",
                manifest,
                entry.line,
            )
            return None
        if bagfiles.has_bare_percent(entry.raw_path):
            # Many tools write % as it is; take the path literally, as they meant it.
            if self.version >= (1, 0):
                self.add(
                    "BAG-PATH-ENCODING",
                    f"{entry.raw_path!r}: % must be written %25",
                    manifest,
                    entry.line,
                )
            path = entry.raw_path
        if "//" in path or "/./" in f"/{path}/":
            path = "/".join(p for p in path.split("/") if p not in ("", "."))
        if path in self.dirs:
            self.add("BAG-MANIFEST-DIRECTORY", f"{path} is a directory", manifest, entry.line)
            return None
        if path not in self.files:
            path = self._normalized(path, manifest, entry.line)
        return path

    def _normalized(self, path: str, manifest: str, line: int) -> str:
        """A file that matches ``path`` once both are in Unicode NFC, or ``path`` as it is."""
        if self.nfc is None:
            self.nfc = {unicodedata.normalize("NFC", p): p for p in self.files}
        found = self.nfc.get(unicodedata.normalize("NFC", path))
        if found is None or found == path:
            return path
        self.add(
            "BAG-NAME-NORMALIZATION", f"lists {path!r}; the file is named {found!r}", manifest, line
        )
        return found

    def _tag_manifest_coverage(self) -> None:
        if not self.tag_manifests:
            return
        tag_files = {
            p
            for p in self.files
            if not p.startswith("data/") and not re.fullmatch(r"tagmanifest-[^/]+\.txt", p)
        }
        for manifest in self.tag_manifests:
            if self.version >= (1, 0):
                for payload in self.payload_manifests:
                    if payload.name not in manifest.entries:
                        self.add(
                            "BAG-TAGMANIFEST-INCOMPLETE",
                            f"does not list {payload.name}",
                            manifest.name,
                        )
            for path in sorted(tag_files - set(manifest.entries)):
                if not any(p.name == path for p in self.payload_manifests):
                    self.add(
                        "BAG-TAGFILE-UNLISTED", f"{path} is not listed in {manifest.name}", path
                    )
        payload_algorithms = {m.algorithm for m in self.payload_manifests}
        tag_algorithms = {m.algorithm for m in self.tag_manifests}
        if payload_algorithms and tag_algorithms != payload_algorithms:
            self.add(
                "BAG-TAGMANIFEST-ALGORITHMS",
                f"tag manifests use {', '.join(sorted(tag_algorithms))}; "
                f"payload manifests {', '.join(sorted(payload_algorithms))}",
                self.tag_manifests[0].name,
            )

    def _bag_info(self) -> None:
        name = "bag-info.txt"
        text = self.read_tag_file(name)
        if text is None:
            return
        self.info, problems = bagfiles.parse_tag_file(text, strict=self.version >= (1, 0))
        for problem in problems:
            if problem.blank:
                continue  # tolerated by every tool; harmless
            self.add("BAG-INFO-LINE", problem.message, name, problem.line)
        by_label: dict[str, list[bagfiles.Field]] = {}
        for item in self.info:
            by_label.setdefault(item.label.lower(), []).append(item)
        for label in NOT_REPEATED:
            found = by_label.get(label.lower(), [])
            if len(found) > 1:
                self.add(
                    "BAG-INFO-REPEATED", f"{label} appears {len(found)} times", name, found[1].line
                )
        for item in by_label.get("bagging-date", []):
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", item.value):
                self.add(
                    "BAG-INFO-DATE",
                    f"Bagging-Date {item.value!r} is not YYYY-MM-DD",
                    name,
                    item.line,
                )
        oxum = by_label.get("payload-oxum", [])
        if len(oxum) > 1:
            self.add(
                "BAG-OXUM-FORMAT", f"Payload-Oxum appears {len(oxum)} times", name, oxum[1].line
            )
        if oxum and not re.fullmatch(r"\d+\.\d+", oxum[0].value):
            self.add(
                "BAG-OXUM-FORMAT",
                f"{oxum[0].value!r} is not OctetCount.StreamCount",
                name,
                oxum[0].line,
            )

    def _fetch(self) -> None:
        text = self.read_tag_file("fetch.txt")
        if text is None:
            return
        for number, line in enumerate(bagfiles.split_lines(text), start=1):
            parts = line.split(maxsplit=2)
            url = urlparse(parts[0]) if parts else None
            if (
                len(parts) != 3
                or not (parts[1] == "-" or parts[1].isdigit())
                or not url
                or not url.scheme
            ):
                self.add(
                    "BAG-FETCH-LINE",
                    f"expected 'url length filepath' with an absolute URL: {line!r}",
                    "fetch.txt",
                    number,
                )
                continue
            entry = bagfiles.Entry(number, "", parts[2], bagfiles.decode_path(parts[2]))
            path = self._safe_path(entry, "fetch.txt")
            if path is None:
                continue
            if not path.startswith("data/"):
                self.add(
                    "BAG-FETCH-ENTRY",
                    f"lists {path}, which is not a payload file",
                    "fetch.txt",
                    number,
                )
            elif any(path not in m.entries for m in self.payload_manifests):
                self.add(
                    "BAG-FETCH-ENTRY",
                    f"lists {path}, which a payload manifest does not",
                    "fetch.txt",
                    number,
                )
            self.fetched[path] = number

    # Completeness -----------------------------------------------------------------------

    def _completeness(self) -> None:
        for manifest in self.payload_manifests + self.tag_manifests:
            for path in manifest.entries:
                if path not in self.files:
                    self.missing.add(path)
                    note = " (listed in fetch.txt: not fetched yet)" if path in self.fetched else ""
                    self.add(
                        "BAG-FILE-MISSING",
                        f"listed in {manifest.name} but not in the bag{note}",
                        path,
                    )
        manifests = self.payload_manifests
        if not manifests:
            return
        for path in sorted(self.payload):
            lacking = [m.name for m in manifests if path not in m.entries]
            if not lacking:
                continue
            if len(lacking) == len(manifests):
                self.add("BAG-FILE-UNLISTED", "in data/ but in no payload manifest", path)
            elif self.version >= (1, 0):
                self.add("BAG-FILE-UNLISTED", f"not listed in {', '.join(lacking)}", path)

    def _oxum(self) -> None:
        value = self.info_value("Payload-Oxum")
        if value is None or not re.fullmatch(r"\d+\.\d+", value):
            return
        octets, count = (int(x) for x in value.split("."))
        found_octets, found_count = sum(self.payload.values()), len(self.payload)
        if (octets, count) == (found_octets, found_count):
            return
        listed = {p for m in self.payload_manifests for p in m.entries}
        why = [f"missing {p}" for p in sorted(self.missing) if p.startswith("data/")]
        why += [f"unlisted {p}" for p in sorted(set(self.payload) - listed)]
        why += [f"changed {p}" for p in sorted(self.changed) if p.startswith("data/")]
        explained = f"; explained by: {', '.join(why)}" if why else ""
        self.add(
            "BAG-OXUM-MISMATCH",
            f"Payload-Oxum says {octets} bytes in {count} files; the bag holds "
            f"{found_octets} bytes in {found_count} files{explained}",
            "bag-info.txt",
        )

    # Checksums --------------------------------------------------------------------------

    def _checksums(self) -> None:
        wanted: dict[str, list[tuple[_Manifest, bagfiles.Entry]]] = {}
        for manifest in self.payload_manifests + self.tag_manifests:
            if not manifest.known:
                continue
            for path, entry in manifest.entries.items():
                if path in self.files:
                    wanted.setdefault(path, []).append((manifest, entry))
        paths = sorted(wanted)
        algorithms = tuple(
            dict.fromkeys(
                m.algorithm for m in self.payload_manifests + self.tag_manifests if m.known
            )
        )
        results = fixity.digest_tree(
            self.root,
            [self.read_as.get(p, p) for p in paths],
            algorithms,
            sizes=[self.files[p] for p in paths],
            workers=self.workers,
        )
        for path, result in zip(paths, results, strict=True):
            if isinstance(result, OSError):
                self.add("BAG-UNREADABLE", f"cannot read: {result.strerror}", path)
                continue
            self.hashed += result.size
            for manifest, entry in wanted[path]:
                actual = result.hexdigests[manifest.algorithm]
                if actual != entry.checksum:
                    self.changed.add(path)
                    self.add(
                        "BAG-CHECKSUM-MISMATCH",
                        f"{manifest.name}:{entry.line} has {entry.checksum}, "
                        f"the file's {manifest.algorithm} is {actual}",
                        path,
                    )


def check_profile(root: Path, profile: dict) -> list[Finding]:
    """The ways the bag at ``root`` breaks ``profile`` (a BagIt Profile), as findings."""
    import logging

    import bagit
    import bagit_profile

    silence = logging.NullHandler()
    logging.getLogger().addHandler(silence)
    try:
        info = profile.get("BagIt-Profile-Info", {})
        identifier = info.get("BagIt-Profile-Identifier", "")
        try:
            checker = bagit_profile.Profile(identifier, profile=dict(profile))
        except bagit_profile.ProfileValidationError as error:
            return [finding("BAG-PROFILE", f"the profile itself is not valid: {error.value}")]
        try:
            bag = bagit.Bag(str(root))
        except bagit.BagError as error:
            return [finding("BAG-PROFILE", f"not checked against the profile: {error}")]
        messages: list[str] = []
        try:
            checker.validate_serialization(str(root))
        except bagit_profile.ProfileValidationError as error:
            messages.append(str(error.value))
        checker.validate(bag)
        messages += [str(e.value) for e in checker.report.errors]
    finally:
        logging.getLogger().removeHandler(silence)
    prefix, hint = f"{bag.path}: ", " Set 'ignore_baginfo_tag_case'"
    return [finding("BAG-PROFILE", m.replace(prefix, "").split(hint)[0]) for m in messages]


def load_profile(location: str) -> dict:
    """A BagIt Profile from a file path or a ``file:`` or ``http(s):`` URL."""
    import json
    import urllib.request

    try:
        if re.match(r"(?i)https?://|file:", location):
            with urllib.request.urlopen(location, timeout=30) as response:
                data = response.read()
        else:
            data = Path(location).read_bytes()
        profile = json.loads(data)
    except (OSError, ValueError) as error:
        raise InputError(f"cannot load the BagIt Profile: {error}", location) from None
    if not isinstance(profile, dict):
        raise InputError("a BagIt Profile is a JSON object", location)
    return profile


def summarize(reports: Iterable[BagReport]) -> dict[str, int]:
    """Counts over many bags: bags, valid, invalid, errors, warnings, files, octets."""
    reports = list(reports)
    return {
        "bags": len(reports),
        "valid": sum(r.valid for r in reports),
        "invalid": sum(not r.valid for r in reports),
        "errors": sum(len(r.errors) for r in reports),
        "warnings": sum(len(r.warnings) for r in reports),
        "files": sum(r.files for r in reports),
        "octets": sum(r.octets for r in reports),
    }
