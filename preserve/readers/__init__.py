"""Readers: input files to ``Record``s, with the positions of their parts.

``read_path`` picks the reader from the content: TEI XML, canonical JSON, or the plain
text memo format.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from preserve.errors import InputError
from preserve.findings import Finding, Position
from preserve.model import Record


@dataclass(frozen=True)
class Parsed:
    """A record as read, the reader's own findings, and where its parts are in the input.

    ``positions`` maps keys ("head", "dateline", "body/3", "notes/2", "refs/2",
    "signatures/0") to positions in the input file.
    """

    record: Record
    source: str
    findings: tuple[Finding, ...] = ()
    positions: Mapping[str, Position] = field(default_factory=dict)


def sniff(data: bytes) -> str:
    """``"xml"``, ``"json"`` or ``"text"``, from the first non-blank character."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"<"):
        return "xml"
    if head.startswith(b"{"):
        return "json"
    return "text"


def read_bytes(data: bytes, source: str) -> Iterator[Parsed]:
    """Every record in ``data`` (a TEI volume holds many), read by the right reader."""
    kind = sniff(data)
    if kind == "xml":
        from preserve.readers.tei import read_tei

        yield from read_tei(data, source)
    elif kind == "json":
        from preserve.readers.json import read_json

        yield read_json(data, source)
    else:
        from preserve.readers.text import read_text

        yield read_text(data, source)


def read_path(path: str | Path) -> Iterator[Parsed]:
    """Every record in the file at ``path``. Raises ``InputError`` if it cannot be read.

    TEI is streamed from the file, so a large volume is never held in memory whole.
    """
    source = str(path)
    try:
        with open(path, "rb") as stream:
            start = stream.read(4096)
    except IsADirectoryError:
        raise InputError("is a directory, not a record file", source) from None
    except FileNotFoundError:
        raise InputError("no such file", source) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", source) from None
    if sniff(start) == "xml":
        from preserve.readers.tei import read_tei

        yield from read_tei(Path(path), source)
    else:
        yield from read_bytes(Path(path).read_bytes(), source)
