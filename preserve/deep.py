"""``verify --deep``: the records inside a preserve bag, read and checked again.

A preserve bag lists, in ``canonical-<algorithm>.txt``, the digest of each record's
canonical XML and canonical JSON. Reading ``record.xml`` and ``record.json`` back and
writing them canonically again tells a harmless re-serialization (same canonical
digest, other bytes) from a change of content; the two forms must still describe the
same record, and the record is validated again under the rules.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from preserve import bagfiles, fixity
from preserve.bag import CANONICAL_PREFIX
from preserve.errors import PreserveError
from preserve.findings import Severity

if TYPE_CHECKING:
    from preserve.model import Record
    from preserve.verify import _Check


def check_records(check: _Check) -> int:
    """Check every record listed in the bag's canonical-form tag files; return how many."""
    listed: dict[str, dict[str, str]] = {}  # path -> algorithm -> canonical digest
    for name in sorted(check.files):
        match = re.fullmatch(rf"{CANONICAL_PREFIX}([a-z0-9]+)\.txt", name)
        if not match or match.group(1) not in fixity.ALGORITHMS:
            continue
        text = check.read_tag_file(name)
        entries, _ = bagfiles.parse_manifest(text or "")
        for entry in entries:
            listed.setdefault(entry.path, {})[match.group(1)] = entry.checksum
    if not listed:
        check.add("PRS-BAG-NO-RECORDS", "no canonical-<algorithm>.txt: record checks skipped")
        return 0
    declared_invalid = (check.info_value("Record-Validation") or "").startswith("invalid")
    records: dict[str, dict[str, Record]] = {}  # folder -> form -> record
    for path, digests in sorted(listed.items()):
        if path not in check.files:
            continue  # reported as missing already
        form = "xml" if path.endswith(".xml") else "json"
        record = _read_record(check, path, form, digests, declared_invalid)
        if record is not None:
            records.setdefault(path.rsplit("/", 1)[0], {})[form] = record
    for folder, forms in sorted(records.items()):
        if len(forms) == 2 and _canonical(forms["xml"], "json") != _canonical(
            forms["json"], "json"
        ):
            check.add(
                "PRS-BAG-FORMS-DIFFER",
                "record.xml and record.json describe different records",
                folder,
            )
    return len(records)


def _read_record(
    check: _Check, path: str, form: str, digests: dict[str, str], declared_invalid: bool
) -> Record | None:
    from preserve.readers import read_bytes
    from preserve.rules import validate

    try:
        parsed = next(iter(read_bytes((check.root / path).read_bytes(), path)))
        canonical = _canonical(parsed.record, form)
    except (PreserveError, OSError, StopIteration) as error:
        check.add("PRS-BAG-RECORD-UNREADABLE", f"cannot be read as a record: {error}", path)
        return None
    actual = fixity.digest_bytes(canonical, list(digests)).hexdigests
    changed = [a for a, d in digests.items() if actual[a] != d]
    if changed:
        check.add(
            "PRS-BAG-CANONICAL",
            f"its canonical form has {changed[0]} {actual[changed[0]]}, "
            f"packaged as {digests[changed[0]]}: the record's content changed",
            path,
        )
    elif path in check.changed:
        check.add(
            "PRS-BAG-RESERIALIZED",
            "its bytes changed but its canonical form did not: a re-serialization, same record",
            path,
        )
    # A bag packaged with --allow-invalid says so: its records' errors are then expected.
    severity, note = (
        (Severity.WARNING, " (packaged as invalid)") if declared_invalid else (None, "")
    )
    for item in validate(parsed).errors:
        place = str(item.position or "")  # a finding on the whole document has no place
        where = f" at {place}" if place else ""
        message = f"{item.code}{where}: {item.message}{note}"
        check.add("PRS-BAG-RECORD-INVALID", message, path, severity=severity)
    return parsed.record


def _canonical(record: Record, form: str) -> bytes:
    from preserve.writers import json, tei

    return tei.to_bytes(record) if form == "xml" else json.to_bytes(record)
