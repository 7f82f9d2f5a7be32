"""Printed datelines to FRUS dateline elements."""

import pytest

from preserve.model import Element
from preserve.readers.dateline import impossible_date, parse_dateline


def test_the_seed_volume_dateline():
    assert parse_dateline("Washington, December 31, 1963.") == Element(
        "dateline",
        children=(
            Element("placeName", children=("Washington",)),
            ", ",
            Element("date", (("when", "1963-12-31"),), ("December 31, 1963",)),
            ".",
        ),
    )


@pytest.mark.parametrize(
    ("text", "place", "when", "printed"),
    [
        ("Joplin, Missouri, June 30, 1962.", "Joplin, Missouri", "1962-06-30", "June 30, 1962"),
        (
            "Washington, November 26, 1963, 11:35 a.m.",
            "Washington",
            "1963-11-26T11:35:00",
            "November 26, 1963, 11:35 a.m.",
        ),
        ("Ankara, April 24, 1957—3 p.m.", "Ankara", "1957-04-24T15:00:00", "April 24, 1957—3 p.m."),
        ("Moscow, Dec. 3, 1963, 12 a.m.", "Moscow", "1963-12-03T00:00:00", "Dec. 3, 1963, 12 a.m."),
        (
            "Paris, Sept. 1, 1957, 12:05 p.m.",
            "Paris",
            "1957-09-01T12:05:00",
            "Sept. 1, 1957, 12:05 p.m.",
        ),
        ("Bonn, May 3, 1957, noon.", "Bonn", "1957-05-03T12:00:00", "May 3, 1957, noon"),
    ],
)
def test_places_dates_and_times(text, place, when, printed):
    dateline = parse_dateline(text)
    assert dateline.children[0] == Element("placeName", children=(place,))
    assert dateline.children[2] == Element("date", (("when", when),), (printed,))
    assert "".join(c if isinstance(c, str) else c.children[0] for c in dateline.children) == text


@pytest.mark.parametrize(
    "text",
    [
        "Washington, December 31.",  # no year
        "December 31, 1963.",  # no place
        "Washington, Decembre 31, 1963.",  # no such month
        "We met in Washington, May 3, 1957, and left.",
    ],
)
def test_text_that_is_not_a_dateline(text):
    assert parse_dateline(text) is None


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("Washington, February 30, 1963.", "February 30, 1963"),  # no such day
        ("Washington, May 3, 1957, 13 p.m.", "May 3, 1957, 13 p.m."),  # no such hour
        ("Washington, May 3, 1957, 10:75 a.m.", "May 3, 1957, 10:75 a.m."),  # no such minute
    ],
)
def test_an_impossible_date_is_still_the_dateline_kept_as_printed_without_when(text, printed):
    dateline = parse_dateline(text)
    assert dateline.children[2] == Element("date", (), (printed,))
    assert impossible_date(dateline) == printed


def test_a_real_date_is_not_impossible():
    assert impossible_date(parse_dateline("Moscow, February 28, 1963.")) is None
