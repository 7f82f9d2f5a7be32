"""Note markers in plain text: which numbers are markers, and which note each one means.

Plain text cannot say which digits are note markers, so the reader collects candidates
and this module decides. A candidate is one of

- ``explicit``: superscript digits ("2416³"), always a marker;
- ``glued``: ASCII digits glued to a word or to closing punctuation ("conversation1",
  "time.2"), always a marker;
- ``signature``: digits after a space at the end of a signer's line ("McGeorge Bundy 3");
- ``numeric``: digits after punctuation after a digit ("1963.2", but also "3.5").

The last two are markers only where they fit: they must map to a note no other marker
claims, in increasing order. Markers may count from another base than the notes (the seed
numbers its markers 0..3 and its notes 1..4): the offset that explains the most markers
wins (ties: fewer markers left unexplained, then the first marker explained, then 0, +1,
-1). Problems become findings, never exceptions.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from preserve.findings import Finding, Position, Severity

OFFSET = "PRS-MARKER-OFFSET"
INCONSISTENT = "PRS-MARKER-INCONSISTENT"
DANGLING = "PRS-MARKER-DANGLING"
UNREFERENCED = "PRS-NOTE-UNREFERENCED"

ALWAYS = ("explicit", "glued")


@dataclass(frozen=True)
class Candidate:
    """Digits that may be a note marker, in document order, with where they are."""

    value: int
    kind: str
    position: Position
    key: Hashable


@dataclass(frozen=True)
class NoteNumber:
    """A note of the notes list: its number and where that number is written."""

    n: int
    position: Position


@dataclass(frozen=True)
class Mapping:
    """The markers found (candidate key -> note number) and what was wrong."""

    refs: dict[Hashable, int]
    offset: int
    findings: tuple[Finding, ...]


def map_markers(candidates: Sequence[Candidate], notes: Sequence[NoteNumber]) -> Mapping:
    """Decide which candidates are markers and map each to a note number."""
    numbers = {note.n for note in notes}
    offsets = _offsets(candidates, numbers)
    choices = [(d, _accept(candidates, numbers, d)) for d in offsets]
    offset, accepted = max(choices, key=lambda c: (*_score(c[1], candidates), -offsets.index(c[0])))
    findings = _findings(candidates, notes, accepted, offset, offsets)
    refs = {candidates[i].key: n for i, n in accepted.items()}
    return Mapping(refs, offset, findings)


def _offsets(candidates: Sequence[Candidate], numbers: set[int]) -> list[int]:
    offsets = [0, 1, -1]
    first = next((c.value for c in candidates if c.kind in ALWAYS), None)
    if first is not None and numbers:
        offsets.append(min(numbers) - first)
    return list(dict.fromkeys(offsets))


def _accept(candidates: Sequence[Candidate], numbers: set[int], d: int) -> dict[int, int]:
    """Candidate index -> note number, for offset ``d``."""
    accepted: dict[int, int] = {}
    claimed: set[int] = set()
    for i, candidate in enumerate(candidates):
        n = candidate.value + d
        if candidate.kind in ALWAYS and n in numbers and n not in claimed:
            accepted[i] = n
            claimed.add(n)
    for kind in ("signature", "numeric"):
        for i, candidate in enumerate(candidates):
            n = candidate.value + d
            if candidate.kind != kind or n not in numbers or n in claimed:
                continue
            before = [m for j, m in accepted.items() if j < i]
            after = [m for j, m in accepted.items() if j > i]
            if all(m < n for m in before) and all(m > n for m in after):
                accepted[i] = n
                claimed.add(n)
    return dict(sorted(accepted.items()))


def _score(accepted: dict[int, int], candidates: Sequence[Candidate]) -> tuple[int, int, bool]:
    """More notes explained is better; then fewer always-markers left unexplained; then
    explaining the first marker (the sequence starts right)."""
    always = [i for i, c in enumerate(candidates) if c.kind in ALWAYS]
    unexplained = sum(1 for i in always if i not in accepted)
    return (len(accepted), -unexplained, bool(always) and always[0] in accepted)


def _findings(
    candidates: Sequence[Candidate],
    notes: Sequence[NoteNumber],
    accepted: dict[int, int],
    d: int,
    offsets: list[int],
) -> tuple[Finding, ...]:
    findings: list[Finding] = []
    numbers = {note.n for note in notes}
    claimed_by = {n: candidates[i] for i, n in accepted.items()}
    unclaimed = numbers - set(claimed_by)
    for i, candidate in enumerate(candidates):
        if candidate.kind not in ALWAYS or i in accepted:
            continue
        v, n = candidate.value, candidate.value + d
        alternatives = [v + o for o in offsets if o != d and v + o in unclaimed]
        if n in claimed_by:
            code, message = (
                INCONSISTENT,
                f"marker {v} would be note {n}, which the marker at "
                f"{claimed_by[n].position} already refers to",
            )
        elif alternatives:
            code, message = (
                INCONSISTENT,
                f"marker {v} does not follow the offset of the other markers ({d:+d}): "
                f"there is no note {n}, and it may mean note {alternatives[0]}",
            )
        else:
            code, message = DANGLING, f"marker {v} refers to note {n}, which is not in the notes"
        findings.append(Finding(code, Severity.ERROR, message, position=candidate.position))
    if d and accepted:
        first = candidates[min(accepted)]
        mapped = (
            f"{len(accepted)} of {len(accepted) + len(findings)} markers were mapped to their notes"
            if findings
            else "every marker was mapped to its note"
        )
        findings.insert(
            0,
            Finding(
                OFFSET,
                Severity.WARNING,
                f"note markers are offset from the note numbers by {d:+d} (marker "
                f"{first.value} is note {first.value + d}); {mapped}",
                key=f"refs/{first.value + d}",
                position=first.position,
            ),
        )
    reported: set[int] = set()
    for note in notes:
        if note.n in unclaimed and note.n not in reported:
            reported.add(note.n)
            findings.append(
                Finding(
                    UNREFERENCED,
                    Severity.ERROR,
                    f"note {note.n} is not referenced by any marker in the text",
                    key=f"notes/{note.n}",
                    position=note.position,
                )
            )
    return tuple(findings)
