"""A printed dateline ("Washington, December 31, 1963.") as FRUS TEI encodes it."""

from __future__ import annotations

import datetime
import re

from preserve.model import Element, plain_text

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("January", "Jan."),
            ("February", "Feb."),
            ("March", "Mar."),
            ("April", "Apr."),
            ("May",),
            ("June", "Jun."),
            ("July", "Jul."),
            ("August", "Aug."),
            ("September", "Sept.", "Sep."),
            ("October", "Oct."),
            ("November", "Nov."),
            ("December", "Dec."),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(re.escape(name) for name in sorted(MONTHS, key=len, reverse=True))
_TIME = r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))? ?(?P<half>[ap])\.m\.|(?P<noon>noon)"
DATELINE = re.compile(
    rf"(?P<place>[^\W\d_][^\n]*?), "
    rf"(?P<date>(?P<month>{_MONTH}) (?P<day>\d{{1,2}}), (?P<year>\d{{4}})"
    rf"(?:(?:, ?| ?[—–-] ?)(?:{_TIME}))?)"
    r"(?P<tail>\.?)"
)


def parse_dateline(text: str) -> Element | None:
    """The ``dateline`` element for ``text`` (whitespace folded), or None if it is not one.

    The place is everything before the date; the date is "Month D, YYYY" with an optional
    time ("11:35 a.m.", "—3 p.m.", "noon"), and ``when`` is its ISO 8601 form (no time
    zone: plain text does not say one). A date or time that cannot be ("February 30",
    "13 p.m.") is still the dateline, kept as printed, with no ``when``: see
    ``impossible_date``.
    """
    match = DATELINE.fullmatch(text)
    if match is None:
        return None
    when = _when(match)
    children: tuple = (
        Element("placeName", children=(match["place"],)),
        ", ",
        Element("date", (("when", when),) if when else (), (match["date"],)),
    )
    if match["tail"]:
        children += (match["tail"],)
    return Element("dateline", children=children)


def impossible_date(dateline: Element) -> str | None:
    """The printed date of a ``parse_dateline`` result that names no real day or time."""
    date = dateline.children[2]
    return None if date.get("when") else plain_text(date.children)


def _when(match: re.Match[str]) -> str | None:
    try:
        day = datetime.date(int(match["year"]), MONTHS[match["month"]], int(match["day"]))
    except ValueError:
        return None
    when = day.isoformat()
    if match["hour"] or match["noon"]:
        hour, minute = (12, 0) if match["noon"] else (int(match["hour"]), int(match["minute"] or 0))
        if minute > 59 or (match["half"] and not 1 <= hour <= 12):
            return None
        if match["half"]:
            hour = hour % 12 + (12 if match["half"] == "p" else 0)
        when += f"T{hour:02d}:{minute:02d}:00"
    return when
