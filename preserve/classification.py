"""Security classification as FRUS states it in a source note.

FRUS puts the classification right after the archival citation: "…Bundy Files. Secret.",
"…POL 1 US-USSR. Confidential; Limit Distribution.", "…No classification marking.".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEVELS = (
    "Top Secret",
    "Secret",
    "Confidential",
    "Limited Official Use",
    "Official Use Only",
    "Unclassified",
    "No classification marking",
)

CAVEATS = (
    "Eyes Only",
    "Limit Distribution",
    "Limited Distribution",
    "Exdis",
    "Nodis",
    "Limdis",
    "Noforn",
    "No Foreign Dissem",
    "Sensitive",
    "Personal and Private",
    "Personal",
    "Handle via Backchannel",
)

# Telegram precedence, which FRUS prints among the caveats ("Secret; Niact.").
PRECEDENCES = ("Flash", "Niact", "Immediate", "Operational Immediate", "Priority", "Routine")

_LEVEL = "|".join(re.escape(level) for level in LEVELS)
_STATEMENT = re.compile(
    rf"(?:^|(?<=[.)\]”\"])\s+|(?<=^Source:)\s*)(?P<text>(?P<level>{_LEVEL})\b(?P<rest>[^.]*)\.?)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Classification:
    """A level from ``LEVELS``, the caveats after it, and the words as printed."""

    level: str
    caveats: tuple[str, ...]
    precedence: str | None
    text: str


def classify(source_note: str) -> Classification | None:
    """The classification stated in a source note's text, or None if there is none."""
    match = _STATEMENT.search(source_note)
    if match is None:
        return None
    level = next(lv for lv in LEVELS if lv.lower() == match["level"].lower())
    caveats: list[str] = []
    precedence = None
    for part in re.split(r"[;,]", match["rest"]):
        part = " ".join(part.split())
        if not part:
            continue
        if part.lower() in (p.lower() for p in PRECEDENCES) and precedence is None:
            precedence = part
        else:
            caveats.append(part)
    return Classification(level, tuple(caveats), precedence, match["text"].strip())
