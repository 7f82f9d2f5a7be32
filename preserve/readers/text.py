"""The plain-text memo format (the seed's) to a ``Record``, with line:column positions.

The format is stated in docs/text-format.md: a title line, blocks separated by blank
lines (dateline, paragraphs, ``[Page N]``, lists, quotations, the signature), then the
numbered notes, one per indented line. Which digits are note markers is decided by
``preserve.readers.markers``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from preserve.errors import InputError
from preserve.findings import Finding, Position, Severity
from preserve.model import Attrs, Element, Node, Note, NoteRef, Record
from preserve.readers import Parsed
from preserve.readers.dateline import impossible_date, parse_dateline
from preserve.readers.markers import Candidate, NoteNumber, map_markers
from preserve.textformat import (
    EDITORIAL_NOTE,
    ITEM,
    NOTE_LINE,
    PAGE,
    SUPERSCRIPT_DIGITS,
    TITLE,
    TRAILING_MARKER,
    closer_roles,
    from_superscript,
    is_glued,
    is_numeric,
    marker_number_ok,
)

BOM = b"\xef\xbb\xbf"
DATE_INVALID = "PRS-DATE-INVALID"
SPACE = " \t\n\r"

_WHITESPACE = re.compile(r"[ \t\n\r]+")
_WORD = re.compile(r"[^ \t\n\r]+")
_DIGITS = re.compile(rf"[0-9]+|[{SUPERSCRIPT_DIGITS}]+")


def read_text(data: bytes, source: str) -> Parsed:
    """Read one memo. Raises ``InputError`` (naming ``source`` and the line:column where
    there is one) for an empty file, binary content, text that is not UTF-8, or a file
    with no title line."""
    return _MemoReader(decode(data, source).split("\n"), source).parse()


def decode(data: bytes, source: str) -> str:
    """The text of ``data``: UTF-8, an optional BOM dropped, CRLF and CR turned into LF."""
    body = data[len(BOM) :] if data.startswith(BOM) else data
    if not body.strip():
        raise InputError("empty file: no memo to read", source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("UTF-16 text, not UTF-8", source, Position(1, 1))
    nul = body.find(b"\0")
    if nul >= 0:
        raise InputError("binary content (NUL byte), not a text memo", source, _at(body, nul))
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = body[error.start]
        raise InputError(
            f"not UTF-8: byte 0x{byte:02x} cannot be decoded", source, _at(body, error.start)
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _at(data: bytes, offset: int) -> Position:
    """The line:column (in characters) of byte ``offset``."""
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return Position(data.count(b"\n", 0, offset) + 1, column)


@dataclass
class Span:
    """Running text of one part of the memo: ``(line, column, text)`` pieces of input
    lines, joined with white space folded. ``where`` is "head", "closer" (inside
    ``signed``) or "body"; ``signer`` marks a signer's line, where a marker may follow a
    space."""

    pieces: list[tuple[int, int, str]]
    where: str
    signer: bool = False
    index: int = -1
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = " ".join(_WORD.findall(" ".join(text for _, _, text in self.pieces)))

    def position(self, offset: int) -> Position:
        """The line and column in the input of ``text[offset]``."""
        start = 0  # where the next word starts in ``text``
        for line, column, text in self.pieces:
            for match in _WORD.finditer(text):
                end = start + len(match.group())
                if offset < end:
                    return Position(line, column + match.start() + max(0, offset - start))
                start = end + 1
        raise IndexError(offset)


def _fold(text: str) -> str:
    return " ".join(_WHITESPACE.split(text.strip(SPACE)))


@dataclass
class Draft:
    """An element under construction: its text is still in ``Span``s, markers unknown."""

    tag: str
    children: list[Draft | Span | Element] = field(default_factory=list)
    attrs: Attrs = ()


Line = tuple[int, str]  # (1-based line number, the line's text)


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip(" \t"))


class _MemoReader:
    def __init__(self, lines: list[str], source: str):
        self.lines = lines
        self.source = source
        self.spans: list[Span] = []
        self.positions: dict[str, Position] = {}
        self.ids: set[str] = set()
        self.findings: list[Finding] = []

    def unique_id(self, wanted: str) -> str:
        """``wanted``, or ``wanted.2``, ``wanted.3``… if taken: a page printed twice or two
        notes with one number (which the rules report) still give well-formed XML."""
        ident, k = wanted, 1
        while ident in self.ids:
            k += 1
            ident = f"{wanted}.{k}"
        self.ids.add(ident)
        return ident

    def page(self, n: str) -> Element:
        return Element("pb", (("n", n), ("xml:id", self.unique_id(f"pg_{n}"))))

    def span(self, pieces: list[tuple[int, int, str]], where: str, signer: bool = False) -> Span:
        span = Span(pieces, where, signer)
        span.index = len(self.spans)
        self.spans.append(span)
        return span

    def parse(self) -> Parsed:
        first, number, title = self._title()
        notes_start, note_rows = self._note_rows(first)
        blocks = _blocks(self.lines, first, notes_start)
        editorial = TRAILING_MARKER.sub("", title).strip() == EDITORIAL_NOTE
        title_block, blocks = blocks[0], blocks[1:]
        head, drafts = self._title_block(title_block)
        dateline_seen = bool(drafts)
        for i, block in enumerate(blocks):
            self.positions[f"body/{len(drafts)}"] = _start(block)
            element = self._opener(block) if i == 0 and not dateline_seen else None
            if element is None:
                element = self._block(block, last=i == len(blocks) - 1 and not editorial)
            drafts.append(element)
        notes = [
            NoteNumber(int(m["n"]), Position(line, len(m["indent"]) + 1)) for line, m in note_rows
        ]
        mapping = map_markers(self._candidates(), notes)
        refs: dict[int, list[tuple[int, int, int]]] = {}
        anchors: dict[int, str] = {}
        for (span_index, start, end), n in mapping.refs.items():
            refs.setdefault(span_index, []).append((start, end, n))
            span = self.spans[span_index]
            anchors.setdefault(n, span.where)
            self.positions.setdefault(f"refs/{n}", span.position(start))
        doc_id = f"d{number}"
        record = Record(
            doc_id=doc_id,
            number=number,
            head=self._nodes(head, refs),
            body=tuple(self._resolve(d, refs) for d in drafts),
            notes=tuple(self._note(line, m, anchors, doc_id) for line, m in note_rows),
            subtype="editorial-note" if editorial else "historical-document",
            origin=PurePath(self.source).name or None,
        )
        findings = (*self.findings, *mapping.findings)
        return Parsed(record, self.source, findings, dict(self.positions))

    # -- title, notes, blocks --------------------------------------------------------

    def _title(self) -> tuple[int, str, str]:
        first = next((i for i, raw in enumerate(self.lines) if raw.strip(SPACE)), None)
        if first is None:
            raise InputError("empty file: no memo to read", self.source)
        raw = self.lines[first]
        match = TITLE.fullmatch(raw.strip(SPACE))
        if match is None:
            raise InputError(
                "no title line: the memo must start with its number and title, "
                "like '390. Memorandum for the Record'",
                self.source,
                Position(first + 1, _indent(raw) + 1),
            )
        self.positions["head"] = self.positions["document"] = Position(first + 1, _indent(raw) + 1)
        return first, match["number"], match["title"] or ""

    def _note_rows(self, first: int) -> tuple[int, list[tuple[int, re.Match[str]]]]:
        """The trailing run of note lines (blank lines may separate them)."""
        rows = []
        start = len(self.lines)
        for i in range(len(self.lines) - 1, first, -1):
            raw = self.lines[i].rstrip(SPACE)
            if not raw:
                continue
            match = NOTE_LINE.fullmatch(raw)
            if match is None:
                break
            rows.append((i + 1, match))
            start = i
        return start, rows[::-1]

    def _note(self, line: int, match: re.Match[str], anchors: dict[int, str], doc_id: str) -> Note:
        n = str(int(match["n"]))
        text = _fold(match["text"] or "")
        where = anchors.get(int(n))
        if text.startswith("Source:") and where in ("head", None):
            kind = "source"
        elif where == "closer":
            kind = "signature"
        else:
            kind = "footnote"
        self.positions.setdefault(f"notes/{n}", Position(line, len(match["indent"]) + 1))
        content = (text,) if text else ()
        return Note(n, kind, content, (("xml:id", self.unique_id(f"{doc_id}fn{n}")),))

    def _title_block(self, block: list[Line]) -> tuple[Span, list[Draft | Element]]:
        """The head (the title line and any lines wrapped under it) and a dateline glued
        under it."""
        drafts: list[Draft | Element] = []
        if len(block) > 1:
            dateline = self._dateline(block[-1])
            if dateline is not None:
                self.positions["body/0"] = self.positions["dateline"] = _start(block[-1:])
                drafts.append(dateline)
                block = block[:-1]
        head = self.span([(line, 1, raw) for line, raw in block], "head")
        return head, drafts

    def _opener(self, block: list[Line]) -> Element | Draft | None:
        """The first block after the title, if it is (or holds) a dateline."""
        for k, (line, raw) in enumerate(block[:2]):
            dateline = self._dateline((line, raw))
            if dateline is None:
                continue
            self.positions["dateline"] = _start([(line, raw)])
            if len(block) == 1:
                return dateline
            before = [Draft("seg", [self.span([(n, 1, r)], "body")]) for n, r in block[:k]]
            after = [Draft("salute", [self.span([(n, 1, r)], "body")]) for n, r in block[k + 1 :]]
            return Draft("opener", [*before, dateline, *after])
        return None

    def _dateline(self, row: Line) -> Element | None:
        """The dateline on ``row``, if it is one; an impossible date is reported there."""
        dateline = parse_dateline(_fold(row[1]))
        printed = impossible_date(dateline) if dateline is not None else None
        if printed is not None:
            message = f"the dateline's date “{printed}” names no real day or time; kept as printed"
            where = _start([row])
            self.findings.append(Finding(DATE_INVALID, Severity.ERROR, message, position=where))
        return dateline

    def _block(self, block: list[Line], last: bool) -> Element | Draft:
        texts = [raw.strip(SPACE) for _, raw in block]
        if len(block) == 1 and (page := PAGE.fullmatch(texts[0])):
            return self.page(page["n"])
        if all(text.startswith(">") for text in texts):
            return self._quote(block)
        if ITEM.match(texts[0]) or (len(texts) > 1 and ITEM.match(texts[1])):
            return self._list(block)
        if last and (closer := self._closer(block)) is not None:
            return closer
        return Draft("p", [self.span([(line, 1, raw) for line, raw in block], "body")])

    def _quote(self, block: list[Line]) -> Draft:
        paragraphs: list[list[tuple[int, int, str]]] = [[]]
        for line, raw in block:
            column = raw.index(">") + 2
            content = raw[column - 1 :]
            if content.strip(SPACE):
                paragraphs[-1].append((line, column, content))
            elif paragraphs[-1]:
                paragraphs.append([])
        return Draft("quote", [Draft("p", [self.span(p, "body")]) for p in paragraphs if p])

    def _list(self, block: list[Line]) -> Draft:
        root = Draft("list")
        head: list[tuple[int, int, str]] = []
        levels: list[tuple[int, Draft]] = []  # (indent, list) from the outermost
        items: list[_Item] = []
        for line, raw in block:
            indent, text = _indent(raw), raw.strip(SPACE)
            if ITEM.match(text):
                if not levels:
                    levels.append((indent, root))
                while len(levels) > 1 and indent < levels[-1][0]:
                    levels.pop()
                if indent > levels[-1][0] and items:
                    nested = Draft("list")
                    items[-1].nested.append(nested)
                    levels.append((indent, nested))
                item = _Item([(line, indent + 2, raw[indent + 1 :])])
                levels[-1][1].children.append(item.draft)
                items.append(item)
            elif (page := PAGE.fullmatch(text)) and levels:
                levels[-1][1].children.append(self.page(page["n"]))
            elif items:
                items[-1].pieces.append((line, 1, raw))
            else:
                head.append((line, 1, raw))
        if head:
            root.children.insert(0, Draft("head", [self.span(head, "body")]))
        for item in items:
            item.draft.children = [self.span(item.pieces, "body"), *item.nested]
        return root

    def _closer(self, block: list[Line]) -> Draft | None:
        """The signature block: salutations ("Sincerely,"), then one line per signer,
        each optionally followed by more indented affiliation lines."""
        roles = closer_roles([raw for _, raw in block])
        if roles is None:
            return None
        closer = Draft("closer")
        for (line, raw), role in zip(block, roles, strict=True):
            signer = role == "signed"
            where = "body" if role == "salute" else "closer"  # "closer": inside ``signed``
            span = self.span([(line, 1, raw)], where, signer=signer)
            if role == "affiliation":
                closer.children[-1].children.append(Draft("affiliation", [span]))
                continue
            if signer:
                index = sum(1 for child in closer.children if child.tag == "signed")
                self.positions[f"signatures/{index}"] = _start([(line, raw)])
            closer.children.append(Draft(role, [span]))
        return closer

    # -- markers ---------------------------------------------------------------------

    def _candidates(self) -> list[Candidate]:
        found = []
        for index, span in enumerate(self.spans):
            text = span.text
            pages = [m.span() for m in PAGE.finditer(text)]
            for match in _DIGITS.finditer(text):
                start, end = match.span()
                if any(a <= start < b for a, b in pages):
                    continue
                kind = _kind(match.group(), text[max(0, start - 2) : start], text[end : end + 2])
                if kind is None and span.signer and end == len(text) and text[start - 1] == " ":
                    kind = "signature" if marker_number_ok(match.group()) else None
                if kind is not None:
                    value = int(from_superscript(match.group()))
                    found.append(Candidate(value, kind, span.position(start), (index, start, end)))
        found.sort(key=lambda c: (c.position.line, c.position.column))
        return found

    def _nodes(self, span: Span, refs: dict[int, list[tuple[int, int, int]]]) -> tuple[Node, ...]:
        cuts: list[tuple[int, int, Node]] = [
            (m.start(), m.end(), self.page(m["n"])) for m in PAGE.finditer(span.text)
        ]
        cuts += [(start, end, NoteRef(str(n))) for start, end, n in refs.get(span.index, [])]
        nodes: list[Node] = []
        done = 0
        after_superscript = False
        for start, end, node in sorted(cuts, key=lambda cut: cut[0]):
            text = span.text[done:start]
            superscript = isinstance(node, NoteRef) and span.text[start] in SUPERSCRIPT_DIGITS
            if after_superscript and superscript and text.startswith(","):
                text = text[1:]  # the comma separating two superscript markers ("¹,²")
            after_superscript = superscript
            if isinstance(node, NoteRef):
                text = text.rstrip(" ")
            if text:
                nodes.append(text)
            nodes.append(node)
            done = end
        if span.text[done:]:
            nodes.append(span.text[done:])
        return tuple(nodes)

    def _resolve(
        self, draft: Draft | Element, refs: dict[int, list[tuple[int, int, int]]]
    ) -> Element:
        if isinstance(draft, Element):
            return draft
        children: list[Node] = []
        for child in draft.children:
            if isinstance(child, Span):
                children.extend(self._nodes(child, refs))
            else:
                children.append(self._resolve(child, refs))
        return Element(draft.tag, draft.attrs, tuple(children))


@dataclass
class _Item:
    pieces: list[tuple[int, int, str]]
    nested: list[Draft] = field(default_factory=list)
    draft: Draft = field(default_factory=lambda: Draft("item"))


def _kind(digits: str, before: str, after: str) -> str | None:
    if digits[0] in SUPERSCRIPT_DIGITS:
        return "explicit"
    if not marker_number_ok(digits):
        return None
    if is_glued(before, after):
        return "glued"
    if is_numeric(before, after):
        return "numeric"
    return None


def _start(block: list[Line]) -> Position:
    line, raw = block[0]
    return Position(line, _indent(raw) + 1)


def _blocks(lines: list[str], first: int, end: int) -> list[list[Line]]:
    """Runs of non-blank lines from ``first`` to ``end``; the first holds the title."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for i in range(first, end):
        if lines[i].strip(SPACE):
            current.append((i + 1, lines[i]))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks
