"""The text formats inside a BagIt bag (RFC 8493): manifests and tag files, both ways.

Writing is strict and deterministic; reading is lenient and reports every problem with
its line number, so that a verifier can collect them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

BOM = "\ufeff"

_ENCODE = {"%": "%25", "\n": "%0A", "\r": "%0D"}
_ESCAPE = re.compile(r"%(25|0[aAdD])")
_BARE_PERCENT = re.compile(r"%(?!25|0[aAdD])")


def encode_path(path: str) -> str:
    """A file path as a manifest writes it: ``%``, LF and CR percent-encoded (§2.1.3)."""
    if "%" not in path and "\n" not in path and "\r" not in path:
        return path
    return "".join(_ENCODE.get(c, c) for c in path)


def decode_path(text: str) -> str:
    """The file path a manifest entry names (``%25``, ``%0A``, ``%0D`` decoded)."""
    if "%" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def has_bare_percent(text: str) -> bool:
    """True if ``text`` holds a ``%`` that is not one of the three escapes of §2.1.3."""
    return "%" in text and _BARE_PERCENT.search(text) is not None


def manifest(entries: Iterable[tuple[str, str]]) -> bytes:
    """A manifest from (path, hexdigest) pairs: ``checksum  path`` lines sorted by path."""
    lines = [f"{digest}  {encode_path(path)}\n" for path, digest in sorted(entries)]
    return "".join(lines).encode("utf-8")


def tag_file(fields: Sequence[tuple[str, str]]) -> bytes:
    """A ``label: value`` tag file (bag-info.txt, §2.2.2), in the order given.

    Line breaks inside a value are folded to spaces: a value is always one line.
    """
    lines = []
    for label, value in fields:
        if not label or ":" in label or label != label.strip() or "\n" in label or "\r" in label:
            raise ValueError(f"not a valid bag-info label: {label!r}")
        lines.append(f"{label}: {' '.join(str(value).split())}\n")
    return "".join(lines).encode("utf-8")


class Entry(NamedTuple):
    """One manifest line: the path as written, the path it names, and the checksum."""

    line: int
    checksum: str
    raw_path: str
    path: str
    starred: bool = False  # written "checksum *path", as md5sum does in binary mode


@dataclass(frozen=True)
class Problem:
    """A line that could not be read, and why."""

    line: int
    message: str
    blank: bool = False


def split_lines(text: str) -> list[str]:
    """Lines ended by LF, CR or CRLF (§2.3), without their endings."""
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


_LINE = re.compile(r"([0-9A-Fa-f]+)[ \t]+(\*?)(.+)")


def parse_manifest(text: str) -> tuple[list[Entry], list[Problem]]:
    """The entries of a manifest and the lines that are not ``checksum filepath``.

    A filepath may start with ``*`` (md5sum's binary mode), which is not part of it.
    """
    entries: list[Entry] = []
    problems: list[Problem] = []
    match = _LINE.fullmatch
    for number, line in enumerate(split_lines(text), start=1):
        found = match(line)
        if found is not None:
            checksum, star, raw = found.groups()
            entries.append(Entry(number, checksum.lower(), raw, decode_path(raw), bool(star)))
        elif not line.strip():
            problems.append(Problem(number, "blank line", blank=True))
        else:
            problems.append(Problem(number, f"expected 'checksum filepath', got {line!r}"))
    return entries, problems


@dataclass(frozen=True)
class Field:
    """One ``label: value`` element of a tag file, with its first line number."""

    line: int
    label: str
    value: str


def parse_tag_file(text: str, *, strict: bool = True) -> tuple[list[Field], list[Problem]]:
    """The elements of a tag file in order, continuation lines joined (§2.2.2).

    ``strict`` (BagIt 1.0) wants exactly one space or tab after the colon; before 1.0
    any whitespace around the colon is accepted.
    """
    fields: list[Field] = []
    problems: list[Problem] = []
    for number, line in enumerate(split_lines(text), start=1):
        if line[:1] in (" ", "\t"):
            if not fields:
                problems.append(Problem(number, "continuation line with no element before it"))
            else:
                last = fields[-1]
                fields[-1] = Field(last.line, last.label, f"{last.value} {line.strip()}".strip())
            continue
        if not line.strip():
            problems.append(Problem(number, "blank line", blank=True))
            continue
        label, colon, value = line.partition(":")
        if not colon or not label.strip():
            problems.append(Problem(number, f"expected 'Label: value', got {line!r}"))
            continue
        if label != label.strip():
            if strict:
                problems.append(Problem(number, f"label {label!r} ends with whitespace"))
            label = label.strip()
        if strict and value[:1] not in (" ", "\t"):
            problems.append(Problem(number, f"no space after the colon of {label!r}"))
        fields.append(Field(number, label, value.strip()))
    return fields, problems
