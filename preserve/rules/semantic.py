"""The rules no schema language can say: how note references match the notes.

In the XML form a note stands where it is anchored, and JSON Schema cannot compare one
part of a document with another, so "each note referenced exactly once", "every marker
has a note" and "a note's kind agrees with its anchor" are checked here, on the record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from preserve.model import Element, Node, NoteRef, Record
from preserve.rules.codes import Hit

# Where a note of each kind may be anchored: the head, a signed element, the body.
_PLACES = {"source": {"head"}, "signature": {"signed"}, "footnote": {"head", "body"}}


def semantic_hits(record: Record) -> list[Hit]:
    """Notes not referenced, referenced twice, references to no note, misplaced kinds."""
    anchors = list(_anchors(record))
    refs = Counter(n for n, _ in anchors)
    notes = Counter(note.n for note in record.notes)
    hits = []
    for n, count in notes.items():
        if refs[n] < count:
            hits.append(Hit("PRS-NOTE-UNREFERENCED", f"note {n} is not referenced", f"notes/{n}"))
        elif refs[n] > count:
            text = f"note {n} is referenced {refs[n]} times"
            hits.append(Hit("PRS-NOTE-MULTIREF", text, f"refs/{n}"))
    for n in refs:
        if n not in notes:
            hits.append(Hit("PRS-MARKER-DANGLING", f"marker {n} refers to no note", f"refs/{n}"))
    place = dict(reversed(anchors))  # where each note is first referenced
    for note in record.notes:
        where = place.get(note.n)
        if where is not None and where not in _PLACES.get(note.kind, ()):
            hits.append(
                Hit("PRS-NOTE-KIND", _misplaced(note.n, note.kind, where), f"notes/{note.n}")
            )
    return hits


def _misplaced(n: str, kind: str, where: str) -> str:
    kinds = {"source": "the source note", "signature": "a signature note", "footnote": "a footnote"}
    places = {"head": "in the head", "signed": "in a signature", "body": "in the body"}
    return f"note {n} is {kinds.get(kind, kind)} but is anchored {places[where]}"


def _anchors(record: Record) -> Iterator[tuple[str, str]]:
    """Each note reference's number and where it stands: "head", "signed" or "body"."""
    yield from _refs(record.head, "head")
    yield from _refs(record.body, "body")


def _refs(nodes: tuple[Node, ...], where: str) -> Iterator[tuple[str, str]]:
    for node in nodes:
        if isinstance(node, NoteRef):
            yield node.n, where
        elif isinstance(node, Element):
            yield from _refs(node.children, "signed" if node.tag == "signed" else where)
