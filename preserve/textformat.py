"""The grammar of the plain-text memo format, shared by its reader and its writer.

docs/text-format.md states the format; the patterns and the marker rule live here once so
that what the writer emits is exactly what the reader recognizes.
"""

from __future__ import annotations

import re

TITLE = re.compile(r"(?P<number>\d+)\.(?:[ \t]+(?P<title>.*))?")
NOTE_LINE = re.compile(r"(?P<indent>[ \t]+)(?P<n>\d+)\.(?:[ \t]+(?P<text>.*))?")
PAGE = re.compile(r"\[Page[ \t]+(?P<n>[^\]\s]+)\]")
ITEM = re.compile(r"-(?:[ \t]|$)")
AFFILIATION_INDENT = "    "
EDITORIAL_NOTE = "Editorial Note"  # a title whose document has no signature block
NOTE_INDENT = "  "

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPTS = frozenset(SUPERSCRIPT_DIGITS)
_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

# A marker may be glued to a letter or to one of these (end of a sentence, a quotation).
CLOSING = frozenset(".,;:!?)]}”’\"'»")
MAX_MARKER_DIGITS = 3


def superscript(n: str) -> str:
    """``"12"`` as ``"¹²"``."""
    return n.translate(_TO_SUPERSCRIPT)


def from_superscript(digits: str) -> str:
    return digits.translate(_FROM_SUPERSCRIPT)


def _ascii_digit(char: str) -> bool:
    return "0" <= char <= "9"


def is_glued(before: str, after: str) -> bool:
    """True when ASCII digits between ``before`` and ``after`` read as a note marker.

    The digits must follow a letter, closing punctuation or a superscript marker, and be
    followed by the end of the text, a space, punctuation or a superscript marker.
    Punctuation right after a digit ("3.5", "1,500", "11:35", "1963.2") makes them a
    *numeric* candidate instead (see ``is_numeric``).
    """
    p1, p2 = before[-1:], before[-2:-1]
    if _blocks_marker(after[:1]):
        return False
    if p1.isalpha() or p1 in _SUPERSCRIPTS:
        return True
    return p1 in CLOSING and not _ascii_digit(p2)


def is_numeric(before: str, after: str) -> bool:
    """True for digits after punctuation that follows a digit: "1963.2", but also "3.5".

    ``after`` holds the next few characters: a decimal that reads on ("1.2 percent",
    "3.5%") is not a candidate, as a marker ends its sentence ("1963.2 The").
    """
    p1, p2 = before[-1:], before[-2:-1]
    if not (p1 in CLOSING and _ascii_digit(p2)) or _blocks_marker(after[:1]):
        return False
    return not (p1 == "." and _DECIMAL_GOES_ON.match(after))


_DECIMAL_GOES_ON = re.compile(r"%|\s+[a-z]")


def _blocks_marker(char: str) -> bool:
    """A letter or digit right after digits makes them part of a word ("21st")."""
    return char.isalnum() and char not in _SUPERSCRIPTS


def marker_number_ok(n: str) -> bool:
    """A marker is written in ASCII digits only for 1-3 digits with no leading zero."""
    return (
        n.isascii()
        and n.isdigit()
        and len(n) <= MAX_MARKER_DIGITS
        and (n == "0" or not n.startswith("0"))
    )


# -- the signature block ----------------------------------------------------------------

TRAILING_MARKER = re.compile(rf"(?:[ \t]*[0-9]{{1,3}}|[{SUPERSCRIPT_DIGITS}]+)$")
_INITIALS = re.compile(r"(?:[A-Z]\.)+|Jr\.|Sr\.")
_PARTICLES = frozenset({"al", "bin", "da", "de", "del", "den", "der", "di", "du", "la", "le",
                        "van", "von", "y"})  # fmt: skip
MAX_SIGNER_WORDS = 6
MAX_SIGNER_CHARS = 60
MAX_SALUTE_WORDS = 6


def is_signer(text: str) -> bool:
    """A signer's line: a short name in capitalized words, perhaps with a marker."""
    name = TRAILING_MARKER.sub("", text.strip()).rstrip()
    words = name.split()
    if not words or len(words) > MAX_SIGNER_WORDS or len(name) > MAX_SIGNER_CHARS:
        return False
    if not all(word[0].isupper() or word in _PARTICLES for word in words):
        return False
    return name[-1].isalpha() or _INITIALS.fullmatch(words[-1]) is not None


def closer_roles(lines: list[str]) -> list[str] | None:
    """The role of each line of a signature block ("salute", "signed", "affiliation"), or
    None if the lines are not one: salutations ending in a comma, then signers' lines,
    each followed by any affiliation lines, indented deeper than the signer's."""
    roles: list[str] = []
    signer_indent: int | None = None
    for raw in lines:
        text = raw.strip()
        indent = len(raw) - len(raw.lstrip(" \t"))
        if signer_indent is not None and indent > signer_indent:
            roles.append("affiliation")
        elif is_signer(text):
            roles.append("signed")
            signer_indent = indent
        elif signer_indent is None and text.endswith(",") and len(text.split()) <= MAX_SALUTE_WORDS:
            roles.append("salute")
        else:
            return None
    return roles if signer_indent is not None else None
