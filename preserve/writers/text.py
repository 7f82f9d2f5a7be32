"""A ``Record`` as a plain-text memo, the normalized form of docs/text-format.md.

Any record can be written, also one read from TEI: its markup is rendered as plain text
(names, glosses and emphasis as their words, list items on their own lines, page breaks
as ``[Page N]``). Note markers are the notes' own numbers, glued to the text before them;
where ASCII digits there would not read back as a marker (after a digit, at the start of
a line, before a letter) they are written as superscript digits, and two superscript
markers in a row are separated by a comma ("¹,²"), which is not text.
"""

from __future__ import annotations

import re

from preserve.model import Element, Node, NoteRef, Record
from preserve.textformat import (
    AFFILIATION_INDENT,
    EDITORIAL_NOTE,
    NOTE_INDENT,
    closer_roles,
    is_glued,
    marker_number_ok,
    superscript,
)

# Elements whose content runs on inside a line; every other element is set off by spaces
# when it occurs inside a line (a list inside a paragraph, paragraphs inside an item).
INLINE = frozenset({
    "abbr", "add", "affiliation", "date", "del", "emph", "foreign", "gap", "gloss", "hi",
    "idno", "mentioned", "name", "num", "orgName", "persName", "placeName", "q", "quote",
    "ref", "rs", "said", "seg", "soCalled", "term", "time", "title", "unclear",
})  # fmt: skip
_SPACES = re.compile(r"[ \t\n\r]+")

Part = str | NoteRef


def to_text(record: Record) -> str:
    """The memo as text: LF line endings, ending with a newline."""
    spaced = _spaced_markers(record) if record.title != EDITORIAL_NOTE else set()
    blocks: list[list[str]] = []
    for i, element in enumerate(record.body):
        if element.tag == "closer":
            lines = _closer_lines(element, spaced)
            last = i == len(record.body) - 1
            if not (last and closer_roles(lines)):
                lines = _closer_lines(element, set())
            blocks.append(lines)
        else:
            blocks.extend(block for block in _blocks(element) if block)
    out = [_line(_title_parts(record))]
    for block in blocks:
        out += ["", *block]
    if record.notes:
        ends_with_signature = bool(record.body) and record.body[-1].tag == "closer"
        if not ends_with_signature:
            out.append("")
        out += [_note_line(note.n, note.content) for note in record.notes]
    return "\n".join(out) + "\n"


def to_bytes(record: Record) -> bytes:
    """``to_text`` as UTF-8."""
    return to_text(record).encode("utf-8")


def _title_parts(record: Record) -> list[Part]:
    parts = _parts(record.head)
    text = "".join(p for p in parts if isinstance(p, str)).lstrip()
    if not text.startswith(f"{record.number}."):
        parts.insert(0, f"{record.number}. ")
    return parts


def _note_line(n: str, content: tuple[Node, ...]) -> str:
    text = "".join(p for p in _parts(content) if isinstance(p, str))
    return f"{NOTE_INDENT}{n}. {_fold(text)}".rstrip()


def _blocks(element: Element) -> list[list[str]]:
    """The blocks (each a list of lines) that render a top-level body element."""
    tag = element.tag
    if tag == "pb":
        return [[f"[Page {element.get('n', '')}]"]]
    if tag == "list":
        return [_list_lines(element, 0)]
    if tag == "closer":
        return [_closer_lines(element, set())]
    if tag == "opener":
        return [[_line(_parts((c,))) for c in _element_children(element)]]
    if tag == "quote":
        return [_quote_lines(element)]
    if tag == "div":
        return [block for child in _element_children(element) for block in _blocks(child)]
    return [[_line(_parts(element.children))]]


def _element_children(element: Element) -> list[Element]:
    return [child for child in element.children if isinstance(child, Element)]


def _list_lines(element: Element, depth: int) -> list[str]:
    lines: list[str] = []
    indent = "  " * depth
    label: list[Part] = []
    for child in element.children:
        if not isinstance(child, Element):
            continue
        if child.tag == "head" and not lines and depth == 0:
            lines.append(_line(_parts(child.children)))
        elif child.tag == "label":
            label = [*_parts(child.children), " "]
        elif child.tag == "pb":
            lines.append(f"{indent}[Page {child.get('n', '')}]")
        elif child.tag == "list":
            lines += _list_lines(child, depth + 1)
        else:
            content = tuple(c for c in child.children if not _is_list(c))
            lines.append(f"{indent}- {_line([*label, *_parts(content)])}".rstrip())
            label = []
            for nested in child.children:
                if _is_list(nested):
                    lines += _list_lines(nested, depth + 1)
    return lines


def _is_list(node: Node) -> bool:
    return isinstance(node, Element) and node.tag == "list"


def _spaced_markers(record: Record) -> set[str]:
    """Notes whose marker may end a signer's line after a space, as in the seed
    ("McGeorge Bundy 4"): the reader takes such digits as a marker only when they are a
    note's number, in order with every other marker."""
    numbers = {note.n for note in record.notes}
    refs = [int(ref.n) if marker_number_ok(ref.n) else -1 for ref in record.note_refs()]
    spaced = set()
    for i, n in enumerate(refs):
        if str(n) in numbers and all(m < n for m in refs[:i]) and all(m > n for m in refs[i + 1 :]):
            spaced.add(str(n))
    return spaced


def _closer_lines(element: Element, spaced: set[str]) -> list[str]:
    """The signature block; a signer's final marker goes after a space when in ``spaced``."""
    lines: list[str] = []
    for child in _element_children(element):
        if child.tag != "signed":
            lines.append(_line(_parts(child.children)))
            continue
        name = [c for c in child.children if not _is_affiliation(c)]
        while name and isinstance(name[-1], str) and not name[-1].strip():
            name.pop()
        trailing = name.pop() if name and isinstance(name[-1], NoteRef) else None
        if trailing is not None and trailing.n in spaced:
            line = f"{_line(_parts(tuple(name)))} {trailing.n}"
        else:
            line = _line(_parts(tuple(name) + ((trailing,) if trailing else ())))
        lines.append(line)
        lines += [
            AFFILIATION_INDENT + _line(_parts(c.children))
            for c in child.children
            if _is_affiliation(c)
        ]
    return lines


def _is_affiliation(node: Node) -> bool:
    return isinstance(node, Element) and node.tag == "affiliation"


def _quote_lines(element: Element) -> list[str]:
    """``> `` lines, one per paragraph (text outside a ``p`` is a paragraph too)."""
    paragraphs: list[list[Part]] = [[]]
    for child in element.children:
        if isinstance(child, Element) and child.tag == "p":
            paragraphs += [_parts(child.children), []]
        else:
            paragraphs[-1] += _parts((child,))
    lines: list[str] = []
    for line in filter(None, (_line(parts) for parts in paragraphs)):
        lines += [">", f"> {line}"] if lines else [f"> {line}"]
    return lines


def _parts(nodes: tuple[Node, ...]) -> list[Part]:
    """Text and markers of inline content, in order; markup reduced to its text."""
    parts: list[Part] = []
    for node in nodes:
        if isinstance(node, (str, NoteRef)):
            parts.append(node)
        elif node.tag == "pb":
            parts.append(f"[Page {node.get('n', '')}]")
        elif node.tag == "lb":
            parts.append(" ")
        elif node.tag in INLINE:
            parts += _parts(node.children)
        else:
            parts += [" ", *_parts(node.children), " "]
    return parts


def _fold(text: str) -> str:
    return _SPACES.sub(" ", text)


def _line(parts: list[Part]) -> str:
    """One line: white space folded, markers glued to the text before them."""
    pieces: list[Part] = []
    for part in parts:
        if isinstance(part, NoteRef):
            if pieces and isinstance(pieces[-1], str):
                pieces[-1] = pieces[-1].rstrip(" \t\n\r")
            pieces.append(part)
        elif pieces and isinstance(pieces[-1], str):
            pieces[-1] += part
        else:
            pieces.append(part)
    line = ""
    superscript_end: int | None = None  # where the last superscript marker ended
    for i, piece in enumerate(pieces):
        if isinstance(piece, str):
            line += _fold(piece.lstrip(" \t\n\r") if not line else piece)
            continue
        after = pieces[i + 1] if i + 1 < len(pieces) else ""
        # A marker right after this one follows a digit, so it will be superscript.
        after_text = _fold(after) if isinstance(after, str) else ""
        if marker_number_ok(piece.n) and is_glued(line, after_text):
            line += piece.n
            superscript_end = None
            continue
        if superscript_end is not None and line[superscript_end:][:1] in ("", ","):
            # "¹²" would read as 12: a comma separates superscript markers.
            line = f"{line[:superscript_end]},{line[superscript_end:]}"
        line += superscript(piece.n)
        superscript_end = len(line)
    return line.rstrip(" ")
